"""Everything `mops` writes, and how: human output through Rich, JSON, bytes, the one-line
errors. Data is always wrapped in `Text`, never parsed as markup. Every function writes to the
streams of the run's `Environment` (session.py), never to sys.stdout: tests pass their own.

Rich is imported here only, and only when a human answer is printed, so commands that print
JSON never pay for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any

from mops_cli.i18n import _, ngettext, short_date
from mops_cli.model import MINUTES_PER_DAY, Phone, Unit

if TYPE_CHECKING:  # the week view's types: only `mops hours` loads them
    from pathlib import Path

    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    from mops_cli import answers
    from mops_cli.answers import Overview
    from mops_cli.hours import DayPlan, Schedule
    from mops_cli.session import Environment, Session
    from mops_cli.week import DayHours, ScheduleException


def console(env: Environment, stderr: bool = False) -> Console:
    """A console on the run's stdout (or stderr), as wide as env.columns. Off a terminal and
    under TERM=dumb Rich writes plain text by itself; under NO_COLOR it would keep bold and
    links, so plain text is asked for."""
    from rich.console import Console

    return Console(
        file=env.stderr if stderr else env.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        color_system="auto" if env.colors else None,
        force_terminal=True if env.stdout_isatty and not stderr else None,
        width=env.columns,
        _environ=dict(env.environ),  # TERM, FORCE_COLOR, ...: the run's, not the process's
    )


def text(*parts: str | tuple[str, str | Style]) -> Text:
    """Text from plain strings and (string, style) pairs; nothing in them is markup."""
    from rich.text import Text

    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            result.append(part[0], style=part[1])
        else:
            result.append(part)
    return result


STATE_STYLE = {"open": "bold green", "closed": "bold red", "unknown": "yellow"}


def link(url: str) -> Style:
    """A hyperlink style (OSC 8 where the terminal supports it); built, never parsed."""
    from rich.style import Style

    return Style(link=url)


def phone_text(phone: Phone) -> Text:
    label = f"  {phone.label}" if phone.label else ""
    kind = f" ({_('fax')})" if phone.kind == "fax" and phone.label != "fax" else ""
    return text((phone.display, link(f"tel:{phone.number}")), kind, (label, "dim"))


def unit_card(
    unit: Unit,
    hours_line: Text,
    *,
    extra: Iterable[tuple[str, Text]] = (),
    matched: Iterable[Phone] = (),
    age: str | None = None,
    details: bool = True,
) -> list[object]:
    """A unit as a heading and a two-column grid of what a caller needs: the numbers first;
    with `details` every note and the sources, else the short notes and a count of the long
    ones."""
    from rich.table import Table

    heading = text((unit.name, "bold"), (f"  [{unit.id}]", "dim"))
    if age:  # hours or phones only old pages state (sources.answer_age)
        heading.append(f" {age}", style="yellow")
    # A referral is not a MOPS unit: said first, before anything else of it is read.
    from mops_cli.present import not_mops

    banner = [text((not_mops(unit), "bold reverse"))] if unit.category == "referral" else []
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    rows: list[tuple[str, Text]] = []
    asked = set(matched)
    for phone in unit.phones:
        shown = phone_text(phone)
        if phone in asked:  # the number a caller read out
            shown.append("  ◀ " + _("the number asked for"), style="bold")
        rows.append((_("phone"), shown))
    if not unit.phones:
        rows.append((_("phone"), text((_("none on record"), "italic"))))
    for email in unit.emails:
        rows.append((_("e-mail"), text((email, link(f"mailto:{email}")))))
    if unit.address or unit.location_note:
        place = ", ".join(p for p in (unit.address, unit.location_note) if p)
        rows.append((_("address"), text(place)))
    for url in unit.links:
        rows.append((_("web"), text((url, link(url)))))
    if unit.areas:
        rows.append((_("area"), text("; ".join(unit.areas))))
    rows.append((_("hours"), hours_line))
    rows.extend(extra)
    folded = 0
    for note in unit.notes:
        if details or len(note) <= SHORT_NOTE:
            rows.append((_("note"), text(note)))
        else:
            folded += 1
    if folded:
        more = ngettext("{n} more note: --details", "{n} more notes: --details", folded)
        rows.append((_("note"), text((more.format(n=folded), "dim italic"))))
    for label, value in rows:
        grid.add_row(text(label), value)
    if not (details and unit.source):
        return [*banner, heading, grid]
    # Below the grid, whose label column they would widen: they are long, and read last.
    sources = Table.grid(padding=(0, 1))
    sources.add_column(no_wrap=True)
    sources.add_column(overflow="fold")
    for source in unit.source:
        sources.add_row(text(" "), text((source, "dim")))
    return [*banner, heading, grid, text((_("sources:"), "dim")), sources]


SHORT_NOTE = 120  # characters: a longer note waits for --details


def glance_block(unit: Unit, state: Text, *, age: str | None = None) -> list[object]:
    """A help line at a glance: its name (and how old the pages its facts rest on are, as
    unit_card says), then, indented, the numbers to give, whether it is free, and its state.
    No blank line between blocks: twenty lines still fit one screen."""
    numbers = [p for p in unit.phones if p.kind != "fax"]
    line = text("  ")
    for index, phone in enumerate(numbers):
        if index:
            line.append(", ")
        line.append(phone.display, style=link(f"tel:{phone.number}"))
        line.stylize("bold", len(line) - len(phone.display), len(line))
    if not numbers:
        line.append(_("no number on record"), style="italic")
    if unit.free:
        line.append(" · " + _("free"))
    line.append(" · ")
    line.append_text(state)
    heading = text((unit.name, "bold"), (f"  [{unit.id}]", "dim"))
    if age:
        heading.append(f" {age}", style="yellow")
    return [heading, line]


def print_all(out: Console, renderables: Iterable[object]) -> None:
    """Print; as plain text, without the trailing blanks Rich pads table cells with."""
    if out.color_system is not None:
        for renderable in renderables:
            out.print(renderable)
        return
    with out.capture() as captured:
        for renderable in renderables:
            out.print(renderable)
    lines = captured.get().splitlines()
    out.file.write("".join(line.rstrip() + "\n" for line in lines))


# -- the week view ------------------------------------------------------------------------------

BAR_WIDTH = 28


def _axis(days: list[DayHours]) -> tuple[int, int]:
    """(first minute, minutes per character) of a time axis that shows every range."""
    ranges = [r for d in days for r in d.plan.ranges]
    low = min((r.opens for r in ranges), default=8 * 60)
    high = max((min(r.closes, MINUTES_PER_DAY) for r in ranges), default=16 * 60)
    for per_char in (15, 20, 30, 40):
        start = max(0, min(low // 60 * 60 - 60, MINUTES_PER_DAY - BAR_WIDTH * per_char))
        if start + BAR_WIDTH * per_char >= high:
            return start, per_char
    return 0, 40


def _bar(plan: DayPlan, start: int, per_char: int, fill: str, tick: str) -> str:
    if not plan.known:
        return " " * BAR_WIDTH  # no grid: an empty grid would read as "closed"
    cells = []
    for index in range(BAR_WIDTH):
        middle = start + index * per_char + per_char // 2
        if any(r.opens <= middle < r.closes for r in plan.ranges):
            cells.append(fill)
        else:
            cells.append(tick if (start + index * per_char) % 60 == 0 else " ")
    return "".join(cells)


def _axis_labels(start: int, per_char: int) -> str:
    step = 120 if per_char <= 20 else 240
    labels = [" "] * (BAR_WIDTH + 2)
    minute = -(-start // step) * step
    while minute <= start + BAR_WIDTH * per_char:
        position = (minute - start) // per_char
        label = f"{minute // 60:02d}"
        if position + len(label) <= len(labels):
            labels[position : position + len(label)] = label
        minute += step
    return "".join(labels).rstrip()


def week_view(
    unit: Unit,
    schedule: Schedule,
    days: list[DayHours],
    upcoming: list[ScheduleException],
    today: date,
    *,
    ascii_only: bool = False,
    bars: bool = True,
) -> list[object]:
    """A calendar-like week: one row per day, a bar per range on a shared axis (unless
    `bars` is off: a narrow terminal has room for the words only), the ranges written out,
    today marked; then the exceptions coming up."""
    from rich.table import Table

    from mops_cli.present import channel_name, exception_text, ranges_text, unknown_hours_note
    from mops_cli.week import EXCEPTION_DAYS

    fill, tick, marker = ("#", ".", ">") if ascii_only else ("█", "·", "▶")
    start, per_char = _axis(days)
    title = _("{name} ({channel}), week of {date}").format(
        name=unit.name,
        channel=channel_name(schedule.channel),
        date=f"{short_date(days[0].day)} {days[0].day.year}",
    )
    if not schedule.rules:
        unknown = _("No {channel} hours on record.").format(channel=channel_name(schedule.channel))
        lines: list[object] = [text((title, "bold")), text((unknown, "yellow"))]
        note = unknown_hours_note(unit)
        return lines + ([text(note)] if note else [])
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)  # today's marker
    grid.add_column(no_wrap=True)  # the date
    if bars:
        grid.add_column(no_wrap=True)  # the bar
    grid.add_column(overflow="fold")  # the ranges in words
    if bars:
        grid.add_row(text(""), text(""), text((_axis_labels(start, per_char), "dim")), text(""))
    for day in days:
        plan = day.plan
        is_today = plan.day == today
        style = "bold" if is_today else ""
        words_style = "yellow" if not plan.known else ("red" if not plan.ranges else "")
        bar = [text((_bar(plan, start, per_char, fill, tick), "green"))] if bars else []
        grid.add_row(
            text((marker if is_today else " ", "bold")),
            text((short_date(plan.day), style)),
            *bar,
            text((ranges_text(plan), words_style)),
        )
    parts: list[object] = [text((title, "bold")), grid, text("")]
    if upcoming:
        parts.append(text((_("Coming up (next {days} days):").format(days=EXCEPTION_DAYS), "bold")))
        listing = Table.grid(padding=(0, 2))
        listing.add_column(no_wrap=True)
        listing.add_column(overflow="fold")
        for item in upcoming:
            listing.add_row(text(short_date(item.day)), text(exception_text(item)))
        parts.append(listing)
    else:
        parts.append(
            text(_("Nothing unusual in the next {days} days.").format(days=EXCEPTION_DAYS))
        )
    return parts


def overview_view(result: Overview, out: Console) -> list[object]:
    """Every unit × weekday for one week, with the state now: a table where it fits the
    terminal, else a block per unit, so that no id or state is ever split or cut."""
    from rich.table import Table

    from mops_cli.i18n import weekday_abbr
    from mops_cli.present import compact_ranges, state_word

    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(_("unit"), no_wrap=True)
    days = [result.monday + timedelta(days=offset) for offset in range(7)]
    for day in days:
        table.add_column(f"{weekday_abbr(day)}\n{day.day}", justify="center", no_wrap=True)
    table.add_column(_("now"), no_wrap=True)
    notes: dict[date, str] = {}
    blocks: list[object] = []
    for one, _schedule, status, week_days in result.rows:
        cells = []
        for hours_of_day in week_days:
            plan = hours_of_day.plan
            cells.append(compact_ranges(plan))
            if (plan.kind in ("holiday", "closure") or not plan.known) and plan.reason:
                notes.setdefault(plan.day, plan.reason)
        state = text((state_word(status), STATE_STYLE[status.state]))
        table.add_row(text(one.id), *(text(c) for c in cells), state)
        # The same row as a block: the id and the state, then the days, as many to a line
        # as fit; a day is never split.
        blocks.append(text((one.id, "bold"), "  ", (state_word(status), STATE_STYLE[status.state])))
        line = "  "
        for day, cell in zip(days, cells, strict=True):
            item = f"{weekday_abbr(day)} {day.day} {cell.replace('-' + chr(10), '-')}"
            item = item.replace("\n", ", ")
            if line.strip() and len(line) + 3 + len(item) > out.width:
                blocks.append(text(line))
                line = "  "
            line += ("   " if line.strip() else "") + item
        blocks.append(text(line))
    legend = _("– closed, ? unknown, * holiday or closure")
    footer = [text(f"{short_date(d)}: {reason}") for d, reason in sorted(notes.items())]
    fits = table.__rich_measure__(out, out.options).maximum <= out.width
    shown: list[object] = [table] if fits else blocks
    return [*shown, text((legend, "dim")), *footer]


# -- plain lines, JSON and bytes ----------------------------------------------------------------


def _write(stream: IO[str] | None, line: str) -> None:
    """One line on `stream`; nothing where the stream is closed (mops ... 2>&-)."""
    if stream is not None:
        stream.write(line + "\n")


def say(env: Environment, line: str) -> None:
    """A line of the answer, on stdout."""
    _write(env.stdout, line)


def note(env: Environment, line: str) -> None:
    """A line beside the answer (a summary, a hint, a warning), on stderr."""
    _write(env.stderr, line)


def error(env: Environment, message: str) -> None:
    """An error, as one visible line on stderr: file names, ids and values in a message come
    from outside."""
    from mops_cli.text import shown

    note(env, _("mops: error: {message}").format(message=shown(message)))


def emit_json(env: Environment, value: Any) -> None:
    """An object indented; an array one element per line, which stays readable and lets the
    C encoder do ten thousand units quickly. Build `value` under i18n.language("en")."""
    assert env.stdout is not None  # cli.main answers a closed stdout before any command
    if isinstance(value, list):
        lines = [json.dumps(item, ensure_ascii=False) for item in value]
        env.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")
    else:
        env.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def line_writer(env: Environment) -> Callable[[str], None]:
    """`mops ask`'s writer: each answer flushed as it is written, for a co-process waits."""
    stdout = env.stdout
    assert stdout is not None

    def write(line: str) -> None:
        stdout.write(line)
        stdout.flush()

    return write


