"""Answers at a glance: help-lines fits one screen, contacts gives the numbers first, and the
long notes and the sources wait for --details. JSON keeps every field."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("columns", ["80", "60"])
def test_help_lines_fit_one_screen(run, columns):
    result = run("help-lines", columns=columns)
    lines = result.out.splitlines()
    assert result.code == 0
    assert len(lines) <= 60
    assert max(len(line) for line in lines) <= int(columns)
    assert "1995" not in result.out  # history waits for --details


def test_help_lines_at_a_glance(run):
    result = run("help-lines")
    assert result.out.splitlines()[:8] == [
        "Numer alarmowy 112  [112]",
        "  112, 997 · free · open round the clock",
        "Ogólnopolskie Pogotowie dla Ofiar Przemocy w Rodzinie „Niebieska Linia”",
        "[niebieska-linia]",
        "  800 120 002 · free · open round the clock",
        "Telefon Zaufania Miejskiego Ośrodka Pomocy Społecznej we Wrocławiu",
        "[telefon-zaufania] (from a page of 2019)",  # as its card says: only old pages
        "  512 198 939 · open round the clock",
    ]
    assert result.out.splitlines()[-2:] == [
        "Ogólnopolski Telefon Zaufania „Narkotyki – Narkomania”  [telefon-narkotyki]",
        "  800 199 990 · closed, opens at 16:00",
    ]


def test_help_lines_at_a_glance_in_polish(run):
    result = run("--lang", "pl", "help-lines", "--at", "2026-11-23 18:00")
    assert result.out.splitlines()[:2] == [
        "Numer alarmowy 112  [112]",
        "  112, 997 · bezpłatny · pon 23 lis 2026 18:00: otwarte całą dobę",
    ]


def test_a_line_without_a_number_says_so(run):
    lines = run("help-lines").out.splitlines()
    at = lines.index(
        "Dział Przeciwdziałania Przemocy Domowej MOPS  [dzial-przeciwdzialania-przemocy]"
    )
    assert lines[at + 1] == "  no number on record · hours unknown"


def test_help_lines_details_show_notes_and_sources(run):
    result = run("help-lines", "--details")
    assert "1995" in result.out  # the history of Niebieska Linia
    assert "note" in result.out and "sources:" in result.out
    assert result.out.startswith("Numer alarmowy 112  [112]\nphone  112  telefon alarmowy\n")


def test_help_lines_json_is_the_same_with_or_without_details(run):
    assert run("help-lines", "--json").out == run("help-lines", "--json", "--details").out
    lines = json.loads(run("help-lines", "--json").out)
    niebieska = next(line for line in lines if line["id"] == "niebieska-linia")
    assert any("1995" in note for note in niebieska["notes"])


def test_contacts_of_many_units_fold_long_notes(run):
    result = run("contacts", "mops")
    assert result.code == 0
    assert "more notes: --details" in result.out or "more note: --details" in result.out
    assert "sources:" not in result.out
    detailed = run("contacts", "mops", "--details")
    assert "--details" not in detailed.out and "sources:" in detailed.out
    assert len(result.out.splitlines()) < len(detailed.out.splitlines())


def test_contacts_of_many_units_show_the_numbers_and_short_notes(run):
    card = run("contacts", "mops").out.split("\n\n")[0].splitlines()
    assert card[:3] == [
        "Miejski Ośrodek Pomocy Społecznej we Wrocławiu  [mops]",
        "phone    71 782 23 22  infolinia",
        "phone    71 782 23 00  sekretariat",
    ]
    assert "note     Niektóre biura mogą pracować w zmienionych godzinach." in card
    assert card[-1] == "note     6 more notes: --details"


def test_contacts_folded_in_polish(run):
    card = run("--lang", "pl", "contacts", "mops").out.split("\n\n")[0].splitlines()
    assert card[-1] == "uwaga    jeszcze 6 uwag: --details"
