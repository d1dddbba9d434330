"""Questions as data: `mops ask` reads them as JSON lines, the Python API asks them directly.

A question names a command and its arguments as the single commands take them:
`{"id": 7, "cmd": "open-now", "unit": "kasy", "at": "2026-12-07 11:00"}`. It is answered
through `mops_cli.answers`, the code path of the single commands, so the JSON of an answer is
exactly what `mops CMD ... --json` prints, and its exit code the one that command returns.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from mops_cli.answers import MAX_ARGUMENT_CHARS
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


# Limits on a question line (README, "Limits"): memory stays bounded whatever comes in.
MAX_LINE_BYTES = 1024 * 1024
MAX_VALUE_CHARS = MAX_ARGUMENT_CHARS  # any string of a question: a key, a value, an id
MAX_LIST_ITEMS = 100  # the words of a contacts query
_SKIP_CHUNK = 64 * 1024


class LineTooLong(NamedTuple):
    """A line over MAX_LINE_BYTES: answered with an error as soon as it is seen, and the rest
    of it read and dropped a chunk at a time."""

    size: int


def read_lines(stream: BinaryIO) -> Iterator[bytes | LineTooLong]:
    """The lines of `stream` as they arrive (a co-process waits for each answer), each at
    most MAX_LINE_BYTES; a longer line is a LineTooLong, its bytes never held at once."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            yield LineTooLong(len(line))
            while True:  # the rest of the line, dropped
                rest = stream.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            continue
        yield line


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (RFC 8259)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def parse_question(line: str | bytes) -> tuple[Json, dict[str, Any] | str]:
    """(the question's id, the question) of one line, or (its id if it can be told, why the
    line is not a question)."""
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES + 1:
            return None, f"line too long: over {MAX_LINE_BYTES} bytes"
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"not UTF-8 text (byte {exc.start + 1} of the line)"
    elif len(line.encode("utf-8", "surrogatepass")) > MAX_LINE_BYTES:  # its bytes, as read
        return None, f"line too long: over {MAX_LINE_BYTES} bytes"
    try:
        question = json.loads(line, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        return None, "not a question: nested too deeply"
    except ValueError as exc:
        return None, f"not JSON: {exc}"
    if not isinstance(question, dict):
        return None, (
            'not a question: give a JSON object such as {"cmd": "open-now", "unit": "kasy"}'
        )
    ident = question.get("id")
    if _problem(ident) is not None:
        ident = None  # an id that cannot be echoed as it came
    for key, value in question.items():
        problem = _problem(key) or _problem(value, key)
        if problem is not None:
            return ident, problem
    return ident, question


def _problem(value: Any, key: str | None = None) -> str | None:
    """Why a value cannot be part of a question: a string with a lone surrogate (not
    Unicode text, and not writable as UTF-8), or longer than the limits."""
    where = f" in {json.dumps(key)}" if key is not None else ""
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            # As the answers say it of an argument (answers.check_length).
            name = key if key is not None else "a string"
            return f"{name} is too long: {len(value)} characters (at most {MAX_VALUE_CHARS})"
        if _SURROGATE.search(value):
            return f"a string{where} holds a lone surrogate (\\ud800-\\udfff): not Unicode text"
        return None
    if isinstance(value, list | dict):
        if len(value) > MAX_LIST_ITEMS:
            return f"a list{where} has {len(value)} items (at most {MAX_LIST_ITEMS})"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for inner_key, item in items:
            if not isinstance(item, str | int | float | bool | type(None)):
                return f"a value{where} is nested too deeply"
            problem = _problem(inner_key) if isinstance(inner_key, str) else None
            problem = problem or _problem(item, key)
            if problem is not None:
                return problem
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def answer_line(session: Session, line: str | bytes) -> dict[str, Any]:
    """One JSON line in, one JSON object out: `{"id", "exit", "answer"}`, or
    `{"id", "error", "exit": 2}` for a line that is not a question or a question that fails."""
    ident, question = parse_question(line)
    if isinstance(question, str):
        return _error(ident, question)
    try:
        result = answer(session, question)
        return {"id": ident, "exit": int(result.exit), "answer": result.to_json()}
    except MopsError as exc:
        return _error(ident, str(exc))
    except Exception as exc:  # a bug answers one question, not the rest of the run
        if session.env.debug:
            raise
        return _error(ident, f"internal error: {type(exc).__name__}: {exc}")


def _error(ident: Json, message: str) -> dict[str, Any]:
    return {"id": ident, "error": message, "exit": int(ExitStatus.ERROR)}


def dumps(reply: dict[str, Any]) -> str:
    """One answer as one line of strict JSON (RFC 8259: no NaN or Infinity), always UTF-8,
    without spaces between its items.

    msgspec writes it (the library the cache is encoded with): a help-lines answer is 40 kB
    (seventeen lines with their notes and sources), which the json module takes longer to
    write than the question takes to answer (about eight times msgspec's time). A float that
    is no number (none is expected) comes out as null. What msgspec cannot write (text that
    is no Unicode, a value that is no JSON) only a bug makes: its line is an internal error,
    not the end of the run."""
    import msgspec

    try:
        return msgspec.json.encode(reply).decode("utf-8")
    except (TypeError, ValueError, OverflowError, msgspec.EncodeError) as exc:
        error = _error(reply.get("id"), f"internal error: {type(exc).__name__}")
        return json.dumps(error, ensure_ascii=True, separators=(",", ":"))


def answer_stream(
    session: Session, lines: Iterable[str | bytes | LineTooLong], write: Callable[[str], None]
) -> ExitStatus:
    """Answer line by line as the lines come (a co-process may wait for each answer): blank
    lines are skipped; 0 when every line was answered, 2 when any was an error."""
    status = ExitStatus.OK
    for line in lines:
        if isinstance(line, LineTooLong):
            reply = _error(None, f"line too long: over {MAX_LINE_BYTES} bytes")
        elif not line.strip():
            continue
        else:
            reply = answer_line(session, line)
        if "error" in reply:
            status = ExitStatus.ERROR
        write(dumps(reply) + "\n")
    return status
