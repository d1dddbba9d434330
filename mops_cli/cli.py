"""The commands of the command line: each parses its arguments (Typer), asks `answers`, and
hands the answer to `render`. Nothing here prints, and nothing here knows Click's ways: those
are cli_click's (the help screens, the global options, the errors, the completions).

`main(argv, env)` runs one command line in an Environment (session.py) and returns its exit
status (errors.ExitStatus); `__main__` builds the process's environment and calls it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer

from mops_cli import __version__, render
from mops_cli.cli_click import (
    Command,
    ExportCommand,
    Group,
    check_language,
    complete_audience,
    complete_channel,
    complete_format,
    complete_unit,
    environment,
    export_options,
    run,
)
from mops_cli.errors import ExitStatus, UsageError
from mops_cli.i18n import N_, _, active, language
from mops_cli.session import Environment, Session

app = typer.Typer(
    name="mops",
    cls=Group,  # the commands in the order below: the questions of a call first
    help="Help directory and office hours of MOPS Wrocław.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def main(argv: Sequence[str], env: Environment) -> ExitStatus:
    """`mops ARGV` in `env`: the exit status, every error one line on env.stderr."""
    return run(app, argv, env)


def _session(ctx: typer.Context) -> Session:
    """The run's Session, after the note (once, on stderr) that the shipped directory is read
    while the clone the user works in has a data/offices.toml that differs from it."""
    import os

    from mops_cli import answers
    from mops_cli.cli_click import session as session_of

    session = session_of(ctx)
    cwd = session.env.cwd
    found = None if cwd is None else answers.edited_copy(session, cwd)
    if found is not None:
        installed, edited = found
        render.edited_copy(session.env, installed, edited, os.path.relpath(edited, cwd))
    return session


# -- examples of every command (help screens), as gh shows them ------------------------------

EXAMPLES_OPEN_NOW = N_(
    """Examples:
  $ mops open-now kasy                      # is it open now?
  $ mops open-now kasy --at "jutro 9"       # tomorrow at 9:00
  $ mops open-now kasy --at 2026-12-24      # the hours of that day
  $ mops open-now 116-123 --channel phone   # the phone hours
  $ mops open-now --all --json              # every unit, for a script
  $ mops open-now kasy -q && echo open      # the exit code is the answer"""
)
EXAMPLES_CONTACTS = N_(
    """Examples:
  $ mops contacts dodatek mieszkaniowy      # what the caller said
  $ mops contacts housing allowance         # in English too
  $ mops contacts 71 782 23 01              # whose number is this?
  $ mops contacts zon@mops.wroclaw.pl       # whose address is this?
  $ mops contacts --plain | grep -i kasy    # the whole directory, for grep"""
)
EXAMPLES_HELP_LINES = N_(
    """Examples:
  $ mops help-lines                         # 112 first, then who answers now
  $ mops help-lines --open                  # only those answering now
  $ mops help-lines --for dzieci            # the lines for children
  $ mops help-lines --at "sob 2:00" --open  # who answers on Saturday at 2 a.m.?"""
)
EXAMPLES_HOURS = N_(
    """Examples:
  $ mops hours kasy                         # this week and what is coming up
  $ mops hours kasy --week "next week"      # next week
  $ mops hours                              # every unit × weekday
  $ mops hours orzekanie --json             # for a script"""
)
EXAMPLES_EXPORT = N_(
    """Examples:
  $ mops export hsds -o mops-hsds.json      # Open Referral HSDS 3.0
  $ mops export ics kasy --from 2026-12-01 --to 2026-12-31 -o kasy.ics
  $ mops export vcard -o mops.vcf           # an address book
  $ mops export osm                         # OpenStreetMap opening_hours"""
)
EXAMPLES_ASK = N_(
    """Examples:
  $ echo '{"cmd": "open-now", "unit": "kasy"}' | mops ask
  $ mops ask --input questions.jsonl > answers.jsonl
  $ coproc mops ask                          # a script keeps one mops open"""
)
EXAMPLES_VALIDATE = N_(
    """Examples:
  $ mops validate                           # the directory in use
  $ mops validate --data offices.toml       # a file being edited
  $ mops validate --strict --json           # warnings fail too, for CI"""
)
EXAMPLES_REVIEW = N_(
    """Examples:
  $ mops review                             # what to re-check first
  $ mops review --json                      # for a script"""
)
EXAMPLES_DIFF = N_(
    """Examples:
  $ mops diff old.toml data/offices.toml    # what the edit changes
  $ git show HEAD:data/offices.toml | mops diff - data/offices.toml"""
)


