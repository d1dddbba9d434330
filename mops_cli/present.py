"""Answers as words and as JSON: everything the commands print, short of terminal styling.

The JSON shapes here are the documented, stable contract (README, "JSON output").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from mops_cli.hours import HORIZON_DAYS, DayPlan, Interval, Schedule, Status
from mops_cli.i18n import N_, _, active, ngettext, short_date, weekday_abbr
from mops_cli.model import MINUTES_PER_DAY, Phone, Rule, Unit

if TYPE_CHECKING:  # imported by the commands that use them, not by every answer
    from collections.abc import Callable

    from mops_cli.loader import Problem
    from mops_cli.week import DayHours, ScheduleException

Json = dict[str, Any]


def iso(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 with the UTC offset in force in the directory's zone at that instant."""
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


# -- JSON ---------------------------------------------------------------------------------------


# The JSON of a unit and of a phone: the model's fields by name, in the order the README
# documents them. The README's shapes are a contract (keys are added, never renamed or
# removed), so each names the fields it shows rather than taking them all: a field added to
# the model appears in this JSON when its name is added at the end of the list (and in the
# README). tests/test_data_model.py fails on a field of Unit in neither UNIT_JSON nor
# UNIT_JSON_LEAVES_OUT.
PHONE_JSON = ("number", "display", "label", "kind")
UNIT_JSON = (
    "id", "name", "category", "address", "location_note", "phones", "emails", "links", "notes",
    "source", "verified", "areas", "facts_newest", "matters",
)  # fmt: skip
# Shown by other answers, or not facts a caller needs: what is searched (aliases, keywords),
# where a unit belongs (parent), its hours (open-now, hours: computed, not listed), and what
# help-lines shows of a line (audience, free, emergency: helpline_json).
UNIT_JSON_LEAVES_OUT = frozenset({
    "aliases", "keywords", "parent", "hours", "closures", "on_holidays", "hours_note",
    "audience", "free", "emergency",
})  # fmt: skip


def _json_value(value: Any) -> Any:
    """A field's value as JSON: tuples as lists, dates in ISO 8601, phones as phone_json."""
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Phone):
        return phone_json(value)
    return value


def phone_json(phone: Phone) -> Json:
    return {name: getattr(phone, name) for name in PHONE_JSON}


def status_json(unit_id: str, name: str, channel: str, status: Status, zone: ZoneInfo) -> Json:
    return {
        "unit": unit_id,
        "name": name,
        "channel": channel,
        "at": iso(status.at, zone),
        "state": status.state,
        "closes_at": iso(status.closes_at, zone),
        "opens_at": iso(status.opens_at, zone),
        "reason": status.reason,
    }


def unit_json(unit: Unit) -> Json:
    return {
        name: _facts_newest(unit) if name == "facts_newest" else _json_value(getattr(unit, name))
        for name in UNIT_JSON
    }


def age_note_of(unit: Unit, today: date, years: int) -> str | None:
    """ "(from a page of 2019)" when the unit's hours or phones rest only on pages at least
    `years` old (sources.answer_age); None otherwise."""
    from mops_cli.sources import age_note, answer_age

    return age_note(answer_age(unit, today, years))


class _PerUnit:
    """What a function of a unit (and a few words) gave, for question after question of a
    long run about the same units. Kept by the unit object's identity (hashing a whole unit
    would cost as much as the work saved), with the unit itself beside it: while it is kept,
    no other object can take its identity. At most LIMIT are kept."""

    LIMIT = 4096

    def __init__(self, compute: Callable[..., str | None]) -> None:
        self._compute = compute
        self._kept: dict[tuple[int, tuple[str, ...]], tuple[Unit, str | None]] = {}

    def __call__(self, unit: Unit, *words: str) -> str | None:
        found = self._kept.get((id(unit), words))
        if found is None:
            if len(self._kept) >= self.LIMIT:
                self._kept.clear()
            found = self._kept[id(unit), words] = (unit, self._compute(unit, *words))
        return found[1]


def _newest_page(unit: Unit) -> str | None:
    from mops_cli.sources import facts_newest

    newest = facts_newest(unit)
    return newest.isoformat() if newest else None


