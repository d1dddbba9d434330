"""Where a fact comes from: the grammar of every `source` string, and how old a unit's facts are.

A source string (docs/data-format.md, "Sources") has the shape

    REF (DATE[, free words])[: what the page states]

where REF is one http(s) URL, a seed (`[S001]`: a plain-text copy of a page), or the word
`potwierdzenie` (a staff confirmation: DATE is a whole day, and the parentheses go on with who
and how). DATE is the page's date or the period its wording implies: `2023-11-21`,
`21.11.2023`, `2023-11`, `2023`, or `2020–2022`. Parsing gives an immutable Source whose date
is a range of days: a page of `2023` may be from any day of 2023, so its newest day is
2023-12-31 and its age is counted from there (the kinder reading: never older than it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from mops_cli.i18n import _
from mops_cli.model import Unit

SourceKind = Literal["page", "seed", "staff"]
Precision = Literal["day", "month", "year", "period"]

STAFF_WORD = "potwierdzenie"
DEFAULT_STALE_AFTER_YEARS = 5

_URL = re.compile(r"https?://\S+")
_SEED = re.compile(r"\[S\d{3}\]")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_PERIOD = re.compile(r"(\d{4})\s*[–-]\s*(\d{4})")


class SourceError(ValueError):
    """Why a string is not a source (a translated sentence)."""


@dataclass(frozen=True, slots=True)
class PageDate:
    """The page's date, as precise as it is known: the days from `first` to `last`."""

    first: date
    last: date
    precision: Precision
    text: str  # as written in the file

    @property
    def newest(self) -> date:
        """The latest day the page can be from."""
        return self.last

    @property
    def year(self) -> int:
        return self.last.year

    def age(self, today: date) -> int:
        """Whole years from the page's newest day to `today` (0 for a page of this year)."""
        return age_in_years(self.last, today)


@dataclass(frozen=True, slots=True)
class Source:
    kind: SourceKind
    ref: str  # the URL, the seed's "S001", or "potwierdzenie"
    page_date: PageDate
    words: str | None = None  # the rest of the parentheses: what the page is, who confirmed
    states: str | None = None  # what the page states, after the colon

    @property
    def newest(self) -> date:
        return self.page_date.newest

    def age(self, today: date) -> int:
        return self.page_date.age(today)


def age_in_years(day: date, today: date) -> int:
    years = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    return max(years, 0)


def parse_date(text: str) -> PageDate:
    """`2023-11-21`, `21.11.2023`, `2023-11`, `2023` or a period `2020–2022`."""
    value = text.strip()
    try:
        if match := _ISO_DAY.fullmatch(value):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            return PageDate(day, day, "day", value)
        if match := _DOTTED_DAY.fullmatch(value):
            day = date(int(match[3]), int(match[2]), int(match[1]))
            return PageDate(day, day, "day", value)
        if match := _MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            first = date(year, month, 1)
            following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return PageDate(first, following - timedelta(days=1), "month", value)
        if match := _YEAR.fullmatch(value):
            year = int(match[1])
            return PageDate(date(year, 1, 1), date(year, 12, 31), "year", value)
        if match := _PERIOD.fullmatch(value):
            start, end = int(match[1]), int(match[2])
            if start < end:
                return PageDate(date(start, 1, 1), date(end, 12, 31), "period", value)
    except ValueError:  # a month 13, a 30th of February, a year 0
        pass
    raise SourceError(
        _(
            "{value!r} is not a page date: write 2023-11-21, 21.11.2023, 2023-11, 2023 "
            "or a period 2020–2022"
        ).format(value=value)
    )


