"""`mops export html`: the directory as one self-contained page, for people without a terminal.

The page is a pure function of the core's objects and the export instant. Everything that needs
the hours engine is computed here, in Python: the open intervals of every distinct schedule for
the next N days, the days whose hours are unknown, the reasons of closed days, the local
midnights and UTC offsets of the window. The browser only compares the clock with those
numbers, so holidays, closures and rules are never re-implemented in JavaScript; past the
window it says "unknown". The search material (folded words with their field weights, name
and keyword phrases, phone numbers, folded e-mails) is precomputed the same way, so the page's
search ranks as `mops contacts` does (mops_cli/search.py) and JavaScript only compares.

Safety: every data string is escaped (html.escape) or travels inside the JSON data block with
`<`, `>` and `&` escaped; links are written only for http(s), tel: and mailto:; scripts and
styles are allowed by their hashes in a Content-Security-Policy that forbids everything else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from mops_cli.errors import UsageError
from mops_cli.hours import Schedule
from mops_cli.i18n import _, active, month_abbr, ngettext, short_date
from mops_cli.model import DEFAULT_CHANNEL, MINUTES_PER_DAY, Phone, Unit
from mops_cli.present import (
    channel_name,
    describe_hours,
    exception_text,
    not_mops,
    ranges_text,
)
from mops_cli.search import (
    ADDRESS_WORDS,
    FILLER_SHARE,
    FILLER_WORDS,
    KEYWORD_PHRASE,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    MAX_WORD,
    NAME_PHRASE,
    REFERRAL_FIRST,
    REORDERED,
    STEM,
    WEIGHTS,
    content_phrase,
    names_of,
    word_postings,
)
from mops_cli.sources import DEFAULT_STALE_AFTER_YEARS, age_note, answer_age
from mops_cli.text import fold, words
from mops_cli.week import exceptions, week

DEFAULT_DAYS = 60
MAX_DAYS = 366
CARDS = ("help-lines",)
CHUNK = 60
ASSETS = Path(__file__).resolve().parent

Entry = tuple[Unit, Schedule]

if TYPE_CHECKING:
    from mops_cli.export import Export


def html_export(export: Export) -> str:
    """`mops export html`: the page of the units asked for (every unit when none), with the
    options `days` (how many days of hours the page knows) and `card` ("help-lines")."""
    days = export.options.get("days")
    days = DEFAULT_DAYS if days is None else days
    card = export.options.get("card")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise UsageError(_("--days must be from 1 to {most}").format(most=MAX_DAYS))
    if card is not None and card not in CARDS:
        message = _("unknown card {value!r} (known: {known})")
        raise UsageError(message.format(value=card, known=", ".join(CARDS)))
    entries = [(unit, export.schedule(unit, None)) for unit in export.units]
    return html_page(
        export.directory.name,
        entries,
        export.now,
        export.zone,
        days=days,
        card=card,
        stale_after_years=export.directory.stale_after_years,
        places=export.directory.places,
        fallback=export.directory.fallback,
    )


def html_page(
    directory_name: str,
    entries: Sequence[Entry],
    now: datetime,
    zone: ZoneInfo,
    *,
    days: int = DEFAULT_DAYS,
    card: str | None = None,
    stale_after_years: int = DEFAULT_STALE_AFTER_YEARS,
    places: Sequence[str] = (),
    fallback: str | None = None,
) -> str:
    """The page (or, with `card="help-lines"`, the printable card) in the active language.

    `entries` are the units in the directory's order, each with the schedule its state is told
    for (as `mops open-now --all` picks it). Same arguments, same bytes.
    """
    if card is not None:
        return _help_lines_card(directory_name, entries, now, zone)
    return _directory_page(
        directory_name, entries, now, zone, days, stale_after_years, places, fallback
    )


# -- shared pieces ------------------------------------------------------------------------------


def _e(text: str) -> str:
    return escape(text, quote=True)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _document(title: str, body: str, style: str, script: str | None, extra_head: str = "") -> str:
    """An HTML document whose Content-Security-Policy allows its own style and script (by
    hash) and nothing else: no request leaves the page."""
    scripts = _hash(script) if script is not None else "'none'"
    policy = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {scripts}; "
        "base-uri 'none'; form-action 'none'"
    )
    script_tag = f"<script>{script}</script>\n" if script is not None else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{active()}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{style}</style>\n{extra_head}</head>\n"
        f"<body>\n{body}{script_tag}</body>\n</html>\n"
    )


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def safe_link(url: str) -> str | None:
    """`url` if it is an http(s) address with a host, else None (shown as text, not a link)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"\s", url):
        return url.strip()
    return None


