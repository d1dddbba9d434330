"""`mops hours`: the week at a glance, exceptions coming up, and the whole centre at once."""

from __future__ import annotations

import json

NOW = "2026-12-29T11:00:00+01:00"  # Tuesday of the week of 28 December 2026

KASY_WEEK_OF_28_DECEMBER = """\
Kasy (in-person), week of Mon 28 Dec 2026
                 10      12      14      16
  Mon 28 Dec ·   ████████████████·   ·      10:00–14:00
▶ Tue 29 Dec ·   ████████████████·   ·      10:00–14:00
  Wed 30 Dec ·   ████████████████·   ·      10:00–14:00
  Thu 31 Dec ·   ████████·   ·   ·   ·      10:00–12:00 (ostatni dzień miesiąca)
  Fri 1 Jan  ·   ·   ·   ·   ·   ·   ·      closed (New Year's Day)
  Sat 2 Jan  ·   ·   ·   ·   ·   ·   ·      closed
  Sun 3 Jan  ·   ·   ·   ·   ·   ·   ·      closed

Coming up (next 30 days):
Thu 31 Dec  10:00–12:00 (ostatni dzień miesiąca)
Fri 1 Jan   public holiday: New Year's Day
Wed 6 Jan   public holiday: Epiphany
"""


def test_week_of_28_december_2026(run):
    result = run("hours", "kasy", now=NOW)
    assert (result.code, result.out, result.err) == (0, KASY_WEEK_OF_28_DECEMBER, "")
    assert max(len(line) for line in result.out.splitlines()) <= 80


KASY_WEEK_OF_31_MARCH = """\
Kasy (in-person), week of Mon 29 Mar 2027
                 10      12      14      16
  Mon 29 Mar ·   ·   ·   ·   ·   ·   ·      closed (Easter Monday)
  Tue 30 Mar ·   ████████████████·   ·      10:00–14:00
  Wed 31 Mar ·   ████████·   ·   ·   ·      10:00–12:00 (ostatni dzień miesiąca)
  Thu 1 Apr  ·   ████████████████·   ·      10:00–14:00
  Fri 2 Apr  ·   ████████████████·   ·      10:00–14:00
  Sat 3 Apr  ·   ·   ·   ·   ·   ·   ·      closed
  Sun 4 Apr  ·   ·   ·   ·   ·   ·   ·      closed

Coming up (next 30 days):
Mon 29 Mar  public holiday: Easter Monday
Wed 31 Mar  10:00–12:00 (ostatni dzień miesiąca)
"""


def test_week_containing_31_march_2027(run):
    result = run("hours", "kasy", "--week", "2027-03-31", now=NOW)
    assert (result.code, result.out) == (0, KASY_WEEK_OF_31_MARCH)


def test_the_week_before_shows_the_clock_change(run):
    result = run("hours", "orzekanie", "--week", "2027-03-22", now=NOW)
    assert "Sun 28 Mar  clocks go forward: UTC+01:00 → UTC+02:00\n" in result.out


def test_dumb_terminal_gets_ascii_bars(run):
    result = run("hours", "kasy", now=NOW, term="dumb")
    assert "> Tue 29 Dec .   ################.   .      10:00–14:00\n" in result.out


def test_week_json(run):
    result = run("hours", "kasy", "--json", now=NOW)
    assert result.code == 0
    week = json.loads(result.out)
    assert {k: week[k] for k in ("unit", "name", "channel", "week")} == {
        "unit": "kasy",
        "name": "Kasy",
        "channel": "in-person",
        "week": "2026-12-28",
    }
    assert week["days"][3] == {
        "date": "2026-12-31",
        "kind": "special",
        "intervals": [
            {
                "start": "2026-12-31T10:00:00+01:00",
                "end": "2026-12-31T12:00:00+01:00",
                "note": "ostatni dzień miesiąca",
            }
        ],
        "reason": "ostatni dzień miesiąca",
    }
    assert week["days"][4] == {
        "date": "2027-01-01",
        "kind": "holiday",
        "intervals": [],
        "reason": "Nowy Rok",
    }
    assert [(d["date"], d["kind"], len(d["intervals"])) for d in week["days"]] == [
        ("2026-12-28", "regular", 1),
        ("2026-12-29", "regular", 1),
        ("2026-12-30", "regular", 1),
        ("2026-12-31", "special", 1),
        ("2027-01-01", "holiday", 0),
        ("2027-01-02", "regular", 0),
        ("2027-01-03", "regular", 0),
    ]
    assert week["exceptions"] == [
        {
            "date": "2026-12-31",
            "kind": "special",
            "reason": "ostatni dzień miesiąca",
            "description": "10:00–12:00 (ostatni dzień miesiąca)",
            "intervals": [
                {
                    "start": "2026-12-31T10:00:00+01:00",
                    "end": "2026-12-31T12:00:00+01:00",
                    "note": "ostatni dzień miesiąca",
                }
            ],
        },
        {
            "date": "2027-01-01",
            "kind": "holiday",
            "reason": "Nowy Rok",
            "description": "public holiday: Nowy Rok",
            "intervals": [],
        },
        {
            "date": "2027-01-06",
            "kind": "holiday",
            "reason": "Święto Trzech Króli",
            "description": "public holiday: Święto Trzech Króli",
            "intervals": [],
        },
    ]


def test_dst_exception_json(run):
    week = json.loads(run("hours", "orzekanie", "--week", "2026-10-19", "--json", now=NOW).out)
    dst = [e for e in week["exceptions"] if e["kind"] == "dst"]
    assert dst == [
        {
            "date": "2026-10-25",
            "kind": "dst",
            "reason": None,
            "description": "clocks go back: UTC+02:00 → UTC+01:00",
            "intervals": [],
        }
    ]


def test_overview_of_the_whole_centre(run):
    result = run("hours", now=NOW, columns="100")  # wide enough for the table
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert lines[1].split() == ["unit", "28", "29", "30", "31", "1", "2", "3", "now"]
    # The head office's pages give no weekdays: a row of unknown days, never a guessed week.
    assert lines[2].split() == ["mops", "?", "?", "?", "?", "?", "?", "?", "unknown"]
    assert lines[3].split() == ["kasy", "10-14", "10-14", "10-14", "10-12", "*", "–", "–", "open"]
    assert lines[-2:] == ["– closed, ? unknown, * holiday or closure", "Fri 1 Jan: New Year's Day"]
    assert max(len(line) for line in lines) <= 100


def test_overview_json_has_every_unit_and_its_state(run):
    rows = json.loads(run("hours", "--json", now=NOW).out)
    assert [(r["unit"], r["state"]) for r in rows][:2] == [("mops", "unknown"), ("kasy", "open")]
    assert len(rows) == 81 and all(len(r["days"]) == 7 for r in rows)


def test_unknown_hours_week(run):
    result = run("hours", "dodatki", now=NOW)
    assert result.out == (
        "Dodatki Mieszkaniowe (in-person), week of Mon 28 Dec 2026\nNo in-person hours on record.\n"
        "Żadna z przeczytanych stron nie podaje godzin działu ani godzin jego telefonów\n"
        "(zob. uwagi: te same strony). Ogólne „Godziny otwarcia 7.30 – 15.30” z panelu\n"
        "MOPS nie mają dni tygodnia.\n"
    )
    # A channel the unit has no hours for: its note speaks of the other hours, so it is left out.
    result = run("hours", "kasy", "--channel", "phone", now=NOW)
    assert result.out.splitlines()[1:] == ["No phone hours on record."]
