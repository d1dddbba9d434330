"""The hours engine and `mops open-now`, on real dates of the centre's calendar."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA

from mops_cli.hours import Calendar, Memo, Schedule, day_plan
from mops_cli.loader import load
from mops_cli.model import Closure, DirectoryData, Rule, Unit
from mops_cli.when import parse_when

WARSAW = ZoneInfo("Europe/Warsaw")
DIRECTORY = load(DATA)
CALENDAR = Calendar("PL", language="pl")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW).astimezone(timezone.utc)


def show(moment: datetime | None) -> str | None:
    return moment.astimezone(WARSAW).isoformat(timespec="minutes") if moment else None


def status_of(
    unit_id: str, at: str, channel: str | None = None
) -> tuple[str, str | None, str | None, str | None]:
    unit = DIRECTORY.get(unit_id)
    assert unit is not None
    schedule = Schedule(unit, channel or (unit.channels or ("in-person",))[0], DIRECTORY, CALENDAR)
    status = schedule.status(local(at))
    return status.state, show(status.closes_at), show(status.opens_at), status.reason


# (unit, local time, state, closes_at, opens_at, reason)
CASES = [
    # an ordinary week: Monday 23 November 2026
    ("kasy", "2026-11-23 09:59", "closed", None, "2026-11-23T10:00+01:00", None),
    ("kasy", "2026-11-23 10:00", "open", "2026-11-23T14:00+01:00", None, None),  # opening inclusive
    ("kasy", "2026-11-23 13:59", "open", "2026-11-23T14:00+01:00", None, None),
    (
        "kasy",
        "2026-11-23 14:00",
        "closed",
        None,
        "2026-11-24T10:00+01:00",
        None,
    ),  # closing exclusive
    ("kasy", "2026-11-27 15:00", "closed", None, "2026-11-30T10:00+01:00", None),  # Friday evening
    ("kasy", "2026-11-28 11:00", "closed", None, "2026-11-30T10:00+01:00", None),  # Saturday
    ("kasy", "2026-11-29 11:00", "closed", None, "2026-11-30T10:00+01:00", None),  # Sunday
    # the last day of the month on a weekday (Monday 30 November): 10:00-12:00
    ("kasy", "2026-11-30 10:00", "open", "2026-11-30T12:00+01:00", None, "ostatni dzień miesiąca"),
    ("kasy", "2026-11-30 11:59", "open", "2026-11-30T12:00+01:00", None, "ostatni dzień miesiąca"),
    (
        "kasy",
        "2026-11-30 12:00",
        "closed",
        None,
        "2026-12-01T10:00+01:00",
        "ostatni dzień miesiąca",
    ),
    ("kasy", "2026-12-01 12:00", "open", "2026-12-01T14:00+01:00", None, None),
    # the last day of the month on a weekend (Saturday 31 October 2026): closed, as every Saturday
    ("kasy", "2026-10-31 11:00", "closed", None, "2026-11-02T10:00+01:00", None),
    ("kasy", "2026-10-30 13:00", "open", "2026-10-30T14:00+01:00", None, None),  # Friday before
    # Christmas 2026: 24 December is a public holiday from 2025 on
    ("kasy", "2026-12-23 13:00", "open", "2026-12-23T14:00+01:00", None, None),
    (
        "kasy",
        "2026-12-24 10:30",
        "closed",
        None,
        "2026-12-28T10:00+01:00",
        "Wigilia Bożego Narodzenia",
    ),
    (
        "kasy",
        "2026-12-25 10:30",
        "closed",
        None,
        "2026-12-28T10:00+01:00",
        "Boże Narodzenie (pierwszy dzień)",
    ),
    (
        "kasy",
        "2026-12-26 10:30",
        "closed",
        None,
        "2026-12-28T10:00+01:00",
        "Boże Narodzenie (drugi dzień)",
    ),
    ("kasy", "2026-12-31 11:00", "open", "2026-12-31T12:00+01:00", None, "ostatni dzień miesiąca"),
    (
        "kasy",
        "2026-12-31 12:30",
        "closed",
        None,
        "2027-01-04T10:00+01:00",
        "ostatni dzień miesiąca",
    ),
    ("kasy", "2027-01-01 10:30", "closed", None, "2027-01-04T10:00+01:00", "Nowy Rok"),
    ("kasy", "2027-01-06 10:30", "closed", None, "2027-01-07T10:00+01:00", "Święto Trzech Króli"),
    # Corpus Christi
    ("kasy", "2026-06-04 11:00", "closed", None, "2026-06-05T10:00+02:00", "Dzień Bożego Ciała"),
    (
        "orzekanie",
        "2027-05-27 09:00",
        "closed",
        None,
        "2027-05-28T08:00+02:00",
        "Dzień Bożego Ciała",
    ),
    # spring DST change, Sunday 28 March 2027, and Easter Monday the day after
    ("kasy", "2027-03-26 14:00", "closed", None, "2027-03-30T10:00+02:00", None),
    (
        "kasy",
        "2027-03-29 10:30",
        "closed",
        None,
        "2027-03-30T10:00+02:00",
        "Poniedziałek Wielkanocny",
    ),
    ("kasy", "2027-03-31 10:00", "open", "2027-03-31T12:00+02:00", None, "ostatni dzień miesiąca"),
    ("orzekanie", "2027-03-26 16:00", "closed", None, "2027-03-30T08:00+02:00", None),
    # autumn DST change, Sunday 25 October 2026
    ("kasy", "2026-10-23 14:30", "closed", None, "2026-10-26T10:00+01:00", None),
    ("kasy", "2026-10-26 10:00", "open", "2026-10-26T14:00+01:00", None, None),
    # Karta Rodzina Plus: Thursday is longer
    ("karta-rodzina-plus", "2026-11-26 16:00", "open", "2026-11-26T16:30+01:00", None, None),
    ("karta-rodzina-plus", "2026-11-25 15:00", "closed", None, "2026-11-26T08:00+01:00", None),
    # the head office: its pages give 7.30–15.30 but no weekdays, so no weekly rule
    ("mops", "2026-11-23 07:30", "unknown", None, None, None),
    ("mops", "2026-11-11 09:00", "unknown", None, None, None),
    (
        "orzekanie",
        "2026-11-11 09:00",
        "closed",
        None,
        "2026-11-12T08:00+01:00",
        "Narodowe Święto Niepodległości",
    ),
    # Świadczenia: the Biuro Obsługi Klienta at Namysłowska 8, Thursday longer
    ("swiadczenia-rodzinne", "2026-11-23 10:00", "open", "2026-11-23T15:00+01:00", None,
     "Biuro Obsługi Klienta Działu Świadczeń"),
    ("swiadczenia-rodzinne", "2026-11-26 16:00", "open", "2026-11-26T16:30+01:00", None,
     "Biuro Obsługi Klienta Działu Świadczeń"),
    ("swiadczenia-rodzinne", "2026-11-27 15:00", "closed", None, "2026-11-30T07:30+01:00", None),
    # no hours on the pages: unknown, never a guess
    ("dodatki-mieszkaniowe", "2026-11-23 10:00", "unknown", None, None, None),
    ("ztps-1", "2026-11-23 10:00", "unknown", None, None, None),
    ("centrum-wsparcia-kryzys", "2026-12-25 03:00", "unknown", None, None, None),
    # round-the-clock lines answer on holidays too
    ("niebieska-linia", "2026-12-24 03:00", "open", None, None, None),
    ("116-111", "2026-12-25 23:59", "open", None, None, None),
    ("telefon-zaufania", "2026-11-23 10:00", "open", None, None, None),
    # 112: access guaranteed round the clock (policja.pl), at every instant of the year
    ("112", "2026-12-25 03:00", "open", None, None, None),
    ("112", "2027-01-01 00:00", "open", None, None, None),
    ("112", "2026-10-25 02:30", "open", None, None, None),  # the repeated autumn hour
    ("112", "2027-03-28 03:00", "open", None, None, None),  # just after the spring change
]  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "at", "state", "closes_at", "opens_at", "reason"),
    CASES,
    ids=[f"{c[0]}@{c[1]}" for c in CASES],
)
def test_state_at_real_dates(unit, at, state, closes_at, opens_at, reason):
    assert status_of(unit, at) == (state, closes_at, opens_at, reason)


# -- synthetic schedules: midnight, holidays, closures, channels, validity -------------------


def make(rules: list[Rule], *, closures=(), unit_closures=(), on_holidays="closed") -> Schedule:
    unit = Unit(
        id="x",
        name="X",
        hours=tuple(rules),
        closures=tuple(unit_closures),
        on_holidays=on_holidays,
    )
    directory = DirectoryData(name="T", closures=tuple(closures), units=(unit,))
    return Schedule(unit, rules[0].channel if rules else "in-person", directory, CALENDAR)


def weekly(days: set[int], opens: str, closes: str, **extra) -> Rule:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    return Rule(
        channel=extra.pop("channel", "in-person"),
        opens=minutes(opens),
        closes=minutes(closes),
        weekdays=frozenset(days),
        **extra,
    )


def test_after_midnight_part_survives_a_holiday_next_day():
    # Wednesday 20:00-02:00; Thursday 24 December 2026 is a holiday. opening_hours.js drops
    # the 00:00-02:00 part; it belongs to Wednesday's opening.
    night = make([weekly({2}, "20:00", "26:00")])
    status = night.status(local("2026-12-24 01:00"))
    assert (status.state, show(status.closes_at)) == ("open", "2026-12-24T02:00+01:00")
    status = night.status(local("2026-12-24 02:00"))
    assert (status.state, show(status.opens_at)) == ("closed", "2026-12-30T20:00+01:00")


def test_next_change_on_a_holiday_skips_every_closed_day():
    # At 09:00 on 24 December (a Thursday holiday), the next opening is not "today at 10:00"
    # but Monday 28 December, after two more holidays and a Sunday.
    status = make([weekly({0, 1, 2, 3, 4}, "10:00", "14:00")]).status(local("2026-12-24 09:00"))
    assert (status.state, show(status.opens_at), status.reason) == (
        "closed",
        "2026-12-28T10:00+01:00",
        "Wigilia Bożego Narodzenia",
    )


def test_round_the_clock_is_one_interval_without_end():
    always = make([weekly(set(range(7)), "00:00", "24:00")], on_holidays="open")
    status = always.status(local("2026-10-25 02:30"))  # in the autumn repeat
    assert (status.state, status.closes_at) == ("open", None)


def test_ranges_across_midnight_are_merged_with_the_next_day():
    late = make([weekly({4}, "18:00", "24:00"), weekly({5}, "00:00", "03:00")])
    status = late.status(local("2026-11-27 19:00"))  # Friday
    assert show(status.closes_at) == "2026-11-28T03:00+01:00"


def test_closures_override_everything_and_give_their_reason():
    rules = [weekly({0, 1, 2, 3, 4}, "08:00", "16:00")]
    shut = make(rules, closures=[Closure(date(2026, 12, 28), date(2026, 12, 30), "inwentaryzacja")])
    status = shut.status(local("2026-12-29 10:00"))
    assert (status.state, show(status.opens_at), status.reason) == (
        "closed",
        "2026-12-31T08:00+01:00",
        "inwentaryzacja",
    )
    unit_shut = make(
        rules, unit_closures=[Closure(date(2026, 11, 23), date(2026, 11, 23), "szkolenie")]
    )
    assert unit_shut.status(local("2026-11-23 10:00")).reason == "szkolenie"


def test_closure_beats_a_round_the_clock_line():
    line = make(
        [weekly(set(range(7)), "00:00", "24:00")],
        on_holidays="open",
        closures=[Closure(date(2026, 12, 1), date(2026, 12, 1), "awaria")],
    )
    status = line.status(local("2026-11-30 12:00"))
    assert (status.state, show(status.closes_at)) == ("open", "2026-12-01T00:00+01:00")


def test_validity_ranges_switch_hours_and_end_in_unknown():
    rules = [
        weekly({0, 1, 2, 3, 4}, "08:00", "16:00", valid_to=date(2026, 12, 31)),
        weekly(
            {0, 1, 2, 3, 4},
            "09:00",
            "13:00",
            valid_from=date(2027, 1, 1),
            valid_to=date(2027, 1, 31),
        ),
    ]
    temporary = make(rules)
    assert show(temporary.status(local("2026-12-31 17:00")).opens_at) == "2027-01-04T09:00+01:00"
    assert temporary.status(local("2027-02-01 10:00")).state == "unknown"
    # Closed on the last known day with nothing known after: no opening is promised.
    status = temporary.status(local("2027-01-29 14:00"))
    assert (status.state, status.opens_at) == ("closed", None)


def test_channels_have_their_own_hours():
    rules = [
        weekly({0, 1, 2, 3, 4}, "08:00", "15:00"),
        weekly({0, 1, 2, 3, 4}, "08:00", "18:00", channel="phone"),
    ]
    unit = Unit(id="x", name="X", hours=tuple(rules))
    directory = DirectoryData(name="T", units=(unit,))
    at = local("2026-11-23 16:00")
    assert Schedule(unit, "in-person", directory, CALENDAR).status(at).state == "closed"
    assert Schedule(unit, "phone", directory, CALENDAR).status(at).state == "open"
    assert Schedule(unit, "e-mail", directory, CALENDAR).status(at).state == "unknown"


def test_a_closed_pattern_closes_its_dates():
    rules = [
        weekly({0, 1, 2, 3, 4}, "08:00", "16:00"),
        Rule("in-person", 0, 0, rrule="FREQ=MONTHLY;BYDAY=1MO", closed=True, note="szkolenie"),
    ]
    plan = day_plan(tuple(rules), date(2026, 12, 7))
    assert (plan.kind, plan.ranges, plan.reason) == ("special", (), "szkolenie")


def test_intervals_between_two_instants_are_clipped_and_in_order():
    kasy = DIRECTORY.get("kasy")
    assert kasy is not None
    schedule = Schedule(kasy, "in-person", DIRECTORY, CALENDAR)
    found = schedule.intervals(local("2026-11-27 12:00"), local("2026-12-01 11:00"))
    assert [(show(i.start), show(i.end), i.note) for i in found] == [
        ("2026-11-27T12:00+01:00", "2026-11-27T14:00+01:00", None),
        ("2026-11-30T10:00+01:00", "2026-11-30T12:00+01:00", "ostatni dzień miesiąca"),
        ("2026-12-01T10:00+01:00", "2026-12-01T11:00+01:00", None),
    ]


def test_a_range_over_the_autumn_change_lasts_an_hour_longer():
    night = make([weekly({5}, "22:00", "30:00")])  # Saturday 24 October 2026, 22:00-06:00
    [interval] = night.intervals(local("2026-10-24 00:00"), local("2026-10-26 00:00"))
    assert interval.end - interval.start == timedelta(hours=9)


# The spring change, Sunday 29 March 2026: at 02:00 CET the clocks jump to 03:00 CEST (01:00 UTC).
# Hours are what the wall clock reads, so a time in the skipped hour is the moment of the jump:
# "until 02:30" has ended once the clock shows 03:00, "from 02:15" has begun. opening-hours-py
# agrees on every row (test_the_spring_gap_as_opening_hours_py_reads_it).
SPRING_GAP = [
    # (weekdays, opens, closes, at (UTC), state, closes_at, opens_at)
    ({5}, "20:00", "26:30", "2026-03-29T00:59", "open", "2026-03-29T03:00+02:00", None),
    ({5}, "20:00", "26:30", "2026-03-29T01:00", "closed", None, "2026-04-04T20:00+02:00"),
    ({5}, "20:00", "26:30", "2026-03-29T01:20", "closed", None, "2026-04-04T20:00+02:00"),
    ({6}, "02:15", "03:15", "2026-03-29T00:50", "closed", None, "2026-03-29T03:00+02:00"),
    ({6}, "02:15", "03:15", "2026-03-29T01:00", "open", "2026-03-29T03:15+02:00", None),
    ({6}, "02:15", "03:15", "2026-03-29T01:15", "closed", None, "2026-04-05T02:15+02:00"),
    ({6}, "02:30", "03:15", "2026-03-29T01:05", "open", "2026-03-29T03:15+02:00", None),
    ({6}, "01:00", "02:30", "2026-03-29T00:59", "open", "2026-03-29T03:00+02:00", None),
    ({6}, "01:00", "02:30", "2026-03-29T01:00", "closed", None, "2026-04-05T01:00+02:00"),
    # wholly in the skipped hour: never open that day, and no empty opening is announced
    ({6}, "02:15", "02:45", "2026-03-29T00:30", "closed", None, "2026-04-05T02:15+02:00"),
    ({6}, "02:15", "02:45", "2026-03-29T01:00", "closed", None, "2026-04-05T02:15+02:00"),
    ({6}, "00:00", "24:00", "2026-03-29T00:59", "open", "2026-03-30T00:00+02:00", None),
    ({6}, "00:00", "24:00", "2026-03-29T01:00", "open", "2026-03-30T00:00+02:00", None),
]


def _spring_gap_row(row):
    days, opens, closes, at, *_ = row
    return f"{sorted(days)} {opens}-{closes} at {at}Z"


@pytest.mark.parametrize("row", SPRING_GAP, ids=_spring_gap_row)
def test_a_time_the_spring_change_skips_is_the_moment_of_the_jump(row):
    days, opens, closes, at, state, closes_at, opens_at = row
    schedule = make([weekly(days, opens, closes)], on_holidays="open")
    instant = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
    status = schedule.status(instant)
    assert (status.state, show(status.closes_at), show(status.opens_at)) == (
        state,
        closes_at,
        opens_at,
    )
    day = schedule.plan(date(2026, 3, 29 if 6 in days else 28))
    assert all(i.start < i.end for i in schedule.day_intervals(day))


@pytest.mark.parametrize(
    ("zone", "day", "minutes", "expected"),
    [
        ("Europe/Warsaw", date(2026, 3, 29), 120, "2026-03-29T01:00:00+00:00"),  # the jump
        ("Europe/Warsaw", date(2026, 3, 29), 179, "2026-03-29T01:00:00+00:00"),
        ("Europe/Warsaw", date(2026, 3, 29), 180, "2026-03-29T01:00:00+00:00"),  # 03:00 CEST
        ("Europe/Warsaw", date(2026, 3, 29), 119, "2026-03-29T00:59:00+00:00"),
        ("Europe/Warsaw", date(2026, 3, 28), 1590, "2026-03-29T01:00:00+00:00"),  # 02:30 next day
        ("Europe/Warsaw", date(2026, 10, 25), 150, "2026-10-25T00:30:00+00:00"),  # first pass
        # Cuba skips its midnight: 00:00 is read as 01:00 CDT, the clock's first reading
        ("America/Havana", date(2026, 3, 8), 0, "2026-03-08T05:00:00+00:00"),
        ("America/Havana", date(2026, 3, 8), 30, "2026-03-08T05:00:00+00:00"),
    ],
)
def test_the_instant_the_wall_clock_first_reads_a_time(zone, day, minutes, expected):
    unit = Unit(id="x", name="X", hours=(weekly({0}, "08:00", "16:00"),))
    directory = DirectoryData(name="T", timezone=zone, units=(unit,))
    schedule = Schedule(unit, "in-person", directory, CALENDAR)
    assert schedule.instant(day, minutes).isoformat() == expected


@pytest.mark.parametrize("row", SPRING_GAP, ids=_spring_gap_row)
def test_the_spring_gap_as_opening_hours_py_reads_it(row):
    opening_hours = pytest.importorskip("opening_hours")
    days, opens, closes, at, state, *_ = row
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    hours, minutes = closes.split(":")
    if int(hours) > 24:  # the syntax says a range past midnight as 20:00-02:30
        closes = f"{int(hours) - 24:02d}:{minutes}"
    text = ",".join(names[d] for d in sorted(days)) + f" {opens}-{closes}"
    reference = opening_hours.OpeningHours(text, timezone=WARSAW, country="PL")
    instant = datetime.fromisoformat(at).replace(tzinfo=timezone.utc).astimezone(WARSAW)
    assert str(reference.state(instant)[0]).lower().split(".")[-1] == state


# -- parsing --at -------------------------------------------------------------------------------

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)  # Wednesday 10:00 in Warsaw

WHEN_CASES = [
    ("2026-11-30 11:30", "2026-11-30T11:30+01:00"),
    ("2026-11-30T11:30", "2026-11-30T11:30+01:00"),
    ("2026-11-30T10:30:00Z", "2026-11-30T11:30+01:00"),
    ("2026-07-01T10:30:00+02:00", "2026-07-01T10:30+02:00"),
    ("11:30", "2026-11-25T11:30+01:00"),
    ("mon 11:30", "2026-11-30T11:30+01:00"),
    ("pon 11:30", "2026-11-30T11:30+01:00"),
    ("śr 8:00", "2026-11-25T08:00+01:00"),  # today is Wednesday: today
    ("Sobota 9.15", "2026-11-28T09:15+01:00"),
    ("jutro 9:00", "2026-11-26T09:00+01:00"),
    ("mon 11:30 pm", "2026-11-30T23:30+01:00"),
    ("11:30 mon", "2026-11-30T11:30+01:00"),  # the time first: still one reading
    ("2026-10-25 02:30", "2026-10-25T02:30+02:00"),  # autumn repeat: the earlier one
    ("now", "2026-11-25T10:00+01:00"),
]


@pytest.mark.parametrize(("text", "expected"), WHEN_CASES)
def test_parse_when(text, expected):
    assert show(parse_when(text, WARSAW, NOW)) == expected


@pytest.mark.parametrize(
    "text", ["yesterday-ish", "25:00", "mon 13:30 pm", "2026-13-01", "mon tue", "9:00 10:00"]
)
def test_parse_when_rejects(text):
    from mops_cli.errors import UsageError

    with pytest.raises(UsageError, match="cannot read the time"):
        parse_when(text, WARSAW, NOW)


def test_parse_when_rejects_the_spring_gap():
    from mops_cli.errors import UsageError

    with pytest.raises(UsageError, match="2027-03-28 02:30 does not exist in Europe/Warsaw"):
        parse_when("2027-03-28 02:30", WARSAW, NOW)


# -- the command ---------------------------------------------------------------------------------

OPEN_NOW = [
    # (args, now, exit code, stdout)
    (
        ["kasy"],
        "2026-11-30T11:30:00+01:00",
        0,
        "Kasy: open, closes in 30 min, at 12:00 (ostatni dzień miesiąca)\n",
    ),
    (["kasy"], "2026-11-23T11:00:00+01:00", 0, "Kasy: open, closes at 14:00\n"),
    (
        ["kasy"],
        "2026-12-24T10:00:00+01:00",
        1,
        "Kasy: closed (Christmas Eve), opens Mon 28 Dec at 10:00\n",
    ),
    (
        ["kasa", "--at", "mon 9:40"],
        "2026-11-25T10:00:00+01:00",
        1,
        "Kasy, Mon 30 Nov 2026 09:40: closed, opens in 20 min, at 10:00 (ostatni dzień miesiąca)\n",
    ),
    (
        ["kasy", "--at", "2026-11-23 14:30"],
        "2026-11-25T10:00:00+01:00",
        1,
        "Kasy, Mon 23 Nov 2026 14:30: closed, opens Tue 24 Nov at 10:00\n",
    ),
    (
        ["kasy", "--at", "2026-11-23 17:00"],
        "2026-11-25T10:00:00+01:00",
        1,
        "Kasy, Mon 23 Nov 2026 17:00: closed, opens Tue 24 Nov at 10:00\n",
    ),
    (
        ["kasy", "--at", "2026-12-24 09:00"],
        "2026-11-25T10:00:00+01:00",
        1,
        "Kasy, Thu 24 Dec 2026 09:00: closed (Christmas Eve), opens Mon 28 Dec at 10:00\n",
    ),
    (
        ["kasy", "--at", "sat 11:00"],
        "2026-11-25T10:00:00+01:00",
        1,
        "Kasy, Sat 28 Nov 2026 11:00: closed, opens Mon 30 Nov at 10:00\n",
    ),
    (
        ["orzek"],
        "2026-11-23T10:00:00+01:00",
        0,
        "Powiatowy Zespół ds. Orzekania o Niepełnosprawności: open, closes at 15:00\n",
    ),
    (
        ["dps-maczna"],
        "2026-11-23T10:00:00+01:00",
        0,
        # its hours and phones rest only on pages of 2019 and older (stale_after_years: 5)
        "Dom Pomocy Społecznej przy ul. Mącznej 3 (phone): open, closes at 15:00 (Zespół Pracy "
        "Socjalnej i Terapii Zajęciowej) (from a page of 2019)\n",
    ),
    (
        ["karta duzej rodziny"],
        "2026-11-26T16:10:00+01:00",
        0,
        "Karta Rodzina Plus i Karta Dużej Rodziny: open, closes in 20 min, at 16:30\n",
    ),
    (
        ["mops"],
        "2026-11-23T10:00:00+01:00",
        3,
        "Miejski Ośrodek Pomocy Społecznej we Wrocławiu: hours unknown\n"
        "  Strony MOPS (2023–2024) podają „Godziny otwarcia 7.30 – 15.30” bez dni tygodnia; żadna z przeczytanych stron (panel „Podstawowe informacje” z lat 2020–2024, BIP) nie podaje dni, więc godzin nie zapisano jako reguły. Osobnych godzin infolinii strony nie podają (7:30–19:00 dotyczyło telefonów sekretariatu w latach 2020–2023).\n",
    ),
    (
        ["dodatki"],
        "2026-11-23T10:00:00+01:00",
        3,
        "Dodatki Mieszkaniowe: hours unknown\n"
        "  Żadna z przeczytanych stron nie podaje godzin działu ani godzin jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia 7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.\n",
    ),
    (
        ["niebieska"],
        "2026-12-24T03:00:00+01:00",
        0,
        "Ogólnopolskie Pogotowie dla Ofiar Przemocy w Rodzinie „Niebieska Linia” (phone): "
        "open round the clock (no closing in the next 366 days)\n",
    ),
    (
        ["kasy", "--channel", "phone"],
        "2026-11-23T10:00:00+01:00",
        3,
        "Kasy (phone): hours unknown\n",
    ),
]


@pytest.mark.parametrize(("args", "now", "code", "out"), OPEN_NOW)
def test_open_now_human(run, args, now, code, out):
    result = run("open-now", *args, now=now)
    assert (result.code, result.out, result.err) == (code, out, "")


def test_open_now_json(run):
    result = run("open-now", "kasy", "--json", "--at", "2026-12-24 10:00")
    assert result.code == 1
    assert json.loads(result.out) == {
        "unit": "kasy",
        "name": "Kasy",
        "channel": "in-person",
        "at": "2026-12-24T10:00:00+01:00",
        "state": "closed",
        "closes_at": None,
        "opens_at": "2026-12-28T10:00:00+01:00",
        "reason": "Wigilia Bożego Narodzenia",
        "category": "office",
    }


def test_open_now_all_json_names_each_units_category(run):
    """From the file and from the cache alike (the second run reads the cache)."""
    for _ in range(2):
        states = json.loads(run("open-now", "--all", "--json").out)
        categories = {state["unit"]: state["category"] for state in states}
        assert (categories["kasy"], categories["112"], categories["116-111"]) == (
            "office",
            "helpline",
            "helpline",
        )


def test_open_now_json_across_the_spring_change(run):
    result = run("open-now", "kasy", "--json", "--at", "2027-03-26 15:00")
    assert json.loads(result.out)["opens_at"] == "2027-03-30T10:00:00+02:00"


def test_quiet_prints_nothing_and_answers_with_the_exit_code(run):
    opened = run("open-now", "kasy", "-q", now="2026-11-23T11:00:00+01:00")
    closed = run("open-now", "kasy", "-q", "--json", now="2026-11-23T15:00:00+01:00")
    unknown = run("open-now", "dodatki", "-q")
    assert [(r.code, r.out, r.err) for r in (opened, closed, unknown)] == [
        (0, "", ""),
        (1, "", ""),
        (3, "", ""),
    ]


def test_open_now_all_answers_for_every_unit(run):
    result = run("open-now", "--all", "--json", now="2026-11-23T10:00:00+01:00")
    assert result.code == 0
    answers = json.loads(result.out)
    assert [(a["unit"], a["state"]) for a in answers] == [
        ("mops", "unknown"),
        ("kasy", "open"),
        ("swiadczenia-rodzinne", "open"),
        ("dodatki-mieszkaniowe", "unknown"),
        ("karta-rodzina-plus", "open"),
        ("orzekanie", "open"),
        ("dwon", "unknown"),
        ("dzial-uslug-opiekunczych", "unknown"),
        ("dzial-pomocy-instytucjonalnej", "unknown"),
        ("piecza-zastepcza", "unknown"),
        ("stypendia-szkolne", "unknown"),
        ("koordynator-dostepnosci", "unknown"),
        ("ztps", "unknown"),
        ("ztps-1", "unknown"),
        ("ztps-2", "unknown"),
        ("ztps-3", "unknown"),
        ("ztps-4", "unknown"),
        ("ztps-5", "unknown"),
        ("ztps-6", "unknown"),
        ("ztps-7", "unknown"),
        ("oik", "open"),
        ("dps-maczna", "open"),
        ("dps-redzinska", "open"),
        ("dps-karmelkowa", "open"),
        ("dps-kaletnicza", "open"),
        ("ddp-zeromskiego", "unknown"),
        ("ddp-komuny-paryskiej", "unknown"),
        ("ddp-kosciuszki", "unknown"),
        ("ddp-skwierzynska", "unknown"),
        ("sds-szkolna", "unknown"),
        ("centrum-seniora", "open"),
        ("teleopieka", "unknown"),
        ("dzienny-dom-przyjaciele-seniorow", "open"),
        ("dzieciecy-dom", "unknown"),
        ("wci", "unknown"),
        ("112", "open"),
        ("niebieska-linia", "open"),
        ("telefon-zaufania", "open"),
        ("zespol-interdyscyplinarny", "unknown"),
        ("dzial-przeciwdzialania-przemocy", "unknown"),
        ("policyjny-telefon-zaufania", "open"),
        ("linia-pomocy-pokrzywdzonym", "open"),
        ("116-111", "open"),
        ("telefon-zaufania-rpd", "open"),
        ("116-123", "open"),
        ("centrum-wsparcia-kryzys", "unknown"),
        ("telefon-zaufania-seniorzy", "closed"),
        ("telefon-pomocy-dla-starszych", "closed"),
        ("czp-dczp", "unknown"),
        ("czp-wcz", "unknown"),
        ("osrodek-terapii-uzaleznien", "unknown"),
        ("telefon-narkotyki", "closed"),
        ("centrum-pomocy-dzieciom", "unknown"),
        ("centrum-wsparcia-uchodzcow", "unknown"),
        ("wromigrant", "unknown"),
        ("mops-ukraina", "unknown"),
        ("infolinia-um", "unknown"),
        ("anonimowi-alkoholicy", "unknown"),
        ("al-anon", "unknown"),
        ("zespol-bezdomni", "unknown"),
        ("infolinia-bezdomni", "unknown"),
        ("homo-sacer-streetworkerzy", "unknown"),
        ("streetbus", "unknown"),
        ("schronisko-kobiety-soltysowicka", "open"),
        ("schronisko-mezczyzni-bogedaina", "unknown"),
        ("noclegownia-malachowskiego", "unknown"),
        ("dom-socjalny-mezczyzni-obornicka", "unknown"),
        ("ogrzewalnia-gajowicka", "unknown"),
        ("laznia-caritas", "unknown"),
        ("jadlodajnia-caritas-slowianska", "closed"),
        ("jadlodajnia-franciszkanie", "unknown"),
        ("jadlodajnia-sancta-familia", "unknown"),
        ("ref-zus", "open"),
        ("ref-pup-wroclaw", "unknown"),
        ("ref-wydzial-lokali-mieszkalnych", "open"),
        ("ref-wroclawskie-mieszkania", "unknown"),
        ("ref-nfz-dolnoslaski", "unknown"),
        ("ref-nfz-tip", "open"),
        ("ref-umw-com", "unknown"),
        ("ref-duw-cudzoziemcy", "open"),
        ("ref-nieodplatna-pomoc-prawna", "unknown"),
    ]
    human = run("open-now", "--all", now="2026-11-23T10:00:00+01:00")
    assert human.code == 0 and len(human.out.splitlines()) == len(answers) == 81


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["dps"],
            "mops: error: 'dps' matches several units: dps-maczna, dps-redzinska, dps-karmelkowa, "
            "dps-kaletnicza; give more of the name\n",
        ),
        (
            ["kassy"],
            "mops: error: no unit called 'kassy'; did you mean kasy? (see 'mops contacts')\n",
        ),
        (
            ["kasy", "--at", "2027-03-28 02:30"],
            "mops: error: 2027-03-28 02:30 does not exist in Europe/Warsaw: the clocks skip it when "
            "summer time starts\n",
        ),
        (
            ["kasy", "--at", "someday"],
            "mops: error: cannot read the time 'someday': use e.g. 2026-12-07 11:00, "
            "7.12.2026 11:00, 7.12 11:00, 11:30, jutro 9, pon 9:30, tomorrow 9:00 or a date "
            "alone (2026-12-07)\n",
        ),
        (
            ["kasy", "--channel", "fax"],
            "mops: error: unknown channel 'fax' (known: in-person, phone, e-mail, online, visits, odbior-kart-pobytu)\n",
        ),
        ([], "mops: error: give one UNIT, or --all\n"),
        (["kasy", "--all"], "mops: error: give one UNIT, or --all\n"),
    ],
)
def test_open_now_errors_exit_2_with_one_line(run, args, message):
    result = run("open-now", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_unknown_time_zone_is_a_data_error(run, write_data):
    path: Path = write_data('[directory]\nname = "T"\ntimezone = "Europe/Wroclaw"\n')
    result = run("--data", str(path), "open-now", "--all")
    assert result.code == 2
    assert (
        result.err
        == f"mops: error: {path}: directory.timezone: unknown time zone 'Europe/Wroclaw'\n"
    )


def test_schedules_sharing_a_memo_answer_as_a_fresh_one_from_any_day_in_any_order():
    """A long run (mops ask) shares what it worked out between questions: the stretches of
    days open from midnight to midnight among them. Asked in any order, from inside or before
    a stretch, past a closure and over both clock changes, the answers are a fresh schedule's."""

    unit = Unit(
        "calodobowo",
        "Całodobowo",
        hours=(Rule("in-person", 0, 1440, weekdays=frozenset(range(7))),),
        closures=(Closure(date(2027, 1, 10), date(2027, 1, 10), "remont"),),
        on_holidays="open",
    )
    directory = DirectoryData("Test", units=(unit,))
    memo = Memo()
    asked = [
        "2027-01-09 23:00", "2026-12-01 12:00", "2027-01-11 00:00", "2026-12-31 23:59",
        "2027-03-28 02:30", "2027-01-10 12:00", "2027-10-31 02:30", "2026-12-02 08:00",
    ]  # fmt: skip
    for text in asked:
        shared = Schedule(unit, "in-person", directory, CALENDAR, memo).status(local(text))
        fresh = Schedule(unit, "in-person", directory, CALENDAR).status(local(text))
        assert shared == fresh, text
    first = Schedule(unit, "in-person", directory, CALENDAR, memo).status(local("2026-12-01 12:00"))
    assert (first.state, show(first.closes_at)) == ("open", "2027-01-10T00:00+01:00")
    after = Schedule(unit, "in-person", directory, CALENDAR, memo).status(local("2027-01-11 00:00"))
    assert (after.state, after.closes_at) == ("open", None)  # no closing within the horizon


