"""A long run (`mops ask`, the Python API) remembers what it worked out between questions:
the index's answers, each unit's schedule, the hours described, the walk of each day. What it
remembers must never change an answer: asked again, in another order, after a caller changed
what it was given, past the limits where it forgets, the answers are a fresh directory's."""

from __future__ import annotations

import os
from typing import Any

import pytest
from conftest import DATA

from mops_cli import Directory
from mops_cli.model import DirectoryData as Model
from mops_cli.search import MemoryIndex, RememberingIndex, search

NOW = "2026-11-23T10:00:00+01:00"

QUESTIONS: list[dict[str, Any]] = [
    {"cmd": "contacts", "query": "dodatek mieszkaniowy"},
    {"cmd": "contacts", "query": "71 78 23 595"},
    {"cmd": "contacts", "query": "przemoc w rodzinie"},
    {"cmd": "contacts", "query": "mieszkaniwe"},  # a typo: the fuzzy words
    {"cmd": "open-now", "unit": "kasy", "at": "2026-12-02 20:00"},
    {"cmd": "open-now", "unit": "kasy", "at": "2026-12-02 09:00"},
    {"cmd": "open-now", "unit": "oik", "at": "2026-12-24 03:00"},
    {"cmd": "open-now", "unit": "oik", "at": "2026-12-01 12:00"},
    {"cmd": "help-lines", "at": "2026-12-25 22:00"},
    {"cmd": "help-lines", "at": "2026-12-01 08:00"},
    {"cmd": "help-lines", "for": "dzieci", "at": "2026-12-07 16:30"},
    {"cmd": "hours", "unit": "kasy", "week": "2026-12-21"},
]


def fresh(question: dict[str, Any]) -> Any:
    return Directory.load(environ={**os.environ, "MOPS_NOW": NOW}).ask(question).to_json()


@pytest.fixture(scope="module")
def expected() -> list[Any]:
    return [fresh(question) for question in QUESTIONS]


def spoil(value: Any) -> None:
    """What a caller may do to the JSON it was given: change it in place."""
    if isinstance(value, list):
        value.append("spoilt")
        for item in value[:-1]:
            spoil(item)
    elif isinstance(value, dict):
        for key in list(value):
            spoil(value[key])
        value["spoilt"] = True


@pytest.mark.parametrize("order", ["as written", "reversed", "interleaved"])
def test_one_directory_answers_every_question_again_as_a_fresh_one(order: str, expected: list[Any]):
    indices = list(range(len(QUESTIONS)))
    if order == "reversed":
        indices.reverse()
    elif order == "interleaved":
        indices = indices[::2] + indices[1::2]
    directory = Directory.load(environ={**os.environ, "MOPS_NOW": NOW})
    for _ in range(3):
        for i in indices:
            answer = directory.ask(QUESTIONS[i]).to_json()
            assert answer == expected[i], QUESTIONS[i]
            spoil(answer)


def test_the_index_past_its_limit_forgets_and_answers_as_its_source(
    monkeypatch: pytest.MonkeyPatch,
):
    """Past LIMIT answers the index forgets them all and asks its source again: memory stays
    flat and the answers stay right."""
    from mops_cli.loader import load

    source = MemoryIndex(load(DATA))
    remembering = RememberingIndex(source)
    monkeypatch.setattr(RememberingIndex, "LIMIT", 3)
    phrases = ["dodatek", "kasy", "przemoc", "dzieci", "dodatek", "schronisko", "kasy"] * 2
    for phrase in phrases:
        assert search(remembering, phrase) == search(source, phrase), phrase
        assert len(remembering._memo) <= 3
    given = remembering.units(["kasy"])
    given.clear()
    assert [u.id for u in remembering.units(["kasy"])] == ["kasy"]


def test_the_index_remembers_each_kind_of_question_apart():
    """Numbers, e-mails, names and words asked one after another: each answer is the source's
    for that question, never one remembered for another."""
    from mops_cli.loader import load

    source = MemoryIndex(load(DATA))
    remembering = RememberingIndex(source)
    queries = [
        "71 782 23 46", "800 120 002", "71 782 23 46", "+48 71 782 23 48", "112",
        "sekretariat@mops", "zon@mops", "kasy", "Kasy", "kasa mops", "dodatek", "dodatki",
        "800 120 002", "zon@mops",
    ]  # fmt: skip
    answers = [search(remembering, query) for query in queries]
    assert answers == [search(source, query) for query in queries]
    assert len({repr(answer) for answer in answers}) >= 8  # the questions differ


def test_a_days_intervals_after_its_plan_was_forgotten():
    """A long run forgets the plans it keeps past a limit: the intervals of a plan asked for
    before it was forgotten are still that day's."""
    from datetime import date

    from mops_cli.hours import Calendar, Schedule
    from mops_cli.loader import load

    directory = load(DATA)
    kasy = next(unit for unit in directory.units if unit.id == "kasy")
    schedule = Schedule(kasy, "in-person", directory, Calendar("PL", language="pl"))
    day = date(2026, 12, 31)  # the last day of the month: 10:00-12:00
    plan = schedule.plan(day)
    expected = schedule.day_intervals(plan)
    schedule.memo.days.clear()
    schedule.memo.intervals.clear()
    assert schedule.day_intervals(plan) == expected
    assert [(i.start.isoformat(), i.end.isoformat()) for i in expected] == [
        ("2026-12-31T09:00:00+00:00", "2026-12-31T11:00:00+00:00")
    ]


