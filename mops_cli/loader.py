"""Read the directory file (TOML) into model objects, collecting every problem on the way.

The file is untrusted text edited by hand: every key is checked against the format in
docs/data-format.md, every string is cleaned of control characters, and every problem is
reported with the unit id and the field, so `mops validate` can list them all at once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import MISSING, Field, dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar, cast, get_args, get_origin, get_type_hints

from mops_cli import phones as phone_numbers
from mops_cli.datafile import decode, read_bytes
from mops_cli.errors import DataError
from mops_cli.i18n import N_, _, active
from mops_cli.model import (
    CATEGORIES,
    DEFAULT_CHANNEL,
    MINUTES_PER_DAY,
    ON_HOLIDAYS,
    PHONE_KINDS,
    TOP,
    WEEKDAYS,
    Category,
    Closure,
    DirectoryData,
    OnHolidays,
    Phone,
    PhoneKind,
    Rule,
    Unit,
    data_fields,
    file_key,
    file_keys,
    keeps_lines,
)
from mops_cli.text import clean, shown

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by the Python 3.10 CI run
    import tomli as tomllib

T = TypeVar("T")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
LINK_PATTERN = re.compile(r"^https?://[^\s]+$")
TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
PATTERN_YEARS = 10  # a date pattern with no date this many years ahead is a mistake

# The keys each table accepts: the model's fields, as model.file_keys names them.
DIRECTORY_KEYS = file_keys(DirectoryData)
CLOSURE_KEYS = file_keys(Closure)
UNIT_KEYS = file_keys(Unit)
PHONE_KEYS = file_keys(Phone)
RULE_KEYS = file_keys(Rule)
TOP_KEYS = file_keys(DirectoryData, top=True)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a look) in the file."""

    severity: Literal["error", "warning"]
    unit: str | None  # the unit id, when the problem is inside a unit
    field: str  # where: "hours[2].closes", "directory.timezone"
    message: str

    def __post_init__(self) -> None:
        # Ids, key names and values come from the file: whatever it holds, one visible line.
        object.__setattr__(self, "unit", None if self.unit is None else shown(self.unit))
        object.__setattr__(self, "field", shown(self.field))
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self) -> str:
        where = f"{self.unit}: {self.field}" if self.unit else self.field
        return f"{where}: {self.message}"


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts "(at line L, column C)" in its message; tomli >= 2 too.
        message = str(exc).splitlines()[0] if str(exc) else "malformed TOML"
        raise DataError(
            _("{path}: TOML syntax error: {message}").format(path=path, message=message)
        ) from None
    except RecursionError:
        message = _("{path}: TOML nested too deeply (arrays or tables inside one another)")
        raise DataError(message.format(path=path)) from None
    except ValueError:  # Python's limit on the digits of an integer (4300 by default)
        message = _("{path}: a number in the file has too many digits")
        raise DataError(message.format(path=path)) from None
    return document


def load(path: Path, raw: bytes | None = None, today: date | None = None) -> DirectoryData:
    """Load a directory file (or its bytes, already read); raise DataError naming the first
    problem if it has errors. `today` is when date patterns must still occur."""
    directory, problems = read(path, raw, today)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        if len(errors) > 1:
            message = _("{path}: {problem} (and {more} more; run 'mops validate')")
        else:
            message = _("{path}: {problem}")
        raise DataError(message.format(path=path, problem=errors[0], more=len(errors) - 1))
    return directory


def read(
    path: Path, raw: bytes | None = None, today: date | None = None
) -> tuple[DirectoryData, list[Problem]]:
    """Load a directory file and every problem found in it (errors and warnings)."""
    text = decode(read_bytes(path) if raw is None else raw, path)
    builder = _Builder(today or date.today())
    directory = builder.directory(parse_toml(text, path))
    return directory, builder.problems


class _Field(NamedTuple):
    """A data field of a model type and how the loader reads it by its type (`kind`: "texts",
    "text", "required" text, "flag", "day", "word" of a Literal's `words`; "" when its type
    has no plain reading: loader.py reads it by name)."""

    name: str
    key: str
    kind: str
    lines: bool
    default: Any
    words: tuple[str, ...]
    top: bool


