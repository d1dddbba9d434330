"""--at and --week understand the days the calendar names and the parts of the day, as
people say them: the next such day (today included), with or without a time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mops_cli.errors import BadTimeError
from mops_cli.when import parse_moment, parse_week

ZONE = ZoneInfo("Europe/Warsaw")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZONE)  # Monday 23 November 2026


def _read(text: str, now: datetime = MONDAY) -> str:
    """'2026-12-24' for a day alone, '2026-12-24 10:00' for an instant."""
    when = parse_moment(text, ZONE, now)
    if when.day is not None:
        return when.day.isoformat()
    return f"{when.instant.astimezone(ZONE):%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wigilia", "2026-12-24"),
        ("Wigilia", "2026-12-24"),
        ("w wigilię", "2026-12-24"),
        ("w wigilie o 10", "2026-12-24 10:00"),  # no diacritics
        ("wigilii 12:00", "2026-12-24 12:00"),
        ("Wigilia Bożego Narodzenia 9:30", "2026-12-24 09:30"),
        ("Christmas Eve", "2026-12-24"),
        ("christmas eve at 9pm", "2026-12-24 21:00"),
        ("Boże Narodzenie", "2026-12-25"),
        ("w Boże Narodzenie o 8", "2026-12-25 08:00"),
        ("pierwszy dzień świąt", "2026-12-25"),
        ("Christmas", "2026-12-25"),
        ("drugi dzień świąt", "2026-12-26"),
        ("drugiego dnia świąt o 9", "2026-12-26 09:00"),
        ("drugi dzień świąt Bożego Narodzenia", "2026-12-26"),
        ("sylwester", "2026-12-31"),
        ("w sylwestra 13:00", "2026-12-31 13:00"),
        ("New Year's Eve", "2026-12-31"),
        ("new year’s eve 18:00", "2026-12-31 18:00"),
        ("Nowy Rok", "2027-01-01"),
        ("w Nowy Rok o 12", "2027-01-01 12:00"),
        ("New Year's Day", "2027-01-01"),
        ("Wielkanoc", "2027-03-28"),  # from the calendar: Easter 2027
        ("w Wielkanoc", "2027-03-28"),
        ("Easter", "2027-03-28"),
        ("lany poniedziałek", "2027-03-29"),
        ("Wielki Piątek", "2027-03-26"),
        ("w Wielki Piątek o 10", "2027-03-26 10:00"),
        ("Good Friday 14:00", "2027-03-26 14:00"),
        ("Boże Ciało", "2027-05-27"),
        ("w Boże Ciało", "2027-05-27"),
        ("Wszystkich Świętych", "2027-11-01"),  # this year's is past
        ("11 listopada", "2027-11-11"),
        ("Święto Niepodległości", "2027-11-11"),
        ("w Święto Niepodległości o 10", "2027-11-11 10:00"),
        ("Independence Day", "2027-11-11"),
    ],
)
def test_named_days(text, expected):
    assert _read(text) == expected


def test_a_named_day_is_the_next_one_today_included():
    christmas_eve = datetime(2026, 12, 24, 9, 0, tzinfo=ZONE)
    assert _read("wigilia", christmas_eve) == "2026-12-24"
    assert _read("wigilia", datetime(2026, 12, 25, 9, 0, tzinfo=ZONE)) == "2027-12-24"
    assert _read("Wielkanoc", datetime(2027, 3, 29, 9, 0, tzinfo=ZONE)) == "2028-04-16"
    assert _read("Boże Ciało", datetime(2028, 1, 1, 9, 0, tzinfo=ZONE)) == "2028-06-15"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w poniedziałek o 8 rano", "2026-11-23 08:00"),
        ("o 8 rano", "2026-11-23 08:00"),
        ("jutro o 7:30 rano", "2026-11-24 07:30"),
        ("8 wieczorem", "2026-11-23 20:00"),
        ("8:59 wieczorem", "2026-11-23 20:59"),  # the last minute of an hour
        ("jutro o 8 wieczorem", "2026-11-24 20:00"),
        ("20 wieczorem", "2026-11-23 20:00"),
        ("o 3 po południu", "2026-11-23 15:00"),
        ("o 2 w nocy", "2026-11-23 02:00"),
        ("o 11 w nocy", "2026-11-23 23:00"),
        ("jutro rano", "2026-11-24 08:00"),  # a part of the day alone: its usual time
        ("wieczorem", "2026-11-23 19:00"),
        ("jutro po południu", "2026-11-24 15:00"),
        ("w wigilię wieczorem", "2026-12-24 19:00"),
        ("tomorrow morning", "2026-11-24 08:00"),
        ("7 in the evening", "2026-11-23 19:00"),
    ],
)
def test_parts_of_the_day(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", ["15 rano", "3 wieczorem 10:00", "wigilia 25.12"])
def test_what_does_not_fit_is_refused(text):
    with pytest.raises(BadTimeError):
        parse_moment(text, ZONE, MONDAY)


def test_week_of_a_named_day():
    assert parse_week("wigilia", ZONE, MONDAY).isoformat() == "2026-12-24"
    assert parse_week("Wielkanoc", ZONE, MONDAY).isoformat() == "2027-03-28"


def test_cli_at_a_named_day(run):
    result = run("open-now", "kasy", "--at", "wigilia")
    assert (result.code, result.out) == (
        1,
        "Kasy, Thu 24 Dec 2026: closed all day (Christmas Eve)\n",
    )
    result = run("open-now", "kasy", "--at", "sylwester 11:00")
    assert result.out.startswith("Kasy, Thu 31 Dec 2026 11:00: open")
    polish = run("--lang", "pl", "open-now", "kasy", "--at", "w poniedziałek o 8 rano")
    assert polish.out.startswith("Kasy, pon 23 lis 2026 08:00: zamknięte")


def test_cli_week_of_a_named_day(run):
    result = run("hours", "kasy", "--week", "Boże Narodzenie")
    assert result.code == 0
    assert "week of Mon 21 Dec 2026" in result.out.splitlines()[0]
