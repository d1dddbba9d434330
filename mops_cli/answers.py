"""Every command's answer, one function per command: the single commands of the CLI, and
anything else that asks the same questions, answer through these.

Each function takes its arguments as the command line gives them (strings: `at="2026-12-07
11:00"`), returns an immutable answer holding the core's typed objects (what a renderer
needs), with `.to_json()` (exactly what the command prints under `--json`) and `.exit` (the
command's exit status). Errors are raised as MopsError subclasses (UsageError, DataError).

JSON is the same in every language: set `session.machine = True` before asking when the
answer is for a machine (holiday names in Polish, validation messages in English).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mops_cli.errors import ExitStatus, UsageError
from mops_cli.i18n import _, active, language

if TYPE_CHECKING:
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from mops_cli.hours import Schedule, Status
    from mops_cli.loader import Problem
    from mops_cli.model import Unit
    from mops_cli.session import Session
    from mops_cli.week import DayHours, ScheduleException

Json = Any

# (unit id, unit name, channel, state): one unit's answer to "is it open?"
UnitState = tuple[str, str, str, "Status"]


# -- open-now ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenNow:
    """Is a unit (or every unit) open at an instant, and when does that change."""

    states: tuple[UnitState, ...]
    unit: Unit | None  # the unit asked about; None for every unit
    zone: ZoneInfo

    @property
    def all_units(self) -> bool:
        return self.unit is None

    def to_json(self) -> Json:
        from mops_cli.present import status_json

        # Units that share a schedule share their answer: encode it once.
        shared: dict[int, dict[str, Any]] = {}
        payload = []
        for unit_id, name, used, status in self.states:
            part = shared.get(id(status))
            if part is None:
                part = shared[id(status)] = status_json("", "", used, status, self.zone)
            payload.append({**part, "unit": unit_id, "name": name})
        return payload if self.all_units else payload[0]

    @property
    def exit(self) -> ExitStatus:
        if self.all_units:
            return ExitStatus.OK
        state = self.states[0][3].state
        return {"open": ExitStatus.OPEN, "closed": ExitStatus.NEGATIVE}.get(
            state, ExitStatus.UNKNOWN
        )


def open_now(
    session: Session,
    unit: str | None = None,
    *,
    all_units: bool = False,
    at: str | None = None,
    channel: str | None = None,
) -> OpenNow:
    if all_units == (unit is not None):
        raise UsageError(_("give one UNIT, or --all"))
    session.check_channel(channel)
    moment = session.at(at)
    if all_units:
        return OpenNow(tuple(session.statuses(channel, moment)), None, session.zone)
    one = session.resolve(unit or "")
    schedule, status = session.status(one, channel, moment)
    return OpenNow(((one.id, one.name, schedule.channel, status),), one, session.zone)


# -- contacts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A unit found, with its hours at the instant asked about (None when not asked for)."""

    unit: Unit
    schedule: Schedule | None = None
    status: Status | None = None


@dataclass(frozen=True)
class Contacts:
    """Who to call: the units a phrase means, best first (every unit for no phrase)."""

    phrase: str
    found: tuple[Contact, ...]
    suggestions: tuple[str, ...]  # unit ids that look like the phrase, when nothing was found

    def to_json(self) -> Json:
        from mops_cli.present import unit_json

        return [unit_json(c.unit) for c in self.found]

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.FOUND if self.found else ExitStatus.NEGATIVE


def contacts(
    session: Session, query: str | list[str] | None, *, at: str | None = None, hours: bool = True
) -> Contacts:
    """`hours=False` leaves out each unit's state (JSON has none), which spares loading the
    calendar."""
    from mops_cli.search import search, suggest

    words = query if isinstance(query, list) else [query or ""]
    phrase = " ".join(words).strip()
    moment = session.at(at)
    if phrase:
        units = [match.unit for match in search(session.index, phrase)]
    else:
        units = sorted(session.units(), key=lambda u: u.category != "office")
    if not units:
        return Contacts(phrase, (), tuple(suggest(session.index, phrase)))
    found = []
    for unit in units:
        if hours:
            found.append(Contact(unit, *session.status(unit, None, moment)))
        else:
            found.append(Contact(unit))
    return Contacts(phrase, tuple(found), ())


# -- help-lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpLines:
    """Help lines with their state at an instant, the emergency number first."""

    lines: tuple[tuple[Unit, Schedule, Status], ...]

    def to_json(self) -> Json:
        from mops_cli.present import helpline_json

        with language("en"):
            return [helpline_json(u, sch, st) for u, sch, st in self.lines]

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK


def help_lines(
    session: Session, *, audience: str | None = None, at: str | None = None
) -> HelpLines:
    from mops_cli.search import for_audience

    moment = session.at(at)
    lines = session.units("helpline")
    lines.sort(key=lambda u: not u.emergency)  # the emergency number first, always
    if audience:
        lines = for_audience(lines, audience)
    return HelpLines(tuple((u, *session.status(u, None, moment)) for u in lines))


# -- hours ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One unit's week, and the exceptions coming up."""

    unit: Unit
    schedule: Schedule
    days: tuple[DayHours, ...]
    upcoming: tuple[ScheduleException, ...]
    today: date
    zone: ZoneInfo

    def to_json(self) -> Json:
        from mops_cli.present import week_json

        with language("en"):
            return week_json(self.unit, self.schedule, list(self.days), list(self.upcoming),
                             self.zone)  # fmt: skip

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK


@dataclass(frozen=True)
class Overview:
    """Every unit × weekday of one week, with each unit's state now."""

    rows: tuple[tuple[Unit, Schedule, Status, tuple[DayHours, ...]], ...]
    monday: date
    zone: ZoneInfo

    def to_json(self) -> Json:
        from mops_cli.present import week_json

        return [
            {**week_json(u, sch, list(days), [], self.zone), "state": st.state}
            for u, sch, st, days in self.rows
        ]

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK


def hours(
    session: Session,
    unit: str | None = None,
    *,
    week: str | None = None,
    channel: str | None = None,
) -> Week | Overview:
    from mops_cli import week as weeks

    session.check_channel(channel)
    shown = session.day(week) if week else session.today
    monday = weeks.monday_of(shown)
    today = session.today
    if unit is None:
        rows = []
        for one in session.units():
            schedule, status = session.status(one, channel, session.now)
            rows.append((one, schedule, status, tuple(weeks.week(schedule, monday))))
        return Overview(tuple(rows), monday, session.zone)
    one = session.resolve(unit)
    schedule = session.schedule(one, channel)
    days = weeks.week(schedule, monday)
    start = today if monday <= today < monday + timedelta(days=7) else monday
    upcoming = weeks.exceptions(schedule, start)
    return Week(one, schedule, tuple(days), tuple(upcoming), today, session.zone)


# -- validate ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    """Every problem of a directory file."""

    path: Path
    problems: tuple[Problem, ...]
    strict: bool

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)

    def to_json(self) -> Json:
        from mops_cli.present import problem_json

        return {
            "file": str(self.path),
            "ok": not self.failed,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [problem_json(p) for p in self.problems],
        }

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.NEGATIVE if self.failed else ExitStatus.OK


def validate(session: Session, *, strict: bool = False) -> Validation:
    from mops_cli.validate import validate as check

    with language("en" if session.machine else active()):  # JSON is the same in every language
        problems = check(session.path, session.now.date())
    return Validation(session.path, tuple(problems), strict)


__all__ = [
    "Contact",
    "Contacts",
    "HelpLines",
    "OpenNow",
    "Overview",
    "Validation",
    "Week",
    "contacts",
    "help_lines",
    "hours",
    "open_now",
    "validate",
]
