"""The hours engine: is a unit open at an instant, when does that change, and when is it open.

Everything is decided per local date in the directory's time zone, in this order:
1. a closure (of the directory or of the unit) covering the date: closed, with its reason;
2. no rule of the channel valid on the date: the hours are unknown;
3. a public holiday: closed with the holiday's name if the unit closes on holidays, unknown
   (with the holiday's name and "the source does not say") if its sources are silent, and
   on to the rules if it works on holidays;
4. the channel's rules valid on the date: if any date-pattern rule (RRULE) matches the date,
   the pattern rules replace the weekly ones; otherwise the weekly rules for the weekday.

An opening range belongs to the date it starts on, so 20:00-26:00 on a Friday still runs to
02:00 on a Saturday that is a holiday (OpenStreetMap's opening_hours.js drops that part).
Instants are compared in UTC: equal wall-clock times in the autumn repeat are different
instants, and aware datetimes sharing one tzinfo would compare by wall clock.

The answers are NamedTuples: typed and immutable like dataclasses, and far cheaper to define,
which every run of `mops` pays for at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from mops_cli.i18n import _, language
from mops_cli.model import (
    DEFAULT_CHANNEL,
    MINUTES_PER_DAY,
    Closure,
    DirectoryData,
    OnHolidays,
    Rule,
    Unit,
)

UTC = timezone.utc

State = Literal["open", "closed", "unknown"]
DayKind = Literal["regular", "special", "holiday", "closure", "unknown"]

HORIZON_DAYS = 366  # how far ahead a next opening or closing is looked for


class Range(NamedTuple):
    """One opening range of a day, in minutes after the day's midnight (closes may pass 24:00)."""

    opens: int
    closes: int
    note: str | None = None


class DayPlan(NamedTuple):
    """What a unit's channel does on one local date, and why."""

    day: date
    kind: DayKind
    ranges: tuple[Range, ...] = ()
    reason: str | None = None  # the holiday's name, the closure's reason, the pattern's note;
    # on an unknown day, why it is unknown when the engine knows (a holiday_unknown sentence)

    @property
    def known(self) -> bool:
        return self.kind != "unknown"


class Interval(NamedTuple):
    """An open interval [start, end) as UTC instants."""

    start: datetime
    end: datetime
    note: str | None = None


class Status(NamedTuple):
    """The answer to "is it open at `at`?", with the next change."""

    state: State
    at: datetime  # UTC
    closes_at: datetime | None = None  # UTC; when open and it closes within the horizon
    opens_at: datetime | None = None  # UTC; when closed and it opens within the horizon
    reason: str | None = None


class Calendar:
    """What decides days beyond the rules: public holidays and the dates of RRULE patterns.

    Both are looked up a year at a time and kept. By default holidays come from the `holidays`
    package and patterns from python-dateutil, both slow to import, so they are imported only
    when a year is first asked about; the directory cache (cache.py) supplies both for the
    years around today, so a normal run imports neither.
    """

    def __init__(
        self,
        country: str,
        language: str | None = None,
        holidays: Callable[[int], dict[date, str] | None] | None = None,
        patterns: Callable[[str, date | None, int], frozenset[date] | None] | None = None,
    ) -> None:
        self.country = country
        self.language = language
        self._holidays_lookup = holidays
        self._patterns_lookup = patterns
        self._years: dict[int, dict[date, str]] = {}
        self._patterns: dict[tuple[str, date | None, int], frozenset[date]] = {}

    def year(self, year: int) -> dict[date, str]:
        """{date: name} of the public holidays in `year`."""
        found = self._years.get(year)
        if found is None:
            cached = self._holidays_lookup(year) if self._holidays_lookup else None
            found = self._years[year] = (
                cached if cached is not None else holidays_of(self.country, year, self.language)
            )
        return found

    def name(self, day: date) -> str | None:
        return self.year(day.year).get(day)

    def pattern_dates(self, rrule: str, anchor: date | None, year: int) -> frozenset[date]:
        key = (rrule, anchor, year)
        found = self._patterns.get(key)
        if found is None:
            cached = self._patterns_lookup(rrule, anchor, year) if self._patterns_lookup else None
            found = self._patterns[key] = (
                cached if cached is not None else pattern_dates(rrule, anchor, year)
            )
        return found

    def matches(self, rule: Rule, day: date) -> bool:
        """Whether a date-pattern rule's RRULE matches `day`."""
        assert rule.rrule is not None
        return day in self.pattern_dates(rule.rrule, rule.valid_from, day.year)


