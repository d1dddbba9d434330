"""mops: help directory and office-hours checker for MOPS Wrocław."""

# A literal, so that `mops --version` needs no importlib.metadata at start-up.
__version__ = "0.1.0"


def holiday_calendar() -> str:
    """Which release of the `holidays` package answers for public holidays, e.g.
    "holidays 0.109": a too-old one misses holidays (24 December in Poland before 0.64)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"holidays {version('holidays')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        return "holidays (version unknown)"
