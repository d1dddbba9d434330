"""hours: the open intervals between two instants (what the week view's clock-change check
uses), a day's plan from a date pattern counted from its start, and why a unit is closed."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_core_hours import NIGHT, SPLIT, WEEKDAYS, _head

from mops_cli.hours import day_plan
from mops_cli.model import Rule
from mops_cli.session import Environment, Session

UTC = timezone.utc
CET = timezone(timedelta(hours=1))
TOUCHING = """
[[units.hours]]
days = "mo"
opens = "08:00"
closes = "10:00"
note = "pierwszy"

[[units.hours]]
days = "mo"
opens = "10:00"
closes = "12:00"
note = "drugi"

[[units.hours]]
days = "mo"
opens = "09:00"
closes = "11:00"
"""
TOUCHING_ONLY = TOUCHING.rsplit("[[units.hours]]", 1)[0]  # 08:00–10:00 and 10:00–12:00


def _schedule(tmp_path: Path, hours: str):
    path = tmp_path / "offices.toml"
    path.write_text(_head(closures="", unit=hours), encoding="utf-8")
    session = Session(path, Environment({**os.environ, "MOPS_NOW": "2026-11-23T10:00:00+01:00"}))
    return session.schedule(session.resolve("biuro"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("hours", "start", "end", "expected"),
    [
        # Whole days: each range once, in order.
        (SPLIT, "2026-11-23T00:00+01:00", "2026-11-24T00:00+01:00",
         [("2026-11-23T08:00+01:00", "2026-11-23T11:00+01:00", "rano"),
          ("2026-11-23T12:00+01:00", "2026-11-23T16:00+01:00", "po południu")]),
        # Clipped to the instants asked about; a range that ends as the span starts is out.
        (SPLIT, "2026-11-23T10:00+01:00", "2026-11-23T13:00+01:00",
         [("2026-11-23T10:00+01:00", "2026-11-23T11:00+01:00", "rano"),
          ("2026-11-23T12:00+01:00", "2026-11-23T13:00+01:00", "po południu")]),
        (SPLIT, "2026-11-23T11:00+01:00", "2026-11-23T12:00+01:00", []),
        (SPLIT, "2026-11-23T11:00+01:00", "2026-11-23T12:01+01:00",
         [("2026-11-23T12:00+01:00", "2026-11-23T12:01+01:00", "po południu")]),
        # Across days, and given in another zone.
        (WEEKDAYS, "2026-11-27T14:00:00+00:00", "2026-11-30T08:30:00+00:00",
         [("2026-11-27T15:00+01:00", "2026-11-27T16:00+01:00", None),
          ("2026-11-30T08:00+01:00", "2026-11-30T09:30+01:00", None)]),
        # A range from the evening before runs into the span.
        (NIGHT, "2026-11-28T01:00+01:00", "2026-11-28T12:00+01:00",
         [("2026-11-28T01:00+01:00", "2026-11-28T02:00+01:00", "nocą")]),
        # Ranges that touch are one interval.
        (TOUCHING_ONLY,
         "2026-11-23T00:00+01:00", "2026-11-24T00:00+01:00",
         [("2026-11-23T08:00+01:00", "2026-11-23T12:00+01:00", "pierwszy")]),
        # Touching and overlapping ranges are one interval, with the first one's note.
        (TOUCHING, "2026-11-23T00:00+01:00", "2026-11-24T00:00+01:00",
         [("2026-11-23T08:00+01:00", "2026-11-23T12:00+01:00", "pierwszy")]),
    ],
)  # fmt: skip
def test_intervals(tmp_path, hours, start, end, expected):
    schedule = _schedule(tmp_path, hours)
    found = schedule.intervals(at(start), at(end))
    assert [(i.start, i.end, i.note) for i in found] == [(at(s), at(e), n) for s, e, n in expected]
    assert all(i.start.tzinfo is UTC and i.end.tzinfo is UTC for i in found)


def test_intervals_given_in_another_zone_are_the_same(tmp_path):
    schedule = _schedule(tmp_path, SPLIT)
    start, end = at("2026-11-23T10:00+01:00"), at("2026-11-23T13:00+01:00")
    other = timezone(timedelta(hours=-5))
    assert schedule.intervals(start.astimezone(other), end.astimezone(other)) == (
        schedule.intervals(start, end)
    )


def test_a_pattern_counted_from_its_start():
    every_other = Rule(
        "in-person", 600, 720, frozenset(), "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        valid_from=date(2026, 11, 25),
    )  # fmt: skip
    kinds = [
        day_plan((every_other,), date(2026, 11, 18) + timedelta(weeks=n)).kind for n in range(4)
    ]
    assert kinds == ["unknown", "special", "regular", "special"]  # nothing known before its start


def test_closed_after_hours_on_a_holiday_it_works_names_no_reason(run, write_data):
    import json

    path = write_data(_head(closures="", unit="open_on_holidays = true\n" + WEEKDAYS))
    answer = json.loads(
        run("--data", str(path), "open-now", "biuro", "--at", "2026-11-11 17:00", "--json").out
    )
    assert (answer["state"], answer["opens_at"], answer["reason"]) == (
        "closed",
        "2026-11-12T08:00:00+01:00",
        None,
    )


def test_the_overview_dates_each_closure(run, write_data):
    from test_core_hours import UNIT_CLOSURE

    path = write_data(_head(closures="", unit=UNIT_CLOSURE))
    result = run("--data", str(path), "hours", "--week", "2026-11-23")
    assert result.out.splitlines()[-2:] == [
        "Tue 24 Nov: inwentaryzacja",
        "Wed 25 Nov: inwentaryzacja",
    ]


def test_two_patterns_on_one_day_give_both_notes(run, write_data):
    import json

    hours = WEEKDAYS + "".join(
        f'\n[[units.hours]]\nrrule = "{rule}"\nopens = "{opens}"\ncloses = "{closes}"\nnote = "{note}"\n'
        for rule, opens, closes, note in [
            ("FREQ=MONTHLY;BYMONTHDAY=-1", "10:00", "12:00", "koniec miesiąca"),
            ("FREQ=WEEKLY;BYDAY=MO", "13:00", "14:00", "poniedziałek"),
            ("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30", "10:00", "11:00", "koniec miesiąca"),
        ]
    )
    path = write_data(_head(closures="", unit=hours))
    answer = json.loads(
        run("--data", str(path), "open-now", "biuro", "--at", "2026-11-30 09:00", "--json").out
    )
    assert (answer["state"], answer["opens_at"], answer["reason"]) == (
        "closed",
        "2026-11-30T10:00:00+01:00",
        "koniec miesiąca; poniedziałek",
    )
