"""Questions as data: `mops ask` reads them as JSON lines, the Python API asks them directly.

A question names a command and its arguments as the single commands take them:
`{"id": 7, "cmd": "open-now", "unit": "kasy", "at": "2026-12-07 11:00"}`. It is answered
through `mops_cli.answers`, the code path of the single commands, so the JSON of an answer is
exactly what `mops CMD ... --json` prints, and its exit code the one that command returns.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mops_cli.errors import ExitStatus, MopsError, UsageError

if TYPE_CHECKING:
    from mops_cli.session import Session

Json = Any


@dataclass(frozen=True)
class Argument:
    """One key of a question: the keyword of the answers function it becomes, and its type."""

    keyword: str
    kind: type | tuple[type, ...]
    type_name: str  # for the error message: "a string", "true or false"


def _string(keyword: str) -> Argument:
    return Argument(keyword, str, "a string")


def _flag(keyword: str) -> Argument:
    return Argument(keyword, bool, "true or false")


@dataclass(frozen=True)
class Command:
    """A command that questions can name, with the keys they may give it."""

    answer: Callable[..., Any]  # a function of mops_cli.answers
    arguments: Mapping[str, Argument]
    fixed: Mapping[str, Any]  # keywords the JSON answer always passes (no human-only work)


def _commands() -> dict[str, Command]:
    from mops_cli import answers

    return {
        "open-now": Command(
            answers.open_now,
            {
                "unit": _string("unit"),
                "all": _flag("all_units"),
                "at": _string("at"),
                "channel": _string("channel"),
            },
            {},
        ),
        "contacts": Command(
            answers.contacts,
            {
                "query": Argument("query", (str, list), "a string or a list of strings"),
                "at": _string("at"),
            },
            {"query": None, "with_hours": False},
        ),
        "help-lines": Command(
            answers.help_lines,
            {"for": _string("audience"), "at": _string("at"), "open": _flag("open_only")},
            {},
        ),
        "hours": Command(
            answers.hours,
            {"unit": _string("unit"), "week": _string("week"), "channel": _string("channel")},
            {},
        ),
        "validate": Command(answers.validate, {"strict": _flag("strict")}, {}),
    }


class BadQuestion(UsageError):
    """A question that is not one: not a JSON object, no such command, a wrong key."""


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def answer(session: Session, question: Mapping[str, Any]) -> Any:
    """The answers object (mops_cli.answers) for one question (without its "id")."""
    commands = _commands()
    name = question.get("cmd")
    if not isinstance(name, str) or name not in commands:
        given = 'no "cmd"' if name is None else f"unknown cmd {json.dumps(name)}"
        raise BadQuestion(f"{given}; use one of: {_quoted(commands)}")
    command = commands[name]
    keywords: dict[str, Any] = dict(command.fixed)
    for key, value in question.items():
        if key in ("id", "cmd"):
            continue
        argument = command.arguments.get(key)
        if argument is None:
            known = _quoted(command.arguments)
            raise BadQuestion(f"{name} takes no key {json.dumps(key)}; it takes: {known}")
        if value is None:
            continue  # null: the command's default, as an option not given
        if not isinstance(value, argument.kind) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            raise BadQuestion(f"{name}: {json.dumps(key)} must be {argument.type_name}")
        keywords[argument.keyword] = value
    session.refresh_clock()
    return command.answer(session, **keywords)


def answer_line(session: Session, line: str) -> dict[str, Any]:
    """One JSON line in, one JSON object out: `{"id", "exit", "answer"}`, or
    `{"id", "error", "exit": 2}` for a line that is not a question or a question that fails."""
    try:
        question = json.loads(line)
    except ValueError as exc:
        return _error(None, f"not JSON: {exc}")
    if not isinstance(question, dict):
        return _error(None, "not a question: give a JSON object such as {\"cmd\": \"open-now\", "
                      "\"unit\": \"kasy\"}")  # fmt: skip
    ident = question.get("id")
    try:
        result = answer(session, question)
        return {"id": ident, "exit": int(result.exit), "answer": result.to_json()}
    except MopsError as exc:
        return _error(ident, str(exc))
    except Exception as exc:  # a bug answers one question, not the rest of the run
        if os.environ.get("MOPS_DEBUG"):
            raise
        return _error(ident, f"internal error: {type(exc).__name__}: {exc}")


def _error(ident: Json, message: str) -> dict[str, Any]:
    return {"id": ident, "error": message, "exit": int(ExitStatus.ERROR)}


def answer_stream(
    session: Session, lines: Iterable[str], write: Callable[[str], None]
) -> ExitStatus:
    """Answer line by line as the lines come (a co-process may wait for each answer): blank
    lines are skipped; 0 when every line was answered, 2 when any was an error."""
    status = ExitStatus.OK
    for line in lines:
        if not line.strip():
            continue
        reply = answer_line(session, line)
        if "error" in reply:
            status = ExitStatus.ERROR
        write(json.dumps(reply, ensure_ascii=False) + "\n")
    return status
