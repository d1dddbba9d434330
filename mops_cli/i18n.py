"""The language of everything a person reads: gettext catalogues, in Polish or English.

Messages are written in English in the code (the msgids) and translated through `_()` and
`ngettext()`; Polish comes from mops_cli/locale/pl/LC_MESSAGES/mops.mo, compiled from mops.po
beside it (`python -m mops_cli.i18n` recompiles it; a test checks that the two agree). Data
values (names, addresses, notes) are shown as written. JSON output does not depend on the
language: it is produced under `language("en")`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

LANGUAGES = ("en", "pl")
DOMAIN = "mops"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# Per context, not per process: two threads (or asyncio tasks) of the API speaking two
# languages never see each other's.
_active: ContextVar[str] = ContextVar("mops_language", default="en")
_catalogs: dict[str, gettext.NullTranslations] = {}


def choose(option: str | None, environ: Mapping[str, str]) -> str:
    """--lang, then MOPS_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG): Polish where it
    starts with "pl", English otherwise."""
    for value in (option, environ.get("MOPS_LANG")):
        if value:
            return "pl" if value.lower().startswith("pl") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "pl" if value.lower().startswith("pl") else "en"
    return "en"


def _catalog(language: str) -> gettext.NullTranslations:
    found = _catalogs.get(language)
    if found is None:
        import gettext

        if language == "en":
            found = gettext.NullTranslations()
        else:
            path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
            with path.open("rb") as handle:
                found = gettext.GNUTranslations(handle)
        _catalogs[language] = found
    return found


def activate(language: str) -> None:
    _active.set(language if language in LANGUAGES else "en")


def active() -> str:
    return _active.get()


@contextmanager
def language(name: str) -> Iterator[None]:
    """Speak `name` inside the block (JSON output is always produced in English)."""
    token = _active.set(name if name in LANGUAGES else "en")
    try:
        yield
    finally:
        _active.reset(token)


def holiday_language() -> str:
    """The `holidays` package's name for the active language."""
    return "pl" if _active.get() == "pl" else "en_US"


def _(message: str) -> str:
    current = _active.get()
    if current == "en":
        return message
    return _catalog(current).gettext(message)


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; _() translates it where shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count`: Polish has three (1 minuta, 2 minuty, 5 minut)."""
    current = _active.get()
    if current == "en":
        return singular if count == 1 else plural
    return _catalog(current).ngettext(singular, plural, count)


def weekday_abbr(day: date) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[day.weekday()]


def month_abbr(day: date) -> str:
    return (
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
        _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    )[day.month - 1]  # fmt: skip


def short_date(day: date) -> str:
    """'Mon 28 Dec' / 'pon 28 gru'"""
    return _("{weekday} {day} {month}").format(
        weekday=weekday_abbr(day), day=day.day, month=month_abbr(day)
    )
