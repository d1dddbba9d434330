"""The command line: parse arguments, ask the core, render the answer. Nothing else.

`main()` maps every outcome to an exit status (errors.ExitStatus); the commands hold the logic.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from mops_cli import __version__
from mops_cli.errors import ExitStatus, MopsError, UsageError
from mops_cli.i18n import N_, _, active, language, ngettext
from mops_cli.session import Environment, Session

# The global options (--data, --lang) are accepted after the command too, as in gh, kubectl and
# git; where both are given, the later one wins (as a repeated option does).
GLOBAL_OPTIONS = ("--data", "--lang")
AFTER = "after_command_"  # the name prefix of their copies on each command


class _Command(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return translate_help_screen(super().get_help(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        """The command's own options, then the group's global ones it does not have itself
        (`validate --data` keeps its own, which means the same)."""
        params: list[Any] = super().get_params(ctx)
        group = ctx.parent.command if ctx.parent is not None else None
        taken = {opt for param in params for opt in param.opts}
        for param in getattr(group, "params", []):
            if param.opts[0] in GLOBAL_OPTIONS and not taken.intersection(param.opts):
                after = copy.copy(param)
                after.name = AFTER + param.name
                params.insert(-1, after)  # before --help
        return params

    def invoke(self, ctx: Any) -> Any:
        data = ctx.params.pop(AFTER + "data", None)
        lang = ctx.params.pop(AFTER + "lang", None)
        _check_language(lang)  # main() already chose the language from the last --lang
        if data is not None:
            ctx.obj = Session(data, _session(ctx).env)
        return super().invoke(ctx)


class _Group(TyperGroup):
    def get_help(self, ctx: Any) -> str:
        return translate_help_screen(super().get_help(ctx))


app = typer.Typer(
    name="mops",
    cls=_Group,
    help="Help directory and office hours of MOPS Wrocław.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The environment of this run; tests replace it.
ENV = Environment()


def _session(ctx: typer.Context) -> Session:
    session = ctx.find_object(Session)
    if session is None:  # pragma: no cover - the callback always sets it
        session = Session(None, ENV)
    return session


def _emit_json(value: Any) -> None:
    """An object indented; an array one element per line, which stays readable and lets the
    C encoder do ten thousand units quickly. Build `value` under i18n.language("en")."""
    if isinstance(value, list):
        lines = [json.dumps(item, ensure_ascii=False) for item in value]
        sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")
    else:
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


# -- completion -------------------------------------------------------------------------------


def _complete_unit(ctx: typer.Context, incomplete: str) -> list[str]:
    """Unit ids and aliases that start with what has been typed (case- and accent-blind)."""
    data = ctx.params.get(AFTER + "data") or (ctx.parent.params.get("data") if ctx.parent else None)
    try:
        return Session(data, ENV).completions(incomplete)
    except MopsError:
        return []


def _complete_channel(incomplete: str) -> list[str]:
    from mops_cli.model import CHANNELS

    return [c for c in CHANNELS if c.startswith(incomplete)]


# -- shared options ---------------------------------------------------------------------------

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see README, 'JSON output').")]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="Answer for this time instead of now: '2026-11-30 11:30', '11:30', 'mon 11:30', "
        "'pon 11:30', '2026-11-30T10:30:00Z'.",
    ),
]
ChannelOption = Annotated[
    str | None,
    typer.Option(
        "--channel",
        "-c",
        help="Which hours: in-person (default), phone, ...",
        autocompletion=_complete_channel,
    ),
]


def _version(value: bool) -> None:
    if value:
        from mops_cli import holiday_calendar

        print(f"mops {__version__}")
        print(_("holiday calendar: {library}").format(library=holiday_calendar()))
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
    _check_language(lang)
    ctx.obj = Session(data, ENV)


def _check_language(lang: str | None) -> None:
    if lang is not None and lang.lower() not in ("pl", "en"):
        raise UsageError(_("unknown language {value!r} (use pl or en)").format(value=lang))


# -- validate ---------------------------------------------------------------------------------


@app.command(cls=_Command)
def validate(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option("--data", metavar="PATH", help="Directory file to check.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_json: JsonOption = False,
) -> int:
    """Check a directory file: exit 0 if clean, 1 with every problem listed."""
    from mops_cli import holiday_calendar
    from mops_cli.present import problem_json
    from mops_cli.validate import validate as check

    session = _session(ctx)
    if data is not None:
        session = Session(data, session.env)
    with language("en" if as_json else active()):  # JSON is the same in every language
        problems = check(session.path, session.now.date())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if as_json:
        _emit_json(
            {
                "file": str(session.path),
                "holiday_calendar": holiday_calendar(),
                "ok": not failed,
                "errors": errors,
                "warnings": warnings,
                "problems": [problem_json(p) for p in problems],
            }
        )
    else:
        severities = {"error": _("error"), "warning": _("warning")}
        for problem in problems:
            print(f"{session.path}: {severities[problem.severity]}: {problem}")
        counts = ", ".join(
            (
                ngettext("{n} error", "{n} errors", errors).format(n=errors),
                ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            )
        )
        summary = (
            f"{session.path}: {counts}" if problems else _("{path}: OK").format(path=session.path)
        )
        print(_("holiday calendar: {library}").format(library=holiday_calendar()), file=sys.stderr)
        print(summary, file=sys.stderr)
    return ExitStatus.NEGATIVE if failed else ExitStatus.OK


# -- open-now ---------------------------------------------------------------------------------


@app.command("open-now", cls=_Command)
def open_now(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Argument(
            metavar="UNIT",
            help="Unit id, alias, or a unique beginning of one "
            "(kasy, orzek, 'karta duzej rodziny').",
            autocompletion=_complete_unit,
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
    """Is a unit open now (or --at a time), and when does that change?

    Exit 0 open, 1 closed, 3 unknown, 2 error. With --all: 0 unless an error.
    """
    from mops_cli.present import status_json

    session = _session(ctx)
    session.machine = as_json
    if all_units == (unit is not None):
        raise UsageError(_("give one UNIT, or --all"))
    session.check_channel(channel)
    moment = session.at(at)
    if all_units:
        answers = session.statuses(channel, moment)
        one = None
    else:
        one = session.resolve(unit or "")
        schedule, status = session.status(one, channel, moment)
        answers = [(one.id, one.name, schedule.channel, status)]
    if as_json and not quiet:
        # Units that share a schedule share their answer: encode it once.
        shared: dict[int, dict[str, Any]] = {}
        payload = []
        for unit_id, name, used, status in answers:
            part = shared.get(id(status))
            if part is None:
                part = shared[id(status)] = status_json("", "", used, status, session.zone)
            payload.append({**part, "unit": unit_id, "name": name})
        _emit_json(payload if all_units else payload[0])
    elif not quiet:
        _print_statuses(session, answers, one)
    if all_units:
        return ExitStatus.OK
    state = answers[0][3].state
    return {"open": ExitStatus.OPEN, "closed": ExitStatus.NEGATIVE}.get(state, ExitStatus.UNKNOWN)


def _print_statuses(session: Session, answers: list[Any], unit: Any) -> None:
    """One line per answer; for a single unit, then its notes."""
    from mops_cli.model import DEFAULT_CHANNEL
    from mops_cli.present import status_sentence
    from mops_cli.render import STATE_STYLE, console, text

    out = console()
    out.soft_wrap = not out.is_terminal  # off a terminal one answer is one line, for scripts
    for _unit_id, name, used, status in answers:
        channel = f" ({used})" if used != DEFAULT_CHANNEL else ""
        sentence = status_sentence(status, session.zone)
        out.print(text((name, "bold"), channel, ": ", (sentence, STATE_STYLE[status.state])))
    if unit is not None:
        if answers[0][3].state == "unknown" and unit.hours_note:
            out.print(text("  ", (unit.hours_note, "dim")))
        for note in unit.notes:
            out.print(text("  ", (note, "dim")))


# -- contacts ---------------------------------------------------------------------------------


@app.command(cls=_Command)
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
) -> int:
    """Find who to call: phones, e-mails, addresses and hours, best match first.

    Exit 0 found, 1 nothing found, 2 error.
    """
    from mops_cli.present import describe_hours, unit_json
    from mops_cli.search import search, suggest

    if as_json and plain:
        raise UsageError(_("give --json or --plain, not both"))
    session = _session(ctx)
    session.machine = as_json
    phrase = " ".join(query or []).strip()
    if phrase:
        units = [match.unit for match in search(session.index, phrase)]
    else:
        units = sorted(session.units(), key=lambda u: u.category != "office")
    if not units:
        ideas = suggest(session.index, phrase)
        hint = (
            _("did you mean: {ideas}?").format(ideas=", ".join(ideas))
            if ideas
            else _("try fewer or shorter words, or 'mops contacts' for the whole directory")
        )
        message = _("nothing found for {query!r}; {hint}").format(query=phrase, hint=hint)
        print(message, file=sys.stderr)
        return ExitStatus.NEGATIVE
    if as_json:
        _emit_json([unit_json(u) for u in units])
        return ExitStatus.FOUND
    moment = session.at(at)
    if plain:
        for unit in units:
            schedule, status = session.status(unit, None, moment)
            fields = [
                unit.id,
                unit.name,
                ",".join(p.display for p in unit.phones),
                ",".join(unit.emails),
                ", ".join(x for x in (unit.address, unit.location_note) if x),
                describe_hours(unit, schedule),
                status.state,
            ]
            print("\t".join(f.replace("\t", " ") for f in fields))
        return ExitStatus.FOUND
    from mops_cli.render import console, print_all, text, unit_card

    out = console()
    heading = None
    for index, unit in enumerate(units):
        if index:
            out.print()
        if not phrase and unit.category != heading:
            heading = unit.category
            title = _("Offices") if heading == "office" else _("Help lines")
            out.print(text((title, "bold underline")))
        schedule, status = session.status(unit, None, moment)
        print_all(out, unit_card(unit, _hours_line(session, unit, schedule, status)))
    return ExitStatus.FOUND


def _hours_line(session: Session, unit: Any, schedule: Any, status: Any) -> Any:
    """'Mon–Fri 10:00–14:00 · open, closes at 14:00', or just what is known of unknown hours."""
    from mops_cli.present import describe_hours, status_sentence
    from mops_cli.render import STATE_STYLE, text

    described = describe_hours(unit, schedule)
    if status.state == "unknown":
        return text((described, STATE_STYLE["unknown"]))
    sentence = status_sentence(status, session.zone)
    return text(described, " · ", (sentence, STATE_STYLE[status.state]))


# -- help-lines -------------------------------------------------------------------------------


@app.command("help-lines", cls=_Command)
def help_lines(
    ctx: typer.Context,
    as_json: JsonOption = False,
    audience: Annotated[
        str | None,
        typer.Option(
            "--for", metavar="WHO", help="Only lines for this audience (e.g. dzieci, dorośli)."
        ),
    ] = None,
    at: AtOption = None,
) -> int:
    """Help for people facing violence: 112 first, then the help lines, with who answers now."""
    from mops_cli.present import helpline_json
    from mops_cli.search import for_audience

    session = _session(ctx)
    session.machine = as_json
    moment = session.at(at)
    lines = session.units("helpline")
    lines.sort(key=lambda u: not u.emergency)  # the emergency number first, always
    if audience:
        lines = for_audience(lines, audience)
    answers = [(u, *session.status(u, None, moment)) for u in lines]
    if as_json:
        with language("en"):
            _emit_json([helpline_json(u, sch, st) for u, sch, st in answers])
        return ExitStatus.OK
    from mops_cli.render import console, print_all, text, unit_card

    out = console()
    for index, (unit, schedule, status) in enumerate(answers):
        if index:
            out.print()
        hours = _hours_line(session, unit, schedule, status)
        extra = []
        if unit.audience:
            extra.append((_("for"), text(", ".join(unit.audience))))
        if unit.free is not None:
            extra.append((_("cost"), text(_("free") if unit.free else _("paid"))))
        print_all(out, unit_card(unit, hours, extra=extra))
    return ExitStatus.OK


# -- hours ------------------------------------------------------------------------------------


@app.command(cls=_Command)
def hours(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Argument(
            metavar="[UNIT]",
            help="Unit id, alias or a unique beginning of one; none: every unit at once.",
            autocompletion=_complete_unit,
        ),
    ] = None,
    week_of: Annotated[
        str | None,
        typer.Option(
            "--week", metavar="DATE", help="Show the week containing DATE (default: this week)."
        ),
    ] = None,
    channel: ChannelOption = None,
    as_json: JsonOption = False,
) -> int:
    """A unit's week at a glance and the exceptions coming up; without UNIT, the whole centre."""
    from mops_cli.week import exceptions, monday_of, week

    session = _session(ctx)
    session.machine = as_json
    session.check_channel(channel)
    shown = session.day(week_of) if week_of else session.today
    monday = monday_of(shown)
    today = session.today
    if unit is None:
        return _hours_overview(session, monday, channel, as_json)
    one = session.resolve(unit)
    schedule = session.schedule(one, channel)
    days = week(schedule, monday)
    start = today if monday <= today < monday + timedelta(days=7) else monday
    upcoming = exceptions(schedule, start)
    if as_json:
        from mops_cli.present import week_json

        with language("en"):
            _emit_json(week_json(one, schedule, days, upcoming, session.zone))
        return ExitStatus.OK
    from mops_cli.render import console, print_all, week_view

    out = console()
    dumb = session.env.environ.get("TERM") == "dumb"
    print_all(out, week_view(one, schedule, days, upcoming, today, ascii_only=dumb))
    return ExitStatus.OK


