"""The directory's domain objects: immutable, typed, and free of any I/O.

The loader builds these from the TOML file; nothing else in the program sees raw data.

These classes are the one description of the data. From their fields come the keys the loader
accepts (`file_keys`: a field is a key of the same name unless its metadata says otherwise),
how it reads the simple ones (by type: loader.py), the cache's rows and their format key
(cache.py: `definition`), and the key tables of docs/data-format.md are tested against them
(tests/test_data_format_doc.py). docs/architecture.md has the recipe for a new field.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date
from typing import Any, Literal

# -- how a field appears in the directory file -------------------------------------------------
# A field is a key of its own name in its table, unless its metadata says otherwise. Fields
# whose name starts with "_" are not data: neither in the file nor in the cache.
KEY = "key"  # the key's name in the file; None: not in the file (the loader computes it)
ALSO = "also"  # other keys that give the same field (an older form, a shorthand)
TOP = "top"  # a table at the top of the file, not a key of [directory]
LINES = "lines"  # text that keeps its line breaks (every other text is one line)


def in_file(
    key: str | None = None, *, also: tuple[str, ...] = (), lines: bool = False
) -> dict[str, Any]:
    """Metadata of a field whose key in the file differs from its name (`key`), that other
    keys give too (`also`), or whose text keeps its line breaks (`lines`)."""
    return {**({KEY: key} if key else {}), ALSO: also, LINES: lines}


# Not in the file: the loader computes the field (a phone's national form, from its number).
COMPUTED: Mapping[str, Any] = {KEY: None}
# A table of its own at the top of the file ([[closures]], [[units]]).
TOP_LEVEL: Mapping[str, Any] = {TOP: True}

Category = Literal["office", "helpline", "referral"]
PhoneKind = Literal["voice", "fax", "mobile"]
# What a unit does on a public holiday: closed, open as on that weekday, or not said by its
# sources (then the tool answers "unknown" rather than guess).
OnHolidays = Literal["closed", "open", "unknown"]

CATEGORIES: tuple[Category, ...] = ("office", "helpline", "referral")
ON_HOLIDAYS: tuple[OnHolidays, ...] = ("closed", "open", "unknown")
PHONE_KINDS: tuple[PhoneKind, ...] = ("voice", "fax", "mobile")
DEFAULT_CHANNEL = "in-person"
CHANNELS: tuple[str, ...] = ("in-person", "phone", "e-mail", "online")
# Other names of the channels, folded: Polish ones (what the Polish interface shows) and
# spellings people type.
CHANNEL_ALIASES = {
    "osobiscie": "in-person", "osobisty": "in-person", "in person": "in-person",
    "inperson": "in-person", "telefon": "phone", "telefonicznie": "phone", "tel": "phone",
    "tel.": "phone", "email": "e-mail", "mail": "e-mail", "poczta elektroniczna": "e-mail",
    "internet": "online", "przez internet": "online", "odwiedziny": "visits",
}  # fmt: skip

WEEKDAYS: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class Phone:
    """One number to dial. A range on the page ("300 do 03") becomes one Phone per number."""

    number: str  # E.164 ("+48717822322"), or the digits of a short number ("112")
    # national format, as people read and dial it ("71 782 23 22")
    display: str = field(metadata=COMPUTED)
    label: str | None = None
    kind: PhoneKind = "voice"
    # a short number (112, 116 111): dialled as is, no E.164 form
    short: bool = field(default=False, metadata=COMPUTED)
    source: str | None = None  # where this number comes from, when not the unit's source
    # an emergency number, by phonenumbers' short-number metadata
    emergency: bool = field(default=False, metadata=COMPUTED)


@dataclass(frozen=True, slots=True)
class Closure:
    """Closed on every day from `start` to `end` inclusive, whatever the rules say."""

    start: date = field(metadata=in_file("from", also=("date",)))  # `date`: one day
    end: date = field(metadata=in_file("to", also=("date",)))
    reason: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Rule:
    """Opening hours of one channel of a unit.

    A weekly rule (no `rrule`) opens on its `weekdays`. A date-pattern rule (`rrule`, RFC 5545)
    opens on the dates its pattern matches, and on those dates the pattern rules of the channel
    replace the weekly ones. `closes` is in minutes after the midnight that starts the day and
    may exceed 24:00 (26:00 is 02:00 the next morning). A `closed` pattern rule says the unit
    does not open on the dates it matches.
    """

    channel: str
    opens: int  # minutes after midnight, 0..1439
    closes: int  # minutes after midnight, opens < closes <= opens + 1440
    # 0 = Monday; only for weekly rules
    weekdays: frozenset[int] = field(default=frozenset(), metadata=in_file("days"))
    rrule: str | None = None
    closed: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    note: str | None = None
    source: str | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Unit:
    """An office, a desk or a help line: something a caller can be sent to."""

    id: str
    name: str
    category: Category = "office"
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    parent: str | None = None
    address: str | None = None
    location_note: str | None = None
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), metadata=in_file(lines=True))
    source: tuple[str, ...] = ()
    verified: date | None = None
    hours: tuple[Rule, ...] = ()
    closures: tuple[Closure, ...] = ()
    on_holidays: OnHolidays = field(default="unknown", metadata=in_file(also=("open_on_holidays",)))
    # what the sources say about hours beyond the rules
    hours_note: str | None = field(default=None, metadata=in_file(lines=True))
    audience: tuple[str, ...] = ()
    free: bool | None = None
    emergency: bool = False
    # The territory a unit serves (districts, osiedla, streets), as its source maps it: what a
    # caller says ("ul. Legnickiej 12", "Krzyki") finds the field team that handles it.
    areas: tuple[str, ...] = ()
    # For a referral (category "referral"): the matters callers bring to MOPS that this
    # institution handles instead ("świadczenie wychowawcze 800+").
    matters: tuple[str, ...] = ()

    @property
    def is_referral(self) -> bool:
        """Not a MOPS unit: the institution a matter goes to instead."""
        return self.category == "referral"

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this unit has hours for, in the order they first appear."""
        return tuple(dict.fromkeys(rule.channel for rule in self.hours))


