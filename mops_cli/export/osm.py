"""Each unit's hours in OpenStreetMap's `opening_hours` syntax, one string per channel.

The string says what the hours engine says, rule for rule, in the engine's order of precedence
reversed (in `opening_hours` a later rule overrides an earlier one for the days it selects):
the weekly hours (one block per validity period), the date patterns that replace them, `PH off`
(unless the unit works on public holidays), the periods without any hours on record
(`unknown`), and last the closures. What the syntax cannot say exactly, such as an RRULE for
the last day of the month, is listed in `not_expressed` and the string is marked inexact:
nothing is approximated silently.
"""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from mops_cli.model import MINUTES_PER_DAY, Closure, Rule
from mops_cli.present import clock

if TYPE_CHECKING:
    from mops_cli.export import Export
    from mops_cli.hours import Schedule

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FAR_PAST = date(1900, 1, 1)  # the syntax has no open-started date range: from 1900 on instead

Week = tuple[tuple[tuple[int, int], ...], ...]  # per weekday, its (opens, closes) ranges


class OsmHours(NamedTuple):
    """One channel of one unit in `opening_hours` syntax."""

    unit: str
    name: str
    channel: str
    opening_hours: str | None  # None: no hours on record for the channel
    exact: bool  # False: `not_expressed` lists what the string leaves out
    not_expressed: tuple[str, ...]


def osm_json(export: Export) -> str:
    """A JSON array, one object per unit and channel, one per line, keys sorted."""
    lines = []
    for unit in export.units:
        for channel in unit.channels or (None,):
            hours = osm_hours(export.schedule(unit, channel))
            lines.append(json.dumps(hours._asdict(), ensure_ascii=False, sort_keys=True))
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def osm_hours(schedule: Schedule) -> OsmHours:
    unit = schedule.unit
    rules = schedule.rules
    if not rules:
        return OsmHours(unit.id, unit.name, schedule.channel, None, True, ())
    parts: list[str] = []
    missing: list[str] = []
    segments = _segments(rules)
    unknown: list[str] = []
    base: Week | None = None  # the first period's week, said for every date
    for index, (start, end) in enumerate(segments):
        probe = start if start is not None else end
        valid = [r for r in rules if probe is None or r.valid_on(probe)]
        if not valid:
            unknown.append(f"{_date_range(start or FAR_PAST, end)} unknown")
            continue
        week = _week(valid)
        if index == 0:
            base = week
            parts.extend(_week_rules(week, "", full=False))
        elif week != base:
            # A later period overrides what the base said of its dates: the weekdays that
            # differ, closed ones as `off` (every weekday when there is no base).
            selector = _date_range(start or FAR_PAST, end) + " "
            parts.extend(_week_rules(week, selector, full=True, base=base))
    for rule_text, problem in _pattern_rules(rules):
        if problem is None:
            parts.append(rule_text)
        else:
            missing.append(problem)
    if unit.on_holidays == "closed":
        parts.append("PH off")
    elif unit.on_holidays == "unknown":
        parts.append('PH unknown "the source does not say"')
    parts.extend(unknown)
    for closure in sorted(schedule.closures, key=lambda c: (c.start, c.end)):
        parts.append(f"{_closure_range(closure)} off")
    missing.extend(_skipped_times(rules, schedule.zone.key))
    past_midnight = any(r.closes > MINUTES_PER_DAY for r in rules)
    if past_midnight and (
        unit.on_holidays != "open"
        or schedule.closures
        or len(segments) > 1
        or any(r.rrule is not None for r in rules)
    ):
        # The engine gives a range to the day it starts on: 20:00-26:00 on the eve of a
        # holiday, a closure, a pattern's date or another period still runs to 02:00; in the
        # syntax the later rule for that day would cut it at midnight.
        missing.append("a range past midnight into a day with other rules")
    text = "; ".join(parts) if parts else "off"
    return OsmHours(unit.id, unit.name, schedule.channel, text, not missing, tuple(missing))