def holidays_of(country: str, year: int, language: str | None) -> dict[date, str]:
    """{date: name} from the `holidays` package, in `language` where it has one."""
    import holidays

    calendar = holidays.country_holidays(country, years=year, language=language)
    return {day: str(name) for day, name in sorted(calendar.items())}


def pattern_dates(rrule: str, anchor: date | None, year: int) -> frozenset[date]:
    """The dates of `year` an RRULE matches; `anchor` (valid_from) is its start if it has one."""
    return frozenset(occurrences(rrule, anchor, date(year, 1, 1), date(year, 12, 31)))


# The Gregorian calendar repeats every 400 years, weekdays and ISO weeks included (146,097 days
# are exactly 20,871 weeks): moving a whole pattern by such cycles moves its dates with it.
CYCLE_YEARS = 400


def occurrences(rrule: str, anchor: date | None, first: date, last: date) -> Iterator[date]:
    """The dates from `first` to `last` an RRULE matches, in order, in bounded time.

    python-dateutil looks for the next date of a pattern until the year 9999: a pattern that
    never occurs (the 30th of February) would keep it busy for minutes. The question is
    therefore moved, by whole 400-year cycles, to the last cycle before the year 9999, where
    that search ends within 400 years of `last`, and the answers are moved back.
    """
    import warnings

    from dateutil.rrule import rrule as Recurrence
    from dateutil.rrule import rrulestr

    parts = rule_parts(rrule.removeprefix("RRULE:"))
    if parts.get("FREQ") not in _PERIODS_PER_CYCLE or (anchor and anchor > last):
        return  # a pattern within a day (the loader refuses it) or one not started yet
    if rrule_bounds(rrule.removeprefix("RRULE:")) is not None:
        return  # out of bounds (the loader refuses it): never handed to python-dateutil
    # Dates only: times of day would multiply the work by up to 86,400 for nothing.
    parts = {key: value for key, value in parts.items() if key not in _TIMES}
    if _same_every_year(parts):
        parts["FREQ"] = "YEARLY"  # the same dates, a year at a time rather than a day
    body = ";".join(f"{key}={value}" for key, value in parts.items())
    start = datetime.combine(anchor, time()) if anchor else datetime.combine(first, time())
    if anchor and anchor < first:
        if starts_matter(parts):
            # A start whole cycles later, where the pattern is in the same phase, leaves
            # fewer periods to walk (a count, though, would start again).
            step = _phase_years(parts)
            years = (first.year - anchor.year - 1) // step * step
            if years > 0 and "COUNT" not in parts:
                start = _shifted(start, years)
        else:
            start = datetime.combine(first, time())  # only the dates from `first` matter
    shift = 0 if "BYEASTER" in parts else (MAX_YEAR - last.year) // CYCLE_YEARS * CYCLE_YEARS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # COUNT with UNTIL: deprecated, still understood
        recurrence = rrulestr(body, dtstart=_shifted(start, shift))
        until = getattr(recurrence, "_until", None)
        if until is not None and shift and isinstance(recurrence, Recurrence):
            moved = until.year + shift <= MAX_YEAR
            recurrence = recurrence.replace(until=_shifted(until, shift) if moved else None)
    low = _shifted(datetime.combine(first, time()), shift)
    high = _shifted(datetime.combine(last, time.max), shift)
    try:
        for moment in recurrence:
            if moment > high:
                return
            if moment >= low:
                yield _shifted(moment, -shift).date()
    except (OverflowError, ValueError):
        return  # the search ran past the year 9999: no further date


