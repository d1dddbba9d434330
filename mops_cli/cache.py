"""The compiled directory cache: what start-up would otherwise recompute, in SQLite.

Parsing a large TOML file, validating phone numbers, and importing the `holidays` package and
python-dateutil take most of a cold run. The cache keeps their results (units as JSON, a search
index, holidays and RRULE dates for the years around the build) in one SQLite file per data-file
content, in the user cache directory. A format that cannot execute code: never pickle.

Promises: a file is found only by the SHA-256 of the data file's bytes (plus the versions of
everything that shaped it), so an edit is always seen, whatever its size and mtime; a cache is
written to a temporary file and renamed into place, so readers never see half of one and
concurrent first runs cannot corrupt it; a corrupt or foreign file is ignored and rebuilt; and a
missing or read-only cache directory only makes `mops` slower.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import sqlite3
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from mops_cli import __version__
from mops_cli.errors import CorruptCache
from mops_cli.text import unclean

# The model, search and phone modules are imported where used: shell completion reads only
# the names table, and should not pay for them.
if TYPE_CHECKING:
    from mops_cli.model import Closure, DirectoryData, OnHolidays, Rule, Unit

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def cache_format(definition: str) -> str:
    """The format of a cache, from the model's definition (model.definition) and the tables
    below: a change to either makes every cache of an older format unused and rebuilt, with no
    number to remember. LAYOUT counts the changes that neither shows (what a row holds
    beyond the model: the search texts, the schedule key)."""
    digest = hashlib.sha256("\0".join((definition, SCHEMA, INDEXES)).encode()).hexdigest()
    return f"mops-directory-cache {LAYOUT}.{digest[:16]}"


LAYOUT = 6
HOLIDAY_LANGUAGES = ("pl", "en_US")
YEARS_BEFORE, YEARS_AFTER = 1, 3  # holiday and pattern years kept, around the build year
STALE_SECONDS = 30 * 24 * 3600  # other cache files unused this long are removed
CHUNK = 500  # ids per SQL IN (...) list
_SEPARATOR = "\x1f"  # between strings folded together; cleaned text never holds it

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (position INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL,
                    category TEXT NOT NULL, body TEXT NOT NULL, schedule TEXT NOT NULL);
CREATE TABLE names (folded TEXT NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
                    position INTEGER NOT NULL);
CREATE VIRTUAL TABLE search USING fts5 (
    id, name, alias, keyword, address, email, area,
    tokenize = "unicode61 remove_diacritics 0", detail = column);
CREATE VIRTUAL TABLE search_terms USING fts5vocab (search, instance);
CREATE VIRTUAL TABLE search_words USING fts5vocab (search, row);
CREATE TABLE phones (number TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE emails (folded TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE holidays (language TEXT NOT NULL, day TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE patterns (rrule TEXT NOT NULL, anchor TEXT NOT NULL, year INTEGER NOT NULL,
                       dates TEXT NOT NULL, PRIMARY KEY (rrule, anchor, year));
CREATE TABLE phone_memo (digits TEXT PRIMARY KEY, parsed TEXT NOT NULL);
"""
# Built after the rows are in: faster than keeping them up to date row by row.
INDEXES = """
CREATE UNIQUE INDEX units_id ON units (id);
CREATE INDEX units_category ON units (category, position);
CREATE INDEX names_folded ON names (folded);
CREATE INDEX phones_number ON phones (number);
CREATE INDEX holidays_day ON holidays (language, day);
"""


def _format() -> str:
    from mops_cli.model import definition

    return cache_format(definition())


FORMAT = _format()


# -- where, and under which name -----------------------------------------------------------------