_FIELDS: dict[type[Any], tuple[_Field, ...]] = {}


def _fields(cls: type[Any]) -> tuple[_Field, ...]:
    """The data fields of a model type, with their readings; worked out once (a large file
    reads ten thousand units)."""
    if cls not in _FIELDS:
        hints = get_type_hints(cls)  # the annotations are strings: evaluated here, once
        _FIELDS[cls] = tuple(_field(item, hints[item.name]) for item in data_fields(cls))
    return _FIELDS[cls]


def _field(item: Field[Any], hint: Any) -> _Field:
    default = item.default if item.default is not MISSING else None
    required = item.default is MISSING and item.default_factory is MISSING
    words: tuple[str, ...] = ()
    if get_origin(hint) is Literal:
        kind, words = "word", get_args(hint)
    elif hint == tuple[str, ...]:
        kind = "texts"
    elif hint is str and required:
        kind = "required"
    elif hint in (str, str | None):
        kind = "text"
    elif hint in (bool, bool | None):
        kind = "flag"
    elif hint in (date, date | None):
        kind = "day"
    else:
        kind = ""
    key = file_key(item) or item.name
    return _Field(
        item.name, key, kind, keeps_lines(item), default, words, bool(item.metadata.get(TOP))
    )


# The directory's settings read and checked one by one (the others are read by their types).
_READ_SETTINGS = frozenset({"name", "timezone", "holiday_country", "stale_after_years"})


