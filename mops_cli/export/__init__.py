"""Exports of the directory in the formats other systems read: one module per format.

Every exporter is a pure function of an `Export` (the units, their schedules from the hours
engine, the zone, the session's "now" and a date range) to text or bytes. Nothing in an export
comes from the wall clock, so the same directory, range and "now" give the same bytes, and
exports can be diffed and committed.

`FORMATS` is the registry the `mops export` command reads: a format is one entry, naming the
module and function that render it; the module is imported only when that format is asked for.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeAlias
from zoneinfo import ZoneInfo

from mops_cli.i18n import N_

if TYPE_CHECKING:
    from mops_cli.hours import Schedule
    from mops_cli.model import DirectoryData, Unit
    from mops_cli.session import Session

UTC = timezone.utc
DEFAULT_DAYS = 90  # an export's default date range: the next 90 days, today included


@dataclass(frozen=True)
class Export:
    """What an exporter is given: everything it may depend on, and nothing else."""

    directory: DirectoryData  # name, zone, holiday country, directory-wide closures
    units: tuple[Unit, ...]
    schedule: Callable[[Unit, str | None], Schedule]  # a unit's hours for a channel
    zone: ZoneInfo
    now: datetime  # the session's "now" (MOPS_NOW pins it)
    start: date  # first day of the range, local
    end: date  # last day of the range, local, included
    names: Mapping[str, str] = field(default_factory=dict)  # every unit's name by id (parents)
    options: Mapping[str, object] = field(default_factory=dict)  # a format's own options


# What a renderer returns: the whole text, the text in pieces as they are made, or bytes.
Rendered: TypeAlias = "str | bytes | Iterable[str]"


@dataclass(frozen=True)
class Option:
    """An option of `mops export` that some formats take (beyond UNIT and --output): declared
    with the formats, so that the command shows and checks it without naming it itself."""

    name: str  # --NAME on the command line; the key of Export.options
    metavar: str
    help: str  # a msgid: shown through _()
    type: type[str] | type[int] = str


# The range every calendar-like format covers (Export.start .. Export.end).
RANGE = (
    Option("from", "DATE", N_("First day of the range (default: today).")),
    Option("to", "DATE", N_("Last day of the range (default: 90 days from the first).")),
)


@dataclass(frozen=True)
class Format:
    """One export format: where its renderer lives, what it writes and the options it takes."""

    name: str  # as `mops export NAME` takes it
    module: str  # e.g. "mops_cli.export.ics"
    function: str  # Export -> the text (str, or str pieces as they are made), or bytes
    extension: str  # default file extension, without the dot
    binary: bool  # True: bytes (a zip), never written to a terminal
    summary: str  # one line (a msgid), shown beside the name by shell completion
    # For people, not other systems: in the interface language, holiday names too (the rest
    # are the same in every language, like JSON).
    localized: bool = False
    # The options it takes: RANGE (--from, --to) for one that covers a range of days; its own
    # (Export.options) otherwise, as html's span from "now".
    options: tuple[Option, ...] = RANGE

    @property
    def ranged(self) -> bool:
        """Whether it covers --from .. --to."""
        return RANGE[0] in self.options

    def accept(self, given: Mapping[str, object]) -> dict[str, object]:
        """Its own options (Export.options) of those `given` (name: value, None when not
        given); UsageError for one it does not take."""
        from mops_cli.errors import UsageError
        from mops_cli.i18n import _

        taken = {option.name for option in self.options}
        for name, value in given.items():
            if value is not None and name not in taken:
                message = _("--{option} is not an option of {name}")
                raise UsageError(message.format(option=name, name=self.name))
        own = {option.name for option in self.options if option not in RANGE}
        return {name: value for name, value in given.items() if name in own and value is not None}

    def check_destination(self, *, terminal: bool) -> None:
        """UsageError for bytes headed for a terminal (no --output, stdout not redirected)."""
        from mops_cli.errors import UsageError
        from mops_cli.i18n import _

        if self.binary and terminal:
            message = _("{name} is binary: give --output PATH, or redirect standard output")
            raise UsageError(message.format(name=self.name))

    def render(self, export: Export) -> Rendered:
        renderer: Callable[[Export], Rendered] = getattr(
            importlib.import_module(self.module), self.function
        )
        return renderer(export)

    def chunks(self, export: Export) -> Iterator[bytes]:
        """The export as bytes, piece by piece: a large calendar is written as it is made,
        never held whole in memory."""
        rendered = self.render(export)
        if isinstance(rendered, bytes):
            yield rendered
        elif isinstance(rendered, str):
            yield rendered.encode("utf-8")
        else:
            for piece in rendered:
                yield piece.encode("utf-8")


# The registry: a format is one entry here and its module. Its options appear in
# `mops export --help` in this order, each once.
FORMATS: dict[str, Format] = {format_.name: format_ for format_ in (
    Format("hsds", "mops_cli.export.hsds", "hsds_json", "json", False,
           N_("Open Referral HSDS 3.0: one JSON document")),
    Format("hsds-zip", "mops_cli.export.hsds", "hsds_zip", "zip", True,
           N_("Open Referral HSDS 3.0: a zip of CSV tables with datapackage.json")),
    Format("ics", "mops_cli.export.ics", "calendar", "ics", False,
           N_("iCalendar (RFC 5545): the opening hours as events")),
    Format("vcard", "mops_cli.export.vcard", "vcards", "vcf", False,
           N_("vCard 4.0 (RFC 6350): contacts")),
    Format("osm", "mops_cli.export.osm", "osm_json", "json", False,
           N_("OpenStreetMap opening_hours, per unit and channel (JSON)")),
    Format("html", "mops_cli.export.html", "html_export", "html", False,
           N_("one self-contained page for any browser, or a printable help-lines card"),
           localized=True, options=(
               Option("days", "N", N_("html: days of opening hours the page knows (default 60)."),
                      int),
               Option("card", "KIND", N_("html: a printable card: help-lines.")),
           )),
)}  # fmt: skip

# The help of `mops export`'s FORMAT argument: the registry's names fill it in.
FORMAT_HELP = N_("Output format: {formats} (see the README).")


def choose(name: str) -> Format:
    """The format called `name`; UsageError naming the known ones for any other."""
    from mops_cli.errors import UsageError
    from mops_cli.i18n import _

    chosen = FORMATS.get(name)
    if chosen is None:
        message = _("unknown format {name!r} (known: {known})")
        raise UsageError(message.format(name=name, known=", ".join(FORMATS)))
    return chosen


def options() -> list[Option]:
    """Every format's options, each once, in the registry's order."""
    return list({option.name: option for f in FORMATS.values() for option in f.options}.values())


def listing() -> str:
    """The formats' names as a sentence: "hsds, hsds-zip, ics, vcard, osm or html"."""
    from mops_cli.i18n import _

    *first, last = FORMATS
    return _("{first} or {last}").format(first=", ".join(first), last=last)