@dataclass(frozen=True, slots=True)
class DirectoryData:
    """The directory as its file describes it: the settings and the units. (The API's
    `mops_cli.Directory` is the directory loaded to be asked questions.)"""

    name: str
    timezone: str = "Europe/Warsaw"
    holiday_country: str = field(default="PL", metadata=in_file("holidays"))
    # Facts whose newest page is this many years old are stale (mops validate, the answers'
    # "(from a page of 2019)").
    stale_after_years: int = 5
    closures: tuple[Closure, ...] = field(default=(), metadata=TOP_LEVEL)
    units: tuple[Unit, ...] = field(default=(), metadata=TOP_LEVEL)
    # The unit to call when a street or place cannot be mapped to a field team, and the
    # city's place names (osiedla) that mark a query as a place, with where they come from.
    fallback: str | None = None
    places: tuple[str, ...] = ()
    places_source: tuple[str, ...] = ()
    _by_id: dict[str, Unit] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update((unit.id, unit) for unit in self.units)

    def get(self, unit_id: str) -> Unit | None:
        return self._by_id.get(unit_id)


# -- the description as data ---------------------------------------------------------------------

MODEL_TYPES: tuple[type[Any], ...] = (DirectoryData, Unit, Phone, Rule, Closure)


def data_fields(cls: type[Any]) -> tuple[Field[Any], ...]:
    """The fields of a model type that hold data (not the private ones, such as an index)."""
    return tuple(f for f in fields(cls) if not f.name.startswith("_"))


def file_key(item: Field[Any]) -> str | None:
    """The key of a field in the directory file; None when the loader computes it."""
    key: str | None = item.metadata.get(KEY, item.name)
    return key


def file_keys(cls: type[Any], *, top: bool = False) -> frozenset[str]:
    """The keys the file may give in the table of `cls` (with `top`, the tables at the top of
    the file: DirectoryData's [directory] is one, and those of its TOP_LEVEL fields)."""
    if top:
        return frozenset({"directory"} | {f.name for f in data_fields(cls) if f.metadata.get(TOP)})
    keys: set[str] = set()
    for item in data_fields(cls):
        name = file_key(item)
        if name is not None and not item.metadata.get(TOP):
            keys |= {name, *item.metadata.get(ALSO, ())}
    return frozenset(keys)


def keeps_lines(item: Field[Any]) -> bool:
    """Whether the field's text keeps its line breaks (notes)."""
    return bool(item.metadata.get(LINES))


def definition(types: tuple[type[Any], ...] = MODEL_TYPES) -> str:
    """Every field of every model type, with its type, default and place in the file, and the
    values of the Literal types they name, as text: the cache's format key is derived from it
    (cache.py), so that any change of the model makes every machine rebuild its cache.

    The annotations are read as written (this module's annotations are strings), not
    evaluated: this runs on every command, and evaluating them costs a millisecond."""
    lines = [
        f"{name} = {value!r}"
        for name, value in globals().items()
        if typing.get_origin(value) is Literal
    ]
    for cls in types:
        for item in fields(cls):
            if item.default is not MISSING:
                default = repr(item.default)
            elif item.default_factory is not MISSING:
                default = getattr(item.default_factory, "__qualname__", "factory")
            else:
                default = "required"
            metadata = sorted((key, repr(value)) for key, value in item.metadata.items())
            lines.append(f"{cls.__name__}.{item.name}: {item.type} = {default} {metadata}")
    return "\n".join(lines)
