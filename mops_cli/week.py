"""A unit's week at a glance and the exceptions coming up: the data behind `mops hours`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from mops_cli.hours import DayPlan, Interval, Schedule, day_plan

# "unknown": a public holiday on which the unit's sources do not say whether it opens.
ExceptionKind = Literal["holiday", "closure", "special", "dst", "unknown"]

EXCEPTION_DAYS = 30


@dataclass(frozen=True, slots=True)
class DayHours:
    """One local date: what decided it, and its open intervals (as UTC instants)."""

    plan: DayPlan
    intervals: tuple[Interval, ...]

    @property
    def day(self) -> date:
        return self.plan.day


@dataclass(frozen=True, slots=True)
class ScheduleException:
    """A date on which the usual weekly hours do not hold, or the clocks change."""

    day: date
    kind: ExceptionKind
    reason: str | None  # the holiday's name, the closure's reason, the pattern's note
    plan: DayPlan | None = None  # the day's hours, for a special day
    offsets: tuple[timedelta, timedelta] | None = None  # UTC offsets before and after (DST)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_hours(schedule: Schedule, day: date) -> DayHours:
    """One local date of a schedule: its plan and open intervals."""
    plan = schedule.plan(day)
    return DayHours(plan, tuple(schedule.day_intervals(plan)))


def week(schedule: Schedule, any_day: date) -> list[DayHours]:
    """Monday to Sunday of the week containing `any_day`."""
    start = monday_of(any_day)
    return [day_hours(schedule, start + timedelta(days=offset)) for offset in range(7)]


def _usual(schedule: Schedule, day: date) -> DayPlan:
    """The day as the weekly rules alone would have it: no closure, holiday or pattern."""
    weekly = tuple(rule for rule in schedule.rules if rule.rrule is None)
    return day_plan(weekly, day)


def exceptions(
    schedule: Schedule, start: date, days: int = EXCEPTION_DAYS
) -> list[ScheduleException]:
    """Holidays and closures that close the unit on a day it would open (or make its hours
    unknown: a holiday its sources are silent about), special-hours dates,
    and clock changes followed by an opening, from `start` for `days` days."""
    found: list[ScheduleException] = []
    end = start + timedelta(days=days)
    day = start
    while day < end:
        plan = schedule.plan(day)
        if plan.kind in ("holiday", "closure"):
            if _usual(schedule, day).ranges:
                found.append(ScheduleException(day, plan.kind, plan.reason))
        elif plan.kind == "unknown" and plan.reason and _usual(schedule, day).ranges:
            found.append(ScheduleException(day, "unknown", plan.reason))
        elif plan.kind == "special":
            found.append(ScheduleException(day, "special", plan.reason, plan=plan))
        before, after = _offset(schedule, day - timedelta(days=1)), _offset(schedule, day)
        if before != after and schedule.intervals(
            schedule.instant(day, 0), schedule.instant(end, 0)
        ):
            found.append(ScheduleException(day, "dst", None, offsets=(before, after)))
        day += timedelta(days=1)
    return found


def _offset(schedule: Schedule, day: date) -> timedelta:
    noon = datetime.combine(day, time(12), schedule.zone)
    offset = noon.utcoffset()
    assert offset is not None  # a ZoneInfo always gives one
    return offset
