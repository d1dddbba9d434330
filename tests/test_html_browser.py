"""`mops export html` in a real browser: the distribution's Chromium, driven by Playwright.

The page's clock is pinned (Playwright's page.clock) and moved forward instant by instant; at
each one every unit's state line must say what `mops open-now --all --json` says. One browser
and one export of each page per test process (each `pytest -n` worker, whatever order its
tests come in), the page loaded once and re-clocked. Without Chromium or Playwright the tests
are skipped with the reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT

CHROMIUM = Path(os.environ.get("MOPS_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXPORTED = "2026-12-01T08:00:00+01:00"  # a Tuesday; the page covers 366 days from that day
DAYS = 366
WINDOW_END = datetime.fromisoformat("2027-12-02T00:00:00+01:00")


def _need_browser() -> Any:
    """playwright.sync_api, or skip (fail in CI) saying what is missing."""
    reason = None
    try:
        from playwright import sync_api
    except ImportError:
        reason = "Playwright is not installed (pip install -e '.[test]')"
    else:
        if not CHROMIUM.exists():
            reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set MOPS_CHROMIUM)"
    if reason is None:
        return sync_api
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def export(folder: Path, *args: str, now: str = EXPORTED, lang: str = "pl") -> Path:
    """Run `mops export html` as a user would, into a file."""
    target = folder / f"page{abs(hash(args))}-{lang}.html"
    env = {**os.environ, "MOPS_NOW": now, "MOPS_CACHE_DIR": "", "MOPS_DATA": str(DATA)}
    subprocess.run(
        [sys.executable, "-m", "mops_cli", "--lang", lang, "export", "html", "-o", str(target),
         *args],
        check=True, env=env, cwd=ROOT,
    )  # fmt: skip
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = _need_browser()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    return {
        "year": export(folder, "--days", str(DAYS)),
        "default": export(folder),
        "en": export(folder, lang="en"),
        "card": export(folder, "--card", "help-lines"),
    }


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("MOPS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ClockedPage:
    """One loaded page whose clock only moves forward; asked for an earlier instant, it loads
    the page again with the clock set back."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.browser = browser
        self.path = path
        self.page: Any = None
        self.now: datetime | None = None

    def at(self, moment: datetime) -> Any:
        if self.page is None or self.now is None or moment < self.now:
            if self.page is not None:
                self.page.close()
            self.page = self.browser.new_page()
            self.errors: list[str] = []
            self.page.on("pageerror", lambda error: self.errors.append(str(error)))
            # Paused before the page loads: a slow load on a busy machine moves no clock.
            self.page.clock.install(time=moment - timedelta(minutes=1))
            self.page.clock.pause_at(moment - timedelta(seconds=30))
            self.page.goto(self.path.as_uri())
            self.page.clock.fast_forward(30_000)  # the minute's timer fires at `moment`
        else:
            # In steps under 2**31 ms: older Playwright (before 1.5x) mishandles longer jumps.
            left = int((moment - self.now).total_seconds() * 1000)
            while left > 0:
                step = min(left, 20 * 24 * 3600 * 1000)
                self.page.clock.fast_forward(step)
                left -= step
        self.now = moment
        return self.page

    def states(self) -> dict[str, dict[str, str]]:
        return self.page.evaluate(
            """() => Object.fromEntries(Array.from(document.querySelectorAll("article.unit"),
                a => { const s = a.querySelector(".status");
                       return [a.dataset.unit, {state: s.dataset.state, change: s.dataset.change,
                                reason: s.dataset.reason, text: s.textContent}]; }))"""
        )


@pytest.fixture(scope="session")
def year_page(browser: Any, pages: dict[str, Path]) -> Iterator[ClockedPage]:
    clocked = ClockedPage(browser, pages["year"])
    yield clocked
    assert clocked.errors == []


