"""Three honest answers: a referral ("not MOPS: go there"), a street the directory cannot map,
and hours on a public holiday the sources are silent about. On the made-up directory in
tests/data/referrals (a ZUS referral, a MOPS office, a team with areas, a seniors' line
whose source says nothing of holidays)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, UNIT_HEAD

REFERRALS = ROOT / "tests" / "data" / "referrals" / "offices.toml"
MONDAY = "2026-12-07T10:00:00+01:00"
CHRISTMAS = "2026-12-25 11:00"


@pytest.fixture
def ask(run):
    def answer(*args: str, now: str = MONDAY):
        return run(*args, now=now, mops_data=str(REFERRALS))

    return answer


# -- the data format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "on_holidays", "problems"),
    [
        ("", "unknown", []),
        ('on_holidays = "closed"\n', "closed", []),
        ('on_holidays = "open"\n', "open", []),
        ("open_on_holidays = true\n", "open", []),
        ("open_on_holidays = false\n", "closed", []),
        (
            'on_holidays = "closed"\nopen_on_holidays = false\n',
            None,
            ["biuro: open_on_holidays: give on_holidays or the older open_on_holidays, not both"],
        ),
        (
            'on_holidays = "sometimes"\n',
            None,
            ["biuro: on_holidays: must be one of closed, open, unknown, not 'sometimes'"],
        ),
        ("on_holidays = true\n", None, ["biuro: on_holidays: must be a string, not a boolean"]),
    ],
)
def test_on_holidays_is_read_and_checked(write_data, extra, on_holidays, problems):
    from mops_cli.loader import read

    directory, found = read(write_data(UNIT_HEAD + extra))
    assert [str(p) for p in found if p.severity == "error"] == problems
    assert directory is not None
    assert [u.on_holidays for u in directory.units] == ([on_holidays] if on_holidays else [])


REFERRAL = """
[[units]]
id = "zus"
name = "ZUS"
source = "https://example.org/zus (2026)"
"""


@pytest.mark.parametrize(
    ("extra", "problems"),
    [
        ('category = "referral"\nmatters = ["800+"]\n', []),
        (
            'category = "referral"\n',
            ["zus: matters: missing: a referral lists the matters it takes instead of MOPS"],
        ),
        (
            'matters = ["800+"]\n',
            ['zus: matters: only a referral (category = "referral") has matters'],
        ),
    ],
)
def test_a_referral_needs_its_matters_and_only_a_referral_has_them(write_data, extra, problems):
    from mops_cli.loader import read

    _directory, found = read(write_data(UNIT_HEAD + REFERRAL + extra))
    assert [str(p) for p in found if p.severity == "error"] == problems


@pytest.mark.parametrize(
    ("settings", "problems"),
    [
        ('fallback = "biuro"\n', []),
        (
            'fallback = "nikt"\n',
            ["directory.fallback: unknown unit 'nikt' (the unit to call for a street)"],
        ),
        ('places = ["Nadodrze"]\nplaces_source = "https://example.org/osiedla (2024)"\n', []),
        (
            'places = ["Nadodrze"]\n',
            [
                "directory.places_source: missing: the list of places names where it comes "
                "from (places_source)"
            ],
        ),
    ],
)
def test_fallback_and_places_are_checked(write_data, settings, problems):
    from mops_cli.loader import read

    text = UNIT_HEAD.replace('name = "Test"\n', 'name = "Test"\n' + settings, 1)
    _directory, found = read(write_data(text))
    assert [str(p) for p in found if p.severity == "error"] == problems


def test_the_shipped_offices_of_mops_close_on_holidays_and_round_the_clock_lines_open():
    from conftest import DATA

    from mops_cli.loader import load

    units = {u.id: u.on_holidays for u in load(DATA).units}
    for office in ("mops", "kasy", "swiadczenia-rodzinne", "karta-rodzina-plus", "orzekanie"):
        assert units[office] == "closed", office
    assert units["112"] == units["116-111"] == "open"
    assert load(DATA).fallback == "mops"


# -- unknown hours on a public holiday ---------------------------------------------------------


def test_open_now_on_a_holiday_the_source_is_silent_about(ask):
    result = ask("open-now", "telefon-seniora", "--at", CHRISTMAS)
    assert (result.code, result.out) == (
        3,
        "Telefon dla Seniorów (phone), Fri 25 Dec 2026 11:00: hours unknown (Christmas Day, "
        "a public holiday: the source does not say)\n",
    )
    polish = ask("--lang", "pl", "open-now", "telefon-seniora", "--at", CHRISTMAS)
    assert polish.out == (
        "Telefon dla Seniorów (telefon), pt 25 gru 2026 11:00: godziny nieznane (Boże Narodzenie "
        "(pierwszy dzień), dzień ustawowo wolny: źródło nie podaje godzin)\n"
    )
    answer = json.loads(ask("open-now", "telefon-seniora", "--at", CHRISTMAS, "--json").out)
    assert (answer["state"], answer["reason"], answer["opens_at"]) == (
        "unknown",
        "Boże Narodzenie (pierwszy dzień), dzień ustawowo wolny: źródło nie podaje godzin",
        None,
    )


@pytest.mark.parametrize(
    ("unit", "at", "code", "state"),
    [
        ("telefon-seniora", "2026-12-28 11:00", 0, "open"),  # an ordinary Monday
        ("mops", CHRISTMAS, 1, "closed"),  # an office of MOPS: closed, with the holiday's name
        ("zus", CHRISTMAS, 1, "closed"),
    ],
)
def test_other_days_and_units_that_close_keep_their_answers(ask, unit, at, code, state):
    result = ask("open-now", unit, "--at", at, "--json")
    assert (result.code, json.loads(result.out)["state"]) == (code, state)


def test_hours_show_the_day_as_unknown_and_list_it_among_the_exceptions(ask):
    result = ask("hours", "telefon-seniora", "--json", now="2026-12-21T09:00:00+01:00")
    week = json.loads(result.out)
    assert [(d["date"], d["kind"], d["reason"]) for d in week["days"][3:5]] == [
        ("2026-12-24", "unknown",
         "Wigilia Bożego Narodzenia, dzień ustawowo wolny: źródło nie podaje godzin"),
        ("2026-12-25", "unknown",
         "Boże Narodzenie (pierwszy dzień), dzień ustawowo wolny: źródło nie podaje godzin"),
    ]  # fmt: skip
    assert week["exceptions"][0] == {
        "date": "2026-12-24",
        "kind": "unknown",
        "reason": "Wigilia Bożego Narodzenia, dzień ustawowo wolny: źródło nie podaje godzin",
        "description": "hours unknown (Wigilia Bożego Narodzenia, dzień ustawowo wolny: źródło "
        "nie podaje godzin)",
        "intervals": [],
    }
    human = ask("hours", "telefon-seniora", now="2026-12-21T09:00:00+01:00").out
    assert (
        "Fri 25 Dec  hours unknown (Christmas Day, a public holiday: the source does not\n" in human
    )


def test_help_lines_and_contacts_say_holidays_are_unknown(ask):
    lines = json.loads(ask("help-lines", "--json", "--at", CHRISTMAS).out)
    seniors = next(line for line in lines if line["id"] == "telefon-seniora")
    assert (seniors["state"], seniors["hours"]) == (
        "unknown",
        "Mon–Fri 10:00–14:00; public holidays: unknown (the source does not say)",
    )
    # One unit found: its card, then its sources (mops contacts shows them for one unit).
    card, _, sources = ask("contacts", "seniorzy", "--at", CHRISTMAS).out.partition("sources:\n")
    assert sources.startswith("  https://example.org/seniorzy")
    assert card == (
        "Telefon dla Seniorów  [telefon-seniora]\n"
        "phone  71 555 00 05\n"
        "hours  Mon–Fri 10:00–14:00; public holidays: unknown (the source does not say) ·\n"
        "       Fri 25 Dec 2026 11:00: hours unknown (Christmas Day, a public holiday:\n"
        "       the source does not say)\n"
    )


def test_exports_say_holidays_are_unknown(ask):
    osm = json.loads(ask("export", "osm", "telefon-seniora").out)
    assert osm[0]["opening_hours"] == 'Mo-Fr 10:00-14:00; PH unknown "the source does not say"'
    assert osm[0]["exact"] is True
    hsds = json.loads(ask("export", "hsds", "telefon-seniora").out)
    [schedule] = hsds["services"][0]["schedules"]
    assert schedule["description"].endswith(
        "; public holidays (PL): unknown, the source does not say"
    )
    ics = ask("export", "ics", "telefon-seniora", "--from", "2026-12-21", "--to", "2026-12-27").out
    unfolded = ics.replace("\r\n ", "")
    assert (
        "2026-12-24 Telefon dla Seniorów (phone): hours unknown (Wigilia Bożego Narodzenia\\, "
        "dzień ustawowo wolny: źródło nie podaje godzin)" in unfolded
    )
    assert "DTSTART;TZID=Europe/Warsaw:20261225" not in unfolded  # no opening that day


def test_opening_hours_py_reads_ph_unknown_as_the_engine_does(ask):
    opening_hours = pytest.importorskip("opening_hours")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Warsaw")
    text = 'Mo-Fr 10:00-14:00; PH unknown "the source does not say"'
    reference = opening_hours.OpeningHours(text, timezone=zone, country="PL")
    days = (24, 25, 28)
    states = [
        str(reference.state(datetime(2026, 12, day, 11, tzinfo=zone))[0]).rsplit(".", 1)[-1]
        for day in days
    ]
    engine = [
        json.loads(ask("open-now", "telefon-seniora", "--at", f"2026-12-{day} 11:00", "--json").out)
        for day in days
    ]
    assert [state.lower() for state in states] == [a["state"] for a in engine]
    assert [a["state"] for a in engine] == ["unknown", "unknown", "open"]


# -- referrals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [["800", "plus"], ["Rodzina", "800+"], ["800+"], ["dobry start"]])
def test_a_matter_finds_its_referral_first(ask, query):
    result = ask("contacts", "--json", *query)
    assert result.code == 0
    first = json.loads(result.out)[0]
    assert (first["id"], first["category"], first["matters"]) == (
        "zus",
        "referral",
        ["świadczenie wychowawcze 800+", "Dobry Start (300+)"],
    )


def test_digits_among_words_are_not_a_phone_search(ask):
    """ "800" is part of a helpline's number and alias: "Rodzina 800+" is still about 800+,
    and a helpline does not come first for it."""
    from mops_cli.loader import load
    from mops_cli.search import MemoryIndex, search

    index = MemoryIndex(load(REFERRALS))
    assert [m.unit.id for m in search(index, "800 plus")] == ["zus", "karta-rodzina-plus"]
    assert [m.unit.id for m in search(index, "800 120 226")] == ["policyjny-telefon"]
    assert [m.how for m in search(index, "800 120 226")] == ["phone"]


def test_the_human_card_of_a_referral_says_not_mops_first(ask):
    out = ask("contacts", "800", "plus").out
    assert out.startswith(
        "Not MOPS: Zakład Ubezpieczeń Społecznych (ZUS) handles świadczenie wychowawcze\n"
        "800+; Dobry Start (300+)\n"
        "Zakład Ubezpieczeń Społecznych (ZUS)  [zus]\n"
        "phone    22 555 01 01  Centrum Obsługi Telefonicznej\n"
    )
    polish = ask("--lang", "pl", "contacts", "800", "plus").out
    assert polish.startswith(
        "Nie MOPS: świadczenie wychowawcze 800+; Dobry Start (300+) załatwia Zakład\n"
        "Ubezpieczeń Społecznych (ZUS)\n"
    )


def test_plain_rows_end_with_the_category(ask):
    out = ask("contacts", "--plain", "800", "plus").out
    assert [line.split("\t")[0::7] for line in out.splitlines()] == [
        ["zus", "referral"],
        ["karta-rodzina-plus", "office"],
    ]


def test_the_whole_directory_puts_referrals_last_under_their_own_heading(ask):
    out = ask("contacts").out
    headings = [line for line in out.splitlines() if line in
                ("Offices", "Help lines", "Not MOPS: where callers go instead")]  # fmt: skip
    assert headings == ["Offices", "Help lines", "Not MOPS: where callers go instead"]


def test_help_lines_never_list_referrals(ask):
    ids = [line["id"] for line in json.loads(ask("help-lines", "--json").out)]
    assert "zus" not in ids


def test_ask_and_the_api_find_the_referral_first(ask, private_cache):
    from mops_cli.api import Directory

    directory = Directory.load(
        REFERRALS,
        environ={"MOPS_NOW": MONDAY, "MOPS_CACHE_DIR": str(private_cache), "MOPS_CACHE_SYNC": "1"},
    )
    assert directory.find("800 plus").found[0].unit.category == "referral"
    answer = directory.ask({"cmd": "contacts", "query": "Rodzina 800+"})
    assert answer.to_json()[0]["id"] == "zus"


def test_the_html_page_marks_a_referral_and_its_search_ranks_it_first(ask):
    page = ask("export", "html").out
    section = page.split('<section id="referrals"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="referrals-h">Not MOPS: where callers go instead</h2>' in section
    assert (
        '<p class="not-mops">Not MOPS: Zakład Ubezpieczeń Społecznych (ZUS) handles '
        "świadczenie wychowawcze 800+; Dobry Start (300+)</p>"
        '<ul class="marks"><li class="mark">not MOPS</li></ul>' in section
    )
    found = re.search(r'<script type="application/json" id="mops-data">(.*?)</script>', page, re.S)
    assert found
    material = json.loads(found.group(1))["q"]
    assert material["ref"] == [4]
    assert material["w"]["referral"] == 50.0
    assert "swiadczenie wychowawcze 800" in material["k"][4]


def test_hsds_gives_a_referral_an_organization_of_its_own(ask, tmp_path):
    import csv
    import io
    import zipfile

    target = tmp_path / "hsds.zip"
    assert ask("export", "hsds-zip", "-o", str(target)).code == 0
    with zipfile.ZipFile(target) as archive:
        organizations = list(
            csv.DictReader(io.StringIO(archive.read("organizations.csv").decode()))
        )
        services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
    by_name = {o["name"]: o["id"] for o in organizations}
    assert list(by_name) == ["Test MOPS", "Zakład Ubezpieczeń Społecznych (ZUS)"]
    owners = {s["name"]: s["organization_id"] for s in services}
    assert (
        owners["Zakład Ubezpieczeń Społecznych (ZUS)"]
        == by_name["Zakład Ubezpieczeń Społecznych (ZUS)"]
    )
    assert owners["Miejski Ośrodek Pomocy Społecznej"] == by_name["Test MOPS"]
    document = json.loads(ask("export", "hsds").out)
    assert "Zakład Ubezpieczeń Społecznych (ZUS)" not in [s["name"] for s in document["services"]]


# -- streets and places the directory cannot map ----------------------------------------------

UNMAPPED = (
    "No public page maps streets to the field social-work teams (ZTPS), so the \n"
    "directory cannot tell which team serves {place}; call Miejski Ośrodek Pomocy \n"
    "Społecznej and ask:\n"
)


@pytest.mark.parametrize(
    "query", ["Nadodrze", "na Nadodrzu", "ul. Jedności Narodowej", "Jedności Narodowej 5",
              "os. Kosmonautów", "ulica Jedności Narodowej 5a"],
)  # fmt: skip
def test_an_unmapped_street_or_place_says_so_and_gives_the_unit_to_call(ask, query):
    result = ask("contacts", query)
    assert result.code == 1
    assert "which team serves" in result.out.replace("\n", " ")
    assert result.out.endswith(
        "Miejski Ośrodek Pomocy Społecznej  [mops]\n"
        "phone    71 555 00 01  informacja\n"
        "address  ul. Strzegomska 6, 53-611 Wrocław\n"
        "hours    Mon–Fri 07:30–15:30 · open, closes at 15:30\n"
    )


def test_the_unmapped_answer_word_for_word(ask):
    result = ask("contacts", "Nadodrze")
    assert result.out.startswith(UNMAPPED.format(place="'Nadodrze'"))


def test_the_unmapped_answer_in_json_and_plain(ask):
    result = ask("contacts", "--json", "ul. Jedności Narodowej")
    assert result.code == 1
    [unit] = json.loads(result.out)
    assert (unit["id"], unit["unmapped_place"]) == (
        "mops",
        {
            "query": "ul. Jedności Narodowej",
            "message": "no public page maps streets to the field social-work teams (ZTPS), so "
            "the directory cannot tell which team serves 'ul. Jedności Narodowej'; call "
            "Miejski Ośrodek Pomocy Społecznej and ask",
        },
    )
    plain = ask("contacts", "--plain", "ul. Jedności Narodowej")
    assert plain.code == 1
    assert plain.out.split("\t")[0] == "mops"
    assert plain.err.startswith("no public page maps streets")


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Krzyki", "ztps-4"),  # mapped by a unit's areas
        ("ul. Powstańców Śląskich 5", "ztps-4"),
        ("ztps 4", "ztps-4"),  # a team's name with its number, not an address
        ("Strzegomska 6", "mops"),  # a unit's own address
        ("800 plus", "zus"),
    ],
)
def test_what_a_unit_maps_names_or_is_at_is_found_as_usual(ask, query, first):
    result = ask("contacts", "--json", query)
    assert result.code == 0
    found = json.loads(result.out)
    assert found[0]["id"] == first
    assert "unmapped_place" not in found[0]


def test_without_a_fallback_the_answer_still_says_why(run, write_data):
    path = write_data(UNIT_HEAD)
    result = run("contacts", "ul. Jedności Narodowej", "--json", mops_data=str(path))
    assert (result.code, json.loads(result.out)) == (1, [])
    human = run("contacts", "ul. Jedności Narodowej", mops_data=str(path))
    assert human.code == 1
    assert human.out.replace("\n", "").endswith("which team serves 'ul. Jedności Narodowej':")


def test_the_shipped_directory_sends_an_unmapped_street_to_the_mops_line(run):
    result = run("contacts", "--json", "ul. Jedności Narodowej")
    assert result.code == 1
    assert [u["id"] for u in json.loads(result.out)] == ["mops"]


def test_open_now_hours_and_vcard_of_a_referral_say_not_mops_first(ask):
    line = "Not MOPS: Zakład Ubezpieczeń Społecznych (ZUS) handles świadczenie wychowawcze"
    assert ask("open-now", "zus").out.startswith(line)
    assert ask("hours", "zus").out.startswith(line)
    vcard = ask("export", "vcard", "zus").out.replace("\r\n ", "")
    assert "NOTE:" + line in vcard
    assert "CATEGORIES:referral" in vcard
