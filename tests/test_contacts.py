"""`mops contacts` finds what a caller means; `mops help-lines` gives the right numbers in order."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from mops_cli.loader import load
from mops_cli.search import MemoryIndex, search, stem_match

INDEX = MemoryIndex(load(DATA))

# (what the caller says, the unit that must come first)
QUERIES = [
    ("dodatek", "dodatki-mieszkaniowe"),
    ("dodatki mieszkaniowe", "dodatki-mieszkaniowe"),
    ("dodatku mieszkaniowego", "dodatki-mieszkaniowe"),  # another grammatical form
    ("dodatkach mieszkaniowych", "dodatki-mieszkaniowe"),
    ("mieszkaniwe", "dodatki-mieszkaniowe"),  # a typo
    ("dodtaki", "dodatki-mieszkaniowe"),  # a typo
    ("karta duzej rodziny", "karta-rodzina-plus"),  # no diacritics
    ("KARTA DUŻEJ RODZINY", "karta-rodzina-plus"),
    ("karty rodzina plus", "karta-rodzina-plus"),
    ("SWIADCZENIA", "swiadczenia-rodzinne"),
    ("świadczeń rodzinnych", "swiadczenia-rodzinne"),
    ("alimenty", "swiadczenia-rodzinne"),
    ("fundusz alimentacyjny", "swiadczenia-rodzinne"),
    ("niepełnosprawnością", "orzekanie"),
    ("niepelnosprawnosc", "orzekanie"),
    ("orzeczenie o niepełnosprawności", "orzekanie"),
    ("legitymacja", "orzekanie"),
    ("Zespół ds. Orzekania", "orzekanie"),
    ("kasa", "kasy"),
    ("numer do kasy", "kasy"),  # filler words do not hide the answer
    ("Strzegomska 6", "mops"),
    ("Namysłowska karta", "karta-rodzina-plus"),
    ("GRAFIT świadczenia", "swiadczenia-rodzinne"),
    ("Solidarnosci", "orzekanie"),  # ś folded
    ("wroclaw sekretariat", "mops"),  # ł folded
    ("71 78 23 595", "karta-rodzina-plus"),  # a number in any grouping
    ("+48717823595", "karta-rodzina-plus"),
    ("717823595", "karta-rodzina-plus"),
    ("71 799 92 74", "swiadczenia-rodzinne"),
    ("71 79 99 274", "swiadczenia-rodzinne"),
    ("(071) 78-22-302", "mops"),  # inside the range "300 do 03"
    ("71 782 24 05", "mops"),  # the fax
    ("zon@mops.wroclaw.pl", "orzekanie"),
    ("800 120 002", "niebieska-linia"),
    ("112", "112"),
    ("116 111", "116-111"),
    ("Niebieska Linia", "niebieska-linia"),
    ("telefon zaufania dla dzieci", "116-111"),
    ("dorośli w kryzysie emocjonalnym", "116-123"),
    ("kryzys psychiczny", "centrum-wsparcia-kryzys"),
    ("dział przeciwdziałania przemocy", "dzial-przeciwdzialania-przemocy"),
    ("zgłoś przemoc", "zespol-interdyscyplinarny"),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_finds_the_unit_first(query, expected):
    found = search(INDEX, query)
    assert found, query
    assert found[0].unit.id == expected


@pytest.mark.parametrize(
    ("query_word", "word", "matches"),
    [
        ("dodatku", "dodatki", True),
        ("mieszkaniowego", "mieszkaniowe", True),
        ("niepelnosprawnoscia", "niepelnosprawnosc", True),
        ("orzek", "orzekania", True),  # a beginning
        ("dzieci", "dzial", False),  # "dzi" is not a stem
        ("kasy", "karta", False),
        ("do", "dodatki", False),  # too short to be a beginning
    ],
)
def test_stem_rule(query_word, word, matches):
    assert bool(stem_match(query_word, word)) is matches


def test_nothing_found_exits_1_with_suggestions(run):
    result = run("contacts", "kasyy", "xyz")
    assert result.code == 0  # fuzzy: "kasyy" is a typo of "kasy"
    result = run("contacts", "qqqq")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "nothing found for 'qqqq'; try fewer or shorter words, or 'mops contacts' for the whole "
        "directory\n"
    )
    result = run("contacts", "ł")
    assert (result.code, result.err) == (
        1,
        "nothing found for 'ł'; try fewer or shorter words, or 'mops contacts' for the whole directory\n",
    )
    result = run("contacts", "telefonn zaufaniaa mopss")  # fuzzy, every word a typo
    assert result.code == 0
    assert result.out.startswith("Telefon Zaufania Miejskiego Ośrodka Pomocy Społecznej")


def test_contacts_json_contract(run):
    result = run("contacts", "--json", "71 78 23 595")
    assert result.code == 0
    [unit] = json.loads(result.out)
    assert list(unit) == [
        "id", "name", "category", "address", "location_note", "phones", "emails", "links",
        "notes", "source", "verified", "areas", "facts_newest", "matters", "matched_phones",
    ]  # fmt: skip
    # facts_newest: the newest page date of the unit's sources (tests/test_sources.py)
    assert {k: v for k, v in unit.items() if k not in ("notes", "source", "facts_newest")} == {
        "id": "karta-rodzina-plus",
        "name": "Karta Rodzina Plus i Karta Dużej Rodziny",
        "category": "office",
        "address": "ul. Namysłowska 8, Wrocław",
        "location_note": "Centrum Biznesu GRAFIT, Biuro Obsługi Klienta, parter",
        "phones": [
            {"number": "+48717823595", "display": "71 782 35 95", "label": None, "kind": "voice"},
            {"number": "+48717823594", "display": "71 782 35 94", "label": None, "kind": "voice"},
        ],
        "emails": [],
        "links": ["https://mops.wroclaw.pl/projekty-i-programy/karta-duzej-rodziny"],
        "verified": "2026-12-04",
        "areas": [],
        "matters": [],
        "matched_phones": ["+48717823595"],
    }
    assert all(source.startswith("http") for source in unit["source"])


def test_contacts_json_of_a_short_number(run):
    [unit] = json.loads(run("contacts", "--json", "112").out)
    assert unit["phones"] == [
        {"number": "112", "display": "112", "label": "telefon alarmowy", "kind": "voice"},
        {
            "number": "997",
            "display": "997",
            "label": "numer alarmowy Policji (łączy z Centrum Powiadamiania Ratunkowego)",
            "kind": "voice",
        },
    ]


def test_contacts_plain_is_one_tab_separated_line_per_unit(run):
    result = run("contacts", "--plain", "orzek", now="2026-11-23T10:00:00+01:00")
    assert result.code == 0
    assert result.out == (
        "orzekanie\tPowiatowy Zespół ds. Orzekania o Niepełnosprawności\t"
        "71 782 23 60,71 782 23 62,71 782 23 63\tzon@mops.wroclaw.pl\t"
        "pl. Solidarności 1/3/5, 53-661 Wrocław, III piętro, pokój 316\tMon–Fri 08:00–15:00\topen\toffice\n"
    )


def test_contacts_human_card(run):
    result = run("contacts", "dodatku", "mieszkaniowego")
    assert result.code == 0
    assert result.out == (
        "Dodatki Mieszkaniowe  [dodatki-mieszkaniowe]\n"
        "phone  71 782 23 46\n"
        "phone  71 782 23 48\n"
        "hours  unknown (Żadna z przeczytanych stron nie podaje godzin działu ani godzin\n"
        "       jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia\n"
        "       7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.)\n"
        "note   Żadna z przeczytanych stron nie podaje adresu, piętra ani godzin\n"
        "       przyjmowania wniosków o dodatek mieszkaniowy – tylko dwa telefony\n"
        "       (przeczytane: panel „Podstawowe informacje” stron MOPS z lat 2020–2024,\n"
        "       BIP, strony MOPS o dodatku osłonowym i o dodatku do źródeł ciepła,\n"
        "       artykuł o opłatach za odpady).\n"
        "note   Wniosków o dodatek mieszkaniowy nie składa się w Zespołach Terenowej\n"
        "       Pracy Socjalnej (BIP, Struktura organizacyjna).\n"
    )


def test_contacts_human_card_with_everything(run):
    result = run("contacts", "zon@mops.wroclaw.pl", now="2026-11-23T14:30:00+01:00")
    assert result.out == (
        "Powiatowy Zespół ds. Orzekania o Niepełnosprawności  [orzekanie]\n"
        "phone    71 782 23 60\n"
        "phone    71 782 23 62\n"
        "phone    71 782 23 63\n"
        "e-mail   zon@mops.wroclaw.pl\n"
        "address  pl. Solidarności 1/3/5, 53-661 Wrocław, III piętro, pokój 316\n"
        "hours    Mon–Fri 08:00–15:00 · open, closes in 30 min, at 15:00\n"
        "note     Od 1 lipca 2014 r. karty parkingowe dla osób niepełnosprawnych wydaje\n"
        "         przewodniczący powiatowego zespołu do spraw orzekania o\n"
        "         niepełnosprawności.\n"
        "note     Zespół wydaje orzeczenia o niepełnosprawności (do 16. roku życia), o\n"
        "         stopniu niepełnosprawności (od 16. roku życia) i legitymacje osoby\n"
        "         niepełnosprawnej (strona GOPS Siechnice).\n"
        "note     Strona PCPR (2014) podawała siedzibę zespołu przy ul. Strzegomskiej 6;\n"
        "         nowsze strony podają pl. Solidarności 1/3/5 – zachowano nowszy adres.\n"
    )


def test_contacts_without_query_lists_offices_then_help_lines(run):
    result = run("contacts", "--json")
    categories = [unit["category"] for unit in json.loads(result.out)]
    assert categories == sorted(categories, key=lambda c: c != "office")
    human = run("contacts")
    assert human.out.index("Offices\n") < human.out.index("Help lines\n")
    assert max(len(line) for line in human.out.splitlines()) <= 80


def test_json_and_plain_together_is_an_error(run):
    result = run("contacts", "--json", "--plain", "kasy")
    assert (result.code, result.err) == (2, "mops: error: give --json or --plain, not both\n")


# -- help-lines ----------------------------------------------------------------------------------


def test_help_lines_order_and_states(run):
    result = run("help-lines", "--json", now="2026-12-24T23:00:00+01:00")
    assert result.code == 0
    lines = json.loads(result.out)
    assert [(line["id"], line["state"], line["free"], line["emergency"]) for line in lines] == [
        ("112", "open", True, True),  # first, always; round the clock (policja.pl)
        ("niebieska-linia", "open", True, False),  # then those answering, in the file's order
        ("telefon-zaufania", "open", None, False),  # free or not: no page says
        ("linia-pomocy-pokrzywdzonym", "open", None, False),  # round the clock (2023-2024)
        ("116-111", "open", True, False),
        ("telefon-zaufania-rpd", "open", True, False),
        ("116-123", "open", True, False),
        ("zespol-interdyscyplinarny", "unknown", None, False),  # then those of unknown hours
        ("dzial-przeciwdzialania-przemocy", "unknown", None, False),
        ("centrum-wsparcia-kryzys", "unknown", None, False),
        # Christmas Eve, a public holiday: their pages do not say whether they answer.
        ("telefon-zaufania-seniorzy", "unknown", None, False),
        ("telefon-pomocy-dla-starszych", "unknown", None, False),
        ("telefon-narkotyki", "unknown", None, False),
        ("infolinia-um", "unknown", None, False),
        ("infolinia-bezdomni", "unknown", True, False),
        ("homo-sacer-streetworkerzy", "unknown", None, False),
        # Working days only (a police order of 2020): closed on a public holiday.
        ("policyjny-telefon-zaufania", "closed", True, False),
    ]


def test_help_lines_json_entry(run):
    lines = json.loads(run("help-lines", "--json").out)
    assert list(lines[1]) == [
        "id", "name", "phones", "links", "audience", "hours", "state", "free", "emergency",
        "notes", "source", "facts_newest",
    ]  # fmt: skip
    assert {k: v for k, v in lines[1].items() if k not in ("notes", "source", "facts_newest")} == {
        "id": "niebieska-linia",
        "name": "Ogólnopolskie Pogotowie dla Ofiar Przemocy w Rodzinie „Niebieska Linia”",
        "phones": [
            {
                "number": "+48800120002",
                "display": "800 120 002",
                "label": "bezpłatny, całodobowy",
                "kind": "voice",
            }
        ],
        "links": [],
        "audience": ["osoby doznające przemocy domowej", "świadkowie przemocy domowej"],
        "hours": "round the clock; also on public holidays",
        "state": "open",
        "free": True,
        "emergency": False,
    }
    # The newest dated statement of its hours and cost (2025), with its address.
    assert lines[1]["source"][1].startswith(
        "https://pap-mediaroom.pl/zdrowie-i-styl-zycia/30-lat-realnej-pomocy-jubileusz-"
    )
    assert lines[0]["notes"][0] == (
        "W sytuacji kryzysowej najważniejszy kontakt to numer alarmowy policji."
    )
    dzial = next(line for line in lines if line["id"] == "dzial-przeciwdzialania-przemocy")
    assert dzial["phones"] == []
    assert any("Strony nie podają bezpośredniego numeru" in note for note in dzial["notes"])


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("dzieci", ["112", "116-111", "telefon-zaufania-rpd"]),
        ("children", ["112", "116-111", "telefon-zaufania-rpd"]),
        ("młodzieży", ["112", "116-111", "telefon-zaufania-rpd"]),
        ("dorosli", ["112", "telefon-zaufania-rpd", "116-123", "centrum-wsparcia-kryzys"]),
        ("adults", ["112", "telefon-zaufania-rpd", "116-123", "centrum-wsparcia-kryzys"]),
        ("świadkowie", ["112", "niebieska-linia", "linia-pomocy-pokrzywdzonym", "zespol-interdyscyplinarny", "dzial-przeciwdzialania-przemocy"]),
        ("seniorzy", ["112", "telefon-zaufania-seniorzy", "telefon-pomocy-dla-starszych"]),
        ("wszyscy", ["112", "infolinia-um"]),  # 112 and the city's line serve everyone
    ],
)  # fmt: skip
def test_help_lines_for_an_audience_keep_112_first(run, audience, expected):
    lines = json.loads(run("help-lines", "--json", "--for", audience).out)
    assert [line["id"] for line in lines] == expected


def test_help_lines_human_starts_with_112_and_its_advice(run):
    result = run("help-lines")
    first = result.out.splitlines()[:7]
    assert first == [
        "Numer alarmowy 112  [112]",
        "phone  112  telefon alarmowy",
        "phone  997  numer alarmowy Policji (łączy z Centrum Powiadamiania Ratunkowego)",
        "hours  round the clock; also on public holidays · open round the clock (no",
        "       closing in the next 366 days)",
        "for    wszyscy",
        "cost   free",
    ]
    assert "W sytuacji kryzysowej najważniejszy kontakt to numer alarmowy policji." in result.out


def test_help_lines_come_from_the_data_file(run, write_data):
    path = write_data(
        '[directory]\nname = "T"\n\n[[units]]\nid = "linia"\nname = "Linia"\n'
        'category = "helpline"\nsource = "t"\n\n[[units.phones]]\nnumber = "116 123"\n'
    )
    lines = json.loads(run("--data", str(path), "help-lines", "--json").out)
    assert [line["id"] for line in lines] == ["linia"]


def test_phones_and_emails_are_hyperlinks_on_a_terminal():
    """On a terminal Rich writes OSC 8 links (tel:, mailto:), which terminals make clickable."""
    from conftest import on_terminal

    output = on_terminal("contacts", "orzek")
    assert "\x1b]8;" in output
    assert "tel:+48717822360" in output
    assert "mailto:zon@mops.wroclaw.pl" in output


def test_an_emergency_number_leads_the_help_lines_even_unflagged(run, write_data):
    """phonenumbers' short-number metadata knows 112 is an emergency number."""
    path = write_data(
        '[directory]\nname = "T"\n\n'
        '[[units]]\nid = "linia"\nname = "Linia"\ncategory = "helpline"\nsource = "t"\n\n'
        '[[units.phones]]\nnumber = "116 123"\n\n'
        '[[units]]\nid = "alarm"\nname = "Alarm"\ncategory = "helpline"\nsource = "t"\n\n'
        '[[units.phones]]\nnumber = "112"\n'
    )
    lines = json.loads(run("--data", str(path), "help-lines", "--json").out)
    assert [(line["id"], line["emergency"]) for line in lines] == [
        ("alarm", True),
        ("linia", False),
    ]


