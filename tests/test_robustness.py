"""Whatever it is fed, `mops` answers in one clear line and never shows a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, on_terminal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mops_cli.errors import MopsError
from mops_cli.loader import read

ANSI = re.compile(r"\x1b|\x07|\x9b")


def one_error_line(result) -> str:
    """The single stderr line of a failed run; fails if there is more, or a traceback."""
    assert "Traceback" not in result.err + result.out
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("mops: error: ")
    return lines[0]


# -- bad data files ------------------------------------------------------------------------------

BAD_FILES = [
    # (what, file content as bytes or None for no file, the message after the path)
    ("missing", None, "no such file"),
    ("empty", b"", "the file is empty"),
    (
        "not UTF-8",
        '[directory]\nname = "Wrocław"\n'.encode("cp1250"),
        "not UTF-8 text (line 2, column 13)",
    ),
    ("binary garbage", bytes(range(256)) * 4, "not UTF-8 text (line 2, column 118)"),
    ("NUL bytes", b'[directory]\x00\nname = "x"\n', "binary data, not a TOML text file"),
    (
        "TOML syntax error",
        b'[directory]\nname = "x\n',
        "TOML syntax error: Illegal character '\\n' (at line 2, column 10)",
    ),
    (
        "wrong type",
        MINIMAL.replace('opens = "08:00"', "opens = 10").encode(),
        'biuro: hours[0].opens: must be a time as a string ("08:00"), not a number (10)',
    ),
    (
        "unknown key",
        MINIMAL.replace('opens = "08:00"', 'opnes = "08:00"').encode(),
        "biuro: hours[0].opnes: unknown key (did you mean 'opens'?) (and 1 more; run 'mops validate')",
    ),
    (
        "duplicate id",
        (MINIMAL + '\n[[units]]\nid = "biuro"\nname = "B"\nsource = "s"\n').encode(),
        "biuro: id: duplicate id: another unit has it too",
    ),
    (
        "invalid RRULE",
        MINIMAL.replace('days = "mo-fr"', 'rrule = "FREQ=FORTNIGHTLY"').encode(),
        "biuro: hours[0].rrule: invalid RRULE 'FREQ=FORTNIGHTLY': ",
    ),
    (
        "closing before opening",
        MINIMAL.replace('closes = "16:00"', 'closes = "07:00"').encode(),
        "biuro: hours[0].closes: 07:00 is not after opens 08:00 (past midnight, write it as 24:00 plus the hours, e.g. 26:00)",
    ),
    (
        "unknown time zone",
        MINIMAL.replace('name = "Test"', 'name = "Test"\ntimezone = "Mars/Olympus"').encode(),
        "directory.timezone: unknown time zone 'Mars/Olympus'",
    ),
    (
        "no directory table",
        b'[[units]]\nid = "a"\n',
        "directory: missing: the file needs a [directory] table with its name (and 3 more; run 'mops validate')",
    ),
    (
        "units not an array",
        b'units = 5\n[directory]\nname = "x"\n',
        "units: must be an array of tables ([[units]]), not a number (5)",
    ),
]


@pytest.mark.parametrize(("what", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
@pytest.mark.parametrize(
    "command", [["open-now", "biuro"], ["contacts"], ["help-lines"], ["hours"]]
)
def test_bad_data_file(run, tmp_path: Path, what, content, message, command):
    path = tmp_path / "offices.toml"
    if content is not None:
        path.write_bytes(content)
    result = run("--data", str(path), *command)
    assert result.code == 2, what
    line = one_error_line(result)
    assert line.startswith(f"mops: error: {path}: {message}"), line


def test_validate_reports_unreadable_files_the_same_way(run, tmp_path: Path):
    result = run("validate", "--data", str(tmp_path / "nope.toml"))
    assert (result.code, one_error_line(result)) == (
        2,
        f"mops: error: {tmp_path / 'nope.toml'}: no such file",
    )


def test_a_directory_is_not_a_data_file(run, tmp_path: Path):
    result = run("--data", str(tmp_path), "contacts")
    assert (result.code, one_error_line(result)) == (
        2,
        f"mops: error: {tmp_path}: is a directory, not a data file",
    )


def test_unreadable_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "offices.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    real_open = os.open

    def denied(name, *args, **kwargs):  # root reads anything; simulate the permission bit
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    result = run("--data", str(path), "contacts")
    assert (result.code, one_error_line(result)) == (2, f"mops: error: {path}: permission denied")


def test_huge_file(run, tmp_path: Path):
    path = tmp_path / "offices.toml"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: 65 MiB of NUL without using the disk
    result = run("--data", str(path), "contacts")
    assert (result.code, one_error_line(result)) == (
        2,
        f"mops: error: {path}: file too large (over 64 MiB)",
    )


# -- bad arguments ------------------------------------------------------------------------------

BAD_ARGUMENTS = [
    (["open-now", "xyzzy"], "mops: error: no unit called 'xyzzy' (see 'mops contacts')"),
    (
        ["open-now", "dps"],
        "mops: error: 'dps' matches several units: dps-maczna, dps-redzinska, dps-karmelkowa, dps-kaletnicza; give more of the name",
    ),
    (
        ["hours", "dps"],
        "mops: error: 'dps' matches several units: dps-maczna, dps-redzinska, dps-karmelkowa, dps-kaletnicza; give more of the name",
    ),
    (
        ["open-now", "kasy", "--at", "jutro o piątej"],
        "mops: error: cannot read the time 'jutro o piątej': use e.g. 2026-12-07 11:00, 7.12.2026 11:00, 7.12 11:00, 11:30, jutro 9, pon 9:30, tomorrow 9:00 or a date alone (2026-12-07)",
    ),
    (
        ["open-now", "kasy", "--at", "2027-03-28 02:00"],
        "mops: error: 2027-03-28 02:00 does not exist in Europe/Warsaw: the clocks skip it when summer time starts",
    ),
    (
        ["hours", "kasy", "--week", "kiedyś"],
        "mops: error: cannot read the week 'kiedyś': use e.g. 2026-12-07, 7.12.2026, 7.12, pon, next week or przyszły tydzień",
    ),
    (
        ["open-now", "kasy", "--channel", "telepatia"],
        "mops: error: unknown channel 'telepatia' (known: in-person, phone, e-mail, online, visits, odbior-kart-pobytu)",
    ),
    (
        ["hours", "kasy", "--channel", "telepatia"],
        "mops: error: unknown channel 'telepatia' (known: in-person, phone, e-mail, online, visits, odbior-kart-pobytu)",
    ),
    (["lunch"], "mops: error: No such command 'lunch'. (see 'mops --help')"),
    (
        ["open-now", "kasy", "--colour"],
        "mops: error: No such option: --colour (see 'mops open-now --help')",
    ),
    (["contacts", "--json", "--plain"], "mops: error: give --json or --plain, not both"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_ARGUMENTS, ids=[" ".join(a[0]) for a in BAD_ARGUMENTS]
)
def test_bad_arguments(run, args, message):
    result = run(*args)
    assert (result.code, result.out, one_error_line(result)) == (2, "", message)


def test_bad_mops_now(run):
    result = run("open-now", "kasy", now="yesterday")
    assert one_error_line(result) == "mops: error: MOPS_NOW is not an ISO 8601 time: 'yesterday'"


def test_unexpected_exceptions_are_one_line_and_exit_2(run, monkeypatch: pytest.MonkeyPatch):
    from mops_cli import session

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(session.Session, "status", boom)
    result = run("open-now", "kasy")
    assert (result.code, one_error_line(result)) == (
        2,
        "mops: error: internal error: RuntimeError: disk on fire (set MOPS_DEBUG=1 for details)",
    )


# -- untrusted text from the data -------------------------------------------------------------

HOSTILE = """
[directory]
name = "T"

