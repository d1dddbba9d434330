"""`python -m mops_cli` and the `mops` console script: the process's environment, read once,
handed to cli.main, whose exit status the process exits with."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run, then leave without tearing the interpreter down: freeing every object of a large
    directory one by one takes longer than some answers. Nothing is left to flush but the
    standard streams, which are flushed here."""
    import signal

    # Like cat: when the reader goes away (mops ... | head), end quietly by SIGPIPE rather
    # than answer with an exit status that means "closed" or "nothing found".
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    from mops_cli.cli import main as cli_main
    from mops_cli.session import Environment

    status = cli_main(sys.argv[1:], Environment())
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # the reader left (mops ... | head): nothing more to say
    os._exit(status)


if __name__ == "__main__":
    main()