def _segments(rules: tuple[Rule, ...]) -> list[tuple[date | None, date | None]]:
    """The periods over which the same rules are valid, split where any validity starts or
    ends; the first starts and the last ends open."""
    bounds = sorted(
        {r.valid_from for r in rules if r.valid_from}
        | {r.valid_to + timedelta(days=1) for r in rules if r.valid_to}
    )
    if not bounds:
        return [(None, None)]
    segments: list[tuple[date | None, date | None]] = [(None, bounds[0] - timedelta(days=1))]
    for first, following in zip(bounds, [*bounds[1:], None], strict=True):
        segments.append((first, following - timedelta(days=1) if following else None))
    return segments


def _week(rules: list[Rule]) -> Week:
    """Each weekday's ranges. A range past midnight is said in two parts, the second on the
    next day: a later rule for that day would otherwise cut it (as `opening_hours` reads)."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for rule in rules:
        if rule.rrule is None:
            for weekday in rule.weekdays:
                days[weekday].append((rule.opens, min(rule.closes, MINUTES_PER_DAY)))
                if rule.closes > MINUTES_PER_DAY:
                    days[(weekday + 1) % 7].append((0, rule.closes - MINUTES_PER_DAY))
    return tuple(_union(day) for day in days)


def _union(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Overlapping or touching ranges as one."""
    merged: list[tuple[int, int]] = []
    for opens, closes in sorted(ranges):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return tuple(merged)


def _week_rules(week: Week, selector: str, *, full: bool, base: Week | None = None) -> list[str]:
    """'Mo-Fr 10:00-14:00'-style rules for a week; with `full`, closed days say `off` (a dated
    block must override whatever an earlier block said of those days), and with `base` only
    the weekdays that differ from it are said."""
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for weekday, ranges in enumerate(week):
        if base is not None and ranges == base[weekday]:
            continue
        if ranges or full:
            groups.setdefault(ranges, []).append(weekday)
    if full and base is None and len(groups) == 1 and () in groups:
        return [f"{selector}off"]
    rules = []
    for ranges, weekdays in groups.items():
        times = ",".join(f"{clock(o)}-{clock(c)}" for o, c in ranges) if ranges else "off"
        rules.append(f"{selector}{_weekday_selector(weekdays)} {times}")
    return rules


def _weekday_selector(weekdays: list[int]) -> str:
    """[0, 1, 2, 4] -> 'Mo-We,Fr'."""
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        WEEKDAYS[run[0]] if len(run) == 1 else f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}"
        for run in runs
    )


def _day(day: date) -> str:
    return f"{day.year} {MONTHS[day.month - 1]} {day.day:02d}"


def _date_range(start: date, end: date | None) -> str:
    if end is None:
        return f"{_day(start)}+"
    return _day(start) if start == end else f"{_day(start)}-{_day(end)}"


def _closure_range(closure: Closure) -> str:
    return _date_range(closure.start, closure.end)


def _pattern_rules(rules: tuple[Rule, ...]) -> list[tuple[str, str | None]]:
    """(rule text, None) for each expressible group of date-pattern rules, or ("", why not).
    Pattern rules with the same pattern and validity give one day's hours together."""
    groups: dict[tuple[str, date | None, date | None], list[Rule]] = {}
    for rule in rules:
        if rule.rrule is not None:
            groups.setdefault((rule.rrule, rule.valid_from, rule.valid_to), []).append(rule)
    found: list[tuple[str, str | None]] = []
    earlier: list[tuple[str, date | None, date | None]] = []
    for (rrule, valid_from, valid_to), group in groups.items():
        clash = next((e for e in earlier if _coincide(e, (rrule, valid_from, valid_to))), None)
        earlier.append((rrule, valid_from, valid_to))
        hours = ",".join(f"{clock(r.opens)}-{clock(r.closes)}" for r in group)
        notes = "; ".join(dict.fromkeys(r.note for r in group if r.note))
        said = f"RRULE {rrule}: {'closed' if any(r.closed for r in group) else hours}"
        said += f" ({notes})" if notes else ""
        if clash is not None:
            # The engine gives such a date the hours of both patterns; in the syntax the later
            # rule would replace the earlier one.
            found.append(("", f"{said}, on some dates together with RRULE {clash[0]}"))
            continue
        found_selector = _selector(rrule)
        if found_selector is None:
            found.append(("", said))
            continue
        selector, dated = found_selector
        prefix = _validity_prefix(valid_from, valid_to, whole_years=dated)
        if prefix is None:
            period = f"{valid_from or '…'} – {valid_to or '…'}"
            found.append(("", f"{said}, valid {period}"))
            continue
        times = "off" if any(r.closed for r in group) else _merged(group)
        found.append((f"{prefix}{selector} {times}", None))
    return found


