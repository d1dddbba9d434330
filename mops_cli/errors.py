"""Exit statuses and the project's own exceptions, in one place."""

from __future__ import annotations

import contextlib
import enum
import os


class ExitStatus(enum.IntEnum):
    """What `mops` exits with; the same meaning in every command.

    For `open-now`, 0 and 1 answer the question (open / closed); elsewhere 1 means "nothing
    found" or "problems found". 2 is always an error, never an answer.
    """

    OK = 0
    OPEN = 0
    FOUND = 0
    NEGATIVE = 1  # closed / nothing found / the data has problems
    ERROR = 2  # bad arguments, bad data, or anything unexpected
    UNKNOWN = 3  # no hours on record for that channel
    INTERRUPTED = 130  # Ctrl-C, as the shell reports a process that SIGINT ended


class MopsError(Exception):
    """An error the user can act on; shown as one line on stderr, exit 2."""


class DataError(MopsError):
    """The directory file cannot be read or is not valid."""


class InternalError(MopsError):
    """A bug: an error nobody planned for (the Python API raises it with the original as its
    cause; the CLI prints "internal error")."""


class UsageError(MopsError):
    """A bad argument: unknown or ambiguous unit, unparsable time, unknown channel."""


class UnknownUnitError(UsageError):
    """No unit, or more than one, answers to the name asked for."""


class BadTimeError(UsageError):
    """A time or date that cannot be read, or that does not exist (the spring clock change)."""


class CorruptCache(DataError):
    """A cache file that opened but whose rows cannot be read back (cache.py): damaged, or
    written by an older model. Every answer recovers from it (session.recovering) by
    answering again from the data file, which writes a new cache; it reaches a caller only
    if that fails too."""

    def __init__(self, path: os.PathLike[str], identity: tuple[int, int] | None = None) -> None:
        from mops_cli.i18n import _

        message = _("{path}: damaged cache file that cannot be removed: delete it")
        super().__init__(message.format(path=os.fspath(path)))
        self.path = path
        self.identity = identity  # (device, inode) of the file that was read

    def discard(self) -> None:
        """Remove the damaged file, unless another run has already put a new one there."""
        with contextlib.suppress(OSError):
            found = os.stat(self.path, follow_symlinks=False)
            if self.identity in (None, (found.st_dev, found.st_ino)):
                os.unlink(self.path)