def write_bytes(env: Environment, pieces: Iterable[bytes]) -> None:
    """Bytes (an export) on stdout, after whatever text is waiting in its buffer."""
    stdout = env.stdout
    assert stdout is not None
    stdout.flush()
    buffer: IO[bytes] | None = getattr(stdout, "buffer", None)
    for piece in pieces:
        if buffer is not None:
            buffer.write(piece)
        else:  # a text stream alone (a test's StringIO)
            stdout.write(piece.decode("utf-8", "surrogateescape"))


def help_screen(env: Environment, screen: str, *, stderr: bool = False) -> None:
    """A help screen (Click's text, already translated), as Click's echo would write it."""
    (note if stderr else say)(env, screen)


def version(env: Environment, version: str, calendar: str) -> None:
    say(env, f"mops {version}")
    say(env, _("holiday calendar: {library}").format(library=calendar))


def edited_copy(env: Environment, installed: Path, edited: Path, relative: str) -> None:
    """Once, on stderr: the shipped directory is read while the clone the user works in has a
    data/offices.toml that differs from it (edited after `pip install .`)."""
    message = _(
        "note: reading the installed directory {installed}, not {edited}, which differs "
        "from it; to use your copy: mops --data {relative} ..., or MOPS_DATA={relative}, "
        "or reinstall (pip install .)"
    )
    note(env, message.format(installed=installed, edited=edited, relative=relative))