class _Builder:
    """Turns parsed TOML into model objects, recording a Problem for everything wrong."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[Problem] = []
        self._unit: str | None = None
        self._ids: list[str] = []  # every unit id in the file, valid units or not
        self._errors = 0
        self._clean_rules: dict[tuple[Any, ...], Rule] = {}

    # -- reporting ------------------------------------------------------------------------

    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem("error", self._unit, field, message))
        self._errors += 1

    def _unknown_keys(
        self, table: Mapping[str, Any], allowed: AbstractSet[str], where: str
    ) -> None:
        for key in table:
            if key not in allowed:
                hint = _closest(key, allowed)
                prefix = f"{where}." if where else ""
                if hint:
                    message = _("unknown key (did you mean {hint!r}?)").format(hint=hint)
                else:
                    message = _("unknown key")
                self.error(f"{prefix}{key}", message)

    # -- typed getters ----------------------------------------------------------------------

    def _get(
        self, table: Mapping[str, Any], key: str, where: str, kind: type[T], what: str
    ) -> T | None:
        value = table.get(key)
        if value is None:
            return None
        # bool is an int in Python; a flag is never a number and a number never a flag.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            message = _("must be {what}, not {found}")
            self.error(f"{where}{key}", message.format(what=_(what), found=_toml_type(value)))
            return None
        return value

    def text(
        self, table: Mapping[str, Any], key: str, where: str = "", *, multiline: bool = False
    ) -> str | None:
        value = self._get(table, key, where, str, N_("a string"))
        if value is None:
            return None
        cleaned = clean(value, multiline=multiline)
        return cleaned or None

    def required_text(self, table: Mapping[str, Any], key: str, where: str = "") -> str | None:
        value = self.text(table, key, where)
        if value is None and table.get(key) is None:
            self.error(f"{where}{key}", _("missing (required)"))
        elif value is None and isinstance(table.get(key), str):
            self.error(f"{where}{key}", _("must not be empty"))
        return value

    def flag(self, table: Mapping[str, Any], key: str, where: str = "") -> bool | None:
        return self._get(table, key, where, bool, N_("true or false"))

    def texts(
        self, table: Mapping[str, Any], key: str, where: str = "", *, multiline: bool = False
    ) -> tuple[str, ...]:
        """A list of strings; a single string is taken as a list of one."""
        value = table.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            message = _("must be a list of strings, not {found}")
            self.error(f"{where}{key}", message.format(found=_toml_type(value)))
            return ()
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                message = _("must be a string, not {found}")
                self.error(f"{where}{key}[{index}]", message.format(found=_toml_type(item)))
            elif cleaned := clean(item, multiline=multiline):
                result.append(cleaned)
        return tuple(result)

    def tables(self, table: Mapping[str, Any], key: str, where: str = "") -> list[dict[str, Any]]:
        value = table.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            message = _("must be an array of tables ([[{key}]]), not {found}")
            self.error(f"{where}{key}", message.format(key=key, found=_toml_type(value)))
            return []
        return value

    def day(self, table: Mapping[str, Any], key: str, where: str = "") -> date | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, date) and not hasattr(value, "hour"):
            return value
        self.error(
            f"{where}{key}", _("must be a date (YYYY-MM-DD), not {value!r}").format(value=value)
        )
        return None

    def plain(self, table: Mapping[str, Any], item: _Field, where: str = "") -> Any:
        """The value of a field of a simple type (text, a list of texts, a flag, a date, one of
        a Literal's words), read by its type with nothing more to check; left out (or wrong:
        a Problem), the field's default."""
        kind, key = item.kind, item.key
        value: Any
        if kind == "texts":
            return self.texts(table, key, where, multiline=item.lines)
        if kind == "text":
            value = self.text(table, key, where, multiline=item.lines)
        elif kind == "flag":
            value = self.flag(table, key, where)
        elif kind == "day":
            value = self.day(table, key, where)
        elif kind == "required":
            value = self.required_text(table, key, where)
        elif kind == "word":
            value = self.text(table, key, where)
            if value is not None and value not in item.words:
                message = _("must be one of {choices}, not {value!r}")
                choices = ", ".join(item.words)
                self.error(f"{where}{key}", message.format(choices=choices, value=value))
                value = None
        else:  # a new field of a type with no plain reading: read it by name (_Builder._unit_field)
            raise TypeError(f"{item.name}: no plain reading of its type; read it in loader.py")
        return item.default if value is None else value

    # -- the document -----------------------------------------------------------------------

    def directory(self, raw: dict[str, Any]) -> DirectoryData:
        self._unknown_keys(raw, TOP_KEYS, "")
        settings = raw.get("directory")
        if settings is None:
            self.error("directory", _("missing: the file needs a [directory] table with its name"))
            settings = {}
        elif not isinstance(settings, dict):
            self.error(
                "directory", _("must be a table, not {found}").format(found=_toml_type(settings))
            )
            settings = {}
        self._unknown_keys(settings, DIRECTORY_KEYS, "directory")
        name = self.required_text(settings, "name", "directory.") or "?"
        timezone = self.text(settings, "timezone", "directory.") or "Europe/Warsaw"
        self._check_timezone(timezone)
        country = self.text(settings, "holidays", "directory.") or "PL"
        if not COUNTRY_PATTERN.match(country):
            message = _("must be a two-letter country code, not {value!r}")
            self.error("directory.holidays", message.format(value=country))
        elif (known := _unknown_calendar(country)) is not None:
            message = _("no public holidays are known for {value!r}; the calendars: {known}")
            self.error("directory.holidays", message.format(value=country, known=known))
        stale_after = self._get(
            settings, "stale_after_years", "directory.", int, N_("a whole number")
        )
        if stale_after is not None and stale_after < 1:
            message = _("must be a whole number of years, at least 1, not {value}")
            self.error("directory.stale_after_years", message.format(value=stale_after))
            stale_after = None
        # The other settings by their types, in the order of the model's fields.
        plain = {
            item.name: self.plain(settings, item, "directory.")
            for item in _fields(DirectoryData)
            if item.name not in _READ_SETTINGS and not item.top
        }
        fallback, places, places_source = (
            plain["fallback"],
            plain["places"],
            plain["places_source"],
        )
        if places and not places_source:
            message = _("missing: the list of places names where it comes from (places_source)")
            self.error("directory.places_source", message)
        closures = self.closures(raw, "")
        units = tuple(
            unit
            for index, table in enumerate(self.tables(raw, "units"))
            if (unit := self.unit(table, index)) is not None
        )
        self._unit = None
        self._check_references(units)
        if fallback is not None and fallback not in self._ids:
            message = _("unknown unit {id!r} (the unit to call for a street)")
            self.error("directory.fallback", message.format(id=fallback))
        return DirectoryData(
            name=name,
            timezone=timezone,
            holiday_country=country,
            stale_after_years=stale_after or 5,
            closures=closures,
            units=units,
            **plain,
        )

    def _check_timezone(self, timezone: str) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        # A folder of the time-zone database ("US", "Europe") is not a zone, nor is a file
        # there that is not one ("zone1970.tab").
        except (ZoneInfoNotFoundError, ValueError, OSError):
            self.error("directory.timezone", _("unknown time zone {zone!r}").format(zone=timezone))

    def closures(self, table: Mapping[str, Any], where: str) -> tuple[Closure, ...]:
        result = []
        for index, item in enumerate(self.tables(table, "closures", where)):
            at = f"{where}closures[{index}]."
            self._unknown_keys(item, CLOSURE_KEYS, at.rstrip("."))
            reason = self.required_text(item, "reason", at)
            single = self.day(item, "date", at)
            start = self.day(item, "from", at)
            end = self.day(item, "to", at)
            if single is not None and (start or end):
                self.error(f"{at}date", _("give either date or from/to, not both"))
                continue
            if single is not None:
                start = end = single
            if start is None or end is None:
                if "date" not in item and not ("from" in item and "to" in item):
                    self.error(at.rstrip("."), _("needs date, or from and to"))
                continue
            if end < start:
                self.error(
                    f"{at}to", _("{end} is before from {start}").format(end=end, start=start)
                )
                continue
            if reason:
                result.append(Closure(start, end, reason))
        return tuple(result)

    def unit(self, table: dict[str, Any], index: int) -> Unit | None:
        raw_id = table.get("id")
        self._unit = shown(raw_id) if isinstance(raw_id, str) and raw_id else f"units[{index}]"
        errors_before = self._error_count()
        self._unknown_keys(table, UNIT_KEYS, "")
        unit_id = self.required_text(table, "id")
        if unit_id is not None and not ID_PATTERN.match(unit_id):
            message = _("{id!r} is not a slug (lowercase letters, digits and hyphens)")
            self.error("id", message.format(id=unit_id))
        name = self.required_text(table, "name")
        category = self.text(table, "category") or "office"
        if category not in CATEGORIES:
            message = _("must be one of {choices}, not {value!r}")
            self.error("category", message.format(choices=", ".join(CATEGORIES), value=category))
        emails = self.texts(table, "emails")
        for position, email in enumerate(emails):
            if not EMAIL_PATTERN.match(email):
                message = _("not an e-mail address: {value!r}").format(value=email)
                self.error(f"emails[{position}]", message)
        links = self.texts(table, "links")
        for position, link in enumerate(links):
            if not LINK_PATTERN.match(link):
                message = _("not an http(s) link: {value!r}").format(value=link)
                self.error(f"links[{position}]", message)
        source = self.texts(table, "source")
        if not source:
            self.error("source", _("missing: every unit names where its facts come from"))
        phones = self.phones(table)
        matters = self.texts(table, "matters")
        if category == "referral" and not matters:
            message = _("missing: a referral lists the matters it takes instead of MOPS")
            self.error("matters", message)
        elif matters and category != "referral":
            message = _('only a referral (category = "referral") has matters')
            self.error("matters", message)
        values: dict[str, Any] = {
            "id": unit_id or "", "name": name or "", "category": _as_category(category),
            "phones": phones, "emails": emails, "links": links, "source": source,
            "matters": matters,
        }  # fmt: skip
        # The rest in the order of the model's fields (the order of their problems).
        for item in _fields(Unit):
            if item.name not in values:
                values[item.name] = self._unit_field(table, item, phones)
        unit = Unit(**values)
        if unit_id is not None:
            self._ids.append(unit_id)
        if self._error_count() > errors_before or unit_id is None or name is None:
            return None
        return unit

    def _unit_field(self, table: Mapping[str, Any], item: _Field, phones: tuple[Phone, ...]) -> Any:
        """A field of a unit: by its type, unless it needs more than its type says."""
        if item.name == "hours":
            return self.rules(table)
        if item.name == "closures":
            return self.closures(table, "")
        if item.name == "on_holidays":
            return self.on_holidays(table)
        if item.name == "emergency":
            # An emergency number (112) makes its unit an emergency one, whatever the file says.
            return bool(self.flag(table, "emergency")) or any(p.emergency for p in phones)
        return self.plain(table, item)

    def on_holidays(self, table: Mapping[str, Any]) -> OnHolidays:
        """`on_holidays`, or the older `open_on_holidays` flag read as "open"/"closed"; left
        out, "unknown": a source silent about holidays proves nothing."""
        value = self.text(table, "on_holidays")
        flag = self.flag(table, "open_on_holidays")
        if "on_holidays" in table and "open_on_holidays" in table:
            message = _("give on_holidays or the older open_on_holidays, not both")
            self.error("open_on_holidays", message)
        if value is not None:
            if value not in ON_HOLIDAYS:
                message = _("must be one of {choices}, not {value!r}")
                choices = ", ".join(ON_HOLIDAYS)
                self.error("on_holidays", message.format(choices=choices, value=value))
                return "unknown"
            return value
        if flag is not None:
            return "open" if flag else "closed"
        return "unknown"

    def _error_count(self) -> int:
        return self._errors

    def phones(self, table: Mapping[str, Any]) -> tuple[Phone, ...]:
        result: list[Phone] = []
        for index, item in enumerate(self.tables(table, "phones")):
            at = f"phones[{index}]."
            self._unknown_keys(item, PHONE_KEYS, at.rstrip("."))
            text = self.required_text(item, "number", at)
            label = self.text(item, "label", at)
            source = self.text(item, "source", at)
            kind_text = self.text(item, "kind", at)
            if kind_text is not None and kind_text not in PHONE_KINDS:
                message = _("must be one of {choices}, not {value!r}")
                choices = ", ".join(PHONE_KINDS)
                self.error(f"{at}kind", message.format(choices=choices, value=kind_text))
                continue
            if text is None:
                continue
            try:
                numbers = [phone_numbers.parse_number(n) for n in phone_numbers.expand_range(text)]
            except ValueError as exc:
                self.error(f"{at}number", str(exc))
                continue
            for parsed in numbers:
                kind: PhoneKind = (
                    _as_kind(kind_text) if kind_text else ("mobile" if parsed.mobile else "voice")
                )
                result.append(
                    Phone(
                        parsed.number,
                        parsed.display,
                        label,
                        kind,
                        parsed.short,
                        source,
                        parsed.emergency,
                    )
                )
        return tuple(result)

    def rules(self, table: Mapping[str, Any]) -> tuple[Rule, ...]:
        result: list[Rule] = []
        for index, item in enumerate(self.tables(table, "hours")):
            # A large file repeats a few rules thousands of times: a rule read without
            # problems once is the same rule wherever it appears again.
            try:
                key: tuple[Any, ...] | None = tuple(sorted(item.items()))
                hash(key)
            except TypeError:  # a list or table inside: read it the long way
                key = None
            rule = self._clean_rules.get(key) if key is not None else None
            if rule is None:
                errors_before = self._errors
                rule = self.rule(item, f"hours[{index}].")
                if rule is not None and key is not None and self._errors == errors_before:
                    self._clean_rules[key] = rule
            if rule is not None:
                result.append(rule)
        return tuple(result)

    def rule(self, item: Mapping[str, Any], at: str) -> Rule | None:
        errors_before = self._error_count()
        self._unknown_keys(item, RULE_KEYS, at.rstrip("."))
        channel = self.text(item, "channel", at) or DEFAULT_CHANNEL
        if not ID_PATTERN.match(channel):
            message = _("{value!r} is not a channel name (like in-person, phone)")
            self.error(f"{at}channel", message.format(value=channel))
        rrule = self.text(item, "rrule", at)
        closed = bool(self.flag(item, "closed", at))
        valid_from = self._rule_day(item, "valid_from", at)
        valid_to = self._rule_day(item, "valid_to", at)
        if valid_from and valid_to and valid_to < valid_from:
            message = _("{end} is before valid_from {start}").format(end=valid_to, start=valid_from)
            self.error(f"{at}valid_to", message)
        weekdays: frozenset[int] = frozenset()
        if "days" in item:
            if rrule is not None:
                self.error(
                    f"{at}days", _("give either days (weekly) or rrule (date pattern), not both")
                )
            else:
                weekdays = self._weekdays(item.get("days"), f"{at}days")
        elif rrule is None:
            self.error(at.rstrip("."), _("needs days (weekly hours) or rrule (a date pattern)"))
        if rrule is not None:
            problem = check_rrule(rrule, valid_from, valid_to, self.today, active())
            if problem:
                self.error(f"{at}rrule", problem)
        opens = closes = 0
        if closed:
            if rrule is None:
                message = _("closed = true goes with an rrule (the dates it closes)")
                self.error(f"{at}closed", message)
            for key in ("opens", "closes"):
                if key in item:
                    self.error(f"{at}{key}", _("a closed rule has no opening hours"))
        else:
            opens_at = self._time(item, "opens", at)
            closes_at = self._time(item, "closes", at, allow_next_day=True)
            if opens_at is not None and closes_at is not None:
                if closes_at <= opens_at:
                    if closes_at < opens_at:
                        message = _(
                            "{closes} is not after opens {opens} (past midnight, write it as "
                            "24:00 plus the hours, e.g. 26:00)"
                        )
                    else:
                        message = _("{closes} is not after opens {opens}")
                    closing = message.format(closes=item["closes"], opens=item["opens"])
                    self.error(f"{at}closes", closing)
                elif closes_at - opens_at > MINUTES_PER_DAY:
                    self.error(f"{at}closes", _("a range can be at most 24 hours long"))
                opens, closes = opens_at, closes_at
        if self._error_count() > errors_before:
            return None
        return Rule(
            channel=channel,
            opens=opens,
            closes=closes,
            weekdays=weekdays,
            rrule=rrule,
            closed=closed,
            valid_from=valid_from,
            valid_to=valid_to,
            note=self.text(item, "note", at),
            source=self.text(item, "source", at),
        )

    def _rule_day(self, item: Mapping[str, Any], key: str, at: str) -> date | None:
        """A rule's valid_from or valid_to, within the years a date pattern may count from:
        a pattern started in the year 1 would be walked day by day to today."""
        from mops_cli.hours import RRULE_YEARS

        day = self.day(item, key, at)
        first, last = RRULE_YEARS
        if day is not None and not first <= day.year <= last:
            message = _("{value} is out of range: a rule's dates are from {first} to {last}")
            self.error(f"{at}{key}", message.format(value=day, first=first, last=last))
            return None
        return day

    def _time(
        self, item: Mapping[str, Any], key: str, at: str, *, allow_next_day: bool = False
    ) -> int | None:
        value = item.get(key)
        if value is None:
            self.error(f"{at}{key}", _("missing (HH:MM)"))
            return None
        if not isinstance(value, str):
            message = _('must be a time as a string ("08:00"), not {found}')
            self.error(f"{at}{key}", message.format(found=_toml_type(value)))
            return None
        match = TIME_PATTERN.match(value.strip())
        limit = 48 if allow_next_day else 24
        if match:
            hours, minutes = int(match[1]), int(match[2])
            total = hours * 60 + minutes
            if minutes < 60 and (total < limit * 60 or (allow_next_day and total == limit * 60)):
                return total
        self.error(f"{at}{key}", _("not a time (HH:MM): {value!r}").format(value=value))
        return None

    def _weekdays(self, value: object, field: str) -> frozenset[int]:
        if isinstance(value, list) and all(isinstance(part, str) for part in value):
            value = ",".join(value)
        if not isinstance(value, str):
            message = _('must be like "mo-fr" or ["mo", "we"], not {found}')
            self.error(field, message.format(found=_toml_type(value)))
            return frozenset()
        days, unknown = parse_days(value)
        for part in unknown:
            message = _("unknown weekday {value!r} (use mo tu we th fr sa su)")
            self.error(field, message.format(value=part))
        return days

    def _check_references(self, units: Iterable[Unit]) -> None:
        seen: set[str] = set()
        for unit_id in self._ids:
            if unit_id in seen:
                self._unit = unit_id
                self.error("id", _("duplicate id: another unit has it too"))
            seen.add(unit_id)
        names: dict[str, str] = {}
        for unit in units:
            self._unit = unit.id
            if unit.parent is not None and unit.parent not in seen:
                self.error("parent", _("unknown parent unit {id!r}").format(id=unit.parent))
            for alias in unit.aliases:
                if alias in seen and alias != unit.id:
                    self.error(
                        "aliases", _("{alias!r} is the id of another unit").format(alias=alias)
                    )
                owner = names.setdefault(alias, unit.id)
                if owner != unit.id:
                    message = _("{alias!r} is also an alias of {id!r}")
                    self.error("aliases", message.format(alias=alias, id=owner))
        self._unit = None


