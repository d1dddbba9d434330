"""The Python API: the directory and its answers, for scripts that would otherwise shell out.

    >>> from mops_cli import Directory
    >>> directory = Directory.load()
    >>> answer = directory.open_now("kasy", at="2026-11-30 11:30")
    >>> answer.exit
    <ExitStatus.OK: 0>
    >>> answer.to_json()["state"], answer.to_json()["closes_at"]
    ('open', '2026-11-30T12:00:00+01:00')

Every method answers through `mops_cli.answers`, as the single commands and `mops ask` do, and
returns the same immutable objects; `.to_json()` is exactly the command's `--json` output and
`.exit` its exit status. Errors are `MopsError` subclasses carrying the CLI's messages:
`UnknownUnitError`, `BadTimeError`, `DataError` (and `UsageError`, their parent for arguments).
Neither Typer nor Rich is imported on this path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mops_cli.i18n import language

if TYPE_CHECKING:
    from mops_cli.answers import Contacts, HelpLines, OpenNow, OpenOnDay, Overview, Week
    from mops_cli.model import Unit
    from mops_cli.session import Session

# A time as the CLI takes it ("2026-12-07 11:00", "jutro 9"), or a datetime (with an offset,
# or naive: then wall-clock time in the directory's zone), or a date (that whole day).
When = str | datetime | date | None


def _when(value: When) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class Directory:
    """A loaded directory (the shipped one, or a file), answering the CLI's questions.

    "Now" is read anew for every question (or pinned by MOPS_NOW in `environ`); the directory
    file is read once, from the cache where it can be.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    @classmethod
    def load(
        cls, path: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None
    ) -> Directory:
        """The directory at `path` (default: $MOPS_DATA, else the shipped one). `environ`
        replaces os.environ (MOPS_NOW, MOPS_CACHE_DIR, ...). Raises DataError if the file
        cannot be read or is not valid."""
        from mops_cli.session import Environment, Session

        session = Session(Path(path) if path is not None else None, Environment(environ))
        session.machine = True  # answers as the JSON gives them: holiday names in Polish
        with language("en"):
            session.settings  # noqa: B018 - read (and check) the file now, not at the first question
        return cls(session)

    @property
    def path(self) -> Path:
        return self._session.path

    @contextmanager
    def _asking(self) -> Iterator[Session]:
        """The session for one question: "now" read anew, messages in English."""
        self._session.refresh_clock()
        with language("en"):
            yield self._session

    def units(self) -> list[Unit]:
        """Every unit, in the file's order."""
        return self._session.units()

    def unit(self, name: str) -> Unit:
        """The unit an id, alias or unique beginning of a name means (UnknownUnitError if
        none or several)."""
        return self._session.resolve(name)

    def find(self, query: str, *, at: When = None) -> Contacts:
        """`mops contacts QUERY`: the units a caller's words, number or e-mail mean, best first
        (`.found`; empty when nothing matches, `.exit` 1)."""
        from mops_cli.answers import contacts

        with self._asking() as session:
            return contacts(session, query, at=_when(at), with_hours=at is not None)

    def open_now(
        self, unit: str, *, at: When = None, channel: str | None = None
    ) -> OpenNow | OpenOnDay:
        """`mops open-now UNIT`: open, closed or unknown at `at` (default now), and when that
        changes; for a date alone (`at=date(...)`, "2026-12-07"), that day's hours."""
        from mops_cli.answers import open_now

        with self._asking() as session:
            return open_now(session, unit, at=_when(at), channel=channel)

    def open_now_all(self, *, at: When = None, channel: str | None = None) -> OpenNow | OpenOnDay:
        """`mops open-now --all`: every unit's state."""
        from mops_cli.answers import open_now

        with self._asking() as session:
            return open_now(session, all_units=True, at=_when(at), channel=channel)

    def help_lines(
        self, audience: str | None = None, *, at: When = None, open_only: bool = False
    ) -> HelpLines:
        """`mops help-lines [--for WHO] [--open]`: the emergency number first, then the lines,
        with who answers at `at`."""
        from mops_cli.answers import help_lines

        with self._asking() as session:
            return help_lines(session, audience=audience, at=_when(at), open_only=open_only)

    def week(self, unit: str, day: When = None, *, channel: str | None = None) -> Week:
        """`mops hours UNIT --week DAY`: the week containing `day` (default: this week)."""
        from mops_cli.answers import Week, hours

        with self._asking() as session:
            answer = hours(session, unit, week=_when(day), channel=channel)
        assert isinstance(answer, Week)  # a unit asked for: its week
        return answer

    def overview(self, day: When = None, *, channel: str | None = None) -> Overview:
        """`mops hours`: every unit × weekday of the week containing `day`."""
        from mops_cli.answers import Overview, hours

        with self._asking() as session:
            answer = hours(session, None, week=_when(day), channel=channel)
        assert isinstance(answer, Overview)  # no unit: every unit
        return answer

    def ask(self, question: Mapping[str, Any]) -> Any:
        """A question as `mops ask` takes it ({"cmd": "open-now", "unit": "kasy", ...}):
        the answers object. Raises MopsError (a BadQuestion for a malformed question)."""
        from mops_cli.questions import answer

        with self._asking() as session:
            return answer(session, question)