# Local times in Warsaw, with their offsets, in time order: ordinary days around the cash desks'
# hours, 24 December (a public holiday since 2025), Christmas, last days of months (the cash
# desks close at 12:00 when it is a weekday), New Year, both clock changes (28 March and
# 31 October 2027, with Easter Monday on 29 March and the repeated hour), All Saints' Day.
INSTANTS = [
    "2026-12-01T08:00:00+01:00", "2026-12-01T09:59:00+01:00", "2026-12-01T10:00:00+01:00",
    "2026-12-01T13:30:00+01:00", "2026-12-01T14:00:00+01:00", "2026-12-01T15:29:00+01:00",
    "2026-12-01T15:30:00+01:00", "2026-12-05T10:00:00+01:00", "2026-12-23T13:59:00+01:00",
    "2026-12-24T10:30:00+01:00", "2026-12-25T12:00:00+01:00", "2026-12-27T23:59:00+01:00",
    "2026-12-28T09:15:00+01:00", "2026-12-31T09:59:00+01:00", "2026-12-31T11:00:00+01:00",
    "2026-12-31T12:00:00+01:00", "2026-12-31T23:30:00+01:00", "2027-01-01T10:00:00+01:00",
    "2027-01-06T11:00:00+01:00", "2027-01-29T11:00:00+01:00", "2027-01-31T11:00:00+01:00",
    "2027-02-26T11:00:00+01:00", "2027-03-26T15:00:00+01:00", "2027-03-28T01:59:00+01:00",
    "2027-03-28T03:00:00+02:00", "2027-03-28T23:00:00+02:00", "2027-03-29T08:00:00+02:00",
    "2027-03-30T07:00:00+02:00", "2027-03-31T11:30:00+02:00", "2027-04-30T10:30:00+02:00",
    "2027-05-01T10:30:00+02:00", "2027-05-03T10:30:00+02:00", "2027-05-27T10:30:00+02:00",
    "2027-06-30T11:59:00+02:00", "2027-08-13T16:00:00+02:00", "2027-08-16T07:30:00+02:00",
    "2027-10-29T14:00:00+02:00", "2027-10-30T23:30:00+02:00", "2027-10-31T02:30:00+02:00",
    "2027-10-31T02:30:00+01:00", "2027-10-31T12:00:00+01:00", "2027-11-01T10:00:00+01:00",
    "2027-11-02T07:29:00+01:00", "2027-11-02T07:30:00+01:00", "2027-11-10T15:00:00+01:00",
    "2027-11-11T10:00:00+01:00", "2027-11-12T10:00:00+01:00", "2027-11-26T13:01:00+01:00",
    "2027-11-30T11:00:00+01:00", "2027-11-30T12:00:00+01:00", "2027-12-01T15:00:00+01:00",
    "2027-12-01T23:59:00+01:00",
]  # fmt: skip


def _expected_change(answer: dict[str, Any], window_end: datetime = WINDOW_END) -> str:
    """What the page can say of the next change: the same instant if it falls inside the
    window the page knows, nothing otherwise (the page then says "after" its last day)."""
    change = answer["closes_at"] if answer["state"] == "open" else answer["opens_at"]
    if change is None or datetime.fromisoformat(change) >= window_end:
        return ""
    return change


def expected_states(run, instant, window_end=WINDOW_END, **environ) -> dict[str, dict[str, str]]:
    """What the page should say of every unit at `instant`: `mops open-now --all --json`'s
    state, next change (as the page can know it) and reason."""
    result = run("open-now", "--all", "--json", now=instant, **environ)
    return {
        a["unit"]: {
            "state": a["state"],
            "change": _expected_change(a, window_end),
            "reason": a["reason"] or "",
        }
        for a in json.loads(result.out)
    }


