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
        "jutro rano",
        "2026-13-01",
        "2026-02-30 10:00",
        "lunch",
    ],
)
def test_unreadable_times(text):
    with pytest.raises(UsageError) as raised:
        parse_when(text, WARSAW, NOW)
    assert str(raised.value) == (
        f"cannot read the time {text!r}: use e.g. 2026-12-07 11:00, 7.12.2026 11:00, 7.12 11:00, "
        "11:30, jutro 9, pon 9:30, tomorrow 9:00 or a date alone (2026-12-07)"
    )


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


@pytest.mark.parametrize("text", ["now", "11:30", "2026-11-30 11:30", "2026-11-30T10:30:00+05:00"])
def test_the_answer_is_in_utc_whatever_the_machines_zone(text):
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        moment = parse_when(text, WARSAW, NOW)
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
    assert moment.tzinfo is timezone.utc