def _hours_overview(session: Session, monday: date, channel: str | None, as_json: bool) -> int:
    """Every unit × weekday for one week, with the state now."""
    from mops_cli.present import compact_ranges, week_json
    from mops_cli.week import week

    rows = []
    for one in session.units():
        schedule, status = session.status(one, channel, session.now)
        rows.append((one, schedule, status, week(schedule, monday)))
    if as_json:
        _emit_json(
            [
                {**week_json(u, sch, days, [], session.zone), "state": st.state}
                for u, sch, st, days in rows
            ]
        )
        return ExitStatus.OK
    from rich.table import Table

    from mops_cli.i18n import short_date, weekday_abbr
    from mops_cli.present import state_word
    from mops_cli.render import STATE_STYLE, console, print_all, text

    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(_("unit"), overflow="fold")
    for offset in range(7):
        day = monday + timedelta(days=offset)
        table.add_column(f"{weekday_abbr(day)}\n{day.day}", justify="center")
    table.add_column(_("now"))
    notes: dict[date, str] = {}
    for one, _schedule, status, days in rows:
        cells = []
        for hours_of_day in days:
            plan = hours_of_day.plan
            cells.append(text(compact_ranges(plan)))
            if plan.kind in ("holiday", "closure") and plan.reason:
                notes.setdefault(plan.day, plan.reason)
        state = text((state_word(status), STATE_STYLE[status.state]))
        table.add_row(text(one.id), *cells, state)
    legend = _("– closed, ? unknown, * holiday or closure")
    footer = [text(f"{short_date(d)}: {reason}") for d, reason in sorted(notes.items())]
    print_all(console(), [table, text((legend, "dim")), *footer])
    return ExitStatus.OK