# The newest page date of the unit's facts (sources.py), ISO; None when none is dated.
_facts_newest = _PerUnit(_newest_page)


def helpline_json(unit: Unit, schedule: Schedule, status: Status) -> Json:
    return {
        "id": unit.id,
        "name": unit.name,
        "phones": [phone_json(p) for p in unit.phones],
        "links": list(unit.links),
        "audience": list(unit.audience),
        "hours": describe_hours(unit, schedule),
        "state": status.state,
        "free": unit.free,
        "emergency": unit.emergency,
        "notes": list(unit.notes),
        "source": list(unit.source),
        "facts_newest": _facts_newest(unit),
        # When the state changes, as open-now says (added after the first release's keys).
        "closes_at": iso(status.closes_at, schedule.zone),
        "opens_at": iso(status.opens_at, schedule.zone),
        "reason": status.reason,
    }


def problem_json(problem: Problem) -> Json:
    return {
        "severity": problem.severity,
        "unit": problem.unit,
        "field": problem.field,
        "message": problem.message,
    }


# -- words ------------------------------------------------------------------------------------


def clock(minutes: int) -> str:
    """'07:30'; 24:00 and later stay as written (26:00 is 02:00 the next day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_span(weekdays: frozenset[int]) -> str:
    """{0,1,2,4} -> 'Mon–Wed, Fri'."""
    names = [weekday_abbr_index(i) for i in range(7)]
    days = sorted(weekdays)
    groups: list[list[int]] = []
    for day in days:
        if groups and day == groups[-1][-1] + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    parts = []
    for group in groups:
        if len(group) >= 3:
            parts.append(f"{names[group[0]]}–{names[group[-1]]}")
        else:
            parts.extend(names[d] for d in group)
    return ", ".join(parts)


def weekday_abbr_index(index: int) -> str:

    return weekday_abbr(date(2024, 1, 1) + timedelta(days=index))  # 2024-01-01 was a Monday


def describe_rule(rule: Rule) -> str:
    hours = _("closed") if rule.closed else f"{clock(rule.opens)}–{clock(rule.closes)}"
    if rule.rrule is not None:
        when = rule.note or rule.rrule
    elif (
        rule.weekdays == frozenset(range(7)) and rule.opens == 0 and rule.closes == MINUTES_PER_DAY
    ):
        return _("round the clock")
    else:
        when = day_span(rule.weekdays)
    text = f"{when} {hours}"
    if rule.valid_from or rule.valid_to:
        start = rule.valid_from.isoformat() if rule.valid_from else "…"
        end = rule.valid_to.isoformat() if rule.valid_to else "…"
        text += f" ({start} – {end})"
    return text


def not_mops(unit: Unit) -> str:
    """A referral's first line: 'Not MOPS: Zakład Ubezpieczeń Społecznych (ZUS) handles
    świadczenie wychowawcze 800+; Dobry Start (300+)'."""
    return _("Not MOPS: {name} handles {matters}").format(
        name=unit.name, matters="; ".join(unit.matters)
    )


def unknown_hours_note(unit: Unit) -> str | None:
    """What the sources say of hours the data lacks: for a unit with no hours on record at all.
    (For a channel a unit has no hours for, kasy by phone, its note would describe others.)"""
    return unit.hours_note if not unit.hours else None


def describe_hours(unit: Unit, schedule: Schedule) -> str:
    """One line of a unit's hours for its channel: 'Mon–Fri 10:00–14:00; …', or unknown."""
    described = _described(unit, schedule.channel, active())
    assert described is not None
    return described


def _hours_in(unit: Unit, channel: str, language: str) -> str:
    """describe_hours for the unit's rules of `channel`, in `language` (the active one)."""
    rules = tuple(rule for rule in unit.hours if rule.channel == channel)
    if not rules:
        text = _("unknown")
        note = unknown_hours_note(unit)
        return f"{text} ({note})" if note else text
    weekly: dict[tuple[Any, ...], set[int]] = {}
    special = []
    for rule in rules:
        if rule.rrule is None:
            key = (rule.opens, rule.closes, rule.valid_from, rule.valid_to)
            weekly.setdefault(key, set()).update(rule.weekdays)
        else:
            special.append(describe_rule(rule))
    parts = [
        describe_rule(Rule(channel, o, c, frozenset(days), valid_from=f, valid_to=t))
        for (o, c, f, t), days in sorted(weekly.items(), key=lambda kv: (min(kv[1]), kv[0][:2]))
    ]
    text = "; ".join(parts + special)
    if unit.on_holidays == "open":
        text += "; " + _("also on public holidays")
    elif unit.on_holidays == "unknown":
        text += "; " + _("public holidays: unknown (the source does not say)")
    return text