def assert_agrees(run, clocked, instant, window_end=WINDOW_END, **environ):
    """The page's state lines at `instant` against `mops open-now --all --json`."""
    expected = expected_states(run, instant, window_end, **environ)
    clocked.at(datetime.fromisoformat(instant))
    page_states = clocked.states()
    shown = {
        unit: {k: v[k] for k in ("state", "change", "reason")} for unit, v in page_states.items()
    }
    assert shown == expected
    for unit, answer in page_states.items():  # the words say the same as the data attributes
        if answer["state"] == "unknown":  # with why, on a holiday its sources are silent about
            why = f" ({answer['reason']})" if answer["reason"] else ""
            assert answer["text"] == "godziny nieznane" + why, unit
        elif answer["change"]:
            local = datetime.fromisoformat(answer["change"])
            assert local.strftime("%H:%M") in answer["text"], unit
        if answer["reason"]:
            assert f" ({answer['reason']})" in answer["text"], unit
    return page_states


@pytest.mark.parametrize("instant", INSTANTS)
def test_every_state_agrees_with_open_now(run, year_page, instant):
    assert_agrees(run, year_page, instant)


RULES = """
[directory]
name = "Test"

[[closures]]
date = 2026-12-03
reason = "inwentaryzacja"

[[units]]
id = "do-konca-roku"
name = "Godziny tylko do 4 grudnia"
source = "test"

[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
valid_to = 2026-12-04

[[units]]
id = "nocna"
name = "Dyżur nocny"
source = "test"

[[units.hours]]
days = "fr,sa"
opens = "20:00"
closes = "26:00"

[[units.closures]]
date = 2026-12-12
reason = "szkolenie"

[[units]]
id = "wzorzec"
name = "Pierwszy wtorek zamknięte"
source = "test"

[[units.hours]]
days = "mo-fr"
opens = "09:00"
closes = "12:00"

[[units.hours]]
rrule = "FREQ=MONTHLY;BYDAY=1TU"
closed = true
note = "pierwszy wtorek miesiąca"
"""

RULE_INSTANTS = [
    "2026-12-01T08:30:00+01:00", "2026-12-02T11:59:00+01:00", "2026-12-03T10:00:00+01:00",
    "2026-12-04T15:00:00+01:00", "2026-12-04T16:00:00+01:00", "2026-12-05T01:30:00+01:00",
    "2026-12-05T10:00:00+01:00", "2026-12-11T23:00:00+01:00", "2026-12-12T01:00:00+01:00",
    "2026-12-12T21:00:00+01:00", "2026-12-13T01:59:00+01:00", "2027-01-05T10:00:00+01:00",
]  # fmt: skip


def test_closures_validity_overnight_hours_and_patterns_agree(run, browser, tmp_path):
    data = tmp_path / "rules.toml"
    data.write_text(RULES, encoding="utf-8")
    page_file = tmp_path / "rules.html"
    result = run(
        "--lang", "pl", "export", "html", "-o", str(page_file), mops_data=str(data), now=EXPORTED
    )
    assert result.code == 0, result.err
    clocked = ClockedPage(browser, page_file)
    window_end = datetime.fromisoformat("2027-01-30T00:00:00+01:00")
    texts = {}
    for instant in RULE_INSTANTS:
        states = assert_agrees(run, clocked, instant, window_end, mops_data=str(data))
        texts[instant] = {unit: answer["text"] for unit, answer in states.items()}
    # After its last valid day the hours are unknown: closed, and no next opening is guessed.
    assert (
        texts["2026-12-04T16:00:00+01:00"]["do-konca-roku"] == "zamknięte, termin otwarcia nieznany"
    )
    assert texts["2026-12-05T10:00:00+01:00"]["do-konca-roku"] == "godziny nieznane"
    assert (
        texts["2026-12-03T10:00:00+01:00"]["wzorzec"]
        == "zamknięte (inwentaryzacja), otwarcie pt 4 gru o 09:00"
    )
    assert texts["2026-12-12T01:00:00+01:00"]["nocna"] == "otwarte, zamknięcie za 60 minut, o 02:00"
    clocked.page.close()


def test_the_instant_list_covers_what_the_issue_asks():
    assert len(INSTANTS) >= 50
    assert sorted(INSTANTS, key=datetime.fromisoformat) == INSTANTS
    days = {i[:10] for i in INSTANTS}
    assert {"2026-12-24", "2026-12-31", "2027-03-28", "2027-10-31", "2027-11-01"} <= days