# -- shared options ---------------------------------------------------------------------------

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see README, 'JSON output').")]
DetailsOption = Annotated[
    bool, typer.Option("--details", help="Show every note and the sources, not only the numbers.")
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="Answer for this time instead of now: '2026-12-07 11:30', '7.12 11:30', '11:30', "
        "'jutro 9', 'pon 9:30', 'tomorrow 9:00'; a date alone ('2026-12-07', 'pon') asks "
        "about that whole day.",
    ),
]
ChannelOption = Annotated[
    str | None,
    typer.Option(
        "--channel",
        "-c",
        metavar="CHANNEL",
        help="Which hours: in-person (default), phone, e-mail, online; in Polish too "
        "(osobiście, telefon).",
        autocompletion=complete_channel,
    ),
]


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        from mops_cli import holiday_calendar

        render.version(environment(ctx), __version__, holiday_calendar())
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Directory file to use (default: $MOPS_DATA, else the shipped MOPS directory).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="pl|en",
            help="Language of messages (default: $MOPS_LANG, else the locale).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Help directory and office hours of MOPS Wrocław."""
    check_language(lang)
    ctx.obj = Session(data, environment(ctx))


# -- open-now ---------------------------------------------------------------------------------


@app.command(
    "open-now",
    cls=Command,
    short_help="Is a unit open now, or at a given time?",
    epilog=EXAMPLES_OPEN_NOW,
)
def open_now(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Argument(
            metavar="UNIT",
            help="Unit id, alias, or a unique beginning of one "
            "(kasy, orzek, 'karta duzej rodziny').",
            autocompletion=complete_unit,
        ),
    ] = None,
    all_units: Annotated[bool, typer.Option("--all", help="Every unit of the directory.")] = False,
    at: AtOption = None,
    channel: ChannelOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code is the answer.")
    ] = False,
) -> int:
    """Is a unit open now (or --at a time), and when does that change? --at with a date
    alone: the unit's hours that day.

    Exit 0 open (or opens that day), 1 closed, 3 unknown, 2 error. With --all: 0 unless an
    error.
    """
    from mops_cli import answers

    session = _session(ctx)
    session.machine = as_json
    result = answers.open_now(session, unit, all_units=all_units, at=at, channel=channel)
    if as_json and not quiet:
        render.emit_json(session.env, result.to_json())
    elif not quiet:
        render.statuses(session, result)
    return result.exit


# -- contacts ---------------------------------------------------------------------------------


@app.command(
    cls=Command,
    short_help="Who to call: phones, e-mails, addresses, hours.",
    epilog=EXAMPLES_CONTACTS,
)
def contacts(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY",
            help="What the caller said: a name, a word, an address, an e-mail or a phone number.",
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="One unit per line, tab-separated (for grep and awk).")
    ] = False,
    at: AtOption = None,
    details: DetailsOption = False,
) -> int:
    """Find who to call: phones, e-mails, addresses and hours, best match first.

    Exit 0 found, 1 nothing found, 2 error.
    """
    from mops_cli import answers

    if as_json and plain:
        raise UsageError(_("give --json or --plain, not both"))
    session = _session(ctx)
    session.machine = as_json
    result = answers.contacts(session, query, at=at, with_hours=not as_json)
    if result.unmapped and not as_json:
        render.unmapped(session, result, plain=plain, details=details)
        return result.exit
    if not result.found:
        render.not_found(session.env, result)
    if as_json:
        render.emit_json(session.env, result.to_json())
    elif plain:
        render.plain_contacts(session.env, result)
    elif result.found:
        render.contacts(session, result, details=details or len(result.found) == 1)
    return result.exit


# -- help-lines -------------------------------------------------------------------------------