def test_described_hours_follow_the_unit_not_a_reused_identity():
    """Hours are described once per unit object; another unit (even one made where a freed one
    lived) is described anew."""
    from mops_cli.hours import Calendar, Schedule
    from mops_cli.model import Rule, Unit
    from mops_cli.present import describe_hours

    calendar = Calendar("PL", language="pl")
    for opens in range(8 * 60, 8 * 60 + 40):
        unit = Unit("u", "U", hours=(Rule("in-person", opens, 16 * 60, frozenset({0})),))
        schedule = Schedule(unit, "in-person", Model("T", units=(unit,)), calendar)
        expected = f"Mon {opens // 60:02d}:{opens % 60:02d}–16:00; public holidays: unknown"
        assert describe_hours(unit, schedule) == expected + " (the source does not say)"


@pytest.mark.parametrize(
    ("ident", "line"),
    [
        (7, '{"id":7,"error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
        ("zapytanie ż", '{"id":"zapytanie ż","error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
        # integers past 64 bits, as the question gave them
        (2**64, '{"id":18446744073709551616,"error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
        (-(2**63), '{"id":-9223372036854775808,"error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
        (1.5, '{"id":1.5,"error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
        (None, '{"id":null,"error":"no unit called \'nope\' (see \'mops contacts\')","exit":2}'),
    ],
)  # fmt: skip
def test_each_answer_is_one_line_of_compact_json_whatever_the_id(ident: Any, line: str):
    import io
    import json

    from mops_cli.questions import answer_stream
    from mops_cli.session import Environment, Session

    session = Session(DATA, Environment({**os.environ, "MOPS_NOW": NOW}))
    session.machine = True
    out = io.StringIO()
    question = json.dumps({"id": ident, "cmd": "open-now", "unit": "nope"})
    answer_stream(session, [question.encode()], out.write)
    assert out.getvalue() == line + "\n"


@pytest.mark.parametrize("schedules_kept", [1, 100])  # 100: only forgetting days forgets them
def test_past_its_limits_a_long_run_forgets_and_answers_as_a_fresh_one(
    monkeypatch: pytest.MonkeyPatch, expected: list[Any], schedules_kept: int
):
    """The session's limits made small: what it keeps stays within them when it looks (every
    question for states and schedules, every DAYS_LOOKED_AT_EVERY-th for days; schedules go
    with the days they hold), and the answers are still a fresh directory's."""
    from mops_cli.session import Session

    monkeypatch.setattr(Session, "STATES_KEPT", 1)
    monkeypatch.setattr(Session, "SCHEDULES_KEPT", schedules_kept)
    monkeypatch.setattr(Session, "DAYS_KEPT", 1000)
    monkeypatch.setattr(Session, "DAYS_LOOKED_AT_EVERY", 3)
    directory = Directory.load(environ={**os.environ, "MOPS_NOW": NOW})
    session = directory._session
    cleared = {"states": 0, "schedules": 0, "days": 0}
    for _ in range(4):
        for question, answer in zip(QUESTIONS, expected, strict=True):
            assert directory.ask(question).to_json() == answer, question
            kept = {
                "states": len(session._memo),
                "schedules": len(session._schedules),
                "days": sum(memo.size() for memo in session._days.values()),
            }
            session.refresh_clock()  # as the next question does: past a limit, it forgets
            looked_at_days = session._questions % 3 == 0
            forgets = {
                "states": kept["states"] > 1,
                "schedules": kept["schedules"] > schedules_kept
                or (looked_at_days and kept["days"] > 1000),
                "days": looked_at_days and kept["days"] > 1000,
            }
            after = {
                "states": len(session._memo),
                "schedules": len(session._schedules),
                "days": sum(memo.size() for memo in session._days.values()),
            }
            for what, forgot in forgets.items():
                assert after[what] == (0 if forgot else kept[what]), (question, what, kept)
                cleared[what] += forgot
    assert all(cleared.values()), cleared  # each limit was passed, and each was kept


def test_a_long_run_asks_the_clock_anew_for_every_question():
    """No question is answered at the time of the one before: the clock is the environment's
    at each question (here MOPS_NOW, changed between them as a real clock would move)."""
    import io
    import json

    from mops_cli.questions import answer_stream
    from mops_cli.session import Environment, Session

    variables = {**os.environ, "MOPS_NOW": "2026-11-23T11:00:00+01:00"}  # Kasy open 10-14
    session = Session(DATA, Environment(variables))
    session.machine = True
    states = []
    for now in ("2026-11-23T11:00:00+01:00", "2026-11-23T15:00:00+01:00"):
        variables["MOPS_NOW"] = now
        out = io.StringIO()
        answer_stream(session, [b'{"cmd": "open-now", "unit": "kasy"}'], out.write)
        states.append(json.loads(out.getvalue())["answer"]["state"])
    assert states == ["open", "closed"]
