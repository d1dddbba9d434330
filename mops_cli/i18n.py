"""Messages people read, in one place, so that they can be translated.

Every human-readable string goes through `_()` (and plural forms through `ngettext`), and
weekday and month names come from here rather than from the C locale.
"""

from __future__ import annotations

from datetime import date


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def weekday_abbr(day: date) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[day.weekday()]


def weekday_name(index: int) -> str:
    return (
        _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
        _("Sunday"),
    )[index]  # fmt: skip


def month_abbr(day: date) -> str:
    return (
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
        _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    )[day.month - 1]  # fmt: skip


def short_date(day: date) -> str:
    """'Mon 28 Dec'"""
    return f"{weekday_abbr(day)} {day.day} {month_abbr(day)}"