[[units]]
id = "zla"
name = "[bold]Zła[/bold] [link=https://evil.example]kliknij[/link] [/] \\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mred"
category = "helpline"
aliases = ["[red]alias[/red]"]
address = "ul. [i]Fałszywa[/i] 1\\u009b31m"
location_note = "\\u202epokój 13\\u202c"
notes = ["[blink]uwaga[/blink]\\u001b[5m"]
audience = ["[bold]wszyscy[/bold]"]
hours_note = "[reverse]brak[/reverse]"
source = "test"

[[units.hours]]
channel = "phone"
days = "mo-su"
opens = "00:00"
closes = "24:00"
note = "[u]nota[/u]\\u001b[4m"
"""


@pytest.mark.parametrize(
    "command",
    [
        ["contacts"],
        ["contacts", "zla"],
        ["help-lines"],
        ["help-lines", "--details"],
        ["open-now", "zla"],
        ["open-now", "--all"],
        ["hours", "zla"],
        ["hours"],
        ["contacts", "--plain"],
        ["contacts", "--json"],
        ["help-lines", "--json"],
    ],
)
def test_markup_prints_literally_and_escapes_never_reach_the_terminal(run, write_data, command):
    path = write_data(HOSTILE)
    result = run("--data", str(path), *command)
    assert result.code == 0, result.err
    assert not ANSI.search(result.out + result.err)
    assert "\u202e" not in result.out
    if "--json" in command:
        json.loads(result.out)
    elif command == ["help-lines"]:  # at a glance: the name and the state
        assert "[bold]Zła[/bold] [link=https://evil.example]kliknij[/link] [/]" in result.out
        assert "[u]nota[/u]" in result.out
    elif command[0] in ("contacts", "help-lines") and "--plain" not in command:
        assert "[bold]Zła[/bold] [link=https://evil.example]kliknij[/link] [/]" in result.out
        assert "ul. [i]Fałszywa[/i] 1" in result.out
        assert "[blink]uwaga[/blink]" in result.out
    elif command == ["open-now", "zla"]:
        assert result.out.startswith("[bold]Zła[/bold] [link=https://evil.example]kliknij[/link]")


def test_escapes_are_removed_on_a_real_terminal_too(write_data, tmp_path: Path):
    """On a terminal Rich styles the output; the data's own escapes must still be gone."""
    path = write_data(HOSTILE)
    output = on_terminal("contacts", mops_data=str(path))
    assert "[bold]Zła[/bold]" in output
    # The data's ESC and BEL are gone: what is left of its sequences is inert text.
    assert "\x1b]0;" not in output and "\x07" not in output
    assert "\x1b[2J" not in output and "\x1b[31m" not in output and "\x1b[5m" not in output
    assert "]0;pwned[2J[31mred" in output


