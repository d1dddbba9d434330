"""`cli.main(argv, env)`: one command line in an Environment of the test's making (variables,
streams, whether stdout is a terminal), as httpie's tests run it. Nothing here touches the
process's variables or streams: what the run sees is what `env` says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import MINIMAL

from mops_cli import __version__, cli, holiday_calendar
from mops_cli.errors import ExitStatus
from mops_cli.session import Environment

NOW = "2026-11-23T10:00:00+01:00"  # a Monday, Kasy open 10:00-14:00
BOLD, GREEN, RESET = "\x1b[1m", "\x1b[1;32m", "\x1b[0m"


def mops(
    args: list[str],
    cache: Path,
    *,
    tty: bool | None = False,
    stdout: io.StringIO | None = None,
    **variables: str,
) -> tuple[ExitStatus, str, str]:
    out = io.StringIO() if stdout is None else stdout
    err = io.StringIO()
    environ = {"MOPS_NOW": NOW, "MOPS_LANG": "en", "COLUMNS": "80"}
    environ |= {"MOPS_CACHE_DIR": str(cache), "MOPS_CACHE_SYNC": "1", "TERM": "xterm-256color"}
    environ |= variables
    env = Environment(environ, stdin=io.StringIO(""), stdout=out, stderr=err, stdout_isatty=tty)
    status = cli.main(args, env)
    return status, out.getvalue(), err.getvalue()


# (argv, a terminal?, variables) -> (exit status, stdout, stderr)
TABLE = [
    (["open-now", "kasy"], True, {},
     ExitStatus.OPEN, f"{BOLD}Kasy{RESET}: {GREEN}open, closes at 14:00{RESET}\n", ""),
    (["open-now", "kasy"], True, {"NO_COLOR": "1"},
     ExitStatus.OPEN, "Kasy: open, closes at 14:00\n", ""),
    (["open-now", "kasy"], False, {},  # a pipe: no colour, whatever TERM says
     ExitStatus.OPEN, "Kasy: open, closes at 14:00\n", ""),
    (["open-now", "kasy"], False, {"MOPS_NOW": "2026-11-23T22:00:00+01:00"},
     ExitStatus.NEGATIVE, "Kasy: closed, opens Tue 24 Nov at 10:00\n", ""),
    (["open-now", "kasy"], False, {"MOPS_NOW": "jutro"},
     ExitStatus.ERROR, "", "mops: error: MOPS_NOW is not an ISO 8601 time: 'jutro'\n"),
    (["open-now", "kasy"], False, {"MOPS_LANG": "pl"},
     ExitStatus.OPEN, "Kasy: otwarte, zamknięcie o 14:00\n", ""),
    (["--lang", "en", "open-now", "kasy"], False, {"MOPS_LANG": "pl"},
     ExitStatus.OPEN, "Kasy: open, closes at 14:00\n", ""),
    (["open-now", "kasy"], False, {"MOPS_LANG": "xx"},
     ExitStatus.ERROR, "", "mops: error: unknown language 'xx' in MOPS_LANG (use pl or en)\n"),
    (["open-now", "kasy", "--json", "-q"], False, {},
     ExitStatus.OPEN, "", ""),
    (["export", "hsds-zip"], True, {},
     ExitStatus.ERROR, "",
     "mops: error: hsds-zip is binary: give --output PATH, or redirect standard output\n"),
    (["export", "osm", "--days", "3"], False, {},
     ExitStatus.ERROR, "", "mops: error: --days is not an option of osm\n"),
    (["export", "pdf"], False, {},
     ExitStatus.ERROR, "",
     "mops: error: unknown format 'pdf' (known: hsds, hsds-zip, ics, vcard, osm, html)\n"),
    (["--version"], False, {},
     ExitStatus.OK, f"mops {__version__}\nholiday calendar: {holiday_calendar()}\n", ""),
    (["no-such-command"], False, {},
     ExitStatus.ERROR, "", "mops: error: No such command 'no-such-command'. (see 'mops --help')\n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "tty", "variables", "status", "out", "err"),
    TABLE,
    ids=[" ".join(row[0]) + " " + ",".join(row[2]) for row in TABLE],
)
def test_main_answers_as_the_environment_says(
    private_cache, argv, tty, variables, status, out, err
):
    assert mops(argv, private_cache, tty=tty, **variables) == (status, out, err)


def test_the_process_s_own_variables_are_not_read(private_cache, monkeypatch):
    """NO_COLOR and MOPS_LANG of the process, not of the run's environment, change nothing."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("MOPS_LANG", "pl")
    assert mops(["open-now", "kasy"], private_cache, tty=True) == (
        ExitStatus.OPEN,
        f"{BOLD}Kasy{RESET}: {GREEN}open, closes at 14:00{RESET}\n",
        "",
    )


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a tty's does."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "stdout", "status", "out", "err"),
    [
        (["export", "hsds-zip"], Terminal, ExitStatus.ERROR, "",
         "mops: error: hsds-zip is binary: give --output PATH, or redirect standard output\n"),
        (["open-now", "kasy"], Terminal, ExitStatus.OPEN,
         f"{BOLD}Kasy{RESET}: {GREEN}open, closes at 14:00{RESET}\n", ""),
        (["open-now", "kasy"], io.StringIO, ExitStatus.OPEN, "Kasy: open, closes at 14:00\n", ""),
    ],
    ids=["binary to a terminal", "colour on a terminal", "plain on a pipe"],
)  # fmt: skip
def test_without_being_told_the_environment_asks_the_stream(
    private_cache, argv, stdout, status, out, err
):
    assert mops(argv, private_cache, tty=None, stdout=stdout()) == (status, out, err)


