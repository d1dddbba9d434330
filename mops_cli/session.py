"""One run of `mops`: where the data comes from, what time it is, and the loaded directory.

The environment (variables, clock, standard streams, terminal) is an object the tests can swap,
as in httpie.
"""

from __future__ import annotations

import enum
import functools
import gc
import os
import sys
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TextIO, TypeVar
from zoneinfo import ZoneInfo

from mops_cli.errors import UsageError
from mops_cli.i18n import _

# Imported where used: shell completion needs none of them, a JSON answer not all.
if TYPE_CHECKING:
    from mops_cli.cache import Store
    from mops_cli.datafile import Signature
    from mops_cli.errors import CorruptCache
    from mops_cli.hours import Calendar, Memo, Schedule, Status
    from mops_cli.model import DirectoryData, Unit
    from mops_cli.search import Index
    from mops_cli.when import When


P = ParamSpec("P")
R = TypeVar("R")

RELOADS = 3  # loads of a file that keeps changing under a run, before the last is taken
RELOAD_SECONDS = 2.0  # how long a file that cannot be read is read again while it changes
RACY_SECONDS = 1.0  # a file modified this recently may still be being written


def _changes(path: Path, version: Signature) -> bool:
    """Whether the file is another version than `version`, now or in a moment. A rewrite in
    place truncates the file, then writes it: an empty file written a moment ago is watched
    while it is that recent (a busy machine can hold the writer between the two steps); any
    other recent one is looked at once more, shortly after."""
    from mops_cli.datafile import signature

    while True:
        if signature(path) != version:
            return True
        if not _racy(version):
            return False
        time.sleep(0.02)
        if version[2] > 0:
            return signature(path) != version


def _racy(version: Signature) -> bool:
    """Modified too recently to be sure the writer has finished (as git's "racy" files)."""
    return time.time_ns() - version[3] < RACY_SECONDS * 1e9