def request(
    session: Session,
    queries: list[str],
    start: str | None,
    end: str | None,
    options: Mapping[str, object] | None = None,
) -> Export:
    """What an export of the units `queries` name (all when none) works on, for the range
    `start`..`end` (dates, or anything `--at` takes; default: DEFAULT_DAYS from today)."""
    from mops_cli.answers import check_length
    from mops_cli.errors import UsageError
    from mops_cli.i18n import _

    for name, value in (("from", start), ("to", end), *(("unit", q) for q in queries)):
        check_length(name, value)
    first = session.date_named(start) if start else session.today
    last = session.date_named(end) if end else first + timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise UsageError(_("--to {end} is before --from {start}").format(end=last, start=first))
    everything = session.units()
    if queries:
        units = tuple({u.id: u for u in (session.resolve(q) for q in queries)}.values())
    else:
        units = tuple(everything)
    return Export(
        directory=session.settings,
        units=units,
        schedule=session.schedule,
        zone=session.zone,
        now=session.now,
        start=first,
        end=last,
        names={u.id: u.name for u in everything},
        options=options or {},
    )


# -- helpers shared by the formats ------------------------------------------------------------

# Identifiers derived from the directory's own ids: the same unit gets the same UUID in every
# export, so records can be matched across exports (HSDS ids, vCard UIDs).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mops-wroclaw/mops-cli")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