def test_a_10000_character_name_does_not_break_the_layout(run, write_data):
    long_name = "Ośrodek " * 1250
    path = write_data(MINIMAL.replace('name = "Biuro"', f'name = "{long_name}"'))
    for command in (["contacts"], ["hours", "biuro"], ["hours"]):
        result = run("--data", str(path), *command)
        assert result.code in (0, 1)
        assert max(len(line) for line in result.out.splitlines()) <= 80, command
    # Off a terminal an open-now answer stays one line, whatever its length, for scripts.
    result = run("--data", str(path), "open-now", "biuro", now="2026-11-23T10:00:00+01:00")
    assert result.out == f"{long_name.strip()}: open, closes at 16:00\n"


# -- generated data files ------------------------------------------------------------------------

toml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5000)
    | st.text(max_size=12)
    | st.sampled_from(
        ["08:00", "26:00", "mo-fr", "FREQ=MONTHLY;BYMONTHDAY=-1", "71 78 22 322", "2026-12-24"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "days",
                    "opens",
                    "closes",
                    "rrule",
                    "number",
                    "date",
                    "from",
                    "to",
                    "reason",
                    "channel",
                    "valid_from",
                    "kind",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


def toml_literal(value) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {toml_literal(v)}" for k, v in value.items()) + "}"


@st.composite
def data_files(draw) -> str:
    lines = ["[directory]", f"name = {toml_literal(draw(st.text(max_size=8)))}"]
    for _ in range(draw(st.integers(0, 3))):
        lines.append("[[units]]")
        unit = draw(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "name",
                        "category",
                        "aliases",
                        "phones",
                        "emails",
                        "hours",
                        "closures",
                        "source",
                        "verified",
                        "parent",
                        "free",
                        "opnes",
                    ]
                ),
                toml_values,
                max_size=8,
            )
        )
        lines += [f"{key} = {toml_literal(value)}" for key, value in unit.items()]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data_files())
def test_generated_files_raise_only_our_own_errors(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("gen") / "offices.toml"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(MopsError):  # anything else escaping is a bug
        read(path)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_our_own_errors(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "offices.toml"
    path.write_bytes(raw)
    with contextlib.suppress(MopsError):
        read(path)


# -- the scripting contract ----------------------------------------------------------------------


def test_validate_messages_go_to_stderr_and_problems_to_stdout(run):
    from conftest import DATA

    result = run("validate")
    assert result.err.endswith(f"\n{DATA}: 0 errors, 13 warnings\n")
    assert [line.split(": ")[1] for line in result.out.splitlines()] == ["warning"] * 13


def test_messages_go_to_stderr_and_data_to_stdout(run):
    result = run("contacts", "qqqq")
    assert result.out == "" and result.err.startswith("nothing found for 'qqqq'")


def test_completion_protocol_completes_units_aliases_and_channels():
    env = {
        **os.environ,
        "_MOPS_COMPLETE": "complete_bash",
        "COMP_WORDS": "mops open-now ka",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == ["kasy", "kasa", "karta-rodzina-plus"]
    env.update(COMP_WORDS="mops hours orz", COMP_CWORD="2")
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == ["orzekanie", "orzecznictwo"]
    env.update(COMP_WORDS="mops open-now kasy --channel p", COMP_CWORD="4")
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == ["phone"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_tab_completion_in_a_real_bash(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    launcher = tmp_path / "mops"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mops_cli "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "TERM": "dumb", "PS1": "$ "}
    bash = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=30)
    bash.expect_exact("$ ")
    bash.sendline('eval "$(mops --show-completion bash)"')
    bash.expect_exact("$ ")
    bash.send("mops open-now orzek\t")
    bash.expect_exact("orzekanie ")
    bash.sendcontrol("c")
    bash.expect_exact("$ ")
    bash.sendline("bind 'set show-all-if-ambiguous on'")  # list the candidates at once
    bash.expect_exact("$ ")
    bash.send("mops open-now k\t")  # kasy, kasa, karta-rodzina-plus
    bash.expect("kasy")
    bash.sendcontrol("c")
    bash.sendline("exit")
    bash.close()


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
@pytest.mark.parametrize(
    "command", [["contacts", "orzek"], ["hours", "kasy"], ["open-now", "kasy"], ["help-lines"]]
)
def test_plain_output_on_a_terminal(setting, command):
    """NO_COLOR and TERM=dumb: no colour, no hyperlinks, no escape sequence at all."""
    output = on_terminal(*command, **setting)
    assert output.strip()
    assert "\x1b" not in output
    assert all(line == line.rstrip() for line in output.split("\r\n"))