@app.command(
    "help-lines",
    cls=Command,
    short_help="Help for people facing violence, 112 first.",
    epilog=EXAMPLES_HELP_LINES,
)
def help_lines(
    ctx: typer.Context,
    as_json: JsonOption = False,
    audience: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="WHO",
            help="Only lines for this audience (e.g. dzieci, dorośli).",
            autocompletion=complete_audience,
        ),
    ] = None,
    at: AtOption = None,
    open_only: Annotated[
        bool,
        typer.Option("--open", help="Only the lines answering now (or --at); 112 always."),
    ] = False,
    details: DetailsOption = False,
) -> int:
    """Help for people facing violence: 112 first, then the help lines, with who answers now.

    Exit 0 found, 1 no line for that audience, 2 error.
    """
    from mops_cli import answers

    session = _session(ctx)
    session.machine = as_json
    result = answers.help_lines(session, audience=audience, at=at, open_only=open_only)
    if not result.lines:
        render.no_help_line(session.env, audience=audience, open_only=open_only)
    if as_json:
        render.emit_json(session.env, result.to_json())
    elif details:
        render.help_lines(session, result)
    else:
        render.help_lines_at_a_glance(session, result)
    return result.exit


# -- hours ------------------------------------------------------------------------------------


@app.command(
    cls=Command,
    short_help="A unit's week at a glance, or every unit's.",
    epilog=EXAMPLES_HOURS,
)
def hours(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Argument(
            metavar="UNIT",
            help="Unit id, alias or a unique beginning of one; none: every unit at once.",
            autocompletion=complete_unit,
        ),
    ] = None,
    week_of: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="DATE",
            help="Show the week containing DATE (default: this week): '2026-12-07', '7.12', "
            "'next week', 'przyszły tydzień'.",
        ),
    ] = None,
    channel: ChannelOption = None,
    as_json: JsonOption = False,
) -> int:
    """A unit's week at a glance and the exceptions coming up; without UNIT, the whole centre."""
    from mops_cli import answers

    session = _session(ctx)
    session.machine = as_json
    result = answers.hours(session, unit, week=week_of, channel=channel)
    if as_json:
        render.emit_json(session.env, result.to_json())
    elif isinstance(result, answers.Overview):
        render.overview(session.env, result)
    else:
        render.week(session, result)
    return result.exit


# -- export -----------------------------------------------------------------------------------


@app.command(
    "export",
    cls=ExportCommand,
    short_help="The directory as HSDS, iCalendar, vCard, OSM or HTML.",
    epilog=EXAMPLES_EXPORT,
)
def export(
    ctx: typer.Context,
    format_name: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",  # its help names the registry's formats (ExportCommand)
            autocompletion=complete_format,
        ),
    ],
    unit: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="UNIT",
            help="Units to export (ids, aliases or unique beginnings); none: every unit.",
            autocompletion=complete_unit,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to PATH (default: standard output)."
        ),
    ] = None,
) -> int:
    """Export the directory for other systems: HSDS, iCalendar, vCard, OpenStreetMap hours, and
    one HTML page for people without a terminal."""
    from mops_cli.export import choose, request, write_file

    chosen = choose(format_name)
    given = export_options(ctx)  # the registry's options (--from, --to, --days, ...)
    options = chosen.accept(given)
    chosen.check_destination(terminal=output is None and environment(ctx).stdout_isatty)
    session = _session(ctx)
    # For other systems: the same in every language, holiday names in Polish, like JSON.
    session.machine = not chosen.localized
    start, end = given.get("from"), given.get("to")
    assert start is None or isinstance(start, str)
    assert end is None or isinstance(end, str)
    with language(active() if chosen.localized else "en"):
        pieces = chosen.chunks(request(session, unit or [], start, end, options))
        if output is not None:
            write_file(output, pieces)
        else:
            render.write_bytes(session.env, pieces)
    return ExitStatus.OK


# -- ask --------------------------------------------------------------------------------------


@app.command(
    cls=Command,
    short_help="Many questions in one run, as JSON lines.",
    epilog=EXAMPLES_ASK,
)
def ask(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            metavar="FILE",
            help="Read the questions from FILE instead of standard input.",
        ),
    ] = None,
) -> int:
    """Answer many questions in one run: a JSON question per line in, a JSON answer per line out.

    A question names a command and its arguments: {"id": 7, "cmd": "open-now", "unit": "kasy"}.
    The answer is {"id", "exit", "answer"} with that command's --json output, or {"id", "error",
    "exit"}. Exit 0 when every line was answered, 2 when any was an error.
    """
    from mops_cli.questions import answer_stream, read_lines

    session = _session(ctx)
    session.machine = True
    session.settings  # noqa: B018 - a broken directory file is one error, not one per line
    stream = _question_stream(session.env, source)
    try:
        with language("en"):
            reading = _reading(read_lines(stream), source)
            return answer_stream(session, reading, render.line_writer(session.env))
    finally:
        if source is not None:
            stream.close()