# -- validate, review, diff: for the people who keep the file ----------------------------------


def validation(env: Environment, result: answers.Validation, calendar: str) -> None:
    from mops_cli.text import shown

    severities = {"error": _("error"), "warning": _("warning")}
    path = shown(str(result.path))  # a file name is untrusted text too
    for problem in result.problems:
        say(env, f"{path}: {severities[problem.severity]}: {problem}")
    errors, warnings = result.errors, result.warnings
    counts = ", ".join(
        (
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        )
    )
    summary = f"{path}: {counts}" if result.problems else _("{path}: OK").format(path=path)
    note(env, _("holiday calendar: {library}").format(library=calendar))
    note(env, summary)


def review(env: Environment, result: answers.Review) -> None:
    from mops_cli.upkeep import review_lines

    for item in result.items:
        say(env, "\n".join(review_lines(item, result.today)))
    message = ngettext(
        "{n} of {total} units to re-check (!): verified over 12 months ago, or facts "
        "only from pages older than {years} years",
        "{n} of {total} units to re-check (!): verified over 12 months ago, or facts "
        "only from pages older than {years} years",
        result.stale,
    )
    total, years = len(result.items), result.stale_after_years
    note(env, message.format(n=result.stale, total=total, years=years))


def diff(env: Environment, result: answers.Diff) -> None:
    from mops_cli.upkeep import diff_lines, diff_summary

    lines = diff_lines(result.changes)
    if lines:
        say(env, "\n".join(lines))
    note(env, diff_summary(result.changes))


