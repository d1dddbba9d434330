"""The core answers (mops_cli.answers) are what the commands print: the same JSON, the same
exit status, without going through the command line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from conftest import DATA, Runner

from mops_cli import answers
from mops_cli.errors import UsageError
from mops_cli.session import Environment, Session

NOW = "2026-11-30T11:30:00+01:00"


def _session() -> Session:
    # os.environ holds the test's private cache directory (conftest.private_cache).
    session = Session(DATA, Environment({**os.environ, "MOPS_NOW": NOW}))
    session.machine = True
    return session


CASES: list[tuple[list[str], Callable[[Session], Any]]] = [
    (["open-now", "kasy", "--json"], lambda s: answers.open_now(s, "kasy")),
    (["open-now", "kasy", "--at", "2026-12-24 09:00", "--json"],
     lambda s: answers.open_now(s, "kasy", at="2026-12-24 09:00")),
    (["open-now", "--all", "--json"], lambda s: answers.open_now(s, all_units=True)),
    (["contacts", "dodatku", "mieszkaniowego", "--json"],
     lambda s: answers.contacts(s, "dodatku mieszkaniowego", with_hours=False)),
    (["contacts", "--json"], lambda s: answers.contacts(s, None)),
    (["help-lines", "--for", "dzieci", "--json"], lambda s: answers.help_lines(s, audience="dzieci")),
    (["hours", "kasy", "--week", "2026-12-28", "--json"],
     lambda s: answers.hours(s, "kasy", week="2026-12-28")),
    (["hours", "--json"], lambda s: answers.hours(s)),
    (["validate", "--json"], lambda s: answers.validate(s)),
    (["open-now", "kasy", "--at", "2026-12-07", "--json"],
     lambda s: answers.open_now(s, "kasy", at="2026-12-07")),
    (["help-lines", "--open", "--at", "sob 2:00", "--json"],
     lambda s: answers.help_lines(s, open_only=True, at="sob 2:00")),
    (["contacts", "71", "782", "23", "01", "--json"],
     lambda s: answers.contacts(s, ["71", "782", "23", "01"])),
    (["contacts", "xyzzy", "--json"], lambda s: answers.contacts(s, "xyzzy")),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "ask"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_an_answer_is_what_its_command_prints(
    run: Runner, argv: list[str], ask: Callable[[Session], Any]
) -> None:
    printed = run(*argv, now=NOW)
    result = ask(_session())
    assert (printed.code, json.loads(printed.out)) == (result.exit, result.to_json())


def test_an_answer_is_immutable() -> None:
    result = answers.open_now(_session(), "kasy")
    with pytest.raises(AttributeError):
        result.unit = None  # type: ignore[misc]


def test_errors_are_raised_not_printed() -> None:
    with pytest.raises(UsageError, match="give one UNIT, or --all"):
        answers.open_now(_session())
