"""The Python API passes typed times to the core (issue 25): a datetime or a date answers as
the same time written out does, through every question that takes one, errors included."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mops_cli import Directory, errors

NOW = "2026-11-23T10:00:00+01:00"
WARSAW = ZoneInfo("Europe/Warsaw")

TIMES = [
    datetime(2026, 11, 30, 11, 30),  # naive: wall-clock time in Wrocław
    datetime(2026, 11, 30, 10, 30, tzinfo=timezone.utc),
    datetime(2026, 11, 30, 12, 30, tzinfo=timezone(timedelta(hours=2))),
    datetime(2026, 12, 24, 9, 0, tzinfo=WARSAW),
    datetime(2026, 10, 25, 2, 30),  # the autumn repeat: its first occurrence
    datetime(2026, 11, 30, 11, 30, 15, 123),
    date(2026, 12, 24),  # a day alone: that day's hours
    date(2026, 12, 28),
    datetime(2027, 3, 28, 2, 30),  # the spring gap: an error
    date(2200, 1, 1),  # out of range: an error
]

QUESTIONS = {
    "open_now": lambda d, t: d.open_now("kasy", at=t),
    "open_now_all": lambda d, t: d.open_now_all(at=t),
    "find": lambda d, t: d.find("dodatek", at=t),
    "help_lines": lambda d, t: d.help_lines("dzieci", at=t),
    "week": lambda d, t: d.week("kasy", t),
    "overview": lambda d, t: d.overview(t),
}


def outcome(ask: Any, directory: Directory, time: Any) -> Any:
    try:
        return ask(directory, time).to_json()
    except errors.MopsError as exc:
        return (type(exc).__name__, str(exc))


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory.load(environ={**os.environ, "MOPS_NOW": NOW})


@pytest.mark.parametrize("question", sorted(QUESTIONS))
@pytest.mark.parametrize("time", TIMES, ids=str)
def test_a_typed_time_answers_as_its_text(directory: Directory, question: str, time: date):
    ask = QUESTIONS[question]
    if question in ("week", "overview") and time == datetime(2027, 3, 28, 2, 30):
        # A week needs only the day, which a typed time names even in the spring gap; its
        # text is refused there as a time that does not exist.
        assert outcome(ask, directory, time) == outcome(ask, directory, date(2027, 3, 28))
        return
    assert outcome(ask, directory, time) == outcome(ask, directory, time.isoformat())


def test_typed_times_reach_the_answers_as_they_are(directory: Directory):
    """Exact answers: the instant of an aware datetime whatever its offset, and a date's day."""
    at_noon = directory.open_now("kasy", at=datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc))
    assert at_noon.to_json()["at"] == "2026-11-30T12:00:00+01:00"
    christmas_eve = directory.open_now("kasy", at=date(2026, 12, 24)).to_json()
    assert (christmas_eve["date"], christmas_eve["kind"]) == ("2026-12-24", "holiday")
