"""The command line: parse arguments, ask the core, render the answer. Nothing else.

`main()` maps every outcome to an exit status (errors.ExitStatus); the commands hold the logic.
"""

from __future__ import annotations

import copy
import errno
import functools
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from mops_cli import __version__
from mops_cli.errors import CorruptCache, ExitStatus, MopsError, UsageError
from mops_cli.i18n import N_, _, active, language, ngettext
from mops_cli.session import Environment, Session

if TYPE_CHECKING:
    from mops_cli import answers

# The global options (--data, --lang) are accepted after the command too, as in gh, kubectl and
# git; where both are given, the later one wins (as a repeated option does).
GLOBAL_OPTIONS = ("--data", "--lang")
AFTER = "after_command_"  # the name prefix of their copies on each command


class _Command(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return translate_help_screen(super().get_help(ctx))

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """The examples as written: lines of commands, not a paragraph to rewrap."""
        if self.epilog:
            formatter.write("\n" + self.epilog.rstrip() + "\n")

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


class _WriteFailed(Exception):
    """A write to standard output failed: carried past Click, which would end an EPIPE with
    exit 1 and no word, to main(), which says so and exits 2."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno in WRITE_ERRORS:
                raise _WriteFailed(exc) from exc
            raise

    def get_help(self, ctx: Any) -> str:
        return translate_help_screen(super().get_help(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        """The three questions of a call first, then the week view, then the editor's check."""
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99)


COMMAND_ORDER = [
    "open-now", "contacts", "help-lines", "hours", "export", "ask", "validate", "review", "diff",
]  # fmt: skip


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
    _warn_of_an_edited_copy(session)
    return session


def _warn_of_an_edited_copy(session: Session) -> None:
    """Once, on stderr: the shipped directory is read while the clone the user works in
    has a data/offices.toml that differs from it (edited after `pip install .`)."""
    from mops_cli import answers

    found = answers.edited_copy(session, Path.cwd())
    if found is not None:
        installed, edited = found
        message = _(
            "note: reading the installed directory {installed}, not {edited}, which differs "
            "from it; to use your copy: mops --data {relative} ..., or MOPS_DATA={relative}, "
            "or reinstall (pip install .)"
        )
        relative = os.path.relpath(edited)
        print(
            message.format(installed=installed, edited=edited, relative=relative), file=sys.stderr
        )


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
    """The channels by the names of the interface's language, and as JSON names them."""
    from mops_cli.model import CHANNELS
    from mops_cli.present import channel_name

    names = dict.fromkeys([channel_name(c) for c in CHANNELS] + list(CHANNELS))
    return [c for c in names if c.startswith(incomplete)]


def _complete_audience(ctx: typer.Context, incomplete: str) -> list[str]:
    """The audiences `--for` accepts that start with what has been typed."""
    from mops_cli import answers

    data = ctx.parent.params.get("data") if ctx.parent else None
    try:
        return answers.audience_completions(Session(data, ENV), incomplete)
    except MopsError:
        return []


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


