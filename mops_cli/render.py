"""Human output through Rich. Data is always wrapped in `Text`, never parsed as markup.

Rich is imported here only, so commands that print JSON never pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mops_cli.i18n import _
from mops_cli.model import Phone, Unit

if TYPE_CHECKING:
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text


def console(stderr: bool = False) -> Console:
    """A console on stdout (or stderr). Rich drops colour and links by itself under NO_COLOR,
    TERM=dumb, and when the stream is not a terminal."""
    from rich.console import Console

    return Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
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
) -> list[object]:
    """A unit as a heading and a two-column grid of what a caller needs."""
    from rich.table import Table

    heading = text((unit.name, "bold"), (f"  [{unit.id}]", "dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    rows: list[tuple[str, Text]] = []
    for phone in unit.phones:
        rows.append((_("phone"), phone_text(phone)))
    if not unit.phones:
        rows.append((_("phone"), text((_("none on record"), "italic"))))
    for email in unit.emails:
        rows.append((_("e-mail"), text((email, link(f"mailto:{email}")))))
    if unit.address or unit.location_note:
        place = ", ".join(p for p in (unit.address, unit.location_note) if p)
        rows.append((_("address"), text(place)))
    for url in unit.links:
        rows.append((_("web"), text((url, link(url)))))
    rows.append((_("hours"), hours_line))
    rows.extend(extra)
    for note in unit.notes:
        rows.append((_("note"), text(note)))
    for label, value in rows:
        grid.add_row(text(label), value)
    return [heading, grid]


def print_all(out: Console, renderables: Iterable[object]) -> None:
    """Print; off a terminal, without the trailing blanks Rich pads table cells with."""
    if out.is_terminal:
        for renderable in renderables:
            out.print(renderable)
        return
    with out.capture() as captured:
        for renderable in renderables:
            out.print(renderable)
    lines = captured.get().splitlines()
    out.file.write("".join(line.rstrip() + "\n" for line in lines))