AFTERNOONS = Unit(
    "popoludnia",
    "Popołudnia",
    hours=(
        Rule("in-person", 8 * 60, 12 * 60, weekdays=frozenset(range(5))),
        Rule("in-person", 14 * 60, 15 * 60, weekdays=frozenset(range(5))),
    ),
    on_holidays="closed",
)
_AFTERNOONS_MEMO = Memo()  # shared by the rows, in whatever order they run


@pytest.mark.parametrize(
    ("asked", "state", "closes_at", "opens_at"),
    [
        # One day, asked over one shared memo: what was worked out for the morning's
        # question must answer the evening's too.
        ("2026-12-02 09:00", "open", "2026-12-02T12:00+01:00", None),
        ("2026-12-02 13:00", "closed", None, "2026-12-02T14:00+01:00"),
        ("2026-12-02 14:30", "open", "2026-12-02T15:00+01:00", None),
        ("2026-12-02 20:00", "closed", None, "2026-12-03T08:00+01:00"),
        ("2026-12-02 23:59", "closed", None, "2026-12-03T08:00+01:00"),
        ("2026-12-04 15:00", "closed", None, "2026-12-07T08:00+01:00"),  # Friday to Monday
        ("2026-12-23 16:00", "closed", None, "2026-12-28T08:00+01:00"),  # over Christmas
        ("2026-12-02 07:59", "closed", None, "2026-12-02T08:00+01:00"),
    ],
)
def test_a_day_asked_again_later_answers_as_it_does_the_first_time(
    asked: str, state: str, closes_at: str | None, opens_at: str | None
):
    """A long run asks about many instants of one day; each day's walk is worked out once
    and serves every later instant of the day, in the evening after the last opening too."""
    status = Schedule(
        AFTERNOONS, "in-person", DirectoryData("T"), CALENDAR, _AFTERNOONS_MEMO
    ).status(local(asked))
    assert (status.state, show(status.closes_at), show(status.opens_at)) == (
        state,
        closes_at,
        opens_at,
    )


