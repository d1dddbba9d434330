"""hours: the answer of `open-now --json` for one unit under many kinds of rules, at exact
instants around each change (a minute before, at, a minute after)."""

from __future__ import annotations

import json

import pytest

HEAD = """
[directory]
name = "Test"
timezone = "Europe/Warsaw"
holidays = "PL"
{closures}

[[units]]
id = "biuro"
name = "Biuro"
source = "test"
{unit}
"""


def _head(*, closures: str, unit: str) -> str:
    """The test file; a unit that does not say what it does on public holidays closes on them
    (an office of the city), as every case here was written for."""
    if "on_holidays" not in unit:
        unit = 'on_holidays = "closed"\n' + unit
    return HEAD.format(closures=closures, unit=unit)


WEEKDAYS = """
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
"""

SPLIT = """
[[units.hours]]
days = "mo-fr"
opens = "12:00"
closes = "16:00"
note = "po południu"

[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "11:00"
note = "rano"
"""

OVERLAPPING = """
[[units.hours]]
days = "mo"
opens = "08:00"
closes = "12:00"

[[units.hours]]
days = "mo"
opens = "10:00"
closes = "14:00"

[[units.hours]]
days = "mo"
opens = "14:00"
closes = "15:00"
"""

NIGHT = """
[[units.hours]]
days = "fr"
opens = "20:00"
closes = "26:00"
note = "nocą"
"""

ROUND_THE_CLOCK = """
open_on_holidays = true

[[units.hours]]
days = "mo-su"
opens = "00:00"
closes = "24:00"
"""

LAST_DAY = (
    WEEKDAYS
    + """
[[units.hours]]
rrule = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR"
opens = "10:00"
closes = "12:00"
note = "ostatni dzień miesiąca"
"""
)

PATTERN_CLOSED = (
    WEEKDAYS
    + """
[[units.hours]]
rrule = "FREQ=WEEKLY;BYDAY=WE"
closed = true
note = "szkolenie"
"""
)

TEMPORARY = (
    WEEKDAYS
    + """
[[units.hours]]
days = "sa"
opens = "09:00"
closes = "13:00"
valid_from = 2026-12-05
valid_to = 2026-12-12
"""
)

UNTIL = """
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
valid_to = 2026-11-24
"""

FROM = """
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
valid_from = 2026-11-26
"""

UNIT_CLOSURE = (
    WEEKDAYS
    + """
[[units.closures]]
from = 2026-11-24
to = 2026-11-25
reason = "inwentaryzacja"
"""
)

DIRECTORY_CLOSURE = '[[closures]]\ndate = 2026-11-23\nreason = "przeprowadzka"\n'

PHONE_ONLY = """
[[units.hours]]
channel = "phone"
days = "mo-fr"
opens = "09:00"
closes = "10:00"
"""

HOLIDAY_OPEN = "open_on_holidays = true\n" + WEEKDAYS

UNTIL_HOLIDAY = UNTIL.replace("2026-11-24", "2026-11-11")

SUSPENDED = """
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"

[[units.hours]]
rrule = "FREQ=DAILY"
closed = true
note = "zawieszone"
"""

