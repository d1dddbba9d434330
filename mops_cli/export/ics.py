"""The opening hours as iCalendar (RFC 5545) events, for calendar software.

One calendar holds the units exported (one unit, or all of them): an event per opening range
per day of the range and per channel with hours on record. Days on which a public holiday or a
closure shuts a unit that would otherwise open have no event; the calendar's description names
them. Times are local to the directory's zone, with a VTIMEZONE built from the zone's own
transitions over the range, so calendar software places events right across the clock
changes. Nothing comes from the wall clock: DTSTAMP is the range's first day, UIDs are made of
the unit, channel, date and time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, NamedTuple

from mops_cli.export import escape_text, fold_line
from mops_cli.model import DEFAULT_CHANNEL

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from mops_cli.export import Export
    from mops_cli.hours import Schedule
    from mops_cli.model import Unit

PRODID = "-//mops-cli//mops export ics//EN"


class Opening(NamedTuple):
    """One opening range of one day, as local wall-clock times."""

    day: date
    start: datetime  # naive, local
    end: datetime  # naive, local
    note: str | None


class Closed(NamedTuple):
    """A day a holiday or closure shuts a unit that would otherwise open."""

    day: date
    kind: str  # "holiday" or "closure"
    reason: str | None


def calendar(export: Export) -> str:
    """The VCALENDAR text (CRLF line ends, folded lines)."""
    days = (export.end - export.start).days + 1
    stamp = f"{export.start:%Y%m%d}T000000Z"
    tzid = str(export.zone.key)
    events: list[str] = []
    closed_lines: list[str] = []
    # A large directory repeats a few schedules: each is evaluated once.
    memo: dict[tuple[object, ...], tuple[list[Opening], list[Closed]]] = {}
    for unit in export.units:
        for channel in unit.channels:
            schedule = export.schedule(unit, channel)
            key = (channel, schedule.rules, schedule.closures, unit.open_on_holidays)
            found = memo.get(key)
            if found is None:
                found = memo[key] = _openings(schedule, export.start, days)
            openings, closed = found
            title = unit.name if channel == DEFAULT_CHANNEL else f"{unit.name} ({channel})"
            for opening in openings:
                events.extend(_event(unit, channel, title, opening, tzid, stamp))
            for day in closed:
                reason = f": {day.reason}" if day.reason else ""
                closed_lines.append(f"{day.day.isoformat()} {title}: closed ({day.kind}{reason})")
    if len(export.units) == 1 and export.units[0].name:
        name = export.units[0].name
    else:
        name = export.directory.name
    period = f"{export.start.isoformat()} – {export.end.isoformat()}"
    description = f"Opening hours, {period}."
    if closed_lines:
        description += "\nNo events on these days:\n" + "\n".join(closed_lines)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"X-WR-CALDESC:{escape_text(description)}",
        f"X-WR-TIMEZONE:{tzid}",
        *vtimezone(export.zone, export.start, export.end),
        *events,
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) for line in lines)


def _openings(schedule: Schedule, start: date, days: int) -> tuple[list[Opening], list[Closed]]:
    from mops_cli.week import exceptions

    zone = schedule.zone
    openings = []
    for offset in range(days):
        plan = schedule.plan(start + timedelta(days=offset))
        for interval in schedule.day_intervals(plan):
            openings.append(
                Opening(
                    plan.day,
                    _local(interval.start, zone),
                    _local(interval.end, zone),
                    interval.note or (plan.reason if plan.kind == "special" else None),
                )
            )
    closed = [
        Closed(item.day, item.kind, item.reason)
        for item in exceptions(schedule, start, days)
        if item.kind in ("holiday", "closure")
    ]
    return openings, closed


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _event(
    unit: Unit, channel: str, title: str, opening: Opening, tzid: str, stamp: str
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{unit.id}/{channel}/{opening.start:%Y%m%dT%H%M}@mops-cli",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={tzid}:{opening.start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID={tzid}:{opening.end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{escape_text(title)}",
    ]
    if opening.note:
        lines.append(f"DESCRIPTION:{escape_text(opening.note)}")
    place = ", ".join(x for x in (unit.address, unit.location_note) if x)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines += [f"CATEGORIES:{escape_text(channel)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def vtimezone(zone: ZoneInfo, start: date, end: date) -> list[str]:
    """A VTIMEZONE for `zone` valid over the range: the observance in force on its first day,
    then one per transition up to its last day, each taken from the zone's own data."""
    first = datetime.combine(start - timedelta(days=1), time(), zone)
    observances = [_observance(zone, first, first.utcoffset())]
    day = start - timedelta(days=1)
    previous = _offset_at(zone, day)
    while day <= end + timedelta(days=1):
        day += timedelta(days=1)
        current = _offset_at(zone, day)
        if current != previous:
            observances.append(_transition(zone, day, previous))
            previous = current
    return ["BEGIN:VTIMEZONE", f"TZID:{zone.key}", *(x for o in observances for x in o),
            "END:VTIMEZONE"]  # fmt: skip


def _offset_at(zone: ZoneInfo, day: date) -> timedelta | None:
    return datetime.combine(day, time(12), zone).utcoffset()


def _transition(zone: ZoneInfo, day: date, before: timedelta | None) -> list[str]:
    """The observance that starts at the transition between noon before `day` and its noon."""
    low = datetime.combine(day - timedelta(days=1), time(12), zone).astimezone(timezone.utc)
    high = datetime.combine(day, time(12), zone).astimezone(timezone.utc)
    while high - low > timedelta(minutes=1):  # the first minute of the new offset
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return _observance(zone, high.astimezone(zone), before)


def _observance(zone: ZoneInfo, moment: datetime, before: timedelta | None) -> list[str]:
    """STANDARD or DAYLIGHT from `moment` (aware, in `zone`) on; DTSTART is the wall-clock time
    of `moment` read with the offset in force `before` it, as RFC 5545 3.6.5 asks."""
    after = moment.utcoffset()
    assert after is not None and before is not None
    kind = "DAYLIGHT" if moment.dst() else "STANDARD"
    wall = moment.astimezone(timezone.utc).replace(tzinfo=None) + before
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{wall:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_utc_offset(before)}",
        f"TZOFFSETTO:{_utc_offset(after)}",
        f"TZNAME:{moment.tzname()}",
        f"END:{kind}",
    ]


def _utc_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