def mailto(address: str) -> str | None:
    """A mailto: link for a plain address (one @, no spaces or URL syntax), else None."""
    if re.fullmatch(r"[^@\s?#&/\\<>\"']+@[^@\s?#&/\\<>\"']+", address):
        return "mailto:" + quote(address, safe="@+")
    return None


def tel(phone: Phone) -> str | None:
    if re.fullmatch(r"\+?\d{3,15}", phone.number):
        return "tel:" + phone.number
    return None


def _link(href: str | None, text: str) -> str:
    return f'<a href="{_e(href)}">{_e(text)}</a>' if href else _e(text)


def round_the_clock(unit: Unit, schedule: Schedule) -> bool:
    """What the data says outright: open every day 00:00-24:00, on holidays too, for good."""
    return unit.on_holidays == "open" and any(
        rule.rrule is None
        and rule.weekdays == frozenset(range(7))
        and rule.opens == 0
        and rule.closes == MINUTES_PER_DAY
        and rule.valid_from is None
        and rule.valid_to is None
        for rule in schedule.rules
    )


def _help_lines_first(entries: Sequence[Entry]) -> tuple[list[Entry], list[Entry]]:
    """The help lines (the emergency number on top) and the other units, in the file's order."""
    lines = [e for e in entries if e[0].category == "helpline"]
    lines.sort(key=lambda e: not e[0].emergency)
    return lines, [e for e in entries if e[0].category != "helpline"]


def _long_date(day: date) -> str:
    return f"{short_date(day)} {day.year}"


def _marks(unit: Unit, schedule: Schedule) -> list[str]:
    marks = []
    if unit.category == "referral":
        marks.append(_("not MOPS"))
    if unit.free:
        marks.append(_("free"))
    if round_the_clock(unit, schedule):
        marks.append(_("round the clock"))
    return marks


# -- the directory page ---------------------------------------------------------------------------


def _directory_page(
    directory_name: str,
    entries: Sequence[Entry],
    now: datetime,
    zone: ZoneInfo,
    days: int,
    stale_after_years: int = DEFAULT_STALE_AFTER_YEARS,
    places: Sequence[str] = (),
    fallback: str | None = None,
) -> str:
    today = now.astimezone(zone).date()
    window = _Window(zone, today, days)
    lines, offices = _help_lines_first(entries)
    # Referrals are not MOPS units: a section of their own, after MOPS's.
    referrals = [e for e in offices if e[0].category == "referral"]
    offices = [e for e in offices if e[0].category != "referral"]
    position = {id(unit): index for index, (unit, _s) in enumerate(entries)}
    schedule_index: dict[tuple[object, ...], int] = {}
    schedules: list[dict[str, Any] | None] = []
    unit_schedule: list[int] = []
    tables: dict[tuple[object, ...], str] = {}
    for unit, schedule in entries:
        key = _schedule_key(unit, schedule)
        if key not in schedule_index:
            schedule_index[key] = len(schedules)
            data = window.schedule_data(schedule)
            if data is not None and round_the_clock(unit, schedule):
                data["a"] = 1  # "open round the clock", as the CLI says, not "closes after"
            schedules.append(data)
        unit_schedule.append(schedule_index[key])

    def cards(group: list[Entry]) -> str:
        out = []
        for unit, schedule in group:
            key = _schedule_key(unit, schedule)
            if key not in tables:
                tables[key] = _hours_block(unit, schedule, today)
            age = age_note(answer_age(unit, today, stale_after_years))
            out.append(_unit_card(unit, schedule, position[id(unit)], tables[key], age))
        # In blocks the browser can skip while off screen (content-visibility), so that a
        # directory of thousands lays out quickly; 60 cards fill whole rows of 1 to 6 columns.
        return "".join(
            f'<div class="cards">{"".join(out[i : i + CHUNK])}</div>'
            for i in range(0, len(out), CHUNK)
        )

    last_day = today + timedelta(days=days - 1)
    generated = now.astimezone(zone)
    meta = _("Exported {time}. Open or closed is worked out in your browser from the hours "
             "for {start} – {end}; outside those days the page says “unknown”.").format(
        time=generated.strftime("%Y-%m-%d %H:%M"),
        start=_long_date(today),
        end=_long_date(last_day),
    )  # fmt: skip
    data = {
        "base": window.base,
        "end": window.end,
        "days": window.days_table(),
        "off": window.offsets(),
        "s": schedules,
        "u": unit_schedule,
        "r": window.strings,
        "t": _templates(today, last_day),
        "q": _search_material([u for u, _s in entries], places, fallback),
    }
    title = _("{name}: contacts and opening hours").format(name=directory_name)
    body = (
        '<header class="top">\n'
        f"<h1>{_e(title)}</h1>\n"
        f'<p class="meta">{_e(meta)}</p>\n'
        f'<p class="print-only">{_e(_("Printed:"))} <span id="printed"></span></p>\n'
        f'<noscript><p class="meta">{_e(_("Turn on JavaScript to search and to see who is open now."))}</p></noscript>\n'  # noqa: E501
        '<div class="search" role="search" hidden>\n'
        f'<label for="q">{_e(_("Search: a name, a word, a phone number or an e-mail"))}</label>\n'
        '<input id="q" type="search" autocomplete="off" spellcheck="false" '
        'aria-describedby="count">\n'
        '<p id="count" aria-live="polite"></p>\n'
        "</div>\n</header>\n"
        '<main id="main">\n'
        '<section id="results" aria-labelledby="results-h" hidden>'
        f'<h2 id="results-h">{_e(_("Search results"))}</h2><div class="cards"></div>'
        '<button type="button" id="more" hidden></button></section>\n'
        + _group("help-lines", _("Help lines"), cards(lines))
        + _group("offices", _("Offices"), cards(offices))
        + _group("referrals", _("Not MOPS: where callers go instead"), cards(referrals))
        + "</main>\n"
        f'<script type="application/json" id="mops-data">{_json_for_html(data)}</script>\n'
    )
    return _document(title, body, _asset("html_page.css"), _asset("html_page.js"))