ALMOST_ROUND_THE_CLOCK = Unit(
    "prawie",
    "Prawie całą dobę",
    hours=(
        Rule("phone", 0, 24 * 60, weekdays=frozenset(range(5))),
        Rule("phone", 0, 23 * 60 + 30, weekdays=frozenset({5})),  # Saturday until 23:30
    ),
    on_holidays="open",
)


@pytest.mark.parametrize(
    ("asked", "state", "closes_at", "opens_at"),
    [
        # Whole days are crossed in one step; a day open from midnight to 23:30 is no whole day.
        ("2026-11-30 12:00", "open", "2026-12-05T23:30+01:00", None),
        ("2026-12-04 12:00", "open", "2026-12-05T23:30+01:00", None),
        ("2026-12-05 23:45", "closed", None, "2026-12-07T00:00+01:00"),
        ("2026-12-06 12:00", "closed", None, "2026-12-07T00:00+01:00"),
    ],
)
def test_a_day_open_from_midnight_but_not_to_it_ends_the_run(
    asked: str, state: str, closes_at: str | None, opens_at: str | None
):
    status = Schedule(ALMOST_ROUND_THE_CLOCK, "phone", DirectoryData("T"), CALENDAR).status(
        local(asked)
    )
    assert (status.state, show(status.closes_at), show(status.opens_at)) == (
        state,
        closes_at,
        opens_at,
    )


def test_a_day_open_to_midnight_but_not_from_it_ends_the_run():
    """Friday round the clock, Saturday from noon to midnight: Friday's run ends at Saturday's
    midnight, and the next opening is at noon."""
    unit = Unit(
        "od-poludnia",
        "Od południa",
        hours=(
            Rule("phone", 0, 24 * 60, weekdays=frozenset({4})),
            Rule("phone", 12 * 60, 24 * 60, weekdays=frozenset({5})),
        ),
        on_holidays="open",
    )
    friday = Schedule(unit, "phone", DirectoryData("T"), CALENDAR).status(local("2026-12-04 12:00"))
    assert (friday.state, show(friday.closes_at)) == ("open", "2026-12-05T00:00+01:00")
    night = Schedule(unit, "phone", DirectoryData("T"), CALENDAR).status(local("2026-12-05 03:00"))
    assert (night.state, show(night.opens_at)) == ("closed", "2026-12-05T12:00+01:00")
