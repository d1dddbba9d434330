"""`mops diff OLD NEW`: what an edit of the directory file changes, for review before publishing.

Units added and removed; for the units in both, the facts that changed (as lines removed and
added) and, for hours, the effect on the days ahead: each day a channel opens or closes
differently, with both versions' hours. Comparing effects rather than rules means that
rewriting a rule without changing what it says shows no change, and that a closure or a
holiday setting shows exactly the days it moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mops_cli.hours import Calendar, DayPlan, Schedule
from mops_cli.model import DEFAULT_CHANNEL, Closure, DirectoryData, Phone, Unit

DAYS_AHEAD = 14


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a unit (or of the directory): the lines only the old file has, and the
    lines only the new one has."""

    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayChange:
    """A day on which a channel's hours differ between the two files."""

    channel: str
    day: date
    old: DayPlan
    new: DayPlan
    old_schedule: Schedule
    new_schedule: Schedule


@dataclass(frozen=True, slots=True)
class UnitChange:
    id: str
    name: str
    fields: tuple[FieldChange, ...]
    days: tuple[DayChange, ...]
    rules_changed: bool  # the hours rules differ, whatever their effect on the days ahead


@dataclass(frozen=True, slots=True)
class Changes:
    start: date
    days: int
    directory: tuple[FieldChange, ...]
    added: tuple[Unit, ...]
    removed: tuple[Unit, ...]
    changed: tuple[UnitChange, ...]

    @property
    def same(self) -> bool:
        return not (self.directory or self.added or self.removed or self.changed)


def phone_line(phone: Phone) -> str:
    kind = "" if phone.kind == "voice" else f" [{phone.kind}]"
    label = f" ({phone.label})" if phone.label else ""
    return f"{phone.display}{kind}{label}"


def closure_line(closure: Closure) -> str:
    when = (
        closure.start.isoformat()
        if closure.start == closure.end
        else f"{closure.start.isoformat()}..{closure.end.isoformat()}"
    )
    return f"{when}: {closure.reason}"


def _lines(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


def _change(field: str, old: tuple[str, ...], new: tuple[str, ...]) -> FieldChange | None:
    removed = tuple(line for line in old if line not in new)
    added = tuple(line for line in new if line not in old)
    if not removed and not added:
        return None
    return FieldChange(field, removed, added)


def _facts(unit: Unit) -> dict[str, tuple[str, ...]]:
    """The facts of a unit a reviewer reads, as lines, in the order they are shown."""
    return {
        "name": _lines(unit.name),
        "category": _lines(unit.category),
        "address": _lines(unit.address),
        "location_note": _lines(unit.location_note),
        "phones": tuple(phone_line(p) for p in unit.phones),
        "emails": unit.emails,
        "links": unit.links,
        "notes": unit.notes,
        "hours_note": _lines(unit.hours_note),
        "closures": tuple(closure_line(c) for c in unit.closures),
        "on_holidays": (unit.on_holidays,),
        "source": unit.source,
        "phones.source": tuple(dict.fromkeys(p.source for p in unit.phones if p.source)),
        "hours.source": tuple(dict.fromkeys(r.source for r in unit.hours if r.source)),
        "verified": _lines(unit.verified.isoformat() if unit.verified else None),
    }


def _rules(unit: Unit) -> tuple[object, ...]:
    # Sources and notes of rules are compared as facts; here only what decides the hours.
    rules = [
        (r.channel, r.opens, r.closes, r.weekdays, r.rrule, r.closed, r.valid_from, r.valid_to)
        for r in unit.hours
    ]
    return (*rules, unit.closures, unit.on_holidays)


def _channels(old: Unit, new: Unit) -> tuple[str, ...]:
    channels = dict.fromkeys([*old.channels, *new.channels])
    return tuple(channels) or (DEFAULT_CHANNEL,)


def _same_day(one: DayPlan, other: DayPlan) -> bool:
    """Whether a caller sees the same day: open at the same times, or closed, or unknown (a
    closure on a day that was closed anyway changes nothing)."""
    return one.known == other.known and [(r.opens, r.closes) for r in one.ranges] == [
        (r.opens, r.closes) for r in other.ranges
    ]


def compare(
    old: DirectoryData,
    new: DirectoryData,
    start: date,
    days: int = DAYS_AHEAD,
    old_calendar: Calendar | None = None,
    new_calendar: Calendar | None = None,
) -> Changes:
    """What changes from `old` to `new`, with the hours of the `days` days from `start`."""
    old_calendar = old_calendar or Calendar(old.holiday_country, language="pl")
    new_calendar = new_calendar or Calendar(new.holiday_country, language="pl")
    settings = [
        _change("directory.name", _lines(old.name), _lines(new.name)),
        _change("directory.timezone", _lines(old.timezone), _lines(new.timezone)),
        _change("directory.holidays", _lines(old.holiday_country), _lines(new.holiday_country)),
        _change(
            "directory.stale_after_years",
            _lines(str(old.stale_after_years)),
            _lines(str(new.stale_after_years)),
        ),
        _change(
            "closures",
            tuple(closure_line(c) for c in old.closures),
            tuple(closure_line(c) for c in new.closures),
        ),
    ]
    old_ids = {unit.id for unit in old.units}
    new_ids = {unit.id for unit in new.units}
    changed = []
    for unit in new.units:
        before = old.get(unit.id)
        if before is None:
            continue
        facts_old, facts_new = _facts(before), _facts(unit)
        fields = tuple(
            change
            for key in facts_new
            if (change := _change(key, facts_old[key], facts_new[key])) is not None
        )
        day_changes = []
        for channel in _channels(before, unit):
            old_schedule = Schedule(before, channel, old, old_calendar)
            new_schedule = Schedule(unit, channel, new, new_calendar)
            for offset in range(days):
                day = start + timedelta(days=offset)
                old_plan, new_plan = old_schedule.plan(day), new_schedule.plan(day)
                if not _same_day(old_plan, new_plan):
                    day_changes.append(
                        DayChange(channel, day, old_plan, new_plan, old_schedule, new_schedule)
                    )
        rules_changed = _rules(before) != _rules(unit)
        if fields or day_changes or rules_changed:
            changed.append(
                UnitChange(unit.id, unit.name, fields, tuple(day_changes), rules_changed)
            )
    return Changes(
        start=start,
        days=days,
        directory=tuple(change for change in settings if change is not None),
        added=tuple(unit for unit in new.units if unit.id not in old_ids),
        removed=tuple(unit for unit in old.units if unit.id not in new_ids),
        changed=tuple(changed),
    )
