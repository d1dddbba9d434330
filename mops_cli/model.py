"""The directory's domain objects: immutable, typed, and free of any I/O.

The loader builds these from the TOML file; nothing else in the program sees raw data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

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
    display: str  # national format, as people read and dial it ("71 782 23 22")
    label: str | None = None
    kind: PhoneKind = "voice"
    short: bool = False  # a short number (112, 116 111): dialled as is, no E.164 form
    source: str | None = None  # where this number comes from, when not the unit's source
    emergency: bool = False  # an emergency number, by phonenumbers' short-number metadata


@dataclass(frozen=True, slots=True)
class Closure:
    """Closed on every day from `start` to `end` inclusive, whatever the rules say."""

    start: date
    end: date
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
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; only for weekly rules
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
    notes: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    verified: date | None = None
    hours: tuple[Rule, ...] = ()
    closures: tuple[Closure, ...] = ()
    on_holidays: OnHolidays = "unknown"
    hours_note: str | None = None  # what the sources say about hours beyond the rules
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
class Directory:
    name: str
    timezone: str = "Europe/Warsaw"
    holiday_country: str = "PL"
    # Facts whose newest page is this many years old are stale (mops validate, the answers'
    # "(from a page of 2019)").
    stale_after_years: int = 5
    closures: tuple[Closure, ...] = ()
    units: tuple[Unit, ...] = ()
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