def _reading(lines: Iterator[Any], source: Path | None) -> Iterator[Any]:
    """The lines, with an error reading them (an I/O error, a file such as /proc/self/mem
    that opens but cannot be read) as one UsageError."""
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except OSError as exc:
            where = str(source) if source is not None else _("standard input")
            message = _("{path}: cannot read: {reason}")
            raise UsageError(message.format(path=where, reason=exc.strerror or exc)) from None
        yield line


def _question_stream(env: Environment, source: Path | None) -> BinaryIO:
    """Standard input or --input FILE, as bytes: each line is decoded by itself (a bad byte
    spoils one line, not all) and read with a bound on its length."""
    if source is None:
        stdin = env.stdin
        if stdin is None or getattr(stdin, "closed", False):  # mops ask <&-
            raise UsageError(_("standard input is closed: give the questions on it or --input"))
        buffer: BinaryIO | None = getattr(stdin, "buffer", None)
        if buffer is None:
            raise UsageError(_("standard input is closed: give the questions on it or --input"))
        return buffer
    try:
        if source.is_dir():
            raise UsageError(_("{path}: is a directory, not a file").format(path=source))
        return source.open("rb")
    except OSError as exc:
        reason = exc.strerror or exc
        raise UsageError(
            _("{path}: cannot read: {reason}").format(path=source, reason=reason)
        ) from None


# -- validate ---------------------------------------------------------------------------------


@app.command(
    cls=Command,
    short_help="Check a directory file for problems.",
    epilog=EXAMPLES_VALIDATE,
)
def validate(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option("--data", metavar="PATH", help="Directory file to check.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_json: JsonOption = False,
) -> int:
    """Check a directory file: exit 0 if clean, 1 with every problem listed."""
    from mops_cli import answers

    # With --data, the file named: no note about the shipped one.
    session = _session(ctx) if data is None else Session(data, environment(ctx))
    session.machine = as_json
    result = answers.validate(session, strict=strict)
    if as_json:
        render.emit_json(session.env, result.to_json())
    else:
        from mops_cli import holiday_calendar

        render.validation(session.env, result, holiday_calendar())
    return result.exit


# -- review and diff: for the people who keep the file --------------------------------------


@app.command(
    cls=Command,
    short_help="What to re-check first: units by the age of their pages.",
    epilog=EXAMPLES_REVIEW,
)
def review(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option("--data", metavar="PATH", help="Directory file to review.")
    ] = None,
    as_json: JsonOption = False,
) -> int:
    """List every unit in the order to re-check it: help lines and units with hours first,
    then by the age of the newest page its facts come from, with the pages to open."""
    from mops_cli import answers

    session = _session(ctx)
    if data is not None:
        session = Session(data, session.env)
    result = answers.review(session)
    if as_json:
        render.emit_json(session.env, result.to_json())
    else:
        render.review(session.env, result)
    return result.exit


@app.command(
    cls=Command,
    short_help="What an edit of the directory file changes.",
    epilog=EXAMPLES_DIFF,
)
def diff(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The file before the edit ('-': stdin).")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="The file after the edit ('-': stdin).")
    ],
    days: Annotated[
        int,
        typer.Option("--days", min=1, max=366, help="How many days ahead to compare hours."),
    ] = 14,
    as_json: JsonOption = False,
) -> int:
    """Units added and removed, the facts changed, and the days ahead whose hours change.
    Exit 0 when the files say the same, 1 when they differ."""
    from mops_cli import answers

    session = _session(ctx)
    stdin = _read_stdin(session.env) if "-" in (old, new) and old != new else None
    session.machine = as_json
    result = answers.diff(session, old, new, days=days, stdin=stdin)
    if as_json:
        render.emit_json(session.env, result.to_json())
    else:
        render.diff(session.env, result)
    return result.exit


def _read_stdin(env: Environment) -> bytes:
    """Standard input, whole, as bytes (`mops diff - NEW`)."""
    buffer = getattr(env.stdin, "buffer", None)
    if buffer is None:
        raise UsageError(_("standard input is closed"))
    data: bytes = buffer.read()
    return data