AREAS = """
[directory]
name = "Test"

[[units]]
id = "ztps-1"
name = "Zespół Terenowej Pracy Socjalnej nr 1"
source = "https://example.org/ztps"
areas = ["Krzyki", "Nowy Dwór", "ul. Legnicka", "ul. Grabiszyńska"]

[[units]]
id = "ztps-2"
name = "Zespół Terenowej Pracy Socjalnej nr 2"
source = "https://example.org/ztps"
areas = ["Psie Pole", "Karłowice", "ul. Trzebnicka"]
"""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Legnicka", "ztps-1"),
        ("ul. Legnickiej 12", "ztps-1"),  # another grammatical form, a house number
        ("legnickiej", "ztps-1"),
        ("Krzyki", "ztps-1"),
        ("na Krzykach", "ztps-1"),
        ("Nowy Dwór", "ztps-1"),
        ("nowy dwor", "ztps-1"),  # no diacritics
        ("Nowym Dworze", "ztps-1"),
        ("Grabiszynska", "ztps-1"),
        ("Psie Pole", "ztps-2"),
        ("karlowice", "ztps-2"),
        ("Trzebnicka 5", "ztps-2"),
    ],
)
def test_a_street_or_district_finds_the_team_that_serves_it(run, write_data, query, expected):
    path = str(write_data(AREAS))
    for _ in range(2):  # from the file, then from the cache the first run wrote
        result = run("--data", path, "contacts", "--json", *query.split())
        assert result.code == 0, query
        found = json.loads(result.out)
        assert found[0]["id"] == expected
        assert expected not in [u["id"] for u in found[1:]]


def test_areas_are_shown_and_in_json(run, write_data):
    path = str(write_data(AREAS))
    result = run("--data", path, "contacts", "Psie", "Pole")
    assert "area   Psie Pole; Karłowice; ul. Trzebnicka" in result.out
    found = json.loads(run("--data", path, "contacts", "--json", "ztps-2").out)
    assert found[0]["areas"] == ["Psie Pole", "Karłowice", "ul. Trzebnicka"]


@pytest.mark.parametrize("query", ["ul. Legnickiej 12", "ulica Legnicka", "os. Kozanów", "Kozanów"])
def test_a_street_no_unit_serves_finds_nothing_rather_than_every_address(run, query):
    """ "ul." is in most addresses: alone it must not make every unit a match."""
    result = run("contacts", *query.split())
    assert result.code == 1, result.out