def _coincide(
    first: tuple[str, date | None, date | None], second: tuple[str, date | None, date | None]
) -> bool:
    """Whether two patterns, in their validity, can fall on the same date."""
    (rrule_a, from_a, to_a), (rrule_b, from_b, to_b) = first, second
    if (to_a and from_b and to_a < from_b) or (to_b and from_a and to_b < from_a):
        return False
    return bool(_cycle_dates(rrule_a) & _cycle_dates(rrule_b))


@functools.lru_cache(maxsize=256)
def _cycle_dates(rrule: str) -> frozenset[date]:
    """The dates an RRULE matches over 28 years: the whole cycle of weekdays and dates
    (1901-2099), so two patterns that never meet there never meet."""
    from mops_cli.hours import pattern_dates

    return frozenset().union(*(pattern_dates(rrule, None, year) for year in range(2001, 2029)))


def _skipped_times(rules: tuple[Rule, ...], zone_key: str) -> list[str]:
    """The rules' times that fall in the hour a spring clock change skips, on a day of the
    week it can happen on. The engine reads such a time as the moment the clock jumps past it
    (02:30 is 03:00 summer time), as opening-hours-py 2.1.4 does; other evaluators of the
    syntax need not."""
    skipped = _skipped_minutes(zone_key)
    found: dict[int, None] = {}
    for rule in rules:
        every_day = frozenset(range(7)) if rule.rrule is not None else rule.weekdays
        next_days = frozenset((d + 1) % 7 for d in every_day)
        times = [(every_day, rule.opens)]
        if rule.closes > MINUTES_PER_DAY:
            times.append((next_days, rule.closes - MINUTES_PER_DAY))
        else:
            times.append((every_day, rule.closes))
        for days, minute in times:
            if any(w in days and first <= minute < last for w, first, last in skipped):
                found[minute] = None
    return [f"{clock(minute)}, a time the spring clock change skips" for minute in sorted(found)]


@functools.lru_cache(maxsize=16)
def _skipped_minutes(zone_key: str) -> tuple[tuple[int, int, int], ...]:
    """(weekday, first minute, end minute) of the wall-clock times the zone's spring changes
    skip ((6, 120, 180) in Warsaw: Sunday 02:00-03:00), from its changes over recent years."""
    from mops_cli.export import clock_changes

    found = set()
    for change in clock_changes(ZoneInfo(zone_key), date(2024, 1, 1), date(2027, 12, 31)):
        if change.after > change.before:
            start = change.wall.hour * 60 + change.wall.minute
            length = int((change.after - change.before).total_seconds()) // 60
            found.add((change.wall.weekday(), start, start + length))
    return tuple(sorted(found))


def _merged(group: list[Rule]) -> str:
    ranges = sorted({(r.opens, r.closes) for r in group})
    return ",".join(f"{clock(o)}-{clock(c)}" for o, c in ranges)