def recovering(
    function: Callable[Concatenate[Session, P], R],
) -> Callable[Concatenate[Session, P], R]:
    """An answer that recovers from a damaged or outdated cache by answering again from the
    file (Session.recover): every face (the CLI, `mops ask`, the API) asks through these."""

    @functools.wraps(function)
    def answered(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        from mops_cli.errors import CorruptCache

        try:
            return function(session, *args, **kwargs)
        except CorruptCache as damaged:
            session.recover(damaged)
            return function(session, *args, **kwargs)

    return answered


class _Process(enum.Enum):
    STREAM = enum.auto()  # "the process's own": the default of Environment's streams


PROCESS = _Process.STREAM


class Environment:
    """What a run depends on besides its arguments: the variables, the clock, the standard
    streams, whether they are terminals and how wide. Everything the process environment
    affects is read here, once (`Environment()` reads the process); tests pass their own, as
    in httpie (`Environment(environ, stdout=io.StringIO(), stdout_isatty=True)`)."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        stdin: TextIO | _Process | None = PROCESS,
        stdout: TextIO | _Process | None = PROCESS,
        stderr: TextIO | _Process | None = PROCESS,
        stdout_isatty: bool | None = None,
        columns: int | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.environ: Mapping[str, str] = dict(os.environ) if environ is None else environ
        # None: closed (mops ... >&-); the process's streams are the ones of this moment.
        self.stdin = sys.stdin if stdin is PROCESS else stdin
        self.stdout = sys.stdout if stdout is PROCESS else stdout
        self.stderr = sys.stderr if stderr is PROCESS else stderr
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self._columns = columns
        self._cwd = cwd

    @property
    def cwd(self) -> Path | None:
        """The working directory (a clone's data/offices.toml is looked for from there); None
        when it is gone (removed under the shell)."""
        if self._cwd is not None:
            return self._cwd
        try:
            return Path.cwd()
        except OSError:
            return None

    @property
    def colors(self) -> bool:
        """Whether colour (and bold, links) may be written: not under NO_COLOR (no-color.org)."""
        return not self.environ.get("NO_COLOR")

    @property
    def dumb(self) -> bool:
        """TERM=dumb: a terminal that draws ASCII only (the week view's bars as # and .)."""
        return self.environ.get("TERM") == "dumb"

    @property
    def debug(self) -> bool:
        """MOPS_DEBUG: an internal error shows its traceback instead of one line."""
        return bool(self.environ.get("MOPS_DEBUG"))

    @property
    def language(self) -> str | None:
        """MOPS_LANG, as given (--lang wins over it)."""
        return self.environ.get("MOPS_LANG")

    @property
    def columns(self) -> int:
        """The width to write for: COLUMNS, else the terminal's (of any standard stream, as
        `mops hours | less` still has one), else 80."""
        if self._columns is not None:
            return self._columns
        configured = self.environ.get("COLUMNS", "")
        if configured.isdigit():
            return int(configured)
        for stream in (self.stdin, self.stdout, self.stderr):
            try:
                return os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                continue
        return 80

    def now(self) -> datetime:
        """The current instant; MOPS_NOW (ISO 8601 with offset) pins it for tests and demos."""
        pinned = self.environ.get("MOPS_NOW")
        if pinned:
            try:
                moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
            except ValueError:
                message = _("MOPS_NOW is not an ISO 8601 time: {value!r}")
                raise UsageError(message.format(value=pinned)) from None
            if moment.tzinfo is None:
                raise UsageError(_("MOPS_NOW needs a UTC offset: {value!r}").format(value=pinned))
            from mops_cli.when import check_year

            check_year(moment.date(), pinned)
            return moment.astimezone(timezone.utc)
        return datetime.now(timezone.utc)


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a file
        return False


class Session:
    """The directory a command works on, loaded once (from the cache where it can be), with
    its calendar.

    Commands ask for what they need: one unit (`resolve`), a search (`index`), the units of
    one category or all of them (`units`), or every unit's state (`statuses`). From the cache
    only the units a command returns are loaded.
    """

    # What a long run remembers, at most (docs/architecture.md): states worked out per
    # instant; schedules (`open-now --all` makes units of the cache's schedules); days worked
    # out, counted every DAYS_LOOKED_AT_EVERY questions (counting walks every memo).
    STATES_KEPT = 4096
    SCHEDULES_KEPT = 4096
    DAYS_KEPT = 100_000
    DAYS_LOOKED_AT_EVERY = 64

    def __init__(self, data_path: Path | None, env: Environment) -> None:
        self.env = env
        self.data_path = data_path
        self._memo: dict[tuple[Memo, datetime], Status] = {}
        # Days worked out per schedule's hours, shared by its schedules (hours.schedule_for).
        self._days: dict[tuple[object, ...], Memo] = {}
        self._units: dict[str | None, list[Unit]] = {}
        # Each unit's schedules, by the unit object's identity, with the unit kept beside them
        # (so that no other object can take the identity): a long run asks for the same
        # units' schedules again and again.
        self._schedules: dict[tuple[int, str | None], tuple[Unit, Schedule]] = {}
        self._questions = 0  # of a long run: the days' memos are counted every 64th
        # JSON is the same in every language: holiday names in it are Polish, as the law and
        # the data write them; human output names them in the reader's language.
        self.machine = False
        self._loaded: DirectoryData | None = None
        self._raw = b""
        self._version: Signature | None = None
        self._key = ""
        self._folder: Path | None = None

    @cached_property
    def path(self) -> Path:
        from mops_cli.datafile import default_data_path

        if self.data_path is not None:
            return self.data_path
        configured = self.env.environ.get("MOPS_DATA")
        return Path(configured) if configured else default_data_path()

    @cached_property
    def _store(self) -> Store | None:
        """The cache for this file's content; None when it had to be (re)built this run.

        One run answers from one version of the file: its bytes are kept (`raw`), and a file
        that changes while it is read or loaded is read again, never cached half-written."""
        from mops_cli import cache
        from mops_cli.datafile import read_stable, signature
        from mops_cli.errors import DataError

        folder = cache.cache_dir(self.env.environ)
        deadline = time.monotonic() + RELOAD_SECONDS
        reloads = 0
        while True:
            if reloads or self._version is None:
                self._raw, self._version = read_stable(self.path)
            raw, version = self._raw, self._version
            key = cache.key_for(raw)
            self._key, self._folder = key, folder
            store = cache.open_store(folder, key)
            if store is not None:
                return store
            reloads += 1
            try:
                directory = self._parse(raw)
            except DataError:
                # A file being rewritten in place is empty or cut short for a moment: read
                # it again while it changes (for a while), and say what is wrong if it stays.
                if time.monotonic() > deadline or not _changes(self.path, version):
                    raise
                continue
            unchanged = signature(self.path) == version
            if not unchanged and _racy(version) and reloads < RELOADS:
                continue  # written a moment ago and changed since: maybe read half-written
            self._loaded = directory
            if unchanged:  # one whole version from the read to the end of the load
                self._build(directory, folder, key)
            return None

    @property
    def raw(self) -> bytes:
        """The bytes of the version of the file this run answers from."""
        if self._version is None:
            from mops_cli.datafile import read_stable

            self._raw, self._version = read_stable(self.path)
        return self._raw

    def recover(self, damaged: CorruptCache) -> None:
        """The cache turned out damaged (or written by an older model): remove it, answer from
        the same bytes of the file from now on, and write a new cache for the next run."""
        damaged.discard()
        if self.__dict__.get("_store") is None and "_store" in self.__dict__:
            raise damaged  # already answering from the file: the damage is not the cache's
        directory = self._parse(self.raw)
        self._build(directory, self._folder, self._key)
        self._loaded = directory
        self.__dict__["_store"] = None
        for name in ("settings", "index", "calendar", "zone"):
            self.__dict__.pop(name, None)
        self._memo.clear()
        self._days.clear()
        self._units.clear()
        self._schedules.clear()

    def _parse(self, raw: bytes) -> DirectoryData:
        from mops_cli.loader import load

        # Loading makes hundreds of thousands of objects and no garbage cycles: the cyclic
        # collector would only walk them again and again (a third of a large cold load).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return load(self.path, raw, self.now.date())
        finally:
            if collecting:
                gc.freeze()  # what was loaded lives to the end: later collections skip it
                gc.enable()

    def _build(self, directory: DirectoryData, folder: Path | None, key: str) -> None:
        """Write the cache for the next run."""
        from mops_cli import cache
        from mops_cli.hours import holidays_of, pattern_dates

        previous = cache.reuse_previous(folder, key)
        country = directory.holiday_country
        cache.build_detached(
            self.env.environ,
            folder,
            key,
            directory,
            self.now.year,
            lambda year, language: holidays_of(country, year, language),
            pattern_dates,
            previous,
        )

    def _file(self) -> DirectoryData:
        """The directory read from the file this run, when there was no cache to read."""
        assert self._loaded is not None
        return self._loaded

    @cached_property
    def settings(self) -> DirectoryData:
        """The directory's name, time zone, holiday country and closures (units not loaded)."""
        store = self._store
        return store.settings if store is not None else self._file()

    @cached_property
    def index(self) -> Index:
        from mops_cli.search import MemoryIndex, RememberingIndex

        source = self._store
        if source is None:
            return MemoryIndex(self._file())
        return RememberingIndex(source)

    def units(self, category: str | None = None) -> list[Unit]:
        """The units of a category (all without one), read once a run: a long run asks for
        the help lines at every help-lines question."""
        found = self._units.get(category)
        if found is None:
            source = self._store
            if source is None:
                found = [
                    u for u in self._file().units if category is None or u.category == category
                ]
            else:
                found = source.all_units(category)
            self._units[category] = found
        return list(found)

    def completions(self, incomplete: str) -> list[str]:
        """Unit ids and one-word aliases that start with `incomplete` (case- and accent-blind)."""
        from mops_cli.text import fold

        wanted = fold(incomplete)
        source = self._store
        if source is not None:
            return source.labels(wanted)
        labels = [label for u in self._file().units for label in (u.id, *u.aliases)]
        return [x for x in dict.fromkeys(labels) if " " not in x and fold(x).startswith(wanted)]

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)  # checked by the loader

    @cached_property
    def calendar(self) -> Calendar:
        from mops_cli.hours import Calendar
        from mops_cli.i18n import holiday_language

        source = self._store
        country = self.settings.holiday_country
        language = "pl" if self.machine else holiday_language()
        if source is None:
            return Calendar(country, language=language)
        return Calendar(
            country, language, holidays=source.holidays(language), patterns=source.patterns
        )

    @cached_property
    def now(self) -> datetime:
        return self.env.now()

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def moment(self, when: str | date | None) -> When:
        """What `--at` names (or the API's datetime or date): an instant, or a day alone; now
        without it."""
        from mops_cli.when import When, moment_of, parse_moment

        if when is None:
            return When(self.now)
        if isinstance(when, date):  # a datetime is a date too
            return moment_of(when, self.zone)
        return parse_moment(when, self.zone, self.now)

    def day(self, when: str | date) -> date:
        """A day of the week `when` names (`--week`): a date, a day's name, "next week"; or
        the API's date or datetime."""
        from mops_cli.when import check_year, parse_week

        if isinstance(when, datetime):  # its day where the directory is (a naive one: as is)
            check_year(when.date(), when.isoformat())  # first: 9999-12-31 23:30Z has no day here
            local = when.astimezone(self.zone) if when.utcoffset() is not None else when
            return check_year(local.date(), when.isoformat())
        if isinstance(when, date):
            return check_year(when, when.isoformat())
        return parse_week(when, self.zone, self.now)

    def date_named(self, text: str) -> date:
        """The local date `text` names (`--from`, `--to`): "2026-12-07", "7.12", "jutro"."""
        from mops_cli.when import parse_date

        return parse_date(text, self.zone, self.now)

    def refresh_clock(self) -> None:
        """A long run (`mops ask`, the Python API) asks "now" anew for every question, and
        forgets what it remembers past the limits that keep its memory flat."""
        self.__dict__.pop("now", None)
        self._questions += 1
        if len(self._memo) > self.STATES_KEPT:
            self._memo.clear()
        if len(self._schedules) > self.SCHEDULES_KEPT:
            self._schedules.clear()
        if (
            self._questions % self.DAYS_LOOKED_AT_EVERY == 0
            and sum(m.size() for m in self._days.values()) > self.DAYS_KEPT
        ):
            self._days.clear()
            self._schedules.clear()  # they hold the memos just let go

    def resolve(self, query: str) -> Unit:
        from mops_cli.search import resolve

        return resolve(self.index, query)

    def check_channel(self, channel: str | None) -> str | None:
        """The channel a name means (`telefon` is `phone`). An unknown name is an error; a known
        one a unit lacks is "unknown" hours."""
        from mops_cli.model import CHANNEL_ALIASES, CHANNELS
        from mops_cli.text import fold

        if channel is None or channel in CHANNELS:
            return channel
        alias = CHANNEL_ALIASES.get(fold(channel).strip())
        if alias is not None:
            return alias
        in_data = dict.fromkeys(c for u in self.units() for c in u.channels)
        if channel not in in_data:
            from mops_cli.present import channel_name

            known = dict.fromkeys(channel_name(c) for c in CHANNELS)
            known.update((channel_name(c), None) for c in in_data if c not in CHANNELS)
            message = _("unknown channel {channel!r} (known: {known})")
            raise UsageError(message.format(channel=channel, known=", ".join(known)))
        return channel

    def schedule(self, unit: Unit, channel: str | None = None) -> Schedule:
        from mops_cli.hours import schedule_for

        found = self._schedules.get((id(unit), channel))
        if found is None:
            schedule = schedule_for(unit, self.settings, self.calendar, channel, self._days)
            found = self._schedules[id(unit), channel] = (unit, schedule)
        return found[1]

    def statuses(self, channel: str | None, at: datetime) -> list[tuple[str, str, str, Status]]:
        """(id, name, channel, state) of every unit at `at`. From the cache only each distinct
        schedule is loaded and evaluated, once: ten thousand units share a few dozen."""
        if self._store is None:
            answers = []
            for unit in self._file().units:
                schedule, status = self.status(unit, channel, at)
                answers.append((unit.id, unit.name, schedule.channel, status))
            return answers
        evaluated: dict[str, tuple[str, Status]] = {}
        answers = []
        for unit_id, name, key in self._store.schedules():
            found = evaluated.get(key)
            if found is None:
                schedule, status = self.status(
                    self._store.schedule_unit(unit_id, name, key), channel, at
                )
                found = evaluated[key] = (schedule.channel, status)
            answers.append((unit_id, name, *found))
        return answers

    def categories(self) -> dict[str, str]:
        """{unit id: category} of every unit, without loading whole units from the cache."""
        if self._store is None:
            return {unit.id: unit.category for unit in self._file().units}
        return self._store.categories()

    def status(self, unit: Unit, channel: str | None, at: datetime) -> tuple[Schedule, Status]:
        """The unit's state at `at`. Units with the same hours share one evaluation: a large
        directory repeats a few schedules ("Mon–Fri 8–16") thousands of times."""
        schedule = self.schedule(unit, channel)
        # The memo stands for the hours (channel, rules, closures, holidays) in this calendar.
        key = (schedule.memo, at)
        status = self._memo.get(key)
        if status is None:
            status = self._memo[key] = schedule.status(at)
        return schedule, status