def cache_dir(environ: dict[str, str] | Any) -> Path | None:
    """MOPS_CACHE_DIR, else the platform's user cache directory; an empty MOPS_CACHE_DIR turns
    the cache off."""
    configured = environ.get("MOPS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform.startswith("linux") and environ.get("XDG_CACHE_HOME", "").startswith("/"):
        # What platformdirs answers here, without the cost of importing it.
        return Path(environ["XDG_CACHE_HOME"]) / "mops"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mops", appauthor=False))


@functools.cache
def _library_versions() -> str:
    """The installed versions of the libraries whose output the cache keeps, from their
    dist-info folder names on sys.path (importing them, or importlib.metadata, is what the
    cache is there to avoid); read once per process."""
    wanted = {"holidays", "phonenumbers", "python_dateutil"}
    found = []
    for folder in dict.fromkeys(sys.path):
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name = entry.split("-", 1)[0].replace(".", "_").lower()
                if name in wanted:
                    found.append(entry)
                    wanted.discard(name)
        if not wanted:
            break
    return ";".join(sorted(found))


def key_for(data: bytes) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, __version__, _library_versions()):
        digest.update(part.encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _file_for(directory: Path, key: str) -> Path:
    return directory / f"directory-{key[:40]}.sqlite"


# The names of the files `mops` writes in the cache folder, and nothing else: only these are
# ever read back or removed (MOPS_CACHE_DIR may be a folder shared with other files).
TEMPORARY_PREFIX = ".tmp-mops-"
_OWN_NAME = re.compile(r"directory-[0-9a-f]{40}\.sqlite|\.tmp-mops-[0-9a-z_]{8}\.sqlite")
_SQLITE_HEADER = b"SQLite format 3\x00"


def _regular(path: Path | str) -> bool:
    """A regular file: not a FIFO (opening one would wait for a writer), device or folder."""
    try:
        return stat.S_ISREG(os.stat(path, follow_symlinks=False).st_mode)
    except OSError:
        return False


# -- units as JSON ---------------------------------------------------------------------------------
# Rows are the model's dataclasses as JSON objects, encoded and decoded by msgspec from their
# type hints (model.py is the one description): a field added there is stored and read back
# with no edit here, and changes FORMAT. Decoding checks every type (a Literal's values, dates,
# whole numbers, flags); what a type cannot say is checked after it (_checked): a damaged or
# foreign file must neither crash a command later on nor put a control character on the
# screen (a ValueError: see _BAD_ROW). A row without a field reads as the field's default: a
# row of another model is never decoded, since FORMAT is derived from the model.


def _years(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("damaged cache row")
    return value


def _text(value: Any, *, lines: bool = False) -> str:
    """A string as the loader writes it: cleaned, and on one line unless `lines`."""
    if type(value) is not str:
        raise ValueError("damaged cache row")
    if not value.isprintable() and (unclean(value) or (not lines and "\n" in value)):
        raise ValueError("damaged cache row")
    return value


_WEEKDAYS = frozenset(range(7))
_TEXTS_OF: dict[type[Any], tuple[tuple[str, bool], ...]] = {}


def _texts_of(cls: type[Any]) -> tuple[tuple[str, bool], ...]:
    """(name, keeps line breaks) of the data fields of a model type, for _check_texts."""
    from mops_cli.model import data_fields, keeps_lines

    if cls not in _TEXTS_OF:
        _TEXTS_OF[cls] = tuple((item.name, keeps_lines(item)) for item in data_fields(cls))
    return _TEXTS_OF[cls]


def _checked(value: T, body: str) -> T:
    """`value`, decoded from `body`, once every string in it is as the loader writes them (and
    every weekday a weekday). A body with no escape and no unprintable character cannot hold
    a string that is not: the common case costs one scan of the row."""
    if "\\" in body or not body.isprintable():
        _check_texts(value)
    for rule in _rules_in(value):
        if not rule.weekdays <= _WEEKDAYS:
            raise ValueError("damaged cache row")
    return value


def _check_texts(value: Any, lines: bool = False) -> None:
    if isinstance(value, str):
        _text(value, lines=lines)
    elif isinstance(value, tuple):
        for item in value:
            _check_texts(item, lines)
    elif dataclasses.is_dataclass(value):
        for name, keeps in _texts_of(type(value)):
            _check_texts(getattr(value, name), keeps)


def _rules_in(value: Any) -> Iterable[Rule]:
    from mops_cli.model import Unit

    if isinstance(value, Unit):
        return value.hours
    if isinstance(value, tuple) and value:  # a schedule: (rules, closures, on_holidays)
        return cast("tuple[Rule, ...]", value[0])
    return ()


class _Codec(NamedTuple):
    encode: Callable[[Any], bytes]
    unit: Callable[[str], Unit]
    schedule: Callable[[str], tuple[tuple[Rule, ...], tuple[Closure, ...], str]]
    settings: Callable[[str], DirectoryData]


@functools.cache
def _codec() -> _Codec:
    """msgspec's encoder and decoders of the model types, made once per process (imported
    here: shell completion never needs them)."""
    import msgspec

    from mops_cli.model import Closure, DirectoryData, OnHolidays, Rule, Unit

    def strict(decode: Callable[[str], T]) -> Callable[[str], T]:
        """A decoder whose errors are ValueErrors, as every damaged row's (before msgspec
        0.19 its errors were not)."""

        def decoded(text: str) -> T:
            try:
                return decode(text)
            except msgspec.DecodeError as exc:
                raise ValueError("damaged cache row") from exc

        return decoded

    schedule: Any = tuple[tuple[Rule, ...], tuple[Closure, ...], OnHolidays]
    return _Codec(
        msgspec.json.Encoder().encode,
        strict(msgspec.json.Decoder(Unit).decode),
        strict(msgspec.json.Decoder(schedule).decode),
        strict(msgspec.json.Decoder(DirectoryData).decode),
    )


def _json(value: Any) -> str:
    return _codec().encode(value).decode()


def unit_to_json(unit: Unit) -> str:
    """A unit as a JSON object: its fields by name, as model.Unit has them."""
    return _json(unit)


def unit_from_json(text: str) -> Unit:
    return _checked(_codec().unit(text), text)


def settings_to_json(directory: DirectoryData) -> str:
    """The directory's own fields: all but its units (and its private index)."""
    from mops_cli.model import data_fields

    return _json({f.name: getattr(directory, f.name) for f in data_fields(type(directory))
                  if f.name != "units"})  # fmt: skip


def settings_from_json(text: str) -> DirectoryData:
    """The directory's settings, checked beyond their types: a time zone that is one, a
    country code, a number of years."""
    from zoneinfo import ZoneInfo

    settings = _checked(_codec().settings(text), text)
    try:
        ZoneInfo(settings.timezone)
    except (KeyError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError("damaged cache row") from exc
    if not re.fullmatch("[A-Z]{2}", settings.holiday_country) or settings.units:
        raise ValueError("damaged cache row")
    _years(settings.stale_after_years)
    return settings


def schedule_key(unit: Unit) -> str:
    """What decides a unit's hours, as text: units with equal keys open and close together."""
    return _json((unit.hours, unit.closures, unit.on_holidays))


def unit_with_schedule(unit_id: str, name: str, key: str) -> Unit:
    """A unit with only what its hours need: its id, its name and the schedule of `key`."""
    from mops_cli.model import Unit

    hours, closures, on_holidays = _checked(_codec().schedule(key), key)
    return Unit(_text(unit_id), _text(name), hours=hours, closures=closures,
                on_holidays=cast("OnHolidays", on_holidays))  # fmt: skip


# -- reading ---------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")

# What reading back a row that is not what `_fill` wrote can raise.
_BAD_ROW = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError)


def _rows_checked(method: F) -> F:
    """A Store method whose damaged rows raise CorruptCache, not whatever decoding them did."""

    @functools.wraps(method)
    def checked(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except _BAD_ROW:
            raise CorruptCache(self.path, self.identity) from None

    return cast(F, checked)


class Store:
    """A built cache, open read-only: the directory's settings, its units on demand, and an
    Index (search.Index) over them."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        meta: dict[str, str],
        path: Path,
        identity: tuple[int, int] | None = None,
    ) -> None:
        self._db = connection
        self._meta = meta
        self.path = path
        self.identity = identity  # (device, inode): a damaged file is removed only if unchanged
        first, last = json.loads(meta["years"])
        self.years = range(first, last + 1)

    @cached_property
    @_rows_checked
    def settings(self) -> DirectoryData:
        """The directory's own settings and closures; its units stay in the file."""
        return settings_from_json(self._meta["directory"])

    # units
    @_rows_checked
    def _rows(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        values = tuple(parameters)
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in values):
            # Odd text from a question (a lone surrogate, an undecodable byte of an argument):
            # no row holds it, and SQLite cannot take it. A question, not a damaged cache.
            return []
        return self._db.execute(sql, values).fetchall()

    @_rows_checked
    def all_units(self, category: str | None = None) -> list[Unit]:
        if category is None:
            rows = self._rows("SELECT body FROM units ORDER BY position")
        else:
            rows = self._rows(
                "SELECT body FROM units WHERE category = ? ORDER BY position", [category]
            )
        return [unit_from_json(body) for (body,) in rows]

    @_rows_checked
    def schedules(self) -> list[tuple[str, str, str]]:
        """(id, name, schedule_key) of every unit: all `open-now --all` needs, without the
        cost of loading ten thousand whole units."""
        rows = self._rows("SELECT id, name, schedule FROM units ORDER BY position")
        return [(_text(unit_id), _text(name), key) for unit_id, name, key in rows]

    def categories(self) -> dict[str, str]:
        """{unit id: category} of every unit (open-now --all --json names each one's)."""
        rows = self._rows("SELECT id, category FROM units ORDER BY position")
        return {_text(unit_id): _text(category) for unit_id, category in rows}

    @_rows_checked
    def units(self, ids: Iterable[str]) -> list[Unit]:
        found: list[tuple[int, str]] = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            found += self._rows(f"SELECT position, body FROM units WHERE id IN ({marks})", chunk)
        return [unit_from_json(body) for _, body in sorted(found)]

    @_rows_checked
    def schedule_unit(self, unit_id: str, name: str, key: str) -> Unit:
        return unit_with_schedule(unit_id, name, key)

    def _ids(self, sql: str, parameters: Iterable[Any]) -> list[str]:
        return list(dict.fromkeys(unit_id for (unit_id,) in self._rows(sql, parameters)))

    # search.Index
    @_rows_checked
    def named(self, folded: str, *, prefix: bool) -> list[str]:
        join = "SELECT u.id FROM names n JOIN units u ON u.position = n.position WHERE "
        if prefix:
            return self._ids(
                join + "n.folded >= ? AND n.folded < ? ORDER BY u.position", _span(folded)
            )
        return self._ids(join + "n.folded = ? ORDER BY u.position", [folded])

    @_rows_checked
    def names(self) -> list[tuple[str, str]]:
        rows = self._rows(
            "SELECT u.id, n.folded FROM names n JOIN units u ON u.position = n.position"
        )
        return [(_text(unit_id), _text(name)) for unit_id, name in rows]

    @_rows_checked
    def labels(self, folded_prefix: str) -> list[str]:
        """Ids and one-word aliases starting with `folded_prefix`: for shell completion."""
        rows = self._rows(
            "SELECT label FROM names WHERE kind != 'name' AND folded >= ? AND folded < ? "
            "ORDER BY position, kind DESC",
            _span(folded_prefix),
        )
        return list(dict.fromkeys(_text(label) for (label,) in rows if " " not in label))

    @_rows_checked
    def postings(self, query_word: str) -> list[tuple[str, str, float]]:
        from mops_cli.search import STEM, WEIGHTS, posting_key

        sql = "SELECT term, doc, col FROM search_terms WHERE "
        if len(query_word) < STEM:
            rows = self._rows(sql + "term = ?", [query_word])
        else:
            rows = self._rows(sql + "term >= ? AND term < ?", _span(posting_key(query_word)))
        best: dict[tuple[str, int], float] = {}
        for word, position, column in rows:
            weight = WEIGHTS[column]
            if best.get((word, position), 0.0) < weight:
                best[word, position] = weight
        ids = self._ids_at({position for _, position in best})
        return [(word, ids[position], weight) for (word, position), weight in best.items()]

    def _ids_at(self, positions: set[int]) -> dict[int, str]:
        ids: dict[int, str] = {}
        for chunk in _chunks(sorted(positions)):
            marks = ",".join("?" * len(chunk))
            ids.update(
                self._rows(f"SELECT position, id FROM units WHERE position IN ({marks})", chunk)
            )
        return ids

    @_rows_checked
    def vocabulary(self) -> list[str]:
        return [_text(word) for (word,) in self._rows("SELECT term FROM search_words")]

    @_rows_checked
    def phone_owners(self, number: str | None, digits: str) -> list[tuple[str, float]]:
        join = "SELECT u.id FROM phones p JOIN units u ON u.position = p.position WHERE "
        owners: dict[str, float] = {}
        if number is not None:
            owners.update(
                (i, 10.0) for i in self._ids(join + "p.number = ? ORDER BY u.position", [number])
            )
        if len(digits) >= 6:
            for unit_id in self._ids(join + "instr(p.number, ?) > 0 ORDER BY u.position", [digits]):
                owners.setdefault(unit_id, 5.0)
        return list(owners.items())

    @_rows_checked
    def email_owners(self, fragment: str) -> list[str]:
        return self._ids(
            "SELECT u.id FROM emails e JOIN units u ON u.position = e.position "
            "WHERE instr(e.folded, ?) > 0 ORDER BY u.position",
            [fragment],
        )

    # hours.Calendar
    @cached_property
    @_rows_checked
    def _calendar(self) -> _Calendar:
        """Every holiday and pattern date kept (a few hundred rows), read and checked at once:
        a damaged row found half-way through printing an answer could not be taken back."""
        holidays: dict[tuple[str, int], dict[date, str]] = {
            (language, year): {} for language in HOLIDAY_LANGUAGES for year in self.years
        }
        for language, day, name in self._rows("SELECT language, day, name FROM holidays"):
            moment = date.fromisoformat(day)
            if language not in HOLIDAY_LANGUAGES:
                raise ValueError("damaged cache row")
            holidays.setdefault((language, moment.year), {})[moment] = _text(name)
        patterns = {
            (rrule, anchor, year): frozenset(map(date.fromisoformat, json.loads(dates)))
            for rrule, anchor, year, dates in self._rows("SELECT * FROM patterns")
        }
        return _Calendar(holidays, patterns)

    def holidays(self, language: str | None) -> Any:
        found = self._calendar.holidays

        def lookup(year: int) -> dict[date, str] | None:
            return found.get((language or "", year))

        return lookup

    def patterns(self, rrule: str, anchor: date | None, year: int) -> frozenset[date] | None:
        return self._calendar.patterns.get((rrule, anchor.isoformat() if anchor else "", year))


class _Calendar(NamedTuple):
    holidays: dict[tuple[str, int], dict[date, str]]
    patterns: dict[tuple[str, str, int], frozenset[date]]


def _span(prefix: str) -> list[str]:
    """[low, high) of the strings starting with `prefix` (UTF-8 sorts by code point)."""
    if not prefix:
        return ["", "\U0010ffff"]
    return [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _chunks(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def open_store(directory: Path | None, key: str) -> Store | None:
    """The cache for `key`, or None when there is none or it cannot be used."""
    if directory is None:
        return None
    path = _file_for(directory, key)
    try:
        found = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(found.st_mode):
            return None  # a FIFO, a folder...: never opened, and replaced by the build
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT or meta.get("key") != key:
            connection.close()
            return None  # a foreign or older file: rebuilt by the caller
        store = Store(connection, meta, path, (found.st_dev, found.st_ino))
        # Read now: a damaged row in these means no cache at all.
        store.settings  # noqa: B018
        store._calendar  # noqa: B018
        return store
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, CorruptCache):
        return None  # corrupt: rebuilt by the caller


class Previous(NamedTuple):
    """What the newest earlier build computed that depends only on the libraries: holidays
    and RRULE dates (its parsed phone numbers go straight to phones.remember). A NamedTuple:
    this module loads on every run."""

    holidays: dict[tuple[str, int], list[tuple[str, str]]]
    patterns: dict[tuple[str, str, int], str]


def reuse_previous(directory: Path | None, key: str = "") -> Previous | None:
    """Before the build of `key`: take what the newest other cache there computed, if the
    same library releases computed it and it reads back as written. An edit to a large file
    then re-parses only its new phone numbers, and imports neither `holidays` nor dateutil."""
    from mops_cli import phones

    if directory is None:
        return None
    rebuilt = _file_for(directory, key).name if key else None  # damaged, if it is there
    try:
        newest = max(
            (
                Path(entry.path)
                for entry in os.scandir(directory)
                if entry.name.startswith("directory-") and _ours(entry.name)
                and entry.name != rebuilt and _regular(entry.path)
            ),
            key=lambda p: p.stat().st_mtime,
        )  # fmt: skip
        connection = sqlite3.connect(f"{newest.as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != FORMAT or meta.get("libraries") != _library_versions():
                return None
            memo = connection.execute("SELECT digits, parsed FROM phone_memo").fetchall()
            for digits, parsed in memo:
                number, display, *flags = json.loads(parsed)
                for text in (digits, number, display):
                    _text(text)
                if len(flags) != 4 or any(type(flag) is not bool for flag in flags):
                    raise ValueError("damaged cache row")
            holidays: dict[tuple[str, int], list[tuple[str, str]]] = {}
            first, last = json.loads(meta["years"])
            for year in range(first, last + 1):
                for language in HOLIDAY_LANGUAGES:
                    holidays[language, year] = rows = connection.execute(
                        "SELECT day, name FROM holidays "
                        "WHERE language = ? AND day >= ? AND day < ?",
                        (language, f"{year}-01-01", f"{year + 1}-01-01"),
                    ).fetchall()
                    for day, name in rows:
                        date.fromisoformat(day)
                        _text(name)
            patterns = {
                (rrule, anchor, year): dates
                for rrule, anchor, year, dates in connection.execute("SELECT * FROM patterns")
            }
            for dates in patterns.values():
                for day in json.loads(dates):
                    date.fromisoformat(day)
            phones.remember(memo)  # only once all of it has read back as written
            return Previous(holidays, patterns)
        finally:
            connection.close()
    except (ValueError, OSError, sqlite3.Error, TypeError, KeyError, AttributeError):
        return None  # no cache yet, or an unreadable one: compute everything


# -- writing ---------------------------------------------------------------------------------------


def build(
    directory_path: Path | None,
    key: str,
    directory: DirectoryData,
    build_year: int,
    holidays: Any,
    patterns: Any,
    previous: Previous | None = None,
) -> bool:
    """Write the cache for `key`; False (and nothing written) if it cannot be written.

    `holidays(year, language)` and `patterns(rrule, anchor, year)` compute what is stored,
    where the `previous` build has not already.
    """
    if directory_path is None:
        return False
    try:
        directory_path.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=TEMPORARY_PREFIX, suffix=".sqlite", dir=directory_path
        )
        os.close(handle)
    except OSError:
        return False  # read-only or missing: slower, never broken
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, key, directory, build_year, holidays, patterns, previous)
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, _file_for(directory_path, key))
    except BaseException as exc:
        # Whatever stopped it (a full disk, a bug, Ctrl-C), no temporary file stays behind;
        # a cache that cannot be built only makes the next run slower.
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, Exception):
            return False
        raise
    _prune(directory_path, key)
    return True


def build_detached(environ: Any, *args: Any) -> None:
    """build(*args), in a detached child process where the platform can fork: the answer
    that needed the file is not kept waiting for the cache the next run will use.

    MOPS_CACHE_SYNC=1 builds in this process instead (tests, and anyone who wants the cache
    written when `mops` returns). The child is forked twice so nobody has to reap it, and
    lets go of the terminal and of stdout at once, so `$(mops ...)` does not wait for it.
    """
    if environ.get("MOPS_CACHE_SYNC") or not hasattr(os, "fork") or args[0] is None:
        build(*args)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        middle = os.fork()
    except OSError:
        build(*args)
        return
    if middle:
        os.waitpid(middle, 0)  # the middle process exits at once
        return
    try:  # the middle process: fork the builder and leave
        if os.fork() == 0:
            os.setsid()
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            build(*args)
    finally:
        os._exit(0)  # never run the parent's exit handlers or flush its buffers twice


def _fill(
    db: sqlite3.Connection,
    key: str,
    directory: DirectoryData,
    build_year: int,
    holidays: Any,
    patterns: Any,
    previous: Previous | None,
) -> None:
    from mops_cli import phones
    from mops_cli.search import FIELDS, field_texts
    from mops_cli.text import fold

    EMAIL_FIELD = FIELDS.index("email")

    # A private file renamed into place when complete: no journal or syncing needed to stay
    # consistent, and a crash leaves only a stray temporary file.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(SCHEMA)
    years = (build_year - YEARS_BEFORE, build_year + YEARS_AFTER)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("key", key), ("directory", settings_to_json(directory)),
         ("years", json.dumps(list(years))), ("libraries", _library_versions())],
    )  # fmt: skip
    units, names, texts, phone_rows, emails = [], [], [], [], []
    keys: dict[tuple[object, ...], str] = {}  # a few schedules serve thousands of units
    for position, unit in enumerate(directory.units):
        signature = (unit.hours, unit.closures, unit.on_holidays)
        schedule = keys.get(signature)
        if schedule is None:
            schedule = keys[signature] = schedule_key(unit)
        units.append((position, unit.id, unit.name, unit.category, unit_to_json(unit), schedule))
        labels = [("id", unit.id), *(("alias", a) for a in unit.aliases), ("name", unit.name)]
        fields = field_texts(unit)
        # One fold per unit, not one per string: folding is per character, calls are not free.
        folded = fold(_SEPARATOR.join([*(label for _, label in labels), *fields])).split(_SEPARATOR)
        names += [
            (f, label, kind, position) for f, (kind, label) in zip(folded, labels, strict=False)
        ]
        texts.append((position, *folded[len(labels) :]))
        phone_rows += [(p.number, position) for p in unit.phones]
        emails += [(e, position) for e in folded[len(labels) + EMAIL_FIELD].split()]
    db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", units)
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", names)
    columns = ", ".join(FIELDS)
    db.executemany(
        f"INSERT INTO search (rowid, {columns}) VALUES (?, {', '.join('?' * len(FIELDS))})", texts
    )
    db.executemany("INSERT INTO phone_memo VALUES (?, ?)", phones.memo_entries())
    db.executemany("INSERT INTO phones VALUES (?, ?)", phone_rows)
    db.executemany("INSERT INTO emails VALUES (?, ?)", emails)
    for language in HOLIDAY_LANGUAGES:
        for year in range(years[0], years[1] + 1):
            found = previous.holidays.get((language, year)) if previous else None
            rows = (
                found
                if found is not None
                else [(day.isoformat(), name) for day, name in holidays(year, language).items()]
            )
            db.executemany("INSERT INTO holidays VALUES (?, ?, ?)", [(language, *r) for r in rows])
    db.executescript(INDEXES)
    distinct = {(r.rrule, r.valid_from) for u in directory.units for r in u.hours if r.rrule}
    for rrule, anchor in sorted(distinct, key=lambda p: (p[0] or "", p[1] or date.min)):
        assert rrule is not None
        start = anchor.isoformat() if anchor else ""
        for year in range(years[0], years[1] + 1):
            dates = previous.patterns.get((rrule, start, year)) if previous else None
            if dates is None:
                dates = json.dumps(sorted(d.isoformat() for d in patterns(rrule, anchor, year)))
            db.execute("INSERT INTO patterns VALUES (?, ?, ?, ?)", (rrule, start, year, dates))


def _prune(directory_path: Path, keep: str) -> None:
    """Remove other cache files not used for a month (each edit of a file leaves one), and
    temporary files a killed build left. Only what `mops` wrote: a regular file with one of
    its names (never a symbolic link) that holds an SQLite database, or nothing yet."""
    keep_name = _file_for(directory_path, keep).name
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory_path):
            if entry.name == keep_name or not _ours(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                old = now - max(info.st_atime, info.st_mtime) > STALE_SECONDS
                if old and stat.S_ISREG(info.st_mode) and _made_here(entry.path, info.st_size):
                    os.unlink(entry.path)


def _ours(name: str) -> bool:
    return _OWN_NAME.fullmatch(name) is not None


def _made_here(path: str, size: int) -> bool:
    """Whether a file with one of our names holds what we write there: an SQLite database
    (a cache's meta table names its format) or, for a temporary file, nothing yet."""
    if size == 0:
        return os.path.basename(path).startswith(TEMPORARY_PREFIX)
    with open(path, "rb") as handle:
        if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            return False
    if os.path.basename(path).startswith(TEMPORARY_PREFIX):
        return True  # a build killed half-way: its tables may not all be there
    try:
        connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return bool(row) and str(row[0]).startswith("mops-directory-cache")
