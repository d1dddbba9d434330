"""`mops ask` and the Python API answer exactly as the single commands do."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import DATA

NOW = "2026-11-23T10:00:00+01:00"

# (question, the same as a command line)
QUESTIONS = [
    ({"cmd": "open-now", "unit": "kasy"}, ["open-now", "kasy"]),
    ({"cmd": "open-now", "unit": "kasy", "at": "2026-11-30 11:30"}, ["open-now", "kasy", "--at", "2026-11-30 11:30"]),
    ({"cmd": "open-now", "unit": "kasa", "at": "2026-12-24 11:00"}, ["open-now", "kasa", "--at", "2026-12-24 11:00"]),
    ({"cmd": "open-now", "unit": "orzek", "at": "sun 12:00"}, ["open-now", "orzek", "--at", "sun 12:00"]),
    ({"cmd": "open-now", "unit": "dodatki-mieszkaniowe"}, ["open-now", "dodatki-mieszkaniowe"]),
    ({"cmd": "open-now", "unit": "116-111", "channel": "phone"}, ["open-now", "116-111", "--channel", "phone"]),
    ({"cmd": "open-now", "all": True, "at": "2026-12-31 11:00"}, ["open-now", "--all", "--at", "2026-12-31 11:00"]),
    ({"cmd": "contacts", "query": "dodatek"}, ["contacts", "dodatek"]),
    ({"cmd": "contacts", "query": ["karta", "duzej", "rodziny"]}, ["contacts", "karta", "duzej", "rodziny"]),
    ({"cmd": "contacts", "query": "71 78 23 595"}, ["contacts", "71 78 23 595"]),
    ({"cmd": "contacts", "query": "xyzzy"}, ["contacts", "xyzzy"]),
    ({"cmd": "contacts"}, ["contacts"]),
    ({"cmd": "help-lines"}, ["help-lines"]),
    ({"cmd": "help-lines", "for": "dzieci", "at": "2026-12-25 03:00"}, ["help-lines", "--for", "dzieci", "--at", "2026-12-25 03:00"]),
    ({"cmd": "hours", "unit": "kasy", "week": "2026-12-28"}, ["hours", "kasy", "--week", "2026-12-28"]),
    ({"cmd": "hours"}, ["hours"]),
    ({"cmd": "validate"}, ["validate"]),
]  # fmt: skip

# Questions that fail as their commands do: exit 2, the same message.
FAILING = [
    ({"cmd": "open-now", "unit": "zzzz"}, ["open-now", "zzzz"]),
    ({"cmd": "open-now", "unit": "kasy", "at": "2026-13-01 10:00"}, ["open-now", "kasy", "--at", "2026-13-01 10:00"]),
    ({"cmd": "open-now", "unit": "kasy", "at": "2026-03-29 02:30"}, ["open-now", "kasy", "--at", "2026-03-29 02:30"]),
    ({"cmd": "open-now", "unit": "kasy", "channel": "fax"}, ["open-now", "kasy", "--channel", "fax"]),
    ({"cmd": "open-now"}, ["open-now"]),
]  # fmt: skip


def ask(run, *questions: object, raw: str | None = None, **environ: str):
    """Run `mops ask` in-process with `questions` as JSON lines on stdin."""
    text = raw if raw is not None else "".join(json.dumps(q) + "\n" for q in questions)
    stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    result = run("ask", stdin=stdin, **environ)
    return result, [json.loads(line) for line in result.out.splitlines()]


@pytest.fixture
def directory(private_cache):
    from mops_cli import Directory

    environ = {"MOPS_NOW": NOW, "MOPS_CACHE_DIR": str(private_cache), "MOPS_CACHE_SYNC": "1"}
    return Directory.load(environ=environ)


def test_one_code_path_three_ways(run, directory):
    """The same table of questions, asked as single commands, through one `mops ask` and
    through the Python API: the same JSON and the same exit codes."""
    singles = []
    for _question, argv in QUESTIONS:
        result = run(*argv, "--json")
        singles.append((int(result.code), json.loads(result.out)))
    result, replies = ask(run, *[{"id": i, **q} for i, (q, _) in enumerate(QUESTIONS)])
    assert result.code == 0
    assert [(r["exit"], r["answer"]) for r in replies] == singles
    assert [r["id"] for r in replies] == list(range(len(QUESTIONS)))
    through_api = [directory.ask(q) for q, _ in QUESTIONS]
    assert [(int(a.exit), a.to_json()) for a in through_api] == singles


@pytest.mark.parametrize(("question", "argv"), FAILING)
def test_errors_carry_the_commands_message(run, directory, question, argv):
    from mops_cli import MopsError

    single = run(*argv, "--json")
    assert single.code == 2
    message = single.err.removeprefix("mops: error: ").strip()
    result, replies = ask(run, {"id": "q", **question})
    assert result.code == 2
    assert replies == [{"id": "q", "error": message, "exit": 2}]
    with pytest.raises(MopsError) as raised:
        directory.ask(question)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("nope", "not JSON: Expecting value: line 1 column 1 (char 0)"),
        (
            "[1, 2]",
            'not a question: give a JSON object such as {"cmd": "open-now", "unit": "kasy"}',
        ),
        ('{"id": 3}', 'no "cmd"; use one of: contacts, help-lines, hours, open-now, validate'),
        (
            '{"id": 3, "cmd": "open"}',
            'unknown cmd "open"; use one of: contacts, help-lines, hours, open-now, validate',
        ),
        (
            '{"id": 3, "cmd": "open-now", "unti": "kasy"}',
            'open-now takes no key "unti"; it takes: all, at, channel, unit',
        ),
        ('{"id": 3, "cmd": "open-now", "unit": 5}', 'open-now: "unit" must be a string'),
        ('{"id": 3, "cmd": "open-now", "all": "yes"}', 'open-now: "all" must be true or false'),
        (
            '{"id": 3, "cmd": "contacts", "query": ["a", 1]}',
            'contacts: "query" must be a string or a list of strings',
        ),
    ],
)
def test_a_bad_line_is_answered_and_the_run_goes_on(run, line, error):
    raw = line + "\n" + json.dumps({"id": "next", "cmd": "open-now", "unit": "kasy"}) + "\n"
    result, replies = ask(run, raw=raw)
    assert result.code == 2
    ident = json.loads(line).get("id") if line.startswith("{") else None
    assert replies[0] == {"id": ident, "error": error, "exit": 2}
    assert replies[1]["id"] == "next" and replies[1]["exit"] == 0  # open on Monday at 10:00


def test_blank_lines_are_skipped_and_null_means_not_given(run):
    raw = (
        "\n  \n"
        + json.dumps({"cmd": "open-now", "unit": "kasy", "at": None, "channel": None})
        + "\n\n"
    )
    result, replies = ask(run, raw=raw)
    assert result.code == 0
    assert len(replies) == 1
    assert replies[0]["answer"]["at"] == NOW


def test_input_file_and_its_errors(run, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"id": 1, "cmd": "open-now", "unit": "kasy"}\n', encoding="utf-8")
    result = run("ask", "--input", str(questions))
    assert result.code == 0
    assert json.loads(result.out)["id"] == 1
    result = run("ask", "--input", str(tmp_path / "none.jsonl"))
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == f"mops: error: {tmp_path / 'none.jsonl'}: cannot read: No such file or directory\n"
    )
    result = run("ask", "--input", str(tmp_path))
    assert result.err == f"mops: error: {tmp_path}: is a directory, not a file\n"


def test_a_broken_directory_file_is_one_error_not_one_per_line(run, write_data):
    path = write_data("[directory\n")
    result, replies = ask(run, {"cmd": "open-now", "unit": "kasy"}, mops_data=str(path))
    assert result.code == 2
    assert replies == []
    assert result.err.count("\n") == 1 and "TOML syntax error" in result.err


def test_answers_come_as_each_question_arrives():
    """A co-process: write one question, read its answer before writing the next."""
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    env.update(MOPS_NOW=NOW, MOPS_LANG="en")
    process = subprocess.Popen(
        [sys.executable, "-m", "mops_cli", "--data", str(DATA), "ask"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        for unit, state in (("kasy", "open"), ("orzekanie", "open"), ("dodatki", "unknown")):
            process.stdin.write(json.dumps({"cmd": "open-now", "unit": unit}) + "\n")
            process.stdin.flush()
            reply = json.loads(process.stdout.readline())  # blocks until this answer is written
            assert reply["answer"]["state"] == state
        process.stdin.close()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def test_api_names_are_stable():
    import mops_cli

    assert sorted(mops_cli.__all__) == [
        "BadQuestion", "BadTimeError", "Contacts", "DataError", "Directory", "ExitStatus",
        "HelpLines", "MopsError", "OpenNow", "OpenOnDay", "Overview", "Phone", "Rule", "Unit",
        "UnknownUnitError", "UsageError", "Validation", "Week", "__version__",
    ]  # fmt: skip
    for name in mops_cli.__all__:
        assert getattr(mops_cli, name) is not None
    from mops_cli import BadTimeError, DataError, MopsError, UnknownUnitError, UsageError

    assert issubclass(UnknownUnitError, UsageError) and issubclass(BadTimeError, UsageError)
    assert issubclass(UsageError, MopsError) and issubclass(DataError, MopsError)
    with pytest.raises(AttributeError):
        mops_cli.nothing  # noqa: B018


def test_api_answers(directory):
    from datetime import date, datetime

    from mops_cli import BadTimeError, DataError, Directory, UnknownUnitError

    answer = directory.open_now("kasy", at="2026-11-30 11:30")
    assert (int(answer.exit), answer.to_json()["state"]) == (0, "open")
    assert answer.to_json()["closes_at"] == "2026-11-30T12:00:00+01:00"
    # A naive datetime is wall-clock time in the directory's zone, as a CLI time is.
    assert directory.open_now("kasy", at=datetime(2026, 12, 24, 11, 0)).to_json()["reason"] == (
        "Wigilia Bożego Narodzenia"
    )
    assert directory.week("kasy", date(2026, 12, 30)).to_json()["week"] == "2026-12-28"
    assert directory.find("dodatek mieszkaniowy").found[0].unit.id == "dodatki-mieszkaniowe"
    assert directory.find("xyzzy").to_json() == [] and int(directory.find("xyzzy").exit) == 1
    assert directory.unit("kasa").id == "kasy"
    lines = directory.help_lines("dzieci", at="2026-12-25 03:00")
    assert [line["id"] for line in lines.to_json()] == ["112", "116-111", "telefon-zaufania-rpd"]
    assert directory.help_lines(open_only=True).to_json()[0]["id"] == "112"
    with pytest.raises(UnknownUnitError, match="no unit called 'zzzz'"):
        directory.open_now("zzzz")
    with pytest.raises(BadTimeError, match="2026-03-29 02:30 does not exist"):
        directory.open_now("kasy", at="2026-03-29 02:30")
    with pytest.raises(DataError, match="no such file"):
        Directory.load("/nonexistent/offices.toml")


def test_api_imports_neither_typer_nor_rich():
    code = (
        "import sys; from mops_cli import Directory; d = Directory.load(); "
        "d.open_now('kasy'); d.find('dodatek'); d.help_lines(); d.week('kasy'); "
        "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out == "[]\n"