@app.command(
    cls=_Command,
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
    session = _session(ctx) if data is None else Session(data, ENV)
    session.machine = as_json
    result = answers.validate(session, strict=strict)
    if as_json:
        _emit_json(result.to_json())
    else:
        _print_validation(result)
    return result.exit


def _print_validation(result: answers.Validation) -> None:
    from mops_cli import holiday_calendar
    from mops_cli.text import shown

    severities = {"error": _("error"), "warning": _("warning")}
    path = shown(str(result.path))  # a file name is untrusted text too
    for problem in result.problems:
        print(f"{path}: {severities[problem.severity]}: {problem}")
    errors, warnings = result.errors, result.warnings
    counts = ", ".join(
        (
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        )
    )
    summary = f"{path}: {counts}" if result.problems else _("{path}: OK").format(path=path)
    print(_("holiday calendar: {library}").format(library=holiday_calendar()), file=sys.stderr)
    print(summary, file=sys.stderr)


# -- review and diff: for the people who keep the file --------------------------------------


@app.command(
    cls=_Command,
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
    from mops_cli.upkeep import review_lines

    session = _session(ctx)
    if data is not None:
        session = Session(data, session.env)
    result = answers.review(session)
    if as_json:
        _emit_json(result.to_json())
        return result.exit
    for item in result.items:
        print("\n".join(review_lines(item, result.today)))
    message = ngettext(
        "{n} of {total} units to re-check (!): verified over 12 months ago, or facts "
        "only from pages older than {years} years",
        "{n} of {total} units to re-check (!): verified over 12 months ago, or facts "
        "only from pages older than {years} years",
        result.stale,
    )
    total, years = len(result.items), result.stale_after_years
    print(message.format(n=result.stale, total=total, years=years), file=sys.stderr)
    return result.exit


@app.command(
    cls=_Command,
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
    from mops_cli.upkeep import diff_lines, diff_summary

    stdin = sys.stdin.buffer.read() if "-" in (old, new) and old != new else None
    session = _session(ctx)
    session.machine = as_json
    result = answers.diff(session, old, new, days=days, stdin=stdin)
    if as_json:
        _emit_json(result.to_json())
    else:
        lines = diff_lines(result.changes)
        if lines:
            print("\n".join(lines))
        print(diff_summary(result.changes), file=sys.stderr)
    return result.exit


# -- open-now ---------------------------------------------------------------------------------


@app.command(
    "open-now",
    cls=_Command,
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
        _emit_json(result.to_json())
    elif not quiet:
        _print_statuses(result, session)
    return result.exit


def _age(session: Session, unit: Any) -> str | None:
    """ "(from a page of 2019)" when the unit's hours or phones rest only on old pages."""
    from mops_cli.present import age_note_of

    return age_note_of(unit, session.today, session.settings.stale_after_years)


def _print_statuses(result: answers.OpenNow | answers.OpenOnDay, session: Session) -> None:
    """One line per answer, naming the moment when --at named one; for a single unit with no
    hours on record, then what the sources say of them (its other notes are for contacts)."""
    from mops_cli.answers import OpenNow, day_state
    from mops_cli.model import DEFAULT_CHANNEL
    from mops_cli.present import (
        channel_name,
        day_sentence,
        day_text,
        moment_text,
        status_sentence,
        unknown_hours_note,
    )
    from mops_cli.render import STATE_STYLE, console, text

    out = console()
    out.soft_wrap = not out.is_terminal  # off a terminal one answer is one line, for scripts
    if result.unit is not None and result.unit.category == "referral":
        from mops_cli.present import not_mops

        out.print(text((not_mops(result.unit), "bold")))  # not a MOPS unit: said first
    if isinstance(result, OpenNow):
        when = f", {moment_text(result.asked, result.zone)}" if result.asked else ""
        rows = [(unit_id, name, used, status_sentence(status, result.zone), status.state)
                for unit_id, name, used, status in result.states]  # fmt: skip
    else:
        when = f", {day_text(result.day)}"
        rows = [(unit_id, name, used, day_sentence(day), day_state(day))
                for unit_id, name, used, day in result.days]  # fmt: skip
    units = {result.unit.id: result.unit} if result.unit is not None else None
    if units is None:
        units = {unit.id: unit for unit in session.units()}
    for unit_id, name, used, sentence, state in rows:
        channel = f" ({channel_name(used)})" if used != DEFAULT_CHANNEL else ""
        line = text((name, "bold"), channel, when, ": ", (sentence, STATE_STYLE[state]))
        if (age := _age(session, units[unit_id]) if unit_id in units else None) is not None:
            line.append(f" {age}", style="yellow")
        out.print(line)
    unit = result.unit
    if unit is not None:
        note = unknown_hours_note(unit)
        if rows[0][4] == "unknown" and note:
            out.print(text("  ", (note, "dim")))


# -- contacts ---------------------------------------------------------------------------------


@app.command(
    cls=_Command,
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
        _print_unmapped(session, result, plain=plain, details=details)
        return result.exit
    if not result.found:
        _print_not_found(result)
    if as_json:
        _emit_json(result.to_json())
    elif plain:
        _print_plain_contacts(result)
    elif result.found:
        _print_contacts(session, result, details=details or len(result.found) == 1)
    return result.exit


def _print_not_found(result: answers.Contacts) -> None:
    if not result.phrase:
        print(_("the directory has no units"), file=sys.stderr)
        return
    if result.number:
        message = _("no unit has the number {number}; check the digits, or see 'mops contacts'")
        print(message.format(number=result.phrase), file=sys.stderr)
        return
    ideas = result.suggestions
    hint = (
        _("did you mean: {ideas}?").format(ideas=", ".join(ideas))
        if ideas
        else _("try fewer or shorter words, or 'mops contacts' for the whole directory")
    )
    message = _("nothing found for {query!r}; {hint}").format(query=result.phrase, hint=hint)
    print(message, file=sys.stderr)


def _print_unmapped(
    session: Session, result: answers.Contacts, *, plain: bool, details: bool
) -> None:
    """A street or place no unit maps: why the directory cannot say, and the unit to call
    (its numbers first; its long notes with --details, as for any search).
    With --plain the sentence goes to stderr and the unit's row to stdout, for scripts."""
    from mops_cli.answers import unmapped_message
    from mops_cli.render import console, text

    message = unmapped_message(result)
    if plain:
        print(message, file=sys.stderr)
        _print_plain_contacts(result)
        return
    console().print(text((message[:1].upper() + message[1:] + ":", "bold")))
    if result.found:
        _print_contacts(session, result, details=details)


def _print_plain_contacts(result: answers.Contacts) -> None:
    from mops_cli.present import describe_hours

    for found in result.found:
        unit, schedule = found.unit, found.schedule
        assert schedule is not None  # asked with hours
        fields = [
            unit.id,
            unit.name,
            ",".join(p.display for p in unit.phones),
            ",".join(unit.emails),
            ", ".join(x for x in (unit.address, unit.location_note) if x),
            describe_hours(unit, schedule),
            found.state,
            unit.category,  # "referral": not a MOPS unit
        ]
        print("\t".join(f.replace("\t", " ") for f in fields))


def _print_contacts(session: Session, result: answers.Contacts, *, details: bool) -> None:
    """Numbers first; with `details` (or for a single unit) every note and the sources, else
    the short notes and a count of the long ones."""
    from mops_cli.render import console, print_all, text, unit_card

    out = console()
    heading = None
    for index, found in enumerate(result.found):
        unit = found.unit
        if index:
            out.print()
        if not result.phrase and unit.category != heading:
            heading = unit.category
            title = {
                "office": _("Offices"),
                "helpline": _("Help lines"),
                "referral": _("Not MOPS: where callers go instead"),
            }[heading]
            out.print(text((title, "bold underline")))
        hours = _hours_line(session, found, result.asked)
        age = _age(session, unit)
        print_all(out, unit_card(unit, hours, matched=found.matched, age=age, details=details))


def _hours_line(session: Session, found: answers.Contact, asked: datetime | None) -> Any:
    """'Mon–Fri 10:00–14:00 · open, closes at 14:00', or just what is known of unknown hours;
    the moment named when --at named one ('· Sat 28 Nov 2026 11:00: closed, ...'), the day's
    hours when it named a day ('· Mon 7 Dec 2026: 10:00–14:00')."""
    from mops_cli.present import (
        day_sentence,
        day_text,
        describe_hours,
        moment_text,
        status_sentence,
    )
    from mops_cli.render import STATE_STYLE, text

    assert found.schedule is not None and found.status is not None  # asked with hours
    described = describe_hours(found.unit, found.schedule)
    if not found.schedule.rules:
        return text((described, STATE_STYLE["unknown"]))
    style = STATE_STYLE[found.state]
    if found.day is not None:
        return text(described, " · ", f"{day_text(found.day.day)}: ",
                    (day_sentence(found.day), style))  # fmt: skip
    when = f"{moment_text(asked, session.zone)}: " if asked else ""
    sentence = status_sentence(found.status, session.zone)
    return text(described, " · ", when, (sentence, style))


# -- help-lines -------------------------------------------------------------------------------


@app.command(
    "help-lines",
    cls=_Command,
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
            autocompletion=_complete_audience,
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
        if audience:
            message = _("no help line for {audience!r}; in an emergency call 112")
        elif open_only:
            message = _("no help line answers at that moment; in an emergency call 112")
        else:
            message = _("the directory has no help lines")
        print(message.format(audience=audience), file=sys.stderr)
    if as_json:
        _emit_json(result.to_json())
    elif details:
        _print_help_lines(session, result)
    else:
        _print_help_lines_at_a_glance(session, result)
    return result.exit


def _print_help_lines(session: Session, result: answers.HelpLines) -> None:
    from mops_cli.render import console, print_all, text, unit_card

    out = console()
    for index, line in enumerate(result.lines):
        unit = line.unit
        if index:
            out.print()
        hours = _hours_line(session, line, result.asked)
        extra = []
        if unit.audience:
            extra.append((_("for"), text(", ".join(unit.audience))))
        if unit.free is not None:
            extra.append((_("cost"), text(_("free") if unit.free else _("paid"))))
        print_all(out, unit_card(unit, hours, extra=extra, age=_age(session, unit), details=True))


def _print_help_lines_at_a_glance(session: Session, result: answers.HelpLines) -> None:
    """One short block per line: its name, the numbers to give, whether it is free, and its
    state at the moment asked about (--details: the whole card)."""
    from mops_cli.render import console, glance_block, print_all

    out = console()
    blocks: list[object] = []
    for line in result.lines:
        state = _state_text(session, line, result.asked)
        blocks.extend(glance_block(line.unit, state, age=_age(session, line.unit)))
    print_all(out, blocks)


def _state_text(session: Session, found: answers.Contact, asked: datetime | None) -> Any:
    """The state alone: 'open round the clock', 'open, closes at 14:00', a day's hours."""
    from mops_cli.present import day_sentence, day_text, glance_sentence, moment_text
    from mops_cli.render import STATE_STYLE, text

    assert found.schedule is not None and found.status is not None  # asked with hours
    style = STATE_STYLE[found.state]
    if not found.schedule.rules:
        return text((_("hours unknown"), style))
    if found.day is not None:
        return text(f"{day_text(found.day.day)}: ", (day_sentence(found.day), style))
    when = f"{moment_text(asked, session.zone)}: " if asked else ""
    return text(when, (glance_sentence(found.status, session.zone), style))


# -- hours ------------------------------------------------------------------------------------


@app.command(
    cls=_Command,
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
            autocompletion=_complete_unit,
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
        _emit_json(result.to_json())
    elif isinstance(result, answers.Overview):
        _print_overview(result)
    else:
        from mops_cli.present import not_mops
        from mops_cli.render import console, print_all, text, week_view

        out = console()
        if result.unit.category == "referral":  # not a MOPS unit: said before its hours
            out.print(text((not_mops(result.unit), "bold")))
        dumb = session.env.environ.get("TERM") == "dumb"
        view = week_view(
            result.unit,
            result.schedule,
            list(result.days),
            list(result.upcoming),
            result.today,
            ascii_only=dumb,
            bars=out.width >= WEEK_BARS_WIDTH,
        )
        print_all(out, view)
    return result.exit


WEEK_BARS_WIDTH = 70  # narrower, the week view drops its bars and keeps the words


def _print_overview(result: answers.Overview) -> None:
    from mops_cli.render import console, overview_view, print_all

    out = console()
    print_all(out, overview_view(result, out))


# -- ask --------------------------------------------------------------------------------------


@app.command(
    cls=_Command,
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
    stream = _question_stream(source)

    def write(line: str) -> None:
        sys.stdout.write(line)
        sys.stdout.flush()  # a co-process waits for each answer

    try:
        with language("en"):
            return answer_stream(session, _reading(read_lines(stream), source), write)
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


def _question_stream(source: Path | None) -> BinaryIO:
    """Standard input or --input FILE, as bytes: each line is decoded by itself (a bad byte
    spoils one line, not all) and read with a bound on its length."""
    if source is None:
        stdin = sys.stdin
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


# -- export -----------------------------------------------------------------------------------


def _complete_format(incomplete: str) -> list[str]:
    from mops_cli.export import FORMATS

    return [name for name in FORMATS if name.startswith(incomplete)]


@app.command(
    "export",
    cls=_Command,
    short_help="The directory as HSDS, iCalendar, vCard, OSM or HTML.",
    epilog=EXAMPLES_EXPORT,
)
def export(
    ctx: typer.Context,
    format_name: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="Output format: hsds, hsds-zip, ics, vcard, osm or html (see the README).",
            autocompletion=_complete_format,
        ),
    ],
    unit: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="UNIT",
            help="Units to export (ids, aliases or unique beginnings); none: every unit.",
            autocompletion=_complete_unit,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to PATH (default: standard output)."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day of the range (default: today)."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Last day of the range (default: 90 days from the first)."
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            metavar="N",
            help="html: days of opening hours the page knows (default 60).",
            show_default=False,
        ),
    ] = None,
    card: Annotated[
        str | None,
        typer.Option("--card", metavar="KIND", help="html: a printable card: help-lines."),
    ] = None,
) -> int:
    """Export the directory for other systems: HSDS, iCalendar, vCard, OpenStreetMap hours, and
    one HTML page for people without a terminal."""
    from mops_cli.export import FORMATS, request

    chosen = FORMATS.get(format_name)
    if chosen is None:
        message = _("unknown format {name!r} (known: {known})")
        raise UsageError(message.format(name=format_name, known=", ".join(FORMATS)))
    given = {"from": start, "to": end, "days": days, "card": card}
    taken = {*chosen.options, *(("from", "to") if chosen.ranged else ())}
    for name, value in given.items():
        if value is not None and name not in taken:
            message = _("--{option} is not an option of {name}")
            raise UsageError(message.format(option=name, name=format_name))
    options = {name: given[name] for name in chosen.options if given[name] is not None}
    if output is None and chosen.binary and sys.stdout.isatty():
        message = _("{name} is binary: give --output PATH, or redirect standard output")
        raise UsageError(message.format(name=format_name))
    session = _session(ctx)
    # For other systems: the same in every language, holiday names in Polish, like JSON.
    session.machine = not chosen.localized
    with language(active() if chosen.localized else "en"):
        pieces = chosen.chunks(request(session, unit or [], start, end, options))
        if output is not None:
            from mops_cli.export import write_file

            write_file(output, pieces)
        else:
            sys.stdout.flush()
            for piece in pieces:
                sys.stdout.buffer.write(piece)
    return ExitStatus.OK


# -- entry point ------------------------------------------------------------------------------

# Click's own messages, as patterns, with the msgid each is shown through.
CLICK_MESSAGES = [
    (re.compile(r"No such command '(?P<name>.*)'\.$"), N_("No such command {name!r}.")),
    (re.compile(r"No such option: (?P<name>\S+?)(?:\. Did you mean (?P<ideas>.*)\?|"
                r" \(Possible options: (?P<possible>.*)\))?$"),
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
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    if getattr(command, "epilog", None):
        command.epilog = _(command.epilog)
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


def _plain_metavars(command: Any) -> None:
    """Typer shows an argument with Python's type ("QUERY <list[str]>"): noise to a reader,
    who sees the metavar alone."""
    for param in command.params:
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


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


@functools.cache
def _command(language: str) -> Any:
    """The app's Click command with its help in `language`, built once per process: building
    it costs more than an answer, and `mops ask`, the API and the tests answer many."""
    import typer.main

    command = typer.main.get_command(app)
    _plain_metavars(command)
    if language != "en":
        _translate_help(command)
    return command


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the app; every outcome becomes one exit status, every error one line on stderr."""
    from mops_cli import i18n

    args = list(sys.argv[1:] if argv is None else argv)
    status: int
    if sys.stdout is None:  # started with stdout closed (mops ... >&-): nowhere to answer
        if sys.stderr is not None:
            _error(_("standard output is closed"))
        sys.exit(ExitStatus.ERROR)
    try:
        option = _language_option(args)
        i18n.activate(i18n.choose(option, ENV.environ))
        configured = ENV.environ.get("MOPS_LANG")
        if option is None and configured and not re.match(r"(?i)(pl|en)([_.@-]|$)", configured):
            message = _("unknown language {value!r} in MOPS_LANG (use pl or en)")
            raise UsageError(message.format(value=configured))
        command = _command(i18n.active())
        try:
            result = command.main(args=args, prog_name="mops", standalone_mode=False)
        except CorruptCache as damaged:  # answered again from the data file, cache rebuilt
            damaged.discard()
            result = command.main(args=args, prog_name="mops", standalone_mode=False)
        status = int(result) if isinstance(result, int) else ExitStatus.OK
        # Written means flushed: an answer lost on a full disk is not a success.
        sys.stdout.flush()
    except MopsError as exc:  # CorruptCache too: damaged, and it could not be removed
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
    except Exception as exc:
        if isinstance(exc, _WriteFailed):
            exc = exc.error
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRORS:
            # Standard output could not take the answer: a full disk (ENOSPC), a reader gone
            # (EPIPE, where SIGPIPE does not end the process first, as in the console script).
            _drop_stdout()
            reason = exc.strerror or type(exc).__name__
            message = _("cannot write the answer to standard output: {reason}")
            _error(message.format(reason=reason))
            sys.exit(ExitStatus.ERROR)
        if os.environ.get("MOPS_DEBUG"):
            raise
        message = _("internal error: {kind}: {error} (set MOPS_DEBUG=1 for details)")
        _error(message.format(kind=type(exc).__name__, error=exc))
        status = ExitStatus.ERROR
    sys.exit(status)


# The errors of a write that did not reach its reader.
WRITE_ERRORS = {
    errno.ENOSPC,
    errno.EPIPE,
    errno.EIO,
    errno.EBADF,
    errno.EFBIG,
    getattr(errno, "EDQUOT", -1),
}


def _drop_stdout() -> None:
    """What is left in stdout's buffer cannot be written either: point the stream at
    /dev/null so that flushing it at exit neither fails nor retries."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no file descriptor (a test's capture): nothing to redirect


def _error(message: str) -> None:
    from mops_cli.text import shown

    # File names, ids and values in a message come from outside: one visible line.
    print(_("mops: error: {message}").format(message=shown(message)), file=sys.stderr)