# -- open-now -------------------------------------------------------------------------------------


def _age(session: Session, unit: Unit) -> str | None:
    """ "(from a page of 2019)" when the unit's hours or phones rest only on old pages."""
    from mops_cli.present import age_note_of

    return age_note_of(unit, session.today, session.settings.stale_after_years)


def statuses(session: Session, result: answers.OpenNow | answers.OpenOnDay) -> None:
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

    out = console(session.env)
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
        note_ = unknown_hours_note(unit)
        if rows[0][4] == "unknown" and note_:
            out.print(text("  ", (note_, "dim")))


# -- contacts -------------------------------------------------------------------------------------


def not_found(env: Environment, result: answers.Contacts) -> None:
    if not result.phrase:
        note(env, _("the directory has no units"))
        return
    if result.number:
        message = _("no unit has the number {number}; check the digits, or see 'mops contacts'")
        note(env, message.format(number=result.phrase))
        return
    ideas = result.suggestions
    hint = (
        _("did you mean: {ideas}?").format(ideas=", ".join(ideas))
        if ideas
        else _("try fewer or shorter words, or 'mops contacts' for the whole directory")
    )
    note(env, _("nothing found for {query!r}; {hint}").format(query=result.phrase, hint=hint))


def unmapped(session: Session, result: answers.Contacts, *, plain: bool, details: bool) -> None:
    """A street or place no unit maps: why the directory cannot say, and the unit to call
    (its numbers first; its long notes with --details, as for any search).
    With --plain the sentence goes to stderr and the unit's row to stdout, for scripts."""
    from mops_cli.answers import unmapped_message

    message = unmapped_message(result)
    if plain:
        note(session.env, message)
        plain_contacts(session.env, result)
        return
    console(session.env).print(text((message[:1].upper() + message[1:] + ":", "bold")))
    if result.found:
        contacts(session, result, details=details)