@pytest.mark.parametrize(
    ("instant", "unit", "text"),
    [
        ("2026-12-01T08:00:00+01:00", "kasy", "zamknięte, otwarcie o 10:00"),
        ("2026-12-01T13:30:00+01:00", "kasy", "otwarte, zamknięcie za 30 minut, o 14:00"),
        ("2026-12-01T14:59:00+01:00", "orzekanie", "otwarte, zamknięcie za 1 minutę, o 15:00"),
        ("2026-12-01T10:00:00+01:00", "mops", "godziny nieznane"),  # pages give no weekdays
        ("2026-12-23T13:59:00+01:00", "kasy",
         "otwarte, zamknięcie za 1 minutę, o 14:00"),
        ("2026-12-24T10:30:00+01:00", "kasy",
         "zamknięte (Wigilia Bożego Narodzenia), otwarcie pon 28 gru o 10:00"),
        ("2026-12-31T11:00:00+01:00", "kasy",
         "otwarte, zamknięcie za 60 minut, o 12:00 (ostatni dzień miesiąca)"),
        # Round the clock (every day, holidays too): as mops open-now says it, not "closes after".
        ("2026-12-31T11:00:00+01:00", "niebieska-linia", "otwarte całą dobę"),
        ("2026-12-31T11:00:00+01:00", "112", "otwarte całą dobę"),
        ("2027-03-28T01:59:00+01:00", "orzekanie", "zamknięte (Niedziela Wielkanocna), otwarcie wt 30 mar o 08:00"),
        ("2027-10-31T02:30:00+01:00", "kasy", "zamknięte, otwarcie wt 2 lis o 10:00"),
    ],
)  # fmt: skip
def test_state_lines_read_as_mops_says_them(year_page, instant, unit, text):
    year_page.at(datetime.fromisoformat(instant))
    assert year_page.states()[unit]["text"] == text


def test_the_line_updates_every_minute_while_the_page_is_open(browser, pages):
    clocked = ClockedPage(browser, pages["year"])
    clocked.at(datetime.fromisoformat("2026-12-01T13:57:30+01:00"))
    assert clocked.states()["kasy"]["text"] == "otwarte, zamknięcie za 3 minuty, o 14:00"
    clocked.page.clock.run_for(60_000)
    assert clocked.states()["kasy"]["text"] == "otwarte, zamknięcie za 2 minuty, o 14:00"
    clocked.page.clock.run_for(2 * 60_000)
    assert clocked.states()["kasy"]["text"] == "zamknięte, otwarcie śr 2 gru o 10:00"
    clocked.page.close()


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        # Past the last day the page knows, or before its first: unknown, never a guess.
        ("2027-01-30T10:00:00+01:00", "nieznane: strona obejmuje dni wt 1 gru 2026 – pt 29 sty 2027"),
        ("2026-11-30T10:00:00+01:00", "nieznane: strona obejmuje dni wt 1 gru 2026 – pt 29 sty 2027"),
    ],
)  # fmt: skip
def test_outside_its_days_the_page_says_unknown(browser, pages, instant, text):
    clocked = ClockedPage(browser, pages["default"])
    clocked.at(datetime.fromisoformat(instant))
    states = clocked.states()
    assert {s["state"] for s in states.values()} == {"unknown"}
    assert {s["text"] for s in states.values()} == {text}
    clocked.page.close()


def test_a_closing_past_the_last_day_is_not_guessed(browser, pages):
    clocked = ClockedPage(browser, pages["default"])
    clocked.at(datetime.fromisoformat("2027-01-29T11:00:00+01:00"))
    states = clocked.states()
    assert states["kasy"]["text"] == "otwarte, zamknięcie o 14:00"
    assert states["116-111"]["text"] == "otwarte całą dobę"
    assert states["orzekanie"]["text"] == "otwarte, zamknięcie o 15:00"
    clocked.at(datetime.fromisoformat("2027-01-29T16:00:00+01:00"))
    assert clocked.states()["orzekanie"]["text"] == "zamknięte, otwarcie po pt 29 sty 2027"
    clocked.page.close()


