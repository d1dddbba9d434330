"""The help network of the shipped directory, as the public pages give it: seasons, holidays
and "not MOPS" referrals at dated instants, and a caller's words finding each family first
with an address or a phone to give (issue: the places MOPS sends people to)."""

from __future__ import annotations

import json

import pytest

STATES = [
    # (instant, unit, exit, state, closes_at, opens_at, reason)
    # Streetbus: only the 2023/24 season is on a page; a stop is a range with its note.
    ("2024-01-10T20:10:00+01:00", "streetbus", 0, "open", "2024-01-10T20:25:00+01:00", None,
     "postój przy ul. Sieradzkiej, sezon 2023/2024"),
    # This winter no page gives its season: unknown, not open and not closed.
    ("2026-12-04T20:10:00+01:00", "streetbus", 3, "unknown", None, None, None),
    # The Caritas soup kitchen: closed in August (the closed days run into the 15th, a public
    # holiday its page is silent about, so the next opening is not guessed) ...
    ("2027-08-10T12:30:00+02:00", "jadlodajnia-caritas-slowianska", 1, "closed", None, None,
     "w sierpniu jadłodajnia jest nieczynna"),
    # ... open on Saturdays in winter only.
    ("2026-12-05T12:30:00+01:00", "jadlodajnia-caritas-slowianska", 0, "open",
     "2026-12-05T14:00:00+01:00", None, "sezon zimowy (listopad–marzec): posiłki także w sobotę"),
    ("2027-04-03T12:30:00+02:00", "jadlodajnia-caritas-slowianska", 1, "closed", None,
     "2027-04-05T12:00:00+02:00", None),
    # Round the clock, holidays included: the women's shelter and the crisis centre.
    ("2026-12-25T03:00:00+01:00", "schronisko-kobiety-soltysowicka", 0, "open", None, None, None),
    ("2026-12-25T03:00:00+01:00", "oik", 0, "open", None, None, None),
    # A care home's page says nothing of holidays: unknown, with the reason.
    ("2026-12-25T10:00:00+01:00", "dps-maczna", 3, "unknown", None, None,
     "Boże Narodzenie (pierwszy dzień), dzień ustawowo wolny: źródło nie podaje godzin"),
    # The police trust line works on working days only.
    ("2026-12-24T10:00:00+01:00", "policyjny-telefon-zaufania", 1, "closed", None,
     "2026-12-28T09:30:00+01:00", "Wigilia Bożego Narodzenia"),
    # A referral's line: ZUS answers on weekdays 7-18.
    ("2026-12-04T17:30:00+01:00", "ref-zus", 0, "open", "2026-12-04T18:00:00+01:00", None,
     "konsultanci infolinii ZUS"),
]  # fmt: skip


@pytest.mark.parametrize(("now", "unit", "code", "state", "closes", "opens", "reason"), STATES)
def test_seasons_and_holidays_at_dated_instants(run, now, unit, code, state, closes, opens, reason):
    result = run("open-now", unit, "--json", now=now)
    answer = json.loads(result.out)
    assert result.code == code
    assert (answer["state"], answer["closes_at"], answer["opens_at"], answer["reason"]) == (
        state, closes, opens, reason,
    )  # fmt: skip


FAMILIES = [
    # (what the caller says, the unit to give first)
    ("noclegownia", "noclegownia-malachowskiego"),
    ("schronisko dla mężczyzn", "schronisko-mezczyzni-bogedaina"),
    ("schronisko dla kobiet", "schronisko-kobiety-soltysowicka"),
    ("nie mam gdzie spać", "zespol-bezdomni"),  # MOPS's team, which finds a bed
    ("łaźnia", "laznia-caritas"),
    ("ogrzewalnia", "ogrzewalnia-gajowicka"),
    ("infolinia dla bezdomnych", "infolinia-bezdomni"),
    ("interwencja kryzysowa", "oik"),
    ("alkoholik", "anonimowi-alkoholicy"),
    ("mąż pije", "osrodek-terapii-uzaleznien"),
    ("syn bierze narkotyki", "telefon-narkotyki"),
    ("ukraina", "mops-ukraina"),
    ("uchodźca", "centrum-wsparcia-uchodzcow"),
    ("800 plus", "ref-zus"),
    ("Dobry Start", "ref-zus"),
    ("zasiłek dla bezrobotnych", "ref-pup-wroclaw"),
    ("mieszkanie komunalne", "ref-wydzial-lokali-mieszkalnych"),
    ("nieodpłatna pomoc prawna", "ref-nieodplatna-pomoc-prawna"),
    ("karta pobytu", "ref-duw-cudzoziemcy"),
    ("nie wiem gdzie zadzwonić", "infolinia-um"),
]


@pytest.mark.parametrize(("query", "first"), FAMILIES)
def test_callers_words_find_the_family_first_with_something_to_give(run, query, first):
    result = run("contacts", query, "--json")
    found = json.loads(result.out)
    assert (result.code, found[0]["id"]) == (0, first)
    assert found[0]["phones"] or found[0]["address"] or found[0]["links"]


def test_a_referral_is_said_first_and_marked_in_every_output(run):
    human = run("contacts", "800 plus", now="2026-12-04T10:00:00+01:00").out
    assert human.startswith("Not MOPS: Zakład Ubezpieczeń Społecznych (ZUS) handles ")
    plain = run("contacts", "800 plus", "--plain").out.splitlines()[0].split("\t")
    assert (plain[0], plain[-1]) == ("ref-zus", "referral")
    first = json.loads(run("contacts", "800 plus", "--json").out)[0]
    assert (first["category"], first["matters"][1]) == ("referral", "Dobry Start (300+)")
    assert "ref-zus" not in run("help-lines", "--json").out


@pytest.mark.parametrize("query", ["Nadodrze", "ul. Jedności Narodowej", "na Nadodrzu"])
def test_a_street_no_page_maps_says_so_and_whom_to_call(run, query):
    result = run("contacts", query, "--json")
    (answer,) = json.loads(result.out)
    assert (result.code, answer["id"]) == (1, "mops")
    assert answer["unmapped_place"]["message"].startswith(
        "no public page maps streets to the field social-work teams (ZTPS)"
    )