# (unit's hours, directory closures, --at, state, opens_at, closes_at, reason)
CASES = [
    # Weekly hours: each side of opening and closing.
    (WEEKDAYS, "", "2026-11-23 07:59", "closed", "2026-11-23T08:00:00+01:00", None, None),
    (WEEKDAYS, "", "2026-11-23 08:00", "open", None, "2026-11-23T16:00:00+01:00", None),
    (WEEKDAYS, "", "2026-11-23 15:59", "open", None, "2026-11-23T16:00:00+01:00", None),
    (WEEKDAYS, "", "2026-11-23 16:00", "closed", "2026-11-24T08:00:00+01:00", None, None),
    (WEEKDAYS, "", "2026-11-27 16:00", "closed", "2026-11-30T08:00:00+01:00", None, None),
    (WEEKDAYS, "", "2026-11-28 12:00", "closed", "2026-11-30T08:00:00+01:00", None, None),
    # Two ranges a day, given out of order: the gap between them, with each range's note.
    (SPLIT, "", "2026-11-23 07:00", "closed", "2026-11-23T08:00:00+01:00", None, None),
    (SPLIT, "", "2026-11-23 10:59", "open", None, "2026-11-23T11:00:00+01:00", "rano"),
    (SPLIT, "", "2026-11-23 11:00", "closed", "2026-11-23T12:00:00+01:00", None, None),
    (SPLIT, "", "2026-11-23 12:00", "open", None, "2026-11-23T16:00:00+01:00", "po południu"),
    # Overlapping and touching ranges are one opening.
    (OVERLAPPING, "", "2026-11-23 09:00", "open", None, "2026-11-23T15:00:00+01:00", None),
    (OVERLAPPING, "", "2026-11-23 13:00", "open", None, "2026-11-23T15:00:00+01:00", None),
    (OVERLAPPING, "", "2026-11-23 14:00", "open", None, "2026-11-23T15:00:00+01:00", None),
    (OVERLAPPING, "", "2026-11-23 15:00", "closed", "2026-11-30T08:00:00+01:00", None, None),
    # Past midnight: Friday 20:00 to Saturday 02:00, the note on Saturday morning too.
    (NIGHT, "", "2026-11-27 19:59", "closed", "2026-11-27T20:00:00+01:00", None, None),
    (NIGHT, "", "2026-11-28 01:59", "open", None, "2026-11-28T02:00:00+01:00", "nocą"),
    (NIGHT, "", "2026-11-28 02:00", "closed", "2026-12-04T20:00:00+01:00", None, None),
    # Round the clock: no closing within the horizon, on holidays too.
    (ROUND_THE_CLOCK, "", "2026-12-25 12:00", "open", None, None, None),
    # Last weekday of the month: the pattern replaces the weekly hours, with its note.
    (
        LAST_DAY,
        "",
        "2026-11-30 09:59",
        "closed",
        "2026-11-30T10:00:00+01:00",
        None,
        "ostatni dzień miesiąca",
    ),
    (
        LAST_DAY,
        "",
        "2026-11-30 11:59",
        "open",
        None,
        "2026-11-30T12:00:00+01:00",
        "ostatni dzień miesiąca",
    ),
    (
        LAST_DAY,
        "",
        "2026-11-30 12:00",
        "closed",
        "2026-12-01T08:00:00+01:00",
        "ostatni dzień miesiąca",
    ),
    (LAST_DAY, "", "2026-11-27 15:00", "open", None, "2026-11-27T16:00:00+01:00", None),
    # A pattern that closes: Wednesdays.
    (PATTERN_CLOSED, "", "2026-11-25 10:00", "closed", "2026-11-26T08:00:00+01:00", "szkolenie"),
    (PATTERN_CLOSED, "", "2026-11-24 16:00", "closed", "2026-11-26T08:00:00+01:00", None),
    # Temporary Saturday hours, both ends included.
    (TEMPORARY, "", "2026-11-28 10:00", "closed", "2026-11-30T08:00:00+01:00", None),
    (TEMPORARY, "", "2026-12-04 16:00", "closed", "2026-12-05T09:00:00+01:00", None),
    (TEMPORARY, "", "2026-12-12 12:59", "open", None, "2026-12-12T13:00:00+01:00", None),
    (TEMPORARY, "", "2026-12-19 10:00", "closed", "2026-12-21T08:00:00+01:00", None),
    # Rules that end or begin: after the end the hours are unknown; before the start too.
    (UNTIL, "", "2026-11-24 15:00", "open", None, "2026-11-24T16:00:00+01:00", None),
    (UNTIL, "", "2026-11-24 16:00", "closed", None, None, None),
    (UNTIL, "", "2026-11-25 10:00", "unknown", None, None, None),
    (FROM, "", "2026-11-25 10:00", "unknown", None, None, None),
    (FROM, "", "2026-11-26 10:00", "open", None, "2026-11-26T16:00:00+01:00", None),
    # Closures: the unit's and the directory's, with their reasons.
    (UNIT_CLOSURE, "", "2026-11-24 10:00", "closed", "2026-11-26T08:00:00+01:00", "inwentaryzacja"),
    (UNIT_CLOSURE, "", "2026-11-23 16:00", "closed", "2026-11-26T08:00:00+01:00", None),
    (
        WEEKDAYS,
        DIRECTORY_CLOSURE,
        "2026-11-23 10:00",
        "closed",
        "2026-11-24T08:00:00+01:00",
        "przeprowadzka",
    ),
    # Public holidays: closed with the name, unless the unit works on holidays.
    (
        WEEKDAYS,
        "",
        "2026-12-24 10:00",
        "closed",
        "2026-12-28T08:00:00+01:00",
        "Wigilia Bożego Narodzenia",
    ),
    (WEEKDAYS, "", "2026-12-23 16:00", "closed", "2026-12-28T08:00:00+01:00", None),
    (
        WEEKDAYS,
        "",
        "2026-11-11 10:00",
        "closed",
        "2026-11-12T08:00:00+01:00",
        "Narodowe Święto Niepodległości",
    ),
    (HOLIDAY_OPEN, "", "2026-11-11 10:00", "open", None, "2026-11-11T16:00:00+01:00", None),
    # Closed on a holiday, hours unknown after it: the holiday is the reason.
    (UNTIL_HOLIDAY, "", "2026-11-11 10:00", "closed", None, "Narodowe Święto Niepodległości"),
    # Closed by a pattern every day: closed, nothing opens.
    (SUSPENDED, "", "2026-11-23 10:00", "closed", None, "zawieszone"),
    # Only phone hours: they answer. No hours at all: unknown.
    (PHONE_ONLY, "", "2026-11-23 09:30", "open", None, "2026-11-23T10:00:00+01:00", None),
    ("", "", "2026-11-23 09:30", "unknown", None, None, None),
    # Across the spring change (UTC+1 to UTC+2) and Easter Monday (29 March 2027).
    (WEEKDAYS, "", "2027-03-26 16:00", "closed", "2027-03-30T08:00:00+02:00", None, None),
    (
        WEEKDAYS,
        "",
        "2027-03-29 10:00",
        "closed",
        "2027-03-30T08:00:00+02:00",
        "Poniedziałek Wielkanocny",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c[2]}" for i, c in enumerate(CASES)])
def test_open_now_answers(run, write_data, case):
    hours, closures, at, state, *rest = case
    if len(rest) == 3:
        opens_at, closes_at, reason = rest
    else:  # closed: (opens_at, reason)
        opens_at, reason = rest
        closes_at = None
    path = write_data(_head(closures=closures, unit=hours))
    result = run("--data", str(path), "open-now", "biuro", "--at", at, "--json")
    answer = json.loads(result.out)
    assert (answer["state"], answer["opens_at"], answer["closes_at"], answer["reason"]) == (
        state,
        opens_at,
        closes_at,
        reason,
    )
    assert result.code == {"open": 0, "closed": 1, "unknown": 3}[state]
    assert answer["at"] == f"{at.replace(' ', 'T')}:00{answer['at'][-6:]}"


def test_phone_channel(run, write_data):
    path = write_data(_head(closures="", unit=WEEKDAYS + PHONE_ONLY))
    answer = json.loads(
        run(
            "--data",
            str(path),
            "open-now",
            "biuro",
            "-c",
            "phone",
            "--at",
            "2026-11-23 09:30",
            "--json",
        ).out
    )
    assert (answer["channel"], answer["state"], answer["closes_at"]) == (
        "phone",
        "open",
        "2026-11-23T10:00:00+01:00",
    )
    # A unit with only phone hours answers for its phone by default.
    path = write_data(_head(closures="", unit=PHONE_ONLY), name="phone.toml")
    answer = json.loads(
        run("--data", str(path), "open-now", "biuro", "--at", "2026-11-23 10:00", "--json").out
    )
    assert (answer["channel"], answer["state"], answer["opens_at"]) == (
        "phone",
        "closed",
        "2026-11-24T09:00:00+01:00",
    )


def test_nothing_within_the_horizon(run, write_data):
    """A rule that ends before the next opening: closed, with no next opening."""
    hours = WEEKDAYS.replace('opens = "08:00"', 'opens = "08:00"\nvalid_to = 2026-11-27')
    path = write_data(_head(closures="", unit=hours))
    answer = json.loads(
        run("--data", str(path), "open-now", "biuro", "--at", "2026-11-27 16:00", "--json").out
    )
    assert (answer["state"], answer["opens_at"], answer["closes_at"]) == ("closed", None, None)
    # Every Friday, all year round: the next opening, a week on.
    path = write_data(_head(closures="", unit=NIGHT), name="night.toml")
    answer = json.loads(
        run("--data", str(path), "open-now", "biuro", "--at", "2026-11-28 02:00", "--json").out
    )
    assert answer["opens_at"] == "2026-12-04T20:00:00+01:00"


EVERY_SECOND_YEAR = """
[directory]
name = "Test"

[[units]]
id = "biuro"
name = "Biuro"
source = "test"
on_holidays = "closed"

[[units.hours]]
rrule = "FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYMONTHDAY=24"
valid_from = 2025-11-24
opens = "10:00"
closes = "12:00"
"""


@pytest.mark.parametrize(
    ("at", "opens_at"),
    [
        ("2026-11-23 09:59", None),  # 366 days and a minute before the next opening
        ("2026-11-23 10:00", "2027-11-24T10:00:00+01:00"),  # exactly the horizon: said
        ("2026-11-23 10:01", "2027-11-24T10:00:00+01:00"),
    ],
)
def test_the_horizon_is_366_days(run, write_data, at, opens_at):
    path = write_data(EVERY_SECOND_YEAR)
    answer = json.loads(run("--data", str(path), "open-now", "biuro", "--at", at, "--json").out)
    assert (answer["state"], answer["opens_at"]) == ("closed", opens_at)


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (
            "2026-11-23",
            [
                ["08:00–16:00"],
                ["08:00–16:00"],
                ["08:00–16:00"],
                ["08:00–16:00"],
                ["08:00–16:00"],
                [],
                [],
            ],
        ),
        (
            "2026-12-21",
            [["08:00–16:00"], ["08:00–16:00"], ["08:00–16:00"], [], [], [], []],
        ),
    ],
)
def test_the_week_in_json(run, write_data, week, expected):
    path = write_data(_head(closures="", unit=WEEKDAYS))
    answer = json.loads(run("--data", str(path), "hours", "biuro", "--week", week, "--json").out)
    ranges = [
        [f"{i['start'][11:16]}–{i['end'][11:16]}" for i in day["intervals"]]
        for day in answer["days"]
    ]
    assert ranges == expected