def _group(anchor: str, title: str, cards: str) -> str:
    """A section of cards under its heading; nothing for no cards."""
    if not cards:
        return ""
    return (
        f'<section id="{anchor}" class="group" aria-labelledby="{anchor}-h">'
        f'<h2 id="{anchor}-h">{_e(title)}</h2>{cards}</section>\n'
    )


def _schedule_key(unit: Unit, schedule: Schedule) -> tuple[object, ...]:
    """Units with these equal have the same hours (as Session.status shares them)."""
    return (schedule.channel, schedule.rules, unit.closures, unit.on_holidays)


def _json_for_html(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, code)
    return text


def _unit_card(
    unit: Unit, schedule: Schedule, index: int, hours_block: str, age: str | None = None
) -> str:
    anchor = f"unit-{index}"
    rows: list[tuple[str, str]] = []
    for phone in unit.phones:
        extra = ""
        if phone.kind == "fax" and phone.label != "fax":
            extra += f" ({_e(_('fax'))})"
        if phone.label:
            extra += f' <span class="label">{_e(phone.label)}</span>'
        rows.append((_("phone"), _link(tel(phone), phone.display) + extra))
    if not unit.phones:
        rows.append((_("phone"), f"<em>{_e(_('none on record'))}</em>"))
    rows.extend((_("e-mail"), _link(mailto(email), email)) for email in unit.emails)
    if unit.address or unit.location_note:
        place = ", ".join(p for p in (unit.address, unit.location_note) if p)
        rows.append((_("address"), _e(place)))
    rows.extend((_("web"), _link(safe_link(url), url)) for url in unit.links)
    rows.append((_("hours"), _e(describe_hours(unit, schedule))))
    if unit.audience:
        rows.append((_("for"), _e(", ".join(unit.audience))))
    rows.extend((_("note"), _e(note)) for note in unit.notes)
    marks = "".join(f'<li class="mark">{_e(mark)}</li>' for mark in _marks(unit, schedule))
    grid = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in rows)
    sources = "".join(f"<li>{_e(source)}</li>" for source in unit.source)
    verified = (
        _("Verified {date}.").format(date=unit.verified.isoformat())
        if unit.verified
        else _("Never verified.")
    )
    return (
        f'<article class="unit" id="{anchor}" data-i="{index}" data-unit="{_e(unit.id)}" '
        f'aria-labelledby="{anchor}-name">'
        f'<h3 id="{anchor}-name" tabindex="-1">{_e(unit.name)}</h3>'
        + (f'<p class="not-mops">{_e(not_mops(unit))}</p>' if unit.category == "referral" else "")
        # Hours or phones that only old pages state: the operator double-checks them.
        + (f'<p class="age">{_e(age)}</p>' if age else "")
        + (f'<ul class="marks">{marks}</ul>' if marks else "")
        + '<p class="status" data-state=""></p>'
        f"<dl>{grid}</dl>{hours_block}"
        f'<div class="sources"><p>{_e(_("Sources:"))}</p><ul>{sources}</ul>'
        f"<p>{_e(verified)}</p></div></article>\n"
    )


