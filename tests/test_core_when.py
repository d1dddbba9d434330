"""when: what `--at` means, in the directory's zone (Europe/Warsaw), against a pinned clock."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from mops_cli.errors import UsageError
from mops_cli.when import parse_when

WARSAW = ZoneInfo("Europe/Warsaw")
# Wednesday 25 November 2026, 10:15 in Warsaw (UTC+1).
NOW = datetime(2026, 11, 25, 9, 15, tzinfo=timezone.utc)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "2026-11-25T10:15:00+01:00"),
        ("  ", "2026-11-25T10:15:00+01:00"),
        ("now", "2026-11-25T10:15:00+01:00"),
        ("TERAZ", "2026-11-25T10:15:00+01:00"),
        ("11:30", "2026-11-25T11:30:00+01:00"),
        ("9:05", "2026-11-25T09:05:00+01:00"),
        ("11:30 mon", "2026-11-30T11:30:00+01:00"),  # the day and the time in either order
        ("yesterday", "2026-11-24T00:00:00+01:00"),
        ("0:00", "2026-11-25T00:00:00+01:00"),
        ("23:59", "2026-11-25T23:59:00+01:00"),
        ("today", "2026-11-25T00:00:00+01:00"),
        ("dziś 8:00", "2026-11-25T08:00:00+01:00"),
        ("dzisiaj 8:00", "2026-11-25T08:00:00+01:00"),
        ("tomorrow 9:00", "2026-11-26T09:00:00+01:00"),
        ("jutro", "2026-11-26T00:00:00+01:00"),
        ("Jutro 7:45", "2026-11-26T07:45:00+01:00"),
        # A weekday: the next such day, today included.
        ("wed 11:30", "2026-11-25T11:30:00+01:00"),
        ("śr 11:30", "2026-11-25T11:30:00+01:00"),
        ("thu 11:30", "2026-11-26T11:30:00+01:00"),
        ("fri 8:00", "2026-11-27T08:00:00+01:00"),
        ("sob 8:00", "2026-11-28T08:00:00+01:00"),
        ("niedziela 8:00", "2026-11-29T08:00:00+01:00"),
        ("mon 11:30", "2026-11-30T11:30:00+01:00"),
        ("pon 11:30", "2026-11-30T11:30:00+01:00"),
        ("Poniedziałek", "2026-11-30T00:00:00+01:00"),
        ("tue 10:00", "2026-12-01T10:00:00+01:00"),
        ("wt. 10:00", "2026-12-01T10:00:00+01:00"),
        # Full dates and times, local or with an offset.
        ("2026-11-30 11:30", "2026-11-30T11:30:00+01:00"),
        ("2026-11-30T11:30", "2026-11-30T11:30:00+01:00"),
        ("2026-11-30", "2026-11-30T00:00:00+01:00"),
        ("2026-07-01 12:00", "2026-07-01T12:00:00+02:00"),
        ("2026-11-30T10:30:00Z", "2026-11-30T10:30:00+00:00"),
        ("2026-11-30T10:30:00z", "2026-11-30T10:30:00+00:00"),
        ("2026-11-30T10:30:00+05:00", "2026-11-30T10:30:00+05:00"),
        # A day of a month by name, with or without its year.
        ("5 grudnia", "2026-12-05T00:00:00+01:00"),
        ("5 grudnia 2027", "2027-12-05T00:00:00+01:00"),
        ("5. grudnia 10:00", "2026-12-05T10:00:00+01:00"),  # the ordinal's dot
        ("grudnia 5. 10:00", "2026-12-05T10:00:00+01:00"),
        ("dec 5.", "2026-12-05T00:00:00+01:00"),
        ("dec 5 2027 9:00", "2027-12-05T09:00:00+01:00"),
        ("we wtorek", "2026-12-01T00:00:00+01:00"),  # "we": a filler before "wtorek"
        # 12-hour clock times.
        ("1pm", "2026-11-25T13:00:00+01:00"),
        ("12pm", "2026-11-25T12:00:00+01:00"),
        ("12am", "2026-11-25T00:00:00+01:00"),
        ("12:30am", "2026-11-25T00:30:00+01:00"),
        ("11:59 pm", "2026-11-25T23:59:00+01:00"),
        ("jutro 9 pm", "2026-11-26T21:00:00+01:00"),
        # The autumn repeat: its first occurrence (summer time, UTC+2).
        ("2026-10-25 02:30", "2026-10-25T02:30:00+02:00"),
        ("2026-10-25 03:00", "2026-10-25T03:00:00+01:00"),
        ("2026-03-29 01:59", "2026-03-29T01:59:00+01:00"),
        ("2026-03-29 03:00", "2026-03-29T03:00:00+02:00"),
    ],
)
def test_parse_when(text, expected):
    moment = parse_when(text, WARSAW, NOW)
    assert moment == utc(expected)
    assert moment.tzinfo == timezone.utc


def test_the_day_is_the_directory_zones_day():
    # 23:30 UTC on Wednesday is already Thursday in Warsaw.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)
    assert parse_when("11:00", WARSAW, late) == utc("2026-11-26T11:00:00+01:00")
    assert parse_when("thu 11:00", WARSAW, late) == utc("2026-11-26T11:00:00+01:00")
    assert parse_when("wed 11:00", WARSAW, late) == utc("2026-12-02T11:00:00+01:00")
    assert parse_when("tomorrow 8:00", WARSAW, late) == utc("2026-11-27T08:00:00+01:00")
    assert parse_when("now", WARSAW, late) == late


@pytest.mark.parametrize(
    "text",
    [
        "24:00",
        "12:60",
        "11:5",
        "111:00",
        "11-30",
        "11:30 12:00",
        "mon 25:00",
        "mon 11:30 extra",
        "jutro o piątej",
        "jutro rano wieczorem",  # two parts of one day
        "2026-13-01",
        "2026-02-30 10:00",
        "lunch",
        "13pm",
        "31 lutego",
        "0am",
        "0",  # a bare number that is no day of a month
        "25",  # nor an hour
        "45",
    ],
)
def test_unreadable_times(text):
    with pytest.raises(UsageError) as raised:
        parse_when(text, WARSAW, NOW)
    assert str(raised.value) == (
        f"cannot read the time {text!r}: use e.g. 2026-12-07 11:00, 7.12.2026 11:00, 7.12 11:00, "
        "11:30, jutro 9, pon 9:30, tomorrow 9:00 or a date alone (2026-12-07)"
    )


@pytest.mark.parametrize(
    ("now", "text", "day", "clock"),
    [
        ("2026-11-25T10:15:00+01:00", "14", "14.12.2026", "14:00"),  # the 14th has passed
        ("2026-11-25T10:15:00+01:00", "23", "23.12.2026", "23:00"),
        ("2026-11-20T10:00:00+01:00", "20", "20.11.2026", "20:00"),  # today counts
        ("2026-11-20T10:00:00+01:00", "21", "21.11.2026", "21:00"),
        ("2026-11-25T10:15:00+01:00", "9.", "9.12.2026", "9:00"),
        ("2026-12-20T10:00:00+01:00", "5", "5.1.2027", "5:00"),  # after December, January
        ("2026-12-20T10:00:00+01:00", "1", "1.1.2027", "1:00"),
        ("2026-12-05T10:00:00+01:00", "5.12", "5.12.2026", "5:12"),  # today counts
        ("2026-12-20T10:00:00+01:00", "5.12", "5.12.2027", "5:12"),  # passed: next year's
        ("2026-12-01T10:00:00+01:00", "5.01", "5.1.2027", "5:01"),
        ("2026-12-01T10:00:00+01:00", "12.10", "12.10.2027", "12:10"),
    ],
)
def test_what_could_be_a_date_or_a_time_is_refused_with_both(now, text, day, clock):
    with pytest.raises(UsageError) as raised:
        parse_when(text, WARSAW, datetime.fromisoformat(now))
    assert str(raised.value) == (
        f"{text!r} could be a date or a time: write {day} for a date, {clock} for a time"
    )


def test_names_are_numbered_from_the_start_given():
    # WEEKDAY_NAMES and MONTH_NAMES are built with it when the module is imported.
    from mops_cli.when import _numbered

    assert _numbered(("a b", "c")) == {"a": 0, "b": 0, "c": 1}
    assert _numbered(("x y", "z"), start=1) == {"x": 1, "y": 1, "z": 2}


def test_a_dotted_number_alone_is_ambiguous():
    with pytest.raises(UsageError) as raised:
        parse_when("9.05", WARSAW, NOW)
    assert str(raised.value) == (
        "'9.05' could be a date or a time: write 9.5.2027 for a date, 9:05 for a time"
    )


@pytest.mark.parametrize("text", ["2026-03-29 02:00", "2026-03-29 02:59", "2026-03-29T02:30"])
def test_a_time_the_spring_change_skips_is_an_error(text):
    with pytest.raises(UsageError) as raised:
        parse_when(text, WARSAW, NOW)
    assert str(raised.value) == (
        f"{text.replace('T', ' ')} does not exist in Europe/Warsaw: the clocks skip it when "
        "summer time starts"
    )


@pytest.mark.parametrize(
    "text",
    [
        "now", "11:30", "2026-11-30 11:30", "2026-11-30T10:30:00+05:00",
        # typed times (the API): an aware datetime, a naive one, a date
        datetime(2026, 11, 30, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo")),
        datetime(2026, 11, 30, 10, 30),
        datetime(2026, 11, 30).date(),
    ],
)  # fmt: skip
def test_the_answer_is_in_utc_whatever_the_machines_zone(text):
    import os
    import time

    from mops_cli.when import moment_of

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        if isinstance(text, str):
            moment = parse_when(text, WARSAW, NOW)
        else:
            moment = moment_of(text, WARSAW).instant
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
    assert moment.tzinfo is timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.12", "2026-12-07"),
        ("jutro 9:00", "2026-11-26"),  # a time too: its day
        ("2026-12-07 11:00", "2026-12-07"),
        ("2026-12-07T01:30:00+05:00", "2026-12-06"),  # the directory zone's day of the instant
        ("5 grudnia 2027", "2027-12-05"),
    ],
)
def test_parse_date(text, expected):
    from mops_cli.when import parse_date

    assert parse_date(text, WARSAW, NOW).isoformat() == expected


def test_a_date_is_counted_from_the_directory_zones_day():
    from mops_cli.when import parse_date

    late = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)  # already Thursday in Warsaw
    assert parse_date("jutro", WARSAW, late).isoformat() == "2026-11-27"
    assert parse_date("tomorrow 9:00", WARSAW, late).isoformat() == "2026-11-27"
    assert parse_date("25.11", WARSAW, late).isoformat() == "2027-11-25"  # passed in Warsaw


def test_an_instant_whose_local_day_is_out_of_range_is_refused():
    from mops_cli.when import parse_date

    text = "2100-12-31T23:30:00-05:00"  # 1 January 2101 in Warsaw
    with pytest.raises(UsageError) as raised:
        parse_date(text, WARSAW, NOW)
    assert str(raised.value) == (
        f"{text!r} is out of range: mops answers about the years 1900 to 2100"
    )