MAX_YEAR = 9999

# Bounds on every part of a date pattern, checked before python-dateutil sees it: its
# iteration never ends for INTERVAL=0 and runs far for huge counts or far-off dates.
RRULE_MAX_CHARS = 300
RRULE_MAX_INTERVAL = 1000
RRULE_MAX_COUNT = 1000
RRULE_YEARS = (1900, 2199)  # UNTIL, valid_from and valid_to
_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),  # True: a negative value counts from the end
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
_WEEKDAY = re.compile(r"([+-]?)([0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(T[0-9]{6}Z?)?")


def rrule_bounds(body: str) -> str | None:
    """Why an RRULE's parts are out of bounds (its length, a part given twice, INTERVAL,
    COUNT, UNTIL, a BY part's values), in the active language; None if they are in bounds.
    Parts this does not know are left to python-dateutil's parser, which only reads them."""
    from mops_cli.i18n import active

    return _rrule_bounds(body, active())


@lru_cache(maxsize=1024)
def _rrule_bounds(body: str, language: str) -> str | None:
    """rrule_bounds, remembered per language: a reason worked out in one language is never
    given to a caller in another (threads and `mops ask` questions each have their own)."""
    from mops_cli.i18n import _

    if len(body) > RRULE_MAX_CHARS:
        return _("a pattern is at most {limit} characters long").format(limit=RRULE_MAX_CHARS)
    seen: set[str] = set()
    for part in body.upper().split(";"):
        if not part:
            continue
        key, _equals, value = part.partition("=")
        if key in seen:
            return _("{part} is given twice").format(part=key)
        seen.add(key)
        problem = _part_bounds(key, value)
        if problem is not None:
            return problem
    return None


def _part_bounds(key: str, value: str) -> str | None:
    from mops_cli.i18n import _

    if key in ("INTERVAL", "COUNT"):
        limit = RRULE_MAX_INTERVAL if key == "INTERVAL" else RRULE_MAX_COUNT
        if not (value.isdigit() and len(value) <= 6 and 1 <= int(value) <= limit):
            message = _("{part} must be a whole number from 1 to {limit}, not {value!r}")
            return message.format(part=key, limit=limit, value=value)
    elif key == "UNTIL":
        found = _UNTIL.fullmatch(value)
        first, last = RRULE_YEARS
        try:
            day = date(*map(int, found.groups()[:3])) if found else None
        except ValueError:
            day = None
        if day is None or not first <= day.year <= last:
            message = _("UNTIL must be a date (YYYYMMDD) from {first} to {last}, not {value!r}")
            return message.format(first=first, last=last, value=value)
    elif key in _RANGES:
        low, high, signed = _RANGES[key]
        for item in value.split(","):
            digits = item[1:] if signed and item[:1] in "+-" and item else item
            if not (digits.isdigit() and len(digits) <= 3 and low <= int(digits) <= high):
                span = f"±{low}..{high}" if signed else f"{low}..{high}"
                message = _("{part} values must be in {span}, not {value!r}")
                return message.format(part=key, span=span, value=item)
    elif key == "BYDAY":
        for item in value.split(","):
            found = _WEEKDAY.fullmatch(item)
            number = found.group(2) if found else None
            if (
                found is None
                or (found.group(1) and not number)
                or (number is not None and not 1 <= int(number) <= 53)
            ):
                message = _(
                    "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not {value!r}"
                )
                return message.format(value=item)
    return None


def _shifted(moment: datetime, years: int) -> datetime:
    """The same wall-clock time `years` later (a multiple of 400: February 29 stays valid)."""
    return moment.replace(year=moment.year + years) if years else moment


def rule_parts(body: str) -> dict[str, str]:
    """{"FREQ": "MONTHLY", "BYMONTHDAY": "-1", ...} of an RRULE."""
    return dict(part.partition("=")[::2] for part in body.upper().split(";") if part)