def test_the_english_page(browser, pages):
    clocked = ClockedPage(browser, pages["en"])
    page = clocked.at(datetime.fromisoformat("2026-12-24T10:30:00+01:00"))
    assert page.get_attribute("html", "lang") == "en"
    assert clocked.states()["kasy"]["text"] == "closed (Christmas Eve), opens Mon 28 Dec at 10:00"
    assert clocked.states()["112"]["text"] == "open round the clock"
    assert "(phone)" in page.text_content("main")  # the channel's name in the page's language
    assert (
        page.text_content("label[for=q]") == "Search: a name, a word, a phone number or an e-mail"
    )
    clocked.page.close()


def test_the_browser_time_zone_and_locale_change_nothing(browser, pages):
    """The page tells Warsaw's times from the offsets mops gave it, not from the browser's zone."""
    context = browser.new_context(timezone_id="America/Los_Angeles", locale="en-US")
    page = context.new_page()
    moment = datetime.fromisoformat("2027-03-28T03:00:00+02:00")  # just after the spring change
    page.clock.install(time=moment - timedelta(minutes=1))
    page.goto(pages["year"].as_uri())
    page.clock.pause_at(moment - timedelta(seconds=30))
    page.clock.fast_forward(30_000)
    kasy = page.eval_on_selector(
        '[data-unit="kasy"] .status', "s => [s.dataset.change, s.textContent]"
    )
    assert kasy == [
        "2027-03-30T10:00:00+02:00",
        "zamknięte (Niedziela Wielkanocna), otwarcie wt 30 mar o 10:00",
    ]
    context.close()


# -- search ------------------------------------------------------------------------------------

QUERIES = [
    "kasy", "kasa", "SWIADCZENIA", "świadczenia rodzinne", "karta duzej rodziny", "KDR",
    "dodatku mieszkaniowego", "dodatki", "mieszkaniwe", "orzekanie", "niepelnosprawnosc",
    "niebieska linia", "telefon zaufania", "przemoc", "dzieci", "alimenty", "fundusz alimentacyjny",
    "wyplata", "Namysłowska", "strzegomska 6", "sekretariat", "MOPS", "71 78 23 595",
    "+48717823595", "717823595", "0048 71 782 35 95", "(071) 78-22-322", "71 782 23", "112",
    "116 111", "800 120 002", "zon@mops.wroclaw.pl", "SEKRETARIAT@MOPS", "@mops.wroclaw.pl",
    "na Borku", "telefon zaufania dla dzieci", "interwencja kryzysowa", "osoba bezdomna",
    "71 78 22 417", "Dąbrowskiego 11", "crisis intervention", "homeless", "ul. Kamieńskiego 190",
    "dom pomocy społecznej", "plac",
    # Sentences: little words never match alone, rare words rank, a whole phrase first.
    "myśli samobójcze", "nie chcę już żyć", "mąż mnie bije", "sąsiadka nie otwiera drzwi",
    "opłata za dom pomocy", "dom opieki dla mamy", "pogotowie rodzinne",
    "tłumacz języka migowego", "głuchy", "uchodźca z Ukrainy", "alkoholik", "I was robbed",
    "czynsz alimenty", "szukam pracy", "samobójcze myśli", "rodziny karta dużej",
]  # fmt: skip


@pytest.mark.parametrize("query", ["xyzzyq", "nie", "nie do za", "the"])
def test_search_finds_nothing_where_mops_contacts_finds_nothing(run, search_page, query):
    assert run("contacts", query, "--json").code == 1
    assert _search(search_page, query) == []


