"""Human output through Rich. Data is always wrapped in `Text`, never parsed as markup.

Rich is imported here only, so commands that print JSON never pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from mops_cli.i18n import _, short_date
from mops_cli.model import MINUTES_PER_DAY, Phone, Unit

if TYPE_CHECKING:  # the week view's types: only `mops hours` loads them
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    from mops_cli.answers import Overview
    from mops_cli.hours import DayPlan, Schedule
    from mops_cli.week import DayHours, ScheduleException


def console(stderr: bool = False) -> Console:
    """A console on stdout (or stderr). Off a terminal and under TERM=dumb Rich writes plain
    text by itself; under NO_COLOR it would keep bold and links, so plain text is asked for."""
    import os

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if plain else "auto",
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
) -> list[object]:
    """A unit as a heading and a two-column grid of what a caller needs."""
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
    for note in unit.notes:
        rows.append((_("note"), text(note)))
    for label, value in rows:
        grid.add_row(text(label), value)
    return [*banner, heading, grid]


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
