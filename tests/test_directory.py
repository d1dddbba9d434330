"""The shipped directory: what an operator asks, answered from the centre's public pages."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import DATA

from mops_cli.loader import load
from mops_cli.validate import source_grammar, validate

DIRECTORY = load(DATA)

# (what the caller says, the unit that answers first): facts of the public pages
QUESTIONS = [
    ("71 78 22 417", "dwon"),  # DWON, NGO grants (mops.wroclaw.pl, 2024+)
    ("71 78 22 357", "dwon"),
    ("interwencja kryzysowa", "oik"),
    ("crisis intervention", "oik"),
    ("71 79 64 085", "oik"),
    ("stop.przemocy@mops.wroclaw.pl", "oik"),
    ("Zachodnia", "zespol-bezdomni"),
    ("osoba bezdomna", "zespol-bezdomni"),
    ("homeless", "zespol-bezdomni"),
    ("Dąbrowskiego 11", "dzial-uslug-opiekunczych"),
    ("piecza zastępcza", "piecza-zastepcza"),
    ("rodziny zastępczej", "piecza-zastepcza"),
    ("stypendium szkolne", "stypendia-szkolne"),
    ("skierowanie do domu pomocy społecznej", "dzial-pomocy-instytucjonalnej"),
    ("care home", "dps-maczna"),
    ("Muchobór Wielki", "ztps-4"),  # the one team a page gives osiedla for
    ("na Borku", "ztps-4"),
    ("Powstańców Śląskich", "ztps-4"),
    ("Kamieńskiego 190", "ztps-6"),
    ("GRAFIT karta", "karta-rodzina-plus"),
    ("Centrum Biznesu GRAFIT świadczenia", "swiadczenia-rodzinne"),
    ("karta parkingowa", "orzekanie"),
    ("PFRON", "dwon"),
    ("Wrocławskie Centrum Seniora", "centrum-seniora"),
    ("800 12 12 12", "telefon-zaufania-rpd"),
    ("800 120 002", "niebieska-linia"),
    ("997", "112"),
]


@pytest.mark.parametrize(("query", "expected"), QUESTIONS)
def test_a_callers_question_finds_the_unit(run, query, expected):
    result = run("contacts", "--json", *query.split())
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["id"] == expected


@pytest.mark.parametrize("query", ["Legnicka", "ul. Legnickiej 12", "Nowy Dwór", "Krzyki"])
def test_a_street_no_page_maps_is_not_guessed(run, query):
    """No public page maps these to a field team: no team is offered for them."""
    result = run("contacts", "--plain", *query.split())
    assert not any(line.startswith("ztps") for line in result.out.splitlines()), result.out


def test_the_field_teams_say_that_no_page_maps_them():
    teams = [u for u in DIRECTORY.units if re.fullmatch(r"ztps-\d", u.id)]
    assert [u.id for u in teams] == [f"ztps-{n}" for n in range(1, 8)]
    assert [u.id for u in teams if u.areas] == ["ztps-4"]
    assert DIRECTORY.get("ztps-4").areas == (  # type: ignore[union-attr]
        "Muchobór Wielki", "Borek", "Powstańców Śląskich", "Kuźniki",
    )  # fmt: skip
    for team in teams:
        assert any("m.in." in n or "Brak mapy rejonów" in n for n in team.notes), team.id


@pytest.mark.parametrize(
    "when", ["2026-12-25 03:00", "2027-01-01 00:00", "2026-10-25 02:30", "2027-04-05 12:00"]
)
def test_112_answers_at_every_instant(run, when):
    result = run("open-now", "112", "--json", "--at", when)
    assert result.code == 0
    answer = json.loads(result.out)
    assert (answer["state"], answer["closes_at"]) == ("open", None)
    lines = json.loads(run("help-lines", "--open", "--json", "--at", when).out)
    assert (lines[0]["id"], lines[0]["state"], lines[0]["free"]) == ("112", "open", True)


def test_help_lines_at_two_in_the_morning(run):
    lines = json.loads(run("help-lines", "--open", "--json", now="2026-11-28T02:00:00+01:00").out)
    assert [line["id"] for line in lines] == [
        "112", "niebieska-linia", "telefon-zaufania", "linia-pomocy-pokrzywdzonym", "116-111",
        "telefon-zaufania-rpd", "116-123",
    ]  # fmt: skip


def test_unknown_stays_unknown(run):
    """Lines whose hours no dated page states are never shown as open."""
    for unit in (
        "centrum-wsparcia-kryzys",
        "zespol-interdyscyplinarny",
        "czp-dczp",
        "ztps-1",
        "mops",
    ):
        result = run("open-now", unit, "--at", "2026-12-02 10:00")
        assert result.code == 3, unit


def test_every_fact_names_a_page_and_every_unit_was_checked_this_year():
    assert source_grammar(DIRECTORY) == []
    sources = [s for u in DIRECTORY.units for s in u.source]
    # Each source opens with one page's address (or a seed, or a staff confirmation) and then,
    # in parentheses, its date: an issue number is no source.
    assert [
        s for s in sources if not re.match(r"(https?://\S+|\[S\d{3}\]|potwierdzenie) \(", s)
    ] == []
    assert all(u.verified is not None and u.verified >= date(2026, 11, 1) for u in DIRECTORY.units)
    problems = validate(DATA, date(2026, 12, 1))
    # Units whose facts rest only on pages over 5 years old, to re-read; two Saturday holidays.
    stale = ["dps-maczna", "dps-redzinska", "dps-karmelkowa", "dps-kaletnicza", "ddp-zeromskiego",
             "ddp-komuny-paryskiej", "ddp-kosciuszki", "ddp-skwierzynska", "sds-szkolna", "wci",
             "al-anon"]  # fmt: skip
    assert [(p.unit, p.field) for p in problems] == [
        *((unit, "source") for unit in stale),
        (None, "closures"),
        (None, "closures"),
    ]
    assert {p.severity for p in problems} == {"warning"}


def test_the_directory_covers_the_centre():
    ids = {u.id for u in DIRECTORY.units}
    assert len(ids) == 81
    offices = {u.id for u in DIRECTORY.units if u.category == "office"}
    lines = {u.id for u in DIRECTORY.units if u.category == "helpline"}
    referrals = {u.id for u in DIRECTORY.units if u.category == "referral"}
    assert {"mops", "kasy", "dwon", "oik", "zespol-bezdomni", "ztps"} <= offices
    assert {"112", "niebieska-linia", "116-111", "116-123", "telefon-zaufania"} <= lines
    # The places MOPS sends people to: shelters, crisis, addiction, refugees, the city's line.
    assert {
        "schronisko-kobiety-soltysowicka", "schronisko-mezczyzni-bogedaina",
        "noclegownia-malachowskiego", "ogrzewalnia-gajowicka", "laznia-caritas", "streetbus",
        "czp-dczp", "osrodek-terapii-uzaleznien", "centrum-wsparcia-uchodzcow",
    } <= offices  # fmt: skip
    assert {"infolinia-bezdomni", "telefon-narkotyki", "infolinia-um"} <= lines
    assert len(referrals) == 9 and "ref-zus" in referrals
