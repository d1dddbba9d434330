"""Parse the instant a question is about (`--at`), in the directory's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from mops_cli.errors import UsageError
from mops_cli.i18n import _
from mops_cli.text import fold

# English and Polish names and abbreviations of the weekdays, folded (no diacritics).
WEEKDAY_NAMES: dict[str, int] = {}
for _index, _names in enumerate(
    (
        "mo mon monday pn pon pon. poniedzialek",
        "tu tue tues tuesday wt wt. wto wtorek",
        "we wed wednesday sr sr. sro sroda",
        "th thu thur thurs thursday cz czw czw. czwartek",
        "fr fri friday pt pt. pia piatek",
        "sa sat saturday so sob sob. sobota",
        "su sun sunday nd nd. ndz niedz niedziela",
    )
):
    for _name in _names.split():
        WEEKDAY_NAMES[_name] = _index

RELATIVE_DAYS = {"today": 0, "dzis": 0, "dzisiaj": 0, "tomorrow": 1, "jutro": 1}

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")

# The years a question may be about. Public holidays, time-zone rules and the search a year
# ahead for the next change are all defined well within them.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def check_year(day: date, text: str) -> date:
    """`day`, or a UsageError if it is outside the years `mops` answers about."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        message = _("{text!r} is out of range: mops answers about the years {first} to {last}")
        raise UsageError(message.format(text=text, first=FIRST_YEAR, last=LAST_YEAR))
    return day


def _unreadable(text: str) -> UsageError:
    message = _(
        "cannot read the time {text!r}: use e.g. 2026-11-30 11:30, 2026-11-30T10:30:00Z, "
        "11:30, mon 11:30 or pon 11:30"
    )
    return UsageError(message.format(text=text))


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """The UTC instant `text` names. Times without an offset are local to `zone`."""
    raw = text.strip()
    if not raw or fold(raw) in ("now", "teraz"):
        return now.astimezone(timezone.utc)
    today = now.astimezone(zone).date()
    words = fold(raw).split()
    if len(words) in (1, 2) and (
        words[0] in WEEKDAY_NAMES or words[0] in RELATIVE_DAYS or _TIME.match(words[0])
    ):
        day = today
        if words[0] in WEEKDAY_NAMES:
            day = today + timedelta(days=(WEEKDAY_NAMES[words[0]] - today.weekday()) % 7)
        elif words[0] in RELATIVE_DAYS:
            day = today + timedelta(days=RELATIVE_DAYS[words[0]])
        clock = words[-1] if len(words) == 2 or _TIME.match(words[0]) else None
        if len(words) == 2 and _TIME.match(words[0]):
            raise _unreadable(text)
        return _local(day, _clock(clock, text) if clock else time(), zone, text)
    iso = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(iso), time())
        except ValueError:
            raise _unreadable(text) from None
    check_year(moment.date(), text)
    if moment.tzinfo is not None:
        return moment.astimezone(timezone.utc)
    return _local(moment.date(), moment.time(), zone, text)


def _clock(word: str, text: str) -> time:
    match = _TIME.match(word)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _unreadable(text)
    return time(int(match[1]), int(match[2]))


def _local(day: date, clock: time, zone: ZoneInfo, text: str) -> datetime:
    """A local wall-clock time as a UTC instant: a time in the spring-forward gap is an
    error; one in the autumn repeat is its earlier occurrence (fold=0)."""
    wall = datetime.combine(day, clock)
    instant = wall.replace(tzinfo=zone).astimezone(timezone.utc)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        message = _("{time} does not exist in {zone}: the clocks skip it when summer time starts")
        raise UsageError(message.format(time=f"{wall:%Y-%m-%d %H:%M}", zone=zone.key))
    return instant