# -- entry point ------------------------------------------------------------------------------

# Click's own messages, as patterns, with the msgid each is shown through.
CLICK_MESSAGES = [
    (re.compile(r"No such command '(?P<name>.*)'\.$"), N_("No such command {name!r}.")),
    (re.compile(r"No such option: (?P<name>\S+?)(?:\. Did you mean (?P<ideas>.*)\?)?$"),
     N_("No such option: {name}")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<value>.*)\)$"),
     N_("Got unexpected extra arguments ({value})")),
    (re.compile(r"Option '(?P<name>.*)' requires an argument\.$"),
     N_("Option {name!r} requires an argument.")),
    (re.compile(r"Missing argument '(?P<name>.*)'\.$"), N_("Missing argument {name!r}.")),
    (re.compile(r"Missing command\.$"), N_("Missing command.")),
    (re.compile(r"Invalid value for (?P<name>.*?): (?P<value>.*)$"),
     N_("Invalid value for {name}: {value}")),
]  # fmt: skip

# Words of the help screens that Click writes itself.
HELP_FRAME = [N_("Usage:"), N_("Options:"), N_("Commands:"), N_("Arguments:")]
HELP_PHRASES = [N_("Show this message and exit."), N_("[required]")]
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}


def _language_option(argv: list[str]) -> str | None:
    """--lang before the command runs: the help screens are translated before parsing. The
    last valid one given wins, before or after the command (an invalid one is an error, said
    in the language asked for before it)."""
    chosen = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        value = None
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
        if value is not None and value.lower() in ("pl", "en"):
            chosen = value
    return chosen


