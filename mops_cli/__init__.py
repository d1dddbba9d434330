"""mops: help directory and office-hours checker for MOPS Wrocław.

The Python API (see README, "Python"): `Directory.load()` and its answers, and the errors
they raise. Imported on first use, so that `mops` itself starts without any of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# A literal, so that `mops --version` needs no importlib.metadata at start-up.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from mops_cli.answers import (
        Contacts,
        HelpLines,
        OpenNow,
        OpenOnDay,
        Overview,
        Validation,
        Week,
    )
    from mops_cli.api import Directory
    from mops_cli.errors import (
        BadTimeError,
        DataError,
        ExitStatus,
        MopsError,
        UnknownUnitError,
        UsageError,
    )
    from mops_cli.model import Phone, Rule, Unit
    from mops_cli.questions import BadQuestion

_WHERE = {
    "Directory": "mops_cli.api",
    "BadQuestion": "mops_cli.questions",
    **dict.fromkeys(
        ("ExitStatus", "MopsError", "DataError", "UsageError", "UnknownUnitError", "BadTimeError"),
        "mops_cli.errors",
    ),
    **dict.fromkeys(
        ("Contacts", "HelpLines", "OpenNow", "OpenOnDay", "Overview", "Validation", "Week"),
        "mops_cli.answers",
    ),
    **dict.fromkeys(("Unit", "Phone", "Rule"), "mops_cli.model"),
}

__all__ = [
    "BadQuestion",
    "BadTimeError",
    "Contacts",
    "DataError",
    "Directory",
    "ExitStatus",
    "HelpLines",
    "MopsError",
    "OpenNow",
    "OpenOnDay",
    "Overview",
    "Phone",
    "Rule",
    "Unit",
    "UnknownUnitError",
    "UsageError",
    "Validation",
    "Week",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mops_cli' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)


def holiday_calendar() -> str:
    """Which release of the `holidays` package answers for public holidays, e.g.
    "holidays 0.109": a too-old one misses holidays (24 December in Poland before 0.64)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"holidays {version('holidays')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        return "holidays (version unknown)"