_described = _PerUnit(_hours_in)  # every help-lines question describes the same lines again


def _when(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """'at 12:00' on the day asked about, 'Mon 28 Dec at 10:00' on another day (never
    'tomorrow': the day asked about need not be today)."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    time_text = local.strftime("%H:%M")
    if local.date() == today:
        return _("at {time}").format(time=time_text)
    return _("{date} at {time}").format(date=short_date(local.date()), time=time_text)


def _soon(moment: datetime, now: datetime) -> int | None:
    """Whole minutes until `moment` when it is within the hour, else None."""
    seconds = (moment - now).total_seconds()
    return max(1, int(seconds // 60)) if 0 < seconds <= 3600 else None


def status_sentence(status: Status, zone: ZoneInfo) -> str:
    """'open, closes at 12:00 (ostatni dzień miesiąca)', 'closed (Wigilia Bożego Narodzenia),
    opens Mon 28 Dec at 10:00': the reason goes with what it explains: the hours of the day
    asked about, or else why it is closed, before when it opens again."""
    now = status.at
    why = f" ({status.reason})" if status.reason else ""
    if status.state == "unknown":
        return _("hours unknown") + why
    if status.state == "open":
        if status.closes_at is None:
            change = _("no closing in the next {days} days").format(days=HORIZON_DAYS)
            return _("open round the clock") + f" ({change})" + why
        if (minutes := _soon(status.closes_at, now)) is not None:
            change = ngettext("closes in {n} min, {when}", "closes in {n} min, {when}", minutes)
        else:
            change = _("closes {when}")
        when = _when(status.closes_at, now, zone)
        return _("open") + ", " + change.format(n=minutes, when=when) + why
    if status.opens_at is None:
        change = _("no opening in the next {days} days").format(days=HORIZON_DAYS)
        return _("closed") + why + ", " + change
    if (minutes := _soon(status.opens_at, now)) is not None:
        change = ngettext("opens in {n} min, {when}", "opens in {n} min, {when}", minutes)
    else:
        change = _("opens {when}")
    change = change.format(n=minutes, when=_when(status.opens_at, now, zone))
    if _same_day(status.opens_at, now, zone):  # a later opening today: the day's hours
        return _("closed") + ", " + change + why
    return _("closed") + why + ", " + change


def glance_sentence(status: Status, zone: ZoneInfo) -> str:
    """status_sentence, short: a line that never closes is 'open round the clock'."""
    if status.state == "open" and status.closes_at is None:
        why = f" ({status.reason})" if status.reason else ""
        return _("open round the clock") + why
    return status_sentence(status, zone)


def _same_day(one: datetime, other: datetime, zone: ZoneInfo) -> bool:
    return one.astimezone(zone).date() == other.astimezone(zone).date()


def day_sentence(day: DayHours) -> str:
    """A day's hours: '10:00–14:00', 'closed all day (Wigilia Bożego Narodzenia)', or
    'hours unknown'."""
    plan = day.plan
    if not plan.known:
        return _("hours unknown") + (f" ({plan.reason})" if plan.reason else "")
    if plan.ranges:
        return ranges_text(plan)
    closed = _("closed all day")
    return f"{closed} ({plan.reason})" if plan.reason else closed


def moment_text(moment: datetime, zone: ZoneInfo) -> str:
    """'Sat 28 Nov 2026 11:00': the instant an answer is for, named in full."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())} {local:%H:%M}"


def day_text(day: date) -> str:
    """'Mon 7 Dec 2026'"""
    return f"{short_date(day)} {day.year}"


# The channels every directory knows, named in the reader's language; others as the data has them.
CHANNEL_NAMES = {
    "in-person": N_("in-person"), "phone": N_("phone"), "e-mail": N_("e-mail"),
    "online": N_("online"), "visits": N_("visits"),
}  # fmt: skip


def channel_name(channel: str) -> str:
    return _(CHANNEL_NAMES[channel]) if channel in CHANNEL_NAMES else channel


def state_word(status: Status) -> str:
    return {"open": _("open"), "closed": _("closed"), "unknown": _("unknown")}[status.state]


# -- the week view ------------------------------------------------------------------------------


def ranges_text(plan: DayPlan) -> str:
    """'10:00–14:00, 16:00–18:00', or why the day is closed, or 'unknown'."""
    if not plan.known:
        return _("unknown") + (f" ({plan.reason})" if plan.reason else "")
    if plan.ranges:
        text = ", ".join(f"{clock(r.opens)}–{clock(r.closes % MINUTES_PER_DAY or r.closes)}"
                         for r in plan.ranges)  # fmt: skip
        return f"{text} ({plan.reason})" if plan.reason else text
    return _("closed ({reason})").format(reason=plan.reason) if plan.reason else _("closed")


def compact_ranges(plan: DayPlan) -> str:
    """For the overview table: '10-14', '7:30-15:30'; '–' closed, '?' unknown, '*' a holiday
    or closure."""
    if not plan.known:
        return "?"
    if plan.kind in ("holiday", "closure"):
        return "*"
    if not plan.ranges:
        return "–"

    def short(minutes: int) -> str:
        minutes = minutes % MINUTES_PER_DAY or minutes
        return f"{minutes // 60}" if minutes % 60 == 0 else f"{minutes // 60}:{minutes % 60:02d}"

    lines = []
    for r in plan.ranges:
        opens, closes = short(r.opens), short(r.closes)
        # Narrow columns: a range that does not fit in five characters takes two lines.
        lines.append(f"{opens}-{closes}" if len(opens) + len(closes) < 5 else f"{opens}-\n{closes}")
    return "\n".join(lines)


def offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def exception_text(item: ScheduleException) -> str:
    if item.kind == "dst" and item.offsets:
        before, after = item.offsets
        change = _("clocks go forward") if after > before else _("clocks go back")
        return f"{change}: {offset_text(before)} → {offset_text(after)}"
    if item.kind == "special" and item.plan is not None:
        return ranges_text(item.plan)
    if item.kind == "unknown":
        return f"{_('hours unknown')} ({item.reason})"
    label = _("public holiday") if item.kind == "holiday" else _("closed")
    return f"{label}: {item.reason}"


def interval_json(interval: Interval, zone: ZoneInfo) -> Json:
    return {
        "start": iso(interval.start, zone),
        "end": iso(interval.end, zone),
        "note": interval.note,
    }


def day_json(day: DayHours, zone: ZoneInfo) -> Json:
    plan = day.plan
    return {
        "date": plan.day.isoformat(),
        "kind": plan.kind,
        "intervals": [interval_json(i, zone) for i in day.intervals],
        "reason": plan.reason,
    }


def open_day_json(unit_id: str, name: str, channel: str, day: DayHours, zone: ZoneInfo) -> Json:
    """open-now with a date alone: the unit's hours that day."""
    return {
        "unit": unit_id,
        "name": name,
        "channel": channel,
        "opens": bool(day.intervals) if day.plan.known else None,
        **day_json(day, zone),
    }


def exception_json(item: ScheduleException, schedule: Schedule, zone: ZoneInfo) -> Json:
    return {
        "date": item.day.isoformat(),
        "kind": item.kind,
        "reason": item.reason,
        "description": exception_text(item),
        "intervals": [
            interval_json(i, zone) for i in (schedule.day_intervals(item.plan) if item.plan else [])
        ],
    }


def week_json(
    unit: Unit,
    schedule: Schedule,
    days: list[DayHours],
    upcoming: list[ScheduleException],
    zone: ZoneInfo,
) -> Json:
    return {
        "unit": unit.id,
        "name": unit.name,
        "channel": schedule.channel,
        "week": days[0].day.isoformat(),
        "days": [day_json(d, zone) for d in days],
        "exceptions": [exception_json(e, schedule, zone) for e in upcoming],
    }