def _translate_help(command: Any) -> None:
    """Our help texts are msgids: show them in the active language, with Typer's own."""
    if command.help:
        command.help = _(command.help)
    for param in command.params:
        text = COMPLETION_HELP.get(param.name, getattr(param, "help", None))
        if text:
            param.help = _(text)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def _translate_click(message: str) -> str:
    for pattern, msgid in CLICK_MESSAGES:
        match = pattern.match(message)
        if match:
            return _(msgid).format(**match.groupdict())
    return message


def translate_help_screen(text: str) -> str:
    """Click's frame of a help screen, in the active language."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for word in HELP_FRAME:
            if line.startswith(word):
                lines[index] = _(word) + line[len(word) :]
    text = "\n".join(lines)
    for phrase in HELP_PHRASES:
        text = text.replace(phrase, _(phrase))
    return text


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the app; every outcome becomes one exit status, every error one line on stderr."""
    import typer.main

    from mops_cli import i18n

    args = list(sys.argv[1:] if argv is None else argv)
    status: int
    if sys.stdout is None:  # started with stdout closed (mops ... >&-): nowhere to answer
        if sys.stderr is not None:
            _error(_("standard output is closed"))
        sys.exit(ExitStatus.ERROR)
    try:
        i18n.activate(i18n.choose(_language_option(args), ENV.environ))
        command = typer.main.get_command(app)
        if i18n.active() != "en":
            _translate_help(command)
        result = command.main(args=args, prog_name="mops", standalone_mode=False)
        status = int(result) if isinstance(result, int) else ExitStatus.OK
    except MopsError as exc:
        _error(str(exc))
        status = ExitStatus.ERROR
    except typer.TyperException as exc:  # Typer's own usage errors: no such command or option
        context = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(translate_help_screen(exc.format_message()), file=sys.stderr)
        else:
            where = context.command_path if context is not None else "mops"
            message = _translate_click(exc.format_message().splitlines()[0])
            _error(_("{message} (see '{command} --help')").format(message=message, command=where))
        status = ExitStatus.ERROR
    except (typer.Abort, KeyboardInterrupt):
        _error(_("interrupted"))
        status = 130
    except BrokenPipeError:
        # The reader went away (mops ... | head): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = ExitStatus.OK
    except Exception as exc:
        if os.environ.get("MOPS_DEBUG"):
            raise
        message = _("internal error: {kind}: {error} (set MOPS_DEBUG=1 for details)")
        _error(message.format(kind=type(exc).__name__, error=exc))
        status = ExitStatus.ERROR
    sys.exit(status)


def _error(message: str) -> None:
    print(_("mops: error: {message}").format(message=message), file=sys.stderr)