def test_a_dumb_terminal_gets_ascii_and_a_narrow_one_no_bars(private_cache):
    _status, wide, _err = mops(["hours", "kasy"], private_cache, tty=True, TERM="dumb")
    assert wide.splitlines()[2] == "> Mon 23 Nov .   ################.   .      10:00–14:00"
    _status, narrow, _err = mops(["hours", "kasy"], private_cache, COLUMNS="60")
    assert narrow.splitlines()[1] == "▶ Mon 23 Nov 10:00–14:00"


def test_mops_data_names_the_directory(private_cache, write_data):
    path = write_data(MINIMAL)
    assert mops(["open-now", "biuro"], private_cache, MOPS_DATA=str(path)) == (
        ExitStatus.OPEN,
        "Biuro: open, closes at 16:00\n",
        "",
    )


class Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise RuntimeError("the stream broke")


def test_an_internal_error_is_one_line_unless_mops_debug(private_cache):
    assert mops(["open-now", "kasy"], private_cache, stdout=Broken()) == (
        ExitStatus.ERROR,
        "",
        "mops: error: internal error: RuntimeError: the stream broke "
        "(set MOPS_DEBUG=1 for details)\n",
    )
    with pytest.raises(RuntimeError, match="the stream broke"):
        mops(["open-now", "kasy"], private_cache, stdout=Broken(), MOPS_DEBUG="1")


def test_a_closed_stdout_is_one_error(private_cache):
    err = io.StringIO()
    env = Environment({"MOPS_LANG": "en"}, stdin=None, stdout=None, stderr=err)
    assert cli.main(["open-now", "kasy"], env) == ExitStatus.ERROR
    assert err.getvalue() == "mops: error: standard output is closed\n"


def test_no_arguments_is_the_help_on_stderr(private_cache):
    status, out, err = mops([], private_cache)
    assert (status, out) == (ExitStatus.ERROR, "")
    assert err.startswith("Usage: mops [OPTIONS] COMMAND [ARGS]...\n")
    assert "  open-now " in err


def test_the_help_is_written_to_the_environment_s_stdout(private_cache):
    status, out, err = mops(["--lang", "pl", "export", "--help"], private_cache)
    assert (status, err) == (ExitStatus.OK, "")
    assert "  FORMAT  Format wyjściowy: hsds, hsds-zip, ics, vcard, osm albo html (zob." in out


def test_ask_reads_the_environment_s_stdin(private_cache):
    out, err = io.StringIO(), io.StringIO()
    question = '{"id": 1, "cmd": "open-now", "unit": "kasy"}\n'
    environ = {"MOPS_NOW": NOW, "MOPS_LANG": "en", "MOPS_CACHE_DIR": str(private_cache)}
    env = Environment(environ, stdin=io.TextIOWrapper(io.BytesIO(question.encode())), stdout=out,
                      stderr=err)  # fmt: skip
    assert cli.main(["ask"], env) == ExitStatus.OK
    assert out.getvalue().startswith('{"id":1,"exit":0,"answer":{')
    assert err.getvalue() == ""
