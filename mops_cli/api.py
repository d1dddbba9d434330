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
`UnknownUnitError`, `BadTimeError`, `BadQuestion` (subclasses of `UsageError`, which is also
raised for an argument of the wrong type), `DataError` (and `CorruptCache`, its subclass, only
when a damaged cache can be neither removed nor replaced: answers otherwise recover from it),
and `InternalError` for a bug. Nothing else is raised.
Neither Typer nor Rich is imported on this path.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mops_cli.errors import InternalError, MopsError, UsageError
from mops_cli.i18n import language
from mops_cli.session import Session

if TYPE_CHECKING:
    from mops_cli.answers import Contacts, HelpLines, OpenNow, OpenOnDay, Overview, Week
    from mops_cli.model import Unit

# A time as the CLI takes it ("2026-12-07 11:00", "jutro 9"), or a datetime (with an offset,
# or naive: then wall-clock time in the directory's zone), or a date (that whole day).
When = str | datetime | date | None


def _when(value: object, name: str = "at") -> When:
    """The time as given, typed: the core reads a datetime or a date as it is."""
    if value is None or isinstance(value, str | date):  # a datetime is a date too
        return value
    raise _wrong_type(name, "a string, datetime, date or None", value)


def _text(value: object, name: str, *, optional: bool = True) -> str | None:
    if isinstance(value, str) or (optional and value is None):
        return value
    raise _wrong_type(name, "a string or None" if optional else "a string", value)


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong_type(name, "True or False", value)


def _wrong_type(name: str, wanted: str, value: object) -> UsageError:
    """A wrong argument's type: a UsageError, never the AttributeError it would cause."""
    return UsageError(f"{name} must be {wanted}, not {type(value).__name__}")


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

        if path is not None and not isinstance(path, str | os.PathLike):
            raise _wrong_type("path", "a str, a path or None", path)
        if environ is not None and not (
            isinstance(environ, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in environ.items())
        ):
            raise _wrong_type("environ", "a mapping of strings to strings or None", environ)
        with language("en"):
            try:
                where = Path(path) if path is not None else None
            except TypeError as exc:  # a PathLike whose __fspath__ gives bytes
                raise _wrong_type("path", "a str, a path or None", path) from exc
            session = Session(where, Environment(dict(environ) if environ is not None else None))
            session.machine = True  # answers as the JSON gives them: holiday names in Polish
            with _only_mops_errors():
                session.settings  # noqa: B018 - read (and check) the file now, not at the first question
        return cls(session)

    @property
    def path(self) -> Path:
        return self._session.path

    @contextmanager
    def _asking(self) -> Iterator[Session]:
        """The session for one question: "now" read anew, messages in English (in this
        context only: another thread keeps its own language), errors MopsError."""
        self._session.refresh_clock()
        with language("en"), _only_mops_errors():
            yield self._session

    def units(self) -> list[Unit]:
        """Every unit, in the file's order."""
        from mops_cli.session import recovering

        with self._asking() as session:
            return recovering(Session.units)(session)

    def unit(self, name: str) -> Unit:
        """The unit an id, alias or unique beginning of a name means (UnknownUnitError if
        none or several)."""
        from mops_cli.answers import check_length
        from mops_cli.session import recovering

        name = _text(name, "name", optional=False) or ""
        with self._asking() as session:
            check_length("name", name)
            return recovering(Session.resolve)(session, name)

    def find(self, query: str | list[str] | None, *, at: When = None) -> Contacts:
        """`mops contacts QUERY`: the units a caller's words, number or e-mail mean, best first
        (`.found`; empty when nothing matches, `.exit` 1), each with its state at `at`
        (default now)."""
        from mops_cli.answers import contacts

        if not (
            query is None
            or isinstance(query, str)
            or (isinstance(query, list) and all(isinstance(w, str) for w in query))
        ):
            raise _wrong_type("query", "a string, a list of strings or None", query)
        asked = _when(at)
        with self._asking() as session:
            # The state is computed for every unit found: never one it did not work out.
            return contacts(session, query, at=asked, with_hours=True)

    def open_now(
        self, unit: str, *, at: When = None, channel: str | None = None
    ) -> OpenNow | OpenOnDay:
        """`mops open-now UNIT`: open, closed or unknown at `at` (default now), and when that
        changes; for a date alone (`at=date(...)`, "2026-12-07"), that day's hours."""
        from mops_cli.answers import open_now

        unit = _text(unit, "unit", optional=False) or ""
        asked, channel = _when(at), _text(channel, "channel")
        with self._asking() as session:
            return open_now(session, unit, at=asked, channel=channel)

    def open_now_all(self, *, at: When = None, channel: str | None = None) -> OpenNow | OpenOnDay:
        """`mops open-now --all`: every unit's state."""
        from mops_cli.answers import open_now

        asked, channel = _when(at), _text(channel, "channel")
        with self._asking() as session:
            return open_now(session, all_units=True, at=asked, channel=channel)

    def help_lines(
        self, audience: str | None = None, *, at: When = None, open_only: bool = False
    ) -> HelpLines:
        """`mops help-lines [--for WHO] [--open]`: the emergency number first, then the lines,
        with who answers at `at`."""
        from mops_cli.answers import help_lines

        audience, asked = _text(audience, "audience"), _when(at)
        open_only = _flag(open_only, "open_only")
        with self._asking() as session:
            return help_lines(session, audience=audience, at=asked, open_only=open_only)

    def week(self, unit: str, day: When = None, *, channel: str | None = None) -> Week:
        """`mops hours UNIT --week DAY`: the week containing `day` (default: this week)."""
        from mops_cli.answers import Week, hours

        unit = _text(unit, "unit", optional=False) or ""
        week, channel = _when(day, "day"), _text(channel, "channel")
        with self._asking() as session:
            answer = hours(session, unit, week=week, channel=channel)
        assert isinstance(answer, Week)  # a unit asked for: its week
        return answer

    def overview(self, day: When = None, *, channel: str | None = None) -> Overview:
        """`mops hours`: every unit × weekday of the week containing `day`."""
        from mops_cli.answers import Overview, hours

        week, channel = _when(day, "day"), _text(channel, "channel")
        with self._asking() as session:
            answer = hours(session, None, week=week, channel=channel)
        assert isinstance(answer, Overview)  # no unit: every unit
        return answer

    def ask(self, question: Mapping[str, Any]) -> Any:
        """A question as `mops ask` takes it ({"cmd": "open-now", "unit": "kasy", ...}):
        the answers object. Raises MopsError (a BadQuestion for a malformed question)."""
        from mops_cli.questions import BadQuestion, answer, parse_question

        if not isinstance(question, Mapping):
            raise BadQuestion(f"a question is a mapping, not {type(question).__name__}")
        try:  # the bounds and checks of a line of `mops ask`
            line = json.dumps(dict(question), allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise BadQuestion(f"not a question: {exc}") from None
        _ident, checked = parse_question(line)
        if isinstance(checked, str):
            raise BadQuestion(checked)
        with self._asking() as session:
            return answer(session, checked)


@contextmanager
def _only_mops_errors() -> Iterator[None]:
    """Every error the API raises is a MopsError: an unexpected one (a bug) is an
    InternalError, with the original as its cause."""
    try:
        yield
    except MopsError:
        raise
    except Exception as exc:
        raise InternalError(f"internal error: {type(exc).__name__}: {exc}") from exc