def _validity_prefix(start: date | None, end: date | None, *, whole_years: bool) -> str | None:
    """The selector of a pattern's validity, to go before its own selector. A selector of
    dates (`Dec 24`) cannot follow a date range, only a year range: then the validity must be
    whole years, else None."""
    if start is None and end is None:
        return ""
    if not whole_years:
        return _date_range(start or FAR_PAST, end) + " "
    if (start and (start.month, start.day) != (1, 1)) or (end and (end.month, end.day) != (12, 31)):
        return None
    first = (start or FAR_PAST).year
    if end is None:
        return f"{first}+ "
    return f"{first} " if first == end.year else f"{first}-{end.year} "


def rrule_selector(rrule: str) -> str | None:
    """The `opening_hours` selector of the dates an RRULE matches, where there is an exact
    one: weekly days (`Mo,We`), n-th weekdays of every month (`Mo[1]`, `Fr[-1]`), days of the
    year (`Dec 24`), n-th weekdays of a month of the year (`Nov Th[4]`); else None."""
    found = _selector(rrule)
    return found[0] if found else None


def _selector(rrule: str) -> tuple[str, bool] | None:
    """(selector, whether it names months: a selector of dates rather than of weekdays)."""
    try:
        parts = dict(item.split("=", 1) for item in rrule.removeprefix("RRULE:").split(";"))
    except ValueError:
        return None
    parts.pop("WKST", None)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    freq = parts.pop("FREQ", "")
    byday = parts.pop("BYDAY", None)
    bymonth = parts.pop("BYMONTH", None)
    bymonthday = parts.pop("BYMONTHDAY", None)
    if parts:  # COUNT, UNTIL, INTERVAL, BYSETPOS, BYYEARDAY, BYWEEKNO...: not said exactly
        return None
    days = _weekday_items(byday) if byday else None
    if freq == "WEEKLY" and days and not bymonth and not bymonthday:
        if any(nth for _d, nth in days):
            return None
        return _weekday_selector(sorted({d for d, _nth in days})), False
    if freq == "MONTHLY" and days and not bymonth and not bymonthday:
        nth = _nth_selector(days)
        return (nth, False) if nth else None
    if freq == "YEARLY" and bymonth:
        months = _numbers(bymonth, 1, 12)
        if months is None:
            return None
        if bymonthday and not byday:
            monthdays = _numbers(bymonthday, 1, 31)
            if monthdays is None or any(d > _LONGEST[m - 1] for m in months for d in monthdays):
                return None
            return ",".join(f"{MONTHS[m - 1]} {d:02d}" for m in months for d in monthdays), True
        if days and not bymonthday:
            selector = _nth_selector(days)
            if selector is None:
                return None
            return ",".join(MONTHS[m - 1] for m in months) + " " + selector, True
    return None


_LONGEST = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _weekday_items(byday: str) -> list[tuple[int, int]] | None:
    """'1MO,-1FR' -> [(0, 1), (4, -1)]; a plain day has n-th 0."""
    items = []
    for item in byday.split(","):
        code = item[-2:].upper()
        if code.title() not in WEEKDAYS:
            return None
        number = item[:-2]
        try:
            nth = int(number) if number else 0
        except ValueError:
            return None
        items.append((WEEKDAYS.index(code.title()), nth))
    return items


def _nth_selector(days: list[tuple[int, int]] | None) -> str | None:
    """n-th weekdays of a month: 'Mo[1],Fr[-1]'; each must have an n-th from -5 to 5."""
    if not days or any(nth == 0 or not -5 <= nth <= 5 for _d, nth in days):
        return None
    by_day: dict[int, list[int]] = {}
    for weekday, nth in days:
        by_day.setdefault(weekday, []).append(nth)
    return ",".join(
        f"{WEEKDAYS[d]}[{','.join(str(n) for n in sorted(set(ns)))}]"
        for d, ns in sorted(by_day.items())
    )


def _numbers(text: str, low: int, high: int) -> list[int] | None:
    try:
        values = sorted({int(x) for x in text.split(",")})
    except ValueError:
        return None
    return values if all(low <= v <= high for v in values) else None