_TIMES = ("BYHOUR", "BYMINUTE", "BYSECOND")

# How many periods of each frequency one 400-year cycle holds.
_PERIODS_PER_CYCLE = {"YEARLY": 400, "MONTHLY": 4800, "WEEKLY": 20871, "DAILY": 146097}


def _phase_years(parts: dict[str, str]) -> int:
    """The fewest years after which a pattern with an interval is in the same phase again."""
    import math

    periods = _PERIODS_PER_CYCLE.get(parts.get("FREQ", ""), 1)
    try:
        interval = max(1, int(parts.get("INTERVAL", "1")))
    except ValueError:
        interval = 1
    return CYCLE_YEARS * (interval // math.gcd(interval, periods))


def _same_every_year(parts: dict[str, str]) -> bool:
    """Whether a daily, weekly or monthly pattern's dates are simply the days its BY parts
    pick: then FREQ=YEARLY gives the same dates, with one step per year instead of one per
    day (python-dateutil filters the days of a period by the same BY parts whatever the
    period). Not so with an interval or BYSETPOS (counted per period), a numbered weekday
    ("1MO": first of the month, or of the year), or without a BY part that picks days."""
    return (
        parts.get("FREQ") in ("DAILY", "WEEKLY", "MONTHLY")
        and parts.get("INTERVAL", "1") == "1"
        and "BYSETPOS" not in parts
        and not re.search(r"[0-9]", parts.get("BYDAY", ""))
        and any(key in parts for key in ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"))
    )


def starts_matter(parts: dict[str, str]) -> bool:
    """Whether a pattern's dates depend on its start date, beyond starting there: an
    interval or count counts from it, and without BYDAY, BYMONTHDAY, BYYEARDAY or BYWEEKNO
    the weekday or day of the month is the start's (FREQ=DAILY excepted)."""
    anchored = any(key in parts for key in ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"))
    return (
        parts.get("INTERVAL", "1") != "1"
        or "COUNT" in parts
        or not (anchored or parts.get("FREQ") == "DAILY")
    )


def day_plan(
    rules: tuple[Rule, ...],
    day: date,
    *,
    closures: tuple[Closure, ...] = (),
    holiday: str | None = None,
    on_holidays: OnHolidays = "closed",
    matches: Callable[[Rule, date], bool] | None = None,
    holiday_language: str | None = None,
) -> DayPlan:
    """What `rules` (one channel's) give on `day`, after closures and the holiday."""
    for closure in closures:
        if closure.covers(day):
            return DayPlan(day, "closure", reason=closure.reason)
    valid = [rule for rule in rules if rule.valid_on(day)]
    if not valid:
        # Without hours on record a holiday proves nothing: 112 answers on Christmas.
        return DayPlan(day, "unknown")
    if holiday is not None and on_holidays == "closed":
        return DayPlan(day, "holiday", reason=holiday)
    if holiday is not None and on_holidays == "unknown":
        return DayPlan(day, "unknown", reason=holiday_unknown(holiday, holiday_language))
    matches = matches or _pattern_matches
    patterns = [rule for rule in valid if rule.rrule is not None and matches(rule, day)]
    if patterns:
        notes = [rule.note for rule in patterns if rule.note]
        reason = "; ".join(dict.fromkeys(notes)) or None
        if any(rule.closed for rule in patterns):
            return DayPlan(day, "special", reason=reason)
        ranges = _sorted_ranges(patterns)
        return DayPlan(day, "special", ranges, reason)
    weekday = day.weekday()
    ranges = _sorted_ranges(r for r in valid if r.rrule is None and weekday in r.weekdays)
    return DayPlan(day, "regular", ranges, reason=holiday)


def holiday_unknown(holiday: str, holiday_language: str | None = None) -> str:
    """Why a unit's hours are unknown on a public holiday: the one wording every output uses,
    in the language of the holiday's name (`holiday_language`, the `holidays` package's code):
    Polish in JSON, as the names are there."""
    with language("pl" if holiday_language == "pl" else "en"):
        return _("{holiday}, a public holiday: the source does not say").format(holiday=holiday)


def _pattern_matches(rule: Rule, day: date) -> bool:
    assert rule.rrule is not None
    return day in pattern_dates(rule.rrule, rule.valid_from, day.year)


def _sorted_ranges(rules: Iterable[Rule]) -> tuple[Range, ...]:
    ranges = (Range(rule.opens, rule.closes, rule.note) for rule in rules)
    return tuple(sorted(ranges, key=lambda r: (r.opens, r.closes)))


class _Stretch:
    """Days open from midnight to midnight: the first day after them (`end`), found by
    searching up to `searched_to`; `end` past that means the stretch may go on."""

    __slots__ = ("end", "searched_to")

    def __init__(self, end: date, searched_to: date) -> None:
        self.end = end
        self.searched_to = searched_to


class Memo:
    """What schedules of the same hours (rules, closures, holidays) share in one run, worked
    out once: each day's plan and intervals, and for a day inside a stretch of days open from
    midnight to midnight, where that stretch ends (and how far it was searched). A long run
    (mops ask, the API) asks about many instants, each looking up to a year ahead."""

    __slots__ = ("days", "intervals", "stretches", "walks")

    def __init__(self) -> None:
        self.days: dict[date, DayPlan] = {}
        # A day's intervals, made when first asked for: a walk over a year of round-the-clock
        # days reads only their plans.
        self.intervals: dict[date, list[Interval]] = {}
        self.stretches: dict[date, _Stretch] = {}
        # The runs a status on a day walks (Schedule._walk), by (that day, the walk's last day).
        self.walks: dict[tuple[date, date], tuple[Interval | DayPlan, ...]] = {}

    def size(self) -> int:
        """How many things it holds (a long run forgets them all past a limit)."""
        return len(self.days) + len(self.intervals) + len(self.stretches) + len(self.walks)


class Schedule:
    """The hours of one channel of one unit, evaluated against a directory's calendar."""

    def __init__(
        self,
        unit: Unit,
        channel: str,
        directory: DirectoryData,
        calendar: Calendar,
        memo: Memo | None = None,
    ) -> None:
        self.unit = unit
        self.channel = channel
        self.zone = ZoneInfo(directory.timezone)
        self.rules = tuple(rule for rule in unit.hours if rule.channel == channel)
        self.closures = directory.closures + unit.closures
        self.calendar = calendar
        self.memo = Memo() if memo is None else memo
        self._days = self.memo.days

    # -- days -------------------------------------------------------------------------------

    def plan(self, day: date) -> DayPlan:
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = day_plan(
                self.rules,
                day,
                closures=self.closures,
                holiday=self.calendar.name(day),
                on_holidays=self.unit.on_holidays,
                matches=self.calendar.matches,
                holiday_language=self.calendar.language,
            )
        return found

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def instant(self, day: date, minutes: int) -> datetime:
        """The UTC instant the wall clock first reads `minutes` after local midnight of `day`:
        in the repeated autumn hour its first pass (PEP 495, fold=0); in the hour the spring
        change skips, the moment the clock jumps past it. Hours are what the wall clock
        reads, so a line "open until 02:30" has closed once the clock shows 03:00, and a
        round-the-clock line has no hole in a zone whose midnight is skipped."""
        wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
        moment = wall.replace(tzinfo=self.zone).astimezone(UTC)
        if moment.astimezone(self.zone).replace(tzinfo=None) == wall:
            return moment
        return offset_change(
            self.zone, wall.replace(tzinfo=self.zone, fold=1).astimezone(UTC), moment
        )

    def day_intervals(self, plan: DayPlan) -> list[Interval]:
        if self._days.get(plan.day) is not plan:  # a plan not of these hours
            return self._intervals_of(plan)
        found = self.memo.intervals.get(plan.day)
        if found is None:
            found = self.memo.intervals[plan.day] = self._intervals_of(plan)
        return found

    def _intervals_of(self, plan: DayPlan) -> list[Interval]:
        found = []
        for r in plan.ranges:
            start, end = self.instant(plan.day, r.opens), self.instant(plan.day, r.closes)
            if start < end:  # a range wholly in the skipped spring hour is never open
                found.append(Interval(start, end, r.note))
        return found

    # -- instants -----------------------------------------------------------------------------

    def _runs(
        self, first_day: date, known_from: date, last_day: date
    ) -> Iterator[Interval | DayPlan]:
        """Merged open intervals in time order from `first_day` on. An unknown day from
        `known_from` on is yielded as its DayPlan and ends the walk: nothing after it can be
        said to come next."""
        current: Interval | None = None
        day = first_day
        while day <= last_day:
            if current is not None and current.end == self.instant(day, 0):
                # A run that reaches midnight goes on over whole open days in one step: a
                # round-the-clock line would otherwise take a year of days to walk.
                end = self._whole_days_from(day, last_day)
                if end > day:
                    current = Interval(current.start, self.instant(end, 0), current.note)
                    day = end
                    continue
            plan = self.plan(day)
            if not plan.known and day < known_from:
                day += timedelta(days=1)  # nothing of an unknown day can run into this one
                continue
            if not plan.known:
                if current is not None:
                    yield current
                yield plan
                return
            for interval in self.day_intervals(plan):
                if current is not None and interval.start <= current.end:
                    if interval.end > current.end:
                        current = Interval(current.start, interval.end, current.note)
                    continue
                if current is not None:
                    yield current
                current = interval
            day += timedelta(days=1)
        if current is not None:
            yield current

    def _whole(self, day: date) -> bool:
        """Open from its midnight to the next, as one range (the interval from midnight to
        1440 minutes after it is the one to the next midnight, on a clock-change day too)."""
        plan = self.plan(day)
        if not plan.known or len(plan.ranges) != 1:
            return False
        (only,) = plan.ranges
        return only.opens == 0 and only.closes == MINUTES_PER_DAY

    def _whole_days_from(self, day: date, last_day: date) -> date:
        """The first day from `day` on that is not open whole (or the day after `last_day`).
        Every day of a stretch shares one record of where it ends and how far it was
        searched, so a later question, from any day of it or looking further ahead, goes on
        from there instead of walking the stretch again."""
        stretch = self.memo.stretches.get(day)
        if stretch is None:
            stretch = _Stretch(day, day - timedelta(days=1))  # nothing searched yet
        if stretch.end <= stretch.searched_to or stretch.searched_to >= last_day:
            return min(stretch.end, last_day + timedelta(days=1))
        end = stretch.end  # open-ended: go on from the first day not searched
        while end <= last_day:
            later = self.memo.stretches.get(end)
            if later is not None and later is not stretch:
                # A stretch walked before from a later day (a question about an earlier day
                # came after it): this one goes on as that one does, without walking it again.
                stretch.end, stretch.searched_to = later.end, later.searched_to
                if stretch.end <= stretch.searched_to or stretch.searched_to >= last_day:
                    return min(stretch.end, last_day + timedelta(days=1))
                end = stretch.end
                continue
            if not self._whole(end):
                break
            self.memo.stretches[end] = stretch
            end += timedelta(days=1)
        stretch.end, stretch.searched_to = end, last_day
        return end

    def status(self, at: datetime) -> Status:
        """Open, closed or unknown at the instant `at`, with the next change within the horizon."""
        at = at.astimezone(UTC)
        if not self.rules:
            return Status("unknown", at, reason=None)
        today = self.local_date(at)
        horizon = at + timedelta(days=HORIZON_DAYS)
        today_plan = self.plan(today)
        # The walk starts the day before: its range may run past midnight into today.
        last_day = self.local_date(horizon) + timedelta(days=1)
        for run in self._walk(today, last_day):
            if isinstance(run, DayPlan):
                if run.day == today:
                    return Status("unknown", at, reason=run.reason)
                return Status("closed", at, reason=_closed_reason(today_plan))
            if run.end <= at:
                continue
            if run.start <= at:
                closes = run.end if run.end <= horizon else None
                return Status("open", at, closes_at=closes, reason=self._open_reason(at))
            if run.start > horizon:
                break
            return Status("closed", at, opens_at=run.start, reason=_closed_reason(today_plan))
        # Today is known here: the walk stops at today's plan when it is unknown.
        return Status("closed", at, reason=_closed_reason(today_plan))

    def _walk(self, today: date, last_day: date) -> tuple[Interval | DayPlan, ...]:
        """The runs `status` walks for an instant of `today`, worked out once for every instant
        of the day: from the day before on, up to one that starts after the next day (no
        instant of today gets past it), or to an unknown day."""
        found = self.memo.walks.get((today, last_day))
        if found is None:
            beyond = self.instant(today + timedelta(days=2), 0)
            runs: list[Interval | DayPlan] = []
            for run in self._runs(today - timedelta(days=1), today, last_day):
                runs.append(run)
                if isinstance(run, DayPlan) or run.start >= beyond:
                    break
            found = self.memo.walks[today, last_day] = tuple(runs)
        return found

    def _open_reason(self, at: datetime) -> str | None:
        """The note of the range open at `at` (e.g. "last day of the month"), if it has one."""
        today = self.local_date(at)
        for day in (today - timedelta(days=1), today):
            for interval in self.day_intervals(self.plan(day)):
                if interval.start <= at < interval.end and interval.note:
                    return interval.note
        return None

    def intervals(self, start: datetime, end: datetime) -> list[Interval]:
        """The open intervals between two instants, clipped to them and merged."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        result: list[Interval] = []
        day = self.local_date(start) - timedelta(days=1)
        last = self.local_date(end)
        while day <= last:
            for interval in self.day_intervals(self.plan(day)):
                if interval.end <= start or interval.start >= end:
                    continue
                clipped = Interval(
                    max(interval.start, start), min(interval.end, end), interval.note
                )
                if result and clipped.start <= result[-1].end:
                    previous = result[-1]
                    if clipped.end > previous.end:
                        result[-1] = Interval(previous.start, clipped.end, previous.note)
                    continue
                result.append(clipped)
            day += timedelta(days=1)
        return result


def offset_change(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The instant in (before, after] at which `zone`'s UTC offset changes, for two instants
    with one change between them: the first whose offset is the one in force at `after`
    (offsets change on whole seconds)."""
    offset = after.astimezone(zone).utcoffset()
    low, high = before, after
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle -= timedelta(microseconds=middle.microsecond)
        if middle.astimezone(zone).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high


def _closed_reason(plan: DayPlan) -> str | None:
    """Why a unit is closed today: a closure, a holiday or a pattern's note; None on an
    ordinary day outside its hours."""
    return plan.reason if plan.kind in ("closure", "holiday", "special") else None


def schedule_for(
    unit: Unit,
    directory: DirectoryData,
    calendar: Calendar,
    channel: str | None,
    memos: dict[tuple[object, ...], Memo],
) -> Schedule:
    """The unit's schedule for `channel`, or for its first channel (in-person if it has one).
    `memos`, kept by the caller for one calendar, shares what is worked out between schedules
    of the same hours."""
    chosen = channel or default_channel(unit)
    key = (chosen, unit.hours, unit.closures, unit.on_holidays)
    memo = memos.get(key)
    if memo is None:
        memo = memos[key] = Memo()
    return Schedule(unit, chosen, directory, calendar, memo)


def default_channel(unit: Unit) -> str:
    """In person if the unit has such hours (or none at all), else its first channel."""
    hours = unit.hours
    if not hours or any(rule.channel == DEFAULT_CHANNEL for rule in hours):
        return DEFAULT_CHANNEL
    return hours[0].channel