def _hours_block(unit: Unit, schedule: Schedule, today: date) -> str:
    """This week as a table, and the exceptions of the next 30 days (as `mops hours`); nothing
    for hours that are unknown, or round the clock (the card's mark says so)."""
    if not schedule.rules or round_the_clock(unit, schedule):
        return ""
    rows = "".join(
        f'<tr><th scope="row">{_e(short_date(day.day))}</th>'
        f"<td>{_e(ranges_text(day.plan))}</td></tr>"
        for day in week(schedule, today)
    )
    caption = (
        _("This week")
        if schedule.channel == DEFAULT_CHANNEL
        else _("This week ({channel})").format(channel=channel_name(schedule.channel))
    )
    table = (
        f'<table class="week"><caption>{_e(caption)}</caption>'
        f'<thead><tr><th scope="col">{_e(_("day"))}</th>'
        f'<th scope="col">{_e(_("hours"))}</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    coming = exceptions(schedule, today)
    if not coming:
        return table
    items = "".join(
        f"<li>{_e(short_date(item.day))}: {_e(exception_text(item))}</li>" for item in coming
    )
    return f'{table}<p class="coming">{_e(_("Coming up:"))}</p><ul class="coming">{items}</ul>'


def _templates(today: date, last_day: date) -> dict[str, Any]:
    """The sentences of the state line, in the page's language, with {n}, {when}, {time} and
    {date} left for the browser (the same messages as `mops open-now`)."""

    def forms(singular: str) -> list[str]:
        # Polish has three plural forms: the sentence for every minute count of the hour.
        return [ngettext(singular, singular, n) for n in range(1, 61)]

    return {
        "open": _("open"),
        "closes": _("closes {when}"),
        "closesSoon": forms("closes in {n} min, {when}"),
        "openAfter": _("open, closes after {date}").format(date=_long_date(last_day)),
        "always": _("open round the clock"),
        "closed": _("closed"),
        "opens": _("opens {when}"),
        "opensSoon": forms("opens in {n} min, {when}"),
        "closedAfter": _("closed, opens after {date}").format(date=_long_date(last_day)),
        "closedNoNext": _("closed, next opening unknown"),
        "unknown": _("hours unknown"),
        "outside": _("unknown: this page covers {start} – {end}").format(
            start=_long_date(today), end=_long_date(last_day)
        ),
        "at": _("at {time}"),
        "dateAt": _("{date} at {time}"),
        "found": _("Found: {n}"),
        "none": _("Nothing found"),
        "more": _("Show more (shown {shown} of {n})"),
    }


class _Window:
    """The days the page knows, as whole minutes after `base` (the local midnight starting the
    export's day), and each schedule's state over them, from the hours engine."""

    def __init__(self, zone: ZoneInfo, first: date, days: int) -> None:
        self.zone = zone
        self.first = first
        self.count = days
        self.base = self._utc_minute(first)
        self.end = self.minute(first + timedelta(days=days))
        self.strings: list[str] = []
        self._string_index: dict[str, int] = {}

    def _utc_minute(self, day: date, minutes: int = 0) -> int:
        wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
        return int(wall.replace(tzinfo=self.zone).timestamp()) // 60

    def minute(self, day: date) -> int:
        """The local midnight starting `day`, after base."""
        return self._utc_minute(day) - self.base

    def at(self, instant: datetime) -> int:
        return int(instant.timestamp()) // 60 - self.base

    def string(self, text: str) -> int:
        found = self._string_index.get(text)
        if found is None:
            found = self._string_index[text] = len(self.strings)
            self.strings.append(text)
        return found

    def days_table(self) -> list[list[Any]]:
        """[midnight, 'Mon 30 Nov', '2026-11-30'] for every day of the window and the next."""
        table = []
        for offset in range(self.count + 1):
            day = self.first + timedelta(days=offset)
            table.append([self.minute(day), short_date(day), day.isoformat()])
        return table

    def offsets(self) -> list[list[int]]:
        """[from minute, UTC offset in minutes]: the zone's offset over the window, its changes
        found to the quarter hour (every zone changes on one)."""

        def offset(minute: int) -> int:
            moment = datetime.fromtimestamp((self.base + minute) * 60, self.zone)
            delta = moment.utcoffset()
            assert delta is not None
            return int(delta.total_seconds()) // 60

        changes = [[0, offset(0)]]
        for index in range(self.count):
            start = self.minute(self.first + timedelta(days=index))
            stop = self.minute(self.first + timedelta(days=index + 1))
            if offset(start) == offset(stop):
                continue
            for minute in range(start, stop, 15):
                if offset(minute) != changes[-1][1]:
                    changes.append([minute, offset(minute)])
        return changes

    def schedule_data(self, schedule: Schedule) -> dict[str, Any] | None:
        """o: open intervals [start, end, ...] (merged, clipped to the window); u: spans of
        days whose hours are unknown; r: [day, reason] of days closed for a reason (a holiday,
        a closure, a special day) or unknown for one (a holiday the sources are silent about);
        n: [start, end, note] of opening ranges with a note.
        None: no hours on record at all."""
        if not schedule.rules:
            return None
        first, last = self.first, self.first + timedelta(days=self.count)
        opened: list[int] = []
        for interval in schedule.intervals(schedule.instant(first, 0), schedule.instant(last, 0)):
            opened += [self.at(interval.start), self.at(interval.end)]
        unknown: list[int] = []
        reasons: list[int] = []
        notes: list[int] = []
        for offset in range(-1, self.count):
            day = first + timedelta(days=offset)
            plan = schedule.plan(day)
            for interval in schedule.day_intervals(plan):
                if interval.note:
                    notes += [self.at(interval.start), self.at(interval.end),
                              self.string(interval.note)]  # fmt: skip
            if offset < 0:
                continue
            if not plan.known:
                start, stop = self.minute(day), self.minute(day + timedelta(days=1))
                if unknown and unknown[-1] == start:
                    unknown[-1] = stop
                else:
                    unknown += [start, stop]
                if plan.reason:  # a holiday its sources are silent about
                    reasons += [offset, self.string(plan.reason)]
            elif plan.kind in ("closure", "holiday", "special") and plan.reason:
                reasons += [offset, self.string(plan.reason)]
        return {"o": opened, "u": unknown, "r": reasons, "n": notes}


def _search_material(
    units: Sequence[Unit], places: Sequence[str] = (), fallback: str | None = None
) -> dict[str, Any]:
    """What the page's search compares, as mops_cli/search.py would: the folded vocabulary
    (sorted, for the typo fallback) with its postings [unit, weight, ...], each unit's name
    and keyword phrases, phone numbers and folded e-mails; and what mops_cli/places.py reads
    a street or place by (the address words, the directory's places, each unit's areas and
    address, and the unit to call for a place no unit maps, with the sentence to say)."""
    from mops_cli.places import PLACE_PREFIXES

    ids = [unit.id for unit in units]
    call = ids.index(fallback) if fallback in ids else None
    unmapped = _(
        "no public page maps streets to the field social-work teams (ZTPS), so the directory "
        "cannot tell which team serves {place!r}"
    ).replace("{place!r}", "\ufffc")
    if call is not None:
        unmapped += "; " + _("call {name} and ask").format(name=units[call].name)
    postings: dict[str, list[float]] = {}
    for index, unit in enumerate(units):
        for word, weight in word_postings(unit).items():
            postings.setdefault(word, []).extend((index, _number(weight)))
    vocabulary = sorted(postings)
    return {
        "stem": STEM,
        "aw": sorted(ADDRESS_WORDS),
        "fw": sorted(FILLER_WORDS),
        "mc": MAX_QUERY_CHARS,
        "mq": MAX_QUERY_WORDS,
        "mw": MAX_WORD,
        "fs": FILLER_SHARE,
        "np": NAME_PHRASE,
        "kp": KEYWORD_PHRASE,
        "ro": REORDERED,
        "v": vocabulary,
        "p": [postings[word] for word in vocabulary],
        "n": [_phrases(names_of(unit)) for unit in units],
        "k": [_phrases((*unit.keywords, *unit.matters)) for unit in units],
        "ref": [index for index, unit in enumerate(units) if unit.category == "referral"],
        "tel": [[phone.number for phone in unit.phones] for unit in units],
        "em": [[fold(email) for email in unit.emails] for unit in units],
        "w": {"name": WEIGHTS["name"], "keyword": WEIGHTS["keyword"], "referral": REFERRAL_FIRST},
        "pp": sorted(PLACE_PREFIXES),
        "pl": [words(place) for place in places],
        "ar": [_phrases(unit.areas) for unit in units],
        "ad": [_phrases([unit.address or ""]) for unit in units],
        "fb": call,
        "um": unmapped,
    }


def _number(value: float) -> float:
    return int(value) if value == int(value) else value


def _phrases(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(content_phrase(words(text)) for text in texts))


# -- the help-lines card --------------------------------------------------------------------------


def _help_lines_card(
    directory_name: str, entries: Sequence[Entry], now: datetime, zone: ZoneInfo
) -> str:
    """One A4 page of the help lines in large type, for a notice board: no state (it would go
    stale on paper), only what stays true."""
    lines, _offices = _help_lines_first(entries)
    items = []
    sizes: list[_CardLine] = []
    for unit, schedule in lines:
        phones = [p for p in unit.phones if p.kind != "fax"]
        numbers = "".join(
            f"<li>{_link(tel(p), p.display)}"
            + (f' <span class="label">{_e(p.label)}</span>' if p.label else "")
            + "</li>"
            for p in phones
        )
        urls = [] if phones else list(unit.links)
        numbers += "".join(f'<li class="url">{_link(safe_link(u), u)}</li>' for u in urls)
        facts = _marks(unit, schedule)
        if schedule.rules and not round_the_clock(unit, schedule):
            facts.append(describe_hours(unit, schedule))
        if unit.audience:
            facts.append(_("for: {who}").format(who=", ".join(unit.audience)))
        fact_line = " · ".join(facts)
        sizes.append(_CardLine(len(unit.name), len(phones), [len(u) for u in urls], len(fact_line)))
        items.append(
            f'<li><h2>{_e(unit.name)}</h2><ul class="numbers">{numbers}</ul>'
            + (f'<p class="facts">{_e(fact_line)}</p>' if facts else "")
            + "</li>\n"
        )
    local = now.astimezone(zone).date()
    title = _("Help lines")
    footer = _("{name}: state of {date}. Call 112 when life or health is in danger.").format(
        name=directory_name, date=f"{local.day} {month_abbr(local)} {local.year}"
    )
    columns, points = card_layout(sizes)
    style = _asset("html_card.css") + f".lines{{font-size:{points}pt;columns:{columns}}}\n"
    body = (
        f'<main class="card"><h1>{_e(title)}</h1>\n<ol class="lines">\n{"".join(items)}</ol>\n'
        f'<p class="foot">{_e(footer)}</p></main>\n'
    )
    return _document(f"{title} – {directory_name}", body, style, None)


class _CardLine(NamedTuple):
    """How much text one help line puts on the card, in characters."""

    name: int
    phones: int
    urls: list[int]
    facts: int


# The card's geometry (html_card.css), in millimetres: A4 less 12 mm margins, less the title
# and the footer; the gap between columns; what each line adds besides its text.
CARD_WIDTH, CARD_HEIGHT, COLUMN_GAP, LINE_EXTRA = 186.0, 240.0, 8.0, 6.5
POINT = 0.3528  # mm
CHAR_WIDTH = 0.6  # of the font size, generous for bold sans-serif


def card_layout(lines: Sequence[_CardLine]) -> tuple[int, float]:
    """(columns, base font size in points): the largest type, up to 12 pt, with which the help
    lines fit one A4 page, by an estimate of their wrapped height (a browser test prints it)."""
    for tenths in range(120, 39, -5):
        points = tenths / 10
        for columns in (1, 2):
            width = (CARD_WIDTH - COLUMN_GAP * (columns - 1)) / columns
            heights = [_line_height(line, points, width) for line in lines]
            # Columns balance to within about one line, as break-inside keeps lines whole.
            need = sum(heights) if columns == 1 else (sum(heights) + max(heights, default=0)) / 2
            if need <= CARD_HEIGHT:
                return columns, points
    return 2, 4.0


def _line_height(line: _CardLine, points: float, width: float) -> float:
    def rows(characters: int, size: float) -> int:
        per_row = max(1, int(width / (CHAR_WIDTH * size * POINT)))
        return max(1, -(-characters // per_row))

    name = rows(line.name, 1.3 * points) * 1.3 * points * 1.25
    numbers = line.phones * 2.4 * points * 1.15
    urls = sum(rows(length, 1.1 * points) for length in line.urls) * 1.1 * points * 1.25
    facts = rows(line.facts, 1.05 * points) * 1.05 * points * 1.25 if line.facts else 0
    return (name + numbers + urls + facts) * POINT + LINE_EXTRA