@pytest.mark.parametrize(
    "query", ["ul. Legnickiej 12", "os. Kozanów", "Nadodrze", "na Nadodrzu", "Jedności Narodowej 5"]
)
def test_a_place_no_unit_maps_gets_the_unit_to_call_and_why(run, search_page, query):
    """As mops contacts: no page maps streets to the field teams, so the page says so and
    shows the unit to call (the directory's fallback), not a guess and not "nothing found"."""
    result = run("contacts", query, "--json")
    answer = json.loads(result.out)
    assert result.code == 1 and [unit["id"] for unit in answer] == ["mops"]
    assert "unmapped_place" in answer[0]
    assert _search(search_page, query) == ["mops"]
    said = search_page.text_content("#count")  # the page is in Polish, as the CLI says it
    assert said.startswith("Żadna publiczna strona nie przypisuje ulic do zespołów terenowej")
    assert repr(query) in said
    assert said.endswith("zadzwoń i zapytaj: Miejski Ośrodek Pomocy Społecznej we Wrocławiu")


@pytest.fixture(scope="session")
def search_page(browser: Any, pages: dict[str, Path]) -> Iterator[Any]:
    page = browser.new_page()
    page.goto(pages["year"].as_uri())
    yield page
    page.close()


def _search(page: Any, query: str) -> list[str]:
    page.fill("#q", query)
    return page.eval_on_selector_all("#results article", "all => all.map(a => a.dataset.unit)")


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_first_what_mops_contacts_finds_first(run, search_page, query):
    result = run("contacts", query, "--json")
    assert result.code == 0
    expected = [unit["id"] for unit in json.loads(result.out)]
    found = _search(search_page, query)
    assert found[:1] == expected[:1]
    assert set(found) == set(expected)


def test_search_says_when_nothing_is_found_and_clearing_restores_the_page(run, search_page):
    assert run("contacts", "xyzzyq", "--json").code == 1
    assert _search(search_page, "xyzzyq") == []
    assert search_page.text_content("#count") == "Nic nie znaleziono"
    assert search_page.is_hidden("#help-lines")
    _search(search_page, "")
    assert search_page.is_visible("#help-lines") and search_page.is_hidden("#results")
    order = search_page.eval_on_selector_all("main article", "all => all.map(a => a.dataset.unit)")
    assert order[:2] == ["112", "niebieska-linia"]
    assert order.index("mops") > order.index("116-123")  # help lines first, then the offices


def test_search_is_usable_with_the_keyboard(search_page):
    search_page.goto(search_page.url)
    search_page.keyboard.press("Tab")
    assert search_page.evaluate("document.activeElement.id") == "q"
    assert search_page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    search_page.keyboard.type("karta duzej")
    assert search_page.text_content("#count") == "Znaleziono: 1"
    search_page.keyboard.press("Tab")  # to the first phone number of the first result
    focused = search_page.evaluate(
        "[document.activeElement.closest('#results article')?.dataset.unit,"
        " document.activeElement.getAttribute('href'),"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["karta-rodzina-plus", "tel:+48717823595", "solid"]


# -- print, layout, accessibility ---------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_help_lines_card_prints_on_one_a4_page(browser, pages, screenshots):
    page = browser.new_page()
    page.goto(pages["card"].as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (screenshots / "help-lines-card.pdf").write_bytes(pdf)
    assert _pdf_pages(pdf) == 1
    assert page.text_content("h1") == "Telefony pomocowe"
    numbers = page.eval_on_selector_all(".numbers a", "all => all.map(a => a.getAttribute('href'))")
    assert numbers[0] == "tel:112"
    assert "tel:+48800120002" in numbers
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "help-lines-card.png"), full_page=True)
    page.close()


def test_the_printed_page_hides_the_search_and_the_states_and_shows_the_date(browser, pages):
    page = browser.new_page()
    page.goto(pages["year"].as_uri())
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.is_hidden(".search") and page.is_hidden(".status")
    assert page.is_visible(".print-only")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.text_content("#printed"))
    assert _pdf_pages(page.pdf(format="A4")) >= 1
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_horizontal_scroll(browser, pages, screenshots, width, record_property):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(pages["year"].as_uri())
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    shot = screenshots / f"page-{width}.png"
    page.screenshot(path=str(shot))
    record_property("screenshot", str(shot))
    print(f"screenshot: {shot}")
    assert overflow <= 0
    page.close()


