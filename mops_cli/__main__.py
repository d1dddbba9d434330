"""`python -m mops_cli` and the `mops` console script."""

from __future__ import annotations


def main() -> None:
    from mops_cli.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
