"""Every command's answer, one function per command: the single commands of the CLI, and
anything else that asks the same questions, answer through these.

Each function takes its arguments as the command line gives them (strings: `at="2026-12-07
11:00"`; a time may also come typed, a datetime or a date, as the Python API passes it),
returns an immutable answer holding the core's typed objects (what a renderer needs), with
`.to_json()` (exactly what the command prints under `--json`) and `.exit` (the command's exit
status). Errors are raised as MopsError subclasses (UsageError, DataError).

The answers are NamedTuples: typed and immutable like frozen dataclasses, and cheaper to
define, which every run pays at start-up. Their annotations are real objects, not strings:
typing compiles every string annotation of a NamedTuple into a ForwardRef (about 7 ms here).

JSON is the same in every language: set `session.machine = True` before asking when the
answer is for a machine (holiday names in Polish, validation messages in English).
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from mops_cli.errors import ExitStatus, UsageError
from mops_cli.i18n import _, active, language
from mops_cli.session import recovering

if TYPE_CHECKING:
    from pathlib import Path

    from mops_cli.diff import Changes
    from mops_cli.hours import Schedule, State, Status
    from mops_cli.loader import Problem
    from mops_cli.model import DirectoryData, Phone, Unit
    from mops_cli.review import ReviewItem
    from mops_cli.session import Session
    from mops_cli.week import DayHours, ScheduleException
    from mops_cli.when import When

else:  # names for the type checker; at run time their modules load only where used
    Path = Schedule = State = Status = Problem = Phone = Unit = Session = object
    DayHours = ScheduleException = When = object
    Changes = DirectoryData = ReviewItem = object

# A time as the command line writes it ("2026-12-07 11:00", "jutro 9"), or typed: a datetime
# (with an offset, or naive: wall-clock time in the directory's zone) or a date (that day).
Time = str | date | None

Json = Any

# Bounds on what a question may say, whichever face it comes through (README, "Limits"): a
# name, a time, a channel or an audience is short, a caller's words a sentence or two.
MAX_ARGUMENT_CHARS = 1000
MAX_QUERY_WORDS = 100


def check_length(name: str, value: object) -> None:
    """A UsageError for a text argument longer than MAX_ARGUMENT_CHARS."""
    if isinstance(value, str) and len(value) > MAX_ARGUMENT_CHARS:
        message = _("{name} is too long: {length} characters (at most {limit})")
        raise UsageError(message.format(name=name, length=len(value), limit=MAX_ARGUMENT_CHARS))


# (unit id, unit name, channel, state): one unit's answer to "is it open?"
UnitState = tuple[str, str, str, Status]


# -- open-now ---------------------------------------------------------------------------------


class OpenNow(NamedTuple):
    """Is a unit (or every unit) open at an instant, and when does that change."""

    states: tuple[UnitState, ...]
    unit: Unit | None  # the unit asked about; None for every unit
    zone: ZoneInfo
    asked: datetime | None = None  # the instant --at named; None for now
    categories: Mapping[str, str] = MappingProxyType({})  # unit id -> its category

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
            payload.append(
                {**part, "unit": unit_id, "name": name, "category": self.categories.get(unit_id)}
            )
        return payload if self.all_units else payload[0]

    @property
    def exit(self) -> ExitStatus:
        if self.all_units:
            return ExitStatus.OK
        return _state_exit(self.states[0][3].state)


class OpenOnDay(NamedTuple):
    """When a unit (or every unit) opens on one day: `--at` named a date and no time."""

    days: tuple[tuple[str, str, str, DayHours], ...]  # (unit id, name, channel, the day)
    unit: Unit | None  # the unit asked about; None for every unit
    day: date
    zone: ZoneInfo
    categories: Mapping[str, str] = MappingProxyType({})  # unit id -> its category

    @property
    def all_units(self) -> bool:
        return self.unit is None

    def to_json(self) -> Json:
        from mops_cli.present import open_day_json

        payload = [
            {**open_day_json(i, n, c, d, self.zone), "category": self.categories.get(i)}
            for i, n, c, d in self.days
        ]
        return payload if self.all_units else payload[0]

    @property
    def exit(self) -> ExitStatus:
        if self.all_units:
            return ExitStatus.OK
        return _state_exit(day_state(self.days[0][3]))


def day_state(day: DayHours) -> State:
    """Whether the unit opens at all that day: "open", "closed", or "unknown" hours."""
    if not day.plan.known:
        return "unknown"
    return "open" if day.intervals else "closed"


def _state_exit(state: State) -> ExitStatus:
    return {"open": ExitStatus.OPEN, "closed": ExitStatus.NEGATIVE}.get(state, ExitStatus.UNKNOWN)


@recovering
def open_now(
    session: Session,
    unit: str | None = None,
    *,
    all_units: bool = False,
    at: Time = None,
    channel: str | None = None,
) -> OpenNow | OpenOnDay:
    for name, value in (("unit", unit), ("at", at), ("channel", channel)):
        check_length(name, value)
    if all_units == (unit is not None):
        raise UsageError(_("give one UNIT, or --all"))
    channel = session.check_channel(channel)
    moment = session.moment(at)
    one = None if all_units else session.resolve(unit or "")
    if moment.day is not None:
        from mops_cli.week import day_hours

        units = session.units() if one is None else [one]
        days = []
        for each in units:
            schedule = session.schedule(each, channel)
            hours_that_day = day_hours(schedule, moment.day)
            days.append((each.id, each.name, schedule.channel, hours_that_day))
        categories = {each.id: each.category for each in units}
        return OpenOnDay(tuple(days), one, moment.day, session.zone, categories)
    asked = moment.instant if at is not None else None
    if one is None:
        states = tuple(session.statuses(channel, moment.instant))
        return OpenNow(states, None, session.zone, asked, session.categories())
    schedule, status = session.status(one, channel, moment.instant)
    state = ((one.id, one.name, schedule.channel, status),)
    return OpenNow(state, one, session.zone, asked, {one.id: one.category})


# -- contacts ---------------------------------------------------------------------------------


class Contact(NamedTuple):
    """A unit found, with its hours at the moment asked about (None when not asked for)."""

    unit: Unit
    schedule: Schedule | None = None
    status: Status | None = None
    day: DayHours | None = None  # the day's hours, when --at named a date alone
    matched: tuple[Phone, ...] = ()  # the unit's numbers that match a number asked for

    @property
    def state(self) -> State:
        """Open or closed at the instant, or (for a date alone) whether it opens that day."""
        if self.day is not None:
            return day_state(self.day)
        return self.status.state if self.status is not None else "unknown"


class Contacts(NamedTuple):
    """Who to call: the units a phrase means, best first (every unit for no phrase)."""

    phrase: str
    found: tuple[Contact, ...]
    suggestions: tuple[str, ...]  # unit ids that look like the phrase, when nothing was found
    number: bool = False  # the phrase is a phone number
    asked: datetime | None = None  # the instant --at named
    day: date | None = None  # the day --at named, without a time
    # The phrase reads as a street or place no unit maps: `found` holds only the unit to call
    # instead (the directory's fallback), if it has one, and the answer is a negative one.
    unmapped: bool = False

    def to_json(self) -> Json:
        from mops_cli.present import unit_json

        rows = [
            {**unit_json(c.unit), "matched_phones": [p.number for p in c.matched]}
            for c in self.found
        ]
        if self.unmapped:
            with language("en"):
                place = {"query": self.phrase, "message": unmapped_message(self)}
            return [{**row, "unmapped_place": place} for row in rows]
        return rows

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.FOUND if self.found and not self.unmapped else ExitStatus.NEGATIVE


def unmapped_message(result: Contacts) -> str:
    """What an unmapped street or place gets instead of "nothing found"."""
    message = _(
        "no public page maps streets to the field social-work teams (ZTPS), so the directory "
        "cannot tell which team serves {place!r}"
    ).format(place=result.phrase)
    if result.found:
        call = _("call {name} and ask").format(name=result.found[0].unit.name)
        return f"{message}; {call}"
    return message


@recovering
def contacts(
    session: Session,
    query: str | list[str] | None,
    *,
    at: Time = None,
    with_hours: bool = True,
) -> Contacts:
    """`with_hours=False` leaves out each unit's state (JSON has none), which spares loading
    the calendar."""
    from mops_cli.model import CATEGORIES
    from mops_cli.places import unmapped
    from mops_cli.search import matching_phones, search, suggest

    words = query if isinstance(query, list) else [query or ""]
    if len(words) > MAX_QUERY_WORDS:
        message = _("too many words: {count} (at most {limit})")
        raise UsageError(message.format(count=len(words), limit=MAX_QUERY_WORDS))
    phrase = " ".join(words).strip()
    check_length("query", phrase)
    check_length("at", at)
    moment = session.moment(at)
    asked = moment.instant if at is not None and moment.day is None else None
    number = _is_number(phrase)
    if phrase:
        units = [match.unit for match in search(session.index, phrase)]
        settings = session.settings
        if not number and unmapped(phrase, settings.places, units):
            fallback = session.index.units([settings.fallback] if settings.fallback else [])
            calls = [_contact(session, unit, (), moment, with_hours) for unit in fallback]
            return Contacts(phrase, tuple(calls), (), False, asked, moment.day, unmapped=True)
    else:
        units = sorted(session.units(), key=lambda u: CATEGORIES.index(u.category))
    if not units:
        ideas = () if number else tuple(suggest(session.index, phrase))
        return Contacts(phrase, (), ideas, number, asked, moment.day)
    found = [
        _contact(session, unit, matching_phones(unit, phrase) if number else (), moment, with_hours)
        for unit in units
    ]
    return Contacts(phrase, tuple(found), (), number, asked, moment.day)


def _contact(
    session: Session, unit: Unit, matched: tuple[Phone, ...], moment: When, with_hours: bool
) -> Contact:
    if not with_hours:
        return Contact(unit, matched=matched)
    schedule, status = session.status(unit, None, moment.instant)
    return Contact(unit, schedule, status, _day_hours(schedule, moment.day), matched)


def _day_hours(schedule: Schedule, day: date | None) -> DayHours | None:
    """The hours of the day --at named without a time, if it named one."""
    if day is None:
        return None
    from mops_cli.week import day_hours

    return day_hours(schedule, day)


def _is_number(phrase: str) -> bool:
    from mops_cli.phones import looks_like_phone

    return bool(phrase) and looks_like_phone(phrase)


# -- help-lines -------------------------------------------------------------------------------


class HelpLines(NamedTuple):
    """Help lines with their state at a moment: the emergency number first, then those open,
    those of unknown hours, those closed."""

    lines: tuple[Contact, ...]
    audience: str | None = None  # the audience asked for
    asked: datetime | None = None  # the instant --at named
    day: date | None = None  # the day --at named, without a time

    def to_json(self) -> Json:
        from mops_cli.present import day_json, helpline_json

        with language("en"):
            payload = []
            for line in self.lines:
                assert line.schedule is not None and line.status is not None
                item = {**helpline_json(line.unit, line.schedule, line.status),
                        "state": line.state}  # fmt: skip
                if line.day is not None:
                    item["day"] = day_json(line.day, line.schedule.zone)
                payload.append(item)
            return payload

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK if self.lines else ExitStatus.NEGATIVE


STATE_ORDER = {"open": 0, "unknown": 1, "closed": 2}


def edited_copy(session: Session, cwd: Path) -> tuple[Path, Path] | None:
    """(the installed directory read, the clone's differing data/offices.toml) when the
    session reads the shipped file by default while `cwd` is in a clone whose file differs
    from it (edited after `pip install .`); else None."""
    from mops_cli.datafile import default_data_path
    from mops_cli.datafile import edited_copy as differing

    if session.data_path is not None or session.env.environ.get("MOPS_DATA"):
        return None
    installed = default_data_path()
    edited = differing(installed, cwd)
    return None if edited is None else (installed, edited)


def audience_completions(session: Session, incomplete: str) -> list[str]:
    """What `--for` accepts that starts with what has been typed: the audiences the data names,
    and the words, Polish and English, of the groups --for knows (shell completion)."""
    from mops_cli.search import AUDIENCE_WORDS, audiences
    from mops_cli.text import fold

    known = audiences(session.units("helpline"))
    wanted = fold(incomplete)
    return [a for a in dict.fromkeys([*known, *AUDIENCE_WORDS]) if fold(a).startswith(wanted)]


@recovering
def help_lines(
    session: Session,
    *,
    audience: str | None = None,
    at: Time = None,
    open_only: bool = False,
) -> HelpLines:
    """`audience` keeps the lines for that audience (an audience the data does not know is a
    UsageError); `open_only` those answering at the moment. The emergency number answers
    always: it stays whenever any line does."""
    from mops_cli.search import for_audience

    check_length("for", audience)
    check_length("at", at)
    moment = session.moment(at)
    lines = session.units("helpline")
    if audience and audience.strip():
        lines = for_audience(lines, audience)
    answers = []
    for unit in lines:
        schedule, status = session.status(unit, None, moment.instant)
        day = _day_hours(schedule, moment.day)
        answers.append(Contact(unit, schedule, status, day))
    if open_only:
        answers = [a for a in answers if a.unit.emergency or a.state == "open"]
    # Stable: within a group, the file's order.
    answers.sort(key=lambda a: (not a.unit.emergency, STATE_ORDER[a.state]))
    asked = moment.instant if at is not None and moment.day is None else None
    return HelpLines(tuple(answers), audience, asked, moment.day)


# -- hours ------------------------------------------------------------------------------------


class Week(NamedTuple):
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


class Overview(NamedTuple):
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


@recovering
def hours(
    session: Session,
    unit: str | None = None,
    *,
    week: Time = None,
    channel: str | None = None,
) -> Week | Overview:
    from mops_cli import week as weeks

    for name, value in (("unit", unit), ("week", week), ("channel", channel)):
        check_length(name, value)
    channel = session.check_channel(channel)
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


class Validation(NamedTuple):
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
        from mops_cli import holiday_calendar
        from mops_cli.present import problem_json

        return {
            "file": str(self.path),
            "holiday_calendar": holiday_calendar(),
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
        # The bytes this run loaded: a `validate` question in `mops ask` checks the version
        # the other answers come from, not the file as it is now.
        problems = check(session.path, session.now.date(), session.raw)
    return Validation(session.path, tuple(problems), strict)


# -- review and diff: for the people who keep the file ------------------------------------------


class Review(NamedTuple):
    """Every unit in the order to re-check it (review.py), as of `today`."""

    items: tuple[ReviewItem, ...]
    today: date
    stale_after_years: int

    @property
    def stale(self) -> int:
        return sum(item.stale for item in self.items)

    def to_json(self) -> Json:
        from mops_cli.upkeep import review_json

        with language("en"):
            return [review_json(item, self.today) for item in self.items]

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK


def review(session: Session) -> Review:
    from mops_cli.loader import load
    from mops_cli.review import review as order

    today = session.now.date()
    directory = load(session.path, today=today)
    return Review(order(directory, today), today, directory.stale_after_years)


class Diff(NamedTuple):
    """What changes from the file `old` to the file `new` (diff.py)."""

    old: str
    new: str
    changes: Changes
    zone: ZoneInfo

    def to_json(self) -> Json:
        from mops_cli.upkeep import diff_json

        with language("en"):
            return diff_json(self.changes, self.old, self.new, self.zone)

    @property
    def exit(self) -> ExitStatus:
        return ExitStatus.OK if self.changes.same else ExitStatus.NEGATIVE


def diff(
    session: Session,
    old: str,
    new: str,
    *,
    days: int = 14,
    stdin: bytes | None = None,
) -> Diff:
    """Compare two directory files by name; "-" is `stdin` (read by the caller)."""
    from pathlib import Path

    from mops_cli.datafile import read_bytes
    from mops_cli.diff import compare
    from mops_cli.hours import Calendar
    from mops_cli.i18n import holiday_language
    from mops_cli.loader import load

    if old == "-" and new == "-":
        raise UsageError(_("only one of OLD and NEW can be '-' (standard input)"))
    now = session.now

    def read(name: str) -> DirectoryData:
        if name == "-":
            return load(Path("<stdin>"), stdin or b"", now.date())
        path = Path(name)
        return load(path, read_bytes(path), now.date())

    before, after = read(old), read(new)
    zone = ZoneInfo(after.timezone)
    # Holiday names as the other answers give them: Polish in JSON, the reader's language else.
    names = "pl" if session.machine else holiday_language()
    calendars = (Calendar(d.holiday_country, language=names) for d in (before, after))
    changes = compare(before, after, now.astimezone(zone).date(), days, *calendars)
    return Diff(old, new, changes, zone)


__all__ = [
    "Contact",
    "Contacts",
    "Diff",
    "HelpLines",
    "OpenNow",
    "Overview",
    "Review",
    "Validation",
    "Week",
    "contacts",
    "diff",
    "help_lines",
    "hours",
    "open_now",
    "review",
    "validate",
]