@lru_cache(maxsize=256)
def parse_days(text: str) -> tuple[frozenset[int], tuple[str, ...]]:
    """'mo-we,fr' -> ({0, 1, 2, 4}, ()); the parts that are not weekdays come second. A file
    repeats a few of these thousands of times, hence the memo."""
    days: set[int] = set()
    unknown: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        ends = [end.strip().lower() for end in part.split("-")]
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            unknown.append(part)
            continue
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        days.update(
            range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        )
    return frozenset(days), tuple(unknown)


@lru_cache(maxsize=1024)
def check_rrule(
    text: str,
    valid_from: date | None,
    valid_to: date | None = None,
    today: date | None = None,
    language: str = "en",
) -> str | None:
    """Why an RRULE cannot be used, or None if it can (in `language`: it is part of the memo).

    A pattern in force after `today` must have a date within PATTERN_YEARS of the day it
    starts to matter: one that never occurs (the 30th of February) is a mistake."""
    import warnings
    from datetime import datetime

    from dateutil.rrule import rrulestr

    from mops_cli.hours import occurrences, rrule_bounds, rule_parts, starts_matter

    body = text.removeprefix("RRULE:")
    parts = rule_parts(body)
    if "DTSTART" in body.upper() or "\n" in body:
        return _("give only the RRULE part; the start date is valid_from")
    bounds = rrule_bounds(body)
    if bounds is not None:  # before python-dateutil reads it: INTERVAL=0 never ends there
        return _("invalid RRULE {value!r}: {reason}").format(value=text, reason=bounds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rrulestr(body, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        return _("invalid RRULE {value!r}: {reason}").format(value=text, reason=exc)
    if parts.get("FREQ") in {"HOURLY", "MINUTELY", "SECONDLY"}:
        return _("a date pattern repeats by day, week, month or year, not within a day")
    if any(key in parts for key in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        return _("a date pattern has no times of day: opens and closes give the hours")
    if "BYEASTER" in parts:
        return _("BYEASTER is not part of RFC 5545; give the dates as closures or a pattern")
    if starts_matter(parts) and valid_from is None:
        return _("this pattern counts from a start date: give valid_from")
    start = max(valid_from or date.min, today or date.today())
    try:
        end = start.replace(year=start.year + PATTERN_YEARS) - timedelta(days=1)
    except ValueError:  # past the year 9999 (or from a February 29)
        end = date.max if start.year + PATTERN_YEARS > 9999 else start + timedelta(days=3652)
    end = min(end, valid_to or date.max)
    if end >= start and next(occurrences(body, valid_from, start, end), None) is None:
        message = _("the pattern has no date from {start} to {end}: it would never apply")
        return message.format(start=start, end=end)
    return None


def _as_category(text: str) -> Category:
    return cast(Category, text)  # checked against CATEGORIES by the caller


def _as_kind(text: str) -> PhoneKind:
    return cast(PhoneKind, text)  # checked against PHONE_KINDS by the caller


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number ({value})").format(value=value)
    if isinstance(value, str):
        return _("a string ({value!r})").format(value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return type(value).__name__


def _closest(key: str, allowed: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unknown_calendar(country: str) -> str | None:
    """None if the `holidays` package has public holidays for `country`, else the codes of
    the countries it has."""
    import holidays

    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        return ", ".join(
            sorted(code for code in holidays.list_supported_countries() if len(code) == 2)
        )
    return None