class ClockChange(NamedTuple):
    """A transition of the zone's UTC offset."""

    at: datetime  # UTC, the first instant of the new offset
    before: timedelta
    after: timedelta

    @property
    def wall(self) -> datetime:
        """The naive wall-clock time it happens at, read with the offset before it."""
        return self.at.replace(tzinfo=None) + self.before


def clock_changes(zone: ZoneInfo, start: date, end: date) -> list[ClockChange]:
    """The zone's offset changes between the noons around `start` and `end`, to the minute,
    from the zone's own data."""
    from mops_cli.hours import offset_change

    changes = []
    day = start - timedelta(days=1)
    previous = _noon_offset(zone, day)
    while day <= end:
        day += timedelta(days=1)
        current = _noon_offset(zone, day)
        if current != previous:
            low = datetime.combine(day - timedelta(days=1), time(12), zone).astimezone(UTC)
            high = datetime.combine(day, time(12), zone).astimezone(UTC)
            changes.append(ClockChange(offset_change(zone, low, high), previous, current))
            previous = current
    return changes


def _noon_offset(zone: ZoneInfo, day: date) -> timedelta:
    offset = datetime.combine(day, time(12), zone).utcoffset()
    assert offset is not None  # a ZoneInfo always gives one
    return offset


class PostalAddress(NamedTuple):
    """An address as the data writes it ("ul. Strzegomska 6, 53-611 Wrocław"), in parts.
    Parts the text does not give are empty: nothing is filled in from elsewhere."""

    street: str
    postal_code: str
    city: str


_CITY = re.compile(r"^(?:(?P<code>\d{2}-\d{3})\s+)?(?P<city>\D.*)$")


def postal_address(text: str) -> PostalAddress:
    """Street, postal code and city of a Polish address written "street, [code] city"."""
    street, _comma, last = text.rpartition(",")
    match = _CITY.match(last.strip()) if street else None
    if match is None:
        return PostalAddress(text.strip(), "", "")
    return PostalAddress(street.strip(), match["code"] or "", match["city"].strip())


def fold_line(line: str) -> str:
    """A content line folded as RFC 5545 3.1 and RFC 6350 3.2 ask: at most 75 octets a line,
    continued by CRLF and a space, never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with one space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11, RFC 6350 3.4): backslash, semicolon, comma, and any line
    break as `\\n` (a bare CR would break the content line)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def write_file(path: Path, data: Iterable[bytes]) -> None:
    """Write `data`, piece by piece, to `path` through a temporary file in the same folder,
    renamed into place: a reader sees the old file or the new one, and a failure leaves
    nothing half-written. A symbolic link is written through (its target is replaced); what
    is not a file (a pipe, /dev/stdout) is written to directly, never replaced."""
    import os
    import tempfile

    from mops_cli.errors import MopsError
    from mops_cli.i18n import _

    temporary: str | None = None
    try:
        if path.exists() and not path.is_file() and not path.is_dir():  # follows links
            with open(path, "wb") as stream:
                for piece in data:
                    stream.write(piece)
            return
        target = path.resolve() if path.is_symlink() else path
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            for piece in data:
                stream.write(piece)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        message = _("cannot write {path}: {reason}").format(path=path, reason=reason)
        raise MopsError(message) from None
    finally:  # whatever stopped the writing (an error, ^C), no temporary file is left
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask (mkstemp makes
    its file private)."""
    import os
    import stat

    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
