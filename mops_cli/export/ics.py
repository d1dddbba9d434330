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

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, NamedTuple

from mops_cli.export import clock_changes, escape_text, fold_line
from mops_cli.model import DEFAULT_CHANNEL

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from mops_cli.export import Export
    from mops_cli.hours import Schedule
    from mops_cli.model import Unit

PRODID = "-//mops-cli//mops export ics//EN"


class Opening(NamedTuple):
    """One opening range of one day, its lines made once for every unit that shares it."""

    uid: str  # "20261130T1000": the unit and channel go before it
    lines: str  # DTSTART and DTEND, folded, CRLF-ended
    note: str | None


class Closed(NamedTuple):
    """A day a holiday or closure shuts a unit that would otherwise open."""

    day: date
    kind: str  # "holiday" or "closure"; "unknown": a holiday the sources are silent about
    reason: str | None


def calendar(export: Export) -> Iterator[str]:
    """The VCALENDAR text (CRLF line ends, folded lines), in pieces: a calendar of a large
    directory is written as it is made."""
    days = (export.end - export.start).days + 1
    stamp = fold_line(f"DTSTAMP:{export.start:%Y%m%d}T000000Z")
    tzid = str(export.zone.key)
    # A large directory repeats a few schedules: each is evaluated once. The days it closes
    # go in the calendar's description, before the events.
    memo: dict[tuple[object, ...], tuple[list[Opening], list[Closed]]] = {}
    channels: list[tuple[Unit, str, tuple[list[Opening], list[Closed]]]] = []
    closed_lines: list[str] = []
    for unit in export.units:
        for channel in unit.channels:
            schedule = export.schedule(unit, channel)
            key = (channel, schedule.rules, schedule.closures, unit.on_holidays)
            found = memo.get(key)
            if found is None:
                found = memo[key] = _openings(schedule, export.start, days, tzid)
            channels.append((unit, channel, found))
            for day in found[1]:
                reason = f": {day.reason}" if day.reason else ""
                title = _title(unit, channel)
                if day.kind == "unknown":  # no event: whether it opens is not known
                    what = f"hours unknown ({day.reason})"
                else:
                    what = f"closed ({day.kind}{reason})"
                closed_lines.append(f"{day.day.isoformat()} {title}: {what}")
    if len(export.units) == 1 and export.units[0].name:
        name = export.units[0].name
    else:
        name = export.directory.name
    period = f"{export.start.isoformat()} – {export.end.isoformat()}"
    description = f"Opening hours, {period}."
    if closed_lines:
        description += "\nNo events on these days:\n" + "\n".join(closed_lines)
    head = [
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
    ]
    yield "".join(fold_line(line) for line in head)
    for unit, channel, (openings, _closed) in channels:
        yield "".join(_events(unit, channel, openings, stamp))
    yield "END:VCALENDAR\r\n"


def _title(unit: Unit, channel: str) -> str:
    return unit.name if channel == DEFAULT_CHANNEL else f"{unit.name} ({channel})"


def _openings(
    schedule: Schedule, start: date, days: int, tzid: str
) -> tuple[list[Opening], list[Closed]]:
    from mops_cli.week import exceptions

    zone = schedule.zone
    openings = []
    for offset in range(days):
        plan = schedule.plan(start + timedelta(days=offset))
        for interval in schedule.day_intervals(plan):
            begins, ends = _local(interval.start, zone), _local(interval.end, zone)
            lines = fold_line(f"DTSTART;TZID={tzid}:{begins:%Y%m%dT%H%M%S}") + fold_line(
                f"DTEND;TZID={tzid}:{ends:%Y%m%dT%H%M%S}"
            )
            note = interval.note or (plan.reason if plan.kind == "special" else None)
            openings.append(Opening(f"{begins:%Y%m%dT%H%M}", lines, note))
    closed = [
        Closed(item.day, item.kind, item.reason)
        for item in exceptions(schedule, start, days)
        if item.kind in ("holiday", "closure", "unknown")
    ]
    return openings, closed


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _events(unit: Unit, channel: str, openings: list[Opening], stamp: str) -> Iterator[str]:
    """The unit's VEVENTs, the lines common to them made once."""
    uid = f"UID:{unit.id}/{channel}/"
    summary = fold_line(f"SUMMARY:{escape_text(_title(unit, channel))}")
    place = ", ".join(x for x in (unit.address, unit.location_note) if x)
    location = fold_line(f"LOCATION:{escape_text(place)}") if place else ""
    tail = (
        location
        + fold_line(f"CATEGORIES:{escape_text(channel)}")
        + ("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")
    )
    notes: dict[str, str] = {}
    for opening in openings:
        note = ""
        if opening.note:
            note = notes.get(opening.note) or notes.setdefault(
                opening.note, fold_line(f"DESCRIPTION:{escape_text(opening.note)}")
            )
        yield (
            "BEGIN:VEVENT\r\n"
            + fold_line(f"{uid}{opening.uid}@mops-cli")
            + stamp
            + opening.lines
            + summary
            + note
            + tail
        )


def vtimezone(zone: ZoneInfo, start: date, end: date) -> list[str]:
    """A VTIMEZONE for `zone` valid over the range: the observance in force on its first day,
    then one per transition up to its last day, each taken from the zone's own data."""
    first = datetime.combine(start - timedelta(days=1), time(), zone)
    offset = first.utcoffset()
    assert offset is not None
    observances = [_observance(zone, first.astimezone(timezone.utc), offset, offset)]
    for change in clock_changes(zone, start, end + timedelta(days=1)):
        observances.append(_observance(zone, change.at, change.before, change.after))
    return ["BEGIN:VTIMEZONE", f"TZID:{zone.key}", *(x for o in observances for x in o),
            "END:VTIMEZONE"]  # fmt: skip


def _observance(zone: ZoneInfo, at: datetime, before: timedelta, after: timedelta) -> list[str]:
    """STANDARD or DAYLIGHT from the UTC instant `at` on; DTSTART is its wall-clock time read
    with the offset in force before it, as RFC 5545 3.6.5 asks."""
    moment = at.astimezone(zone)
    kind = "DAYLIGHT" if moment.dst() else "STANDARD"
    wall = at.replace(tzinfo=None) + before
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