def plain_contacts(env: Environment, result: answers.Contacts) -> None:
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
        say(env, "\t".join(f.replace("\t", " ") for f in fields))


def contacts(session: Session, result: answers.Contacts, *, details: bool) -> None:
    """Numbers first; with `details` (or for a single unit) every note and the sources, else
    the short notes and a count of the long ones."""
    out = console(session.env)
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


def _hours_line(session: Session, found: answers.Contact, asked: datetime | None) -> Text:
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


# -- help-lines -----------------------------------------------------------------------------------


def no_help_line(env: Environment, *, audience: str | None, open_only: bool) -> None:
    if audience:
        message = _("no help line for {audience!r}; in an emergency call 112")
    elif open_only:
        message = _("no help line answers at that moment; in an emergency call 112")
    else:
        message = _("the directory has no help lines")
    note(env, message.format(audience=audience))


def help_lines(session: Session, result: answers.HelpLines) -> None:
    out = console(session.env)
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


def help_lines_at_a_glance(session: Session, result: answers.HelpLines) -> None:
    """One short block per line: its name, the numbers to give, whether it is free, and its
    state at the moment asked about (--details: the whole card)."""
    out = console(session.env)
    blocks: list[object] = []
    for line in result.lines:
        state = _state_text(session, line, result.asked)
        blocks.extend(glance_block(line.unit, state, age=_age(session, line.unit)))
    print_all(out, blocks)


def _state_text(session: Session, found: answers.Contact, asked: datetime | None) -> Text:
    """The state alone: 'open round the clock', 'open, closes at 14:00', a day's hours."""
    from mops_cli.present import day_sentence, day_text, glance_sentence, moment_text

    assert found.schedule is not None and found.status is not None  # asked with hours
    style = STATE_STYLE[found.state]
    if not found.schedule.rules:
        return text((_("hours unknown"), style))
    if found.day is not None:
        return text(f"{day_text(found.day.day)}: ", (day_sentence(found.day), style))
    when = f"{moment_text(asked, session.zone)}: " if asked else ""
    return text(when, (glance_sentence(found.status, session.zone), style))


# -- hours ----------------------------------------------------------------------------------------

WEEK_BARS_WIDTH = 70  # narrower, the week view drops its bars and keeps the words


def week(session: Session, result: answers.Week) -> None:
    """A unit's week (week_view), a referral said to be no MOPS unit first."""
    from mops_cli.present import not_mops

    out = console(session.env)
    if result.unit.category == "referral":  # not a MOPS unit: said before its hours
        out.print(text((not_mops(result.unit), "bold")))
    view = week_view(
        result.unit,
        result.schedule,
        list(result.days),
        list(result.upcoming),
        result.today,
        ascii_only=session.env.dumb,
        bars=out.width >= WEEK_BARS_WIDTH,
    )
    print_all(out, view)


def overview(env: Environment, result: answers.Overview) -> None:
    out = console(env)
    print_all(out, overview_view(result, out))