def _closing_paren(text: str, start: int) -> int:
    """The index of the ")" that closes the "(" at `start`, or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


def parse(text: str) -> Source:
    """Read one source string; raise SourceError saying what is wrong with it."""
    value = text.strip()
    kind: SourceKind
    rest: str
    if match := _URL.match(value):
        kind, ref, rest = "page", match[0], value[match.end() :]
        if ref.endswith(("(", ")")) or "(" in ref:  # "https://x(2023)": the space is missing
            raise SourceError(_("a space must separate the address from its (date)"))
    elif match := _SEED.match(value):
        kind, ref, rest = "seed", match[0][1:-1], value[match.end() :]
    elif value.startswith(STAFF_WORD):
        kind, ref, rest = "staff", STAFF_WORD, value[len(STAFF_WORD) :]
    else:
        raise SourceError(
            _(
                "a source starts with a page's address (https://…), a seed ([S001]) or "
                "'potwierdzenie' (a staff confirmation)"
            )
        )
    if not rest.startswith(" (") and not rest.startswith("("):
        raise SourceError(_("the reference must be followed by the page's date in parentheses"))
    opening = rest.index("(")
    closing = _closing_paren(rest, opening)
    if closing < 0:
        raise SourceError(_("the parentheses after the reference are not closed"))
    inside = rest[opening + 1 : closing]
    date_text, _comma, words = inside.partition(",")
    page_date = parse_date(date_text)
    after = rest[closing + 1 :].strip()
    if after and not after.startswith(":"):
        raise SourceError(_("after the (date), only ': what the page states' may follow"))
    states = after[1:].strip() or None
    if kind != "staff" and _URL.search(inside + " " + (states or "")):
        raise SourceError(_("one page per source: list several pages as several sources"))
    if kind == "staff":
        parts = [part.strip() for part in words.split(",") if part.strip()]
        if page_date.precision != "day" or len(parts) < 2:
            raise SourceError(
                _(
                    "a staff confirmation gives the day, who and how: "
                    "potwierdzenie (2026-12-03, sekretariat MOPS, telefonicznie)"
                )
            )
    return Source(kind, ref, page_date, words.strip() or None, states)


def check(text: str) -> str | None:
    """Why `text` is not a source, or None when it is one."""
    try:
        parse(text)
    except SourceError as exc:
        return str(exc)
    return None


def parsed(texts: Iterable[str | None]) -> tuple[Source, ...]:
    """The sources among `texts` that follow the grammar (the others count for nothing)."""
    return _parsed(tuple(text for text in texts if text))


@lru_cache(maxsize=4096)  # a unit's sources, asked again at every question of a long run
def _parsed(texts: tuple[str, ...]) -> tuple[Source, ...]:
    result = []
    for text in texts:
        try:
            result.append(parse(text))
        except SourceError:
            continue
    return tuple(result)


def newest(sources: Iterable[Source]) -> Source | None:
    """The source with the newest page, or None when there is none."""
    return max(sources, key=lambda source: source.newest, default=None)


# -- the age of a unit's facts ----------------------------------------------------------------


def unit_sources(unit: Unit) -> tuple[Source, ...]:
    """Every source of the unit: its own, its phones', its hours rules'."""
    texts = [*unit.source, *(p.source for p in unit.phones), *(r.source for r in unit.hours)]
    return parsed(dict.fromkeys(texts))


def phone_sources(unit: Unit) -> tuple[Source, ...]:
    """What the unit's phones rest on: a phone's own source, else the unit's."""
    texts: list[str | None] = []
    for phone in unit.phones:
        texts += [phone.source] if phone.source else list(unit.source)
    return parsed(dict.fromkeys(texts))


def hours_sources(unit: Unit) -> tuple[Source, ...]:
    """What the unit's hours rest on: a rule's own source, else the unit's."""
    texts: list[str | None] = []
    for rule in unit.hours:
        texts += [rule.source] if rule.source else list(unit.source)
    return parsed(dict.fromkeys(texts))


def facts_newest(unit: Unit) -> date | None:
    """The newest page any of the unit's facts comes from (None: no dated source)."""
    found = newest(unit_sources(unit))
    return found.newest if found else None


def old_year(sources: Iterable[Source], today: date, years: int) -> int | None:
    """The year of the newest of `sources` when even that one is more than `years` old (the
    facts rest only on old pages); None when a newer one exists or there is no source."""
    found = newest(sources)
    if found is None or found.age(today) < years:
        return None
    return found.page_date.year


def answer_age(unit: Unit, today: date, years: int) -> int | None:
    """The year to name in an answer ("from a page of 2019") when the unit's hours or its
    phones rest only on pages older than `years`; None when neither does."""
    found = [
        year
        for part in (phone_sources(unit) if unit.phones else (), hours_sources(unit))
        if (year := old_year(part, today, years)) is not None
    ]
    return min(found) if found else None


def age_note(year: int | None) -> str | None:
    """ "(from a page of 2019)", in the active language."""
    if year is None:
        return None
    return _("(from a page of {year})").format(year=year)