@pytest.mark.parametrize("which", ["year", "en", "card"])
def test_axe_finds_no_serious_or_critical_violation(browser, pages, which):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(pages[which].as_uri())
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations
               if v["impact"] in ("serious", "critical")]  # fmt: skip
    assert serious == []
    if which == "year":  # the search results are checked too
        _search(page, "karta")
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    page.close()


def test_no_request_leaves_the_page(browser, pages):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(pages["year"].as_uri())
    _search(page, "kasy")
    assert requests == [pages["year"].as_uri()]
    page.close()


def test_a_broad_search_in_a_large_directory_shows_twenty_at_a_time(run, browser, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import directory

    data = tmp_path / "large.toml"
    data.write_text(directory(300), encoding="utf-8")
    expected = [
        u["id"]
        for u in json.loads(run("contacts", "@example.org", "--json", mops_data=str(data)).out)
    ]
    assert len(expected) > 100
    page_file = tmp_path / "large.html"
    run("export", "html", "-o", str(page_file), mops_data=str(data), now=EXPORTED)
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert _search(page, "@example.org") == expected[:20]
    assert page.text_content("#count") == f"Found: {len(expected)}"
    page.click("#more")
    assert _search_shown(page) == expected[:40]
    assert page.evaluate("document.activeElement.textContent") == page.text_content(
        "#results article:nth-child(21) h3"
    )
    assert page.text_content("#more") == f"Show more (shown 40 of {len(expected)})"
    page.close()


def _search_shown(page: Any) -> list[str]:
    return page.eval_on_selector_all("#results article", "all => all.map(a => a.dataset.unit)")


@pytest.mark.parametrize("count", [12, 20])
def test_many_help_lines_still_print_on_one_page(run, browser, tmp_path, count):
    lines = "".join(
        f"""
[[units]]
id = "linia-{i}"
name = "Telefon pomocowy numer {i} dla osób w kryzysie i ich bliskich"
category = "helpline"
audience = ["dorośli", "młodzież"]
free = true
open_on_holidays = true
source = "test"

[[units.phones]]
number = "71 782 {i:02d} {i:02d}"

[[units.hours]]
days = "mo-su"
opens = "00:00"
closes = "24:00"
"""
        for i in range(1, count + 1)
    )
    data = tmp_path / "lines.toml"
    data.write_text('[directory]\nname = "Test"\n' + lines, encoding="utf-8")
    card = tmp_path / "card.html"
    result = run("export", "html", "--card", "help-lines", "-o", str(card), mops_data=str(data))
    assert result.code == 0, result.err
    page = browser.new_page()
    page.goto(card.as_uri())
    assert page.eval_on_selector_all(".lines > li", "all => all.length") == count
    assert _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1
    page.close()


REFERRAL_QUERIES = ["800 plus", "Rodzina 800+", "800+", "dobry start", "karta rodziny", "rodzina"]


@pytest.mark.parametrize("query", REFERRAL_QUERIES)
def test_search_finds_a_referral_first_as_mops_contacts_does(run, browser, tmp_path, query):
    """A referral ("not MOPS: ZUS handles 800+") comes first in the page's search as in
    `mops contacts`, and its card says so where it is read first."""
    from conftest import ROOT

    data = ROOT / "tests" / "data" / "referrals" / "offices.toml"
    target = tmp_path / "referrals.html"
    assert run("export", "html", "-o", str(target), mops_data=str(data)).code == 0
    expected = [
        u["id"] for u in json.loads(run("contacts", query, "--json", mops_data=str(data)).out)
    ]
    page = browser.new_page()
    page.goto(target.as_uri())
    found = _search(page, query)
    assert found[:1] == expected[:1]
    assert set(found) == set(expected)
    if "zus" in found:
        badge = page.eval_on_selector(
            '#results [data-unit="zus"] .not-mops', "p => getComputedStyle(p).display"
        )
        assert badge == "block"
    page.close()
