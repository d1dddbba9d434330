"""The directory file as bytes and text: what can go wrong before any TOML is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mops_cli.errors import DataError
from mops_cli.i18n import _

MAX_FILE_BYTES = 64 * 1024 * 1024


def default_data_path() -> Path:
    """The shipped directory: inside the installed package, or data/ in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "offices.toml"
    return installed if installed.is_file() else here.parent / "data" / "offices.toml"


def edited_copy(default: Path, cwd: Path) -> Path | None:
    """The clone's data/offices.toml when `cwd` is inside a clone of mops (a folder, or a
    parent of it, with data/offices.toml and the mops_cli package) whose file is not the
    installed `default` and differs from it: the file a user probably edited, which
    `pip install .` copied before the edit. None otherwise (also when anything is unreadable:
    this is a hint, never an error)."""
    try:
        for folder in (cwd, *list(cwd.parents)[:4]):
            candidate = folder / "data" / "offices.toml"
            if not (candidate.is_file() and (folder / "mops_cli").is_dir()):
                continue
            if candidate.resolve() == default.resolve():
                return None
            same = candidate.stat().st_size == default.stat().st_size and (
                candidate.read_bytes() == default.read_bytes()
            )
            return None if same else candidate
    except OSError:
        return None
    return None


# (device, inode, size, modification and change times in ns): what changes when a file does.
Signature = tuple[int, int, int, int, int]

READ_ATTEMPTS = 5


def signature_of(found: os.stat_result) -> Signature:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def signature(path: Path) -> Signature | None:
    """The file's signature now; None if it cannot be looked at."""
    try:
        return signature_of(os.stat(path))
    except (OSError, ValueError):
        return None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a DataError that says in one line why it cannot be read."""
    return read_stable(path)[0]


def read_stable(path: Path) -> tuple[bytes, Signature]:
    """The file's bytes as of one version, and that version's signature: a file that changes
    while it is read (an editor or a script rewriting it in place) is read again."""
    import time

    for attempt in range(READ_ATTEMPTS):
        raw, before, after = _read_once(path)
        if before == after and len(raw) == before[2]:
            return raw, before
        time.sleep(0.01 * (attempt + 1))
    message = _("{path}: the file kept changing while it was read; try again")
    raise DataError(message.format(path=path))


def _read_once(path: Path) -> tuple[bytes, Signature, Signature]:
    try:
        if path.is_dir():
            raise DataError(_("{path}: is a directory, not a data file").format(path=path))
        # Opened without blocking, so that a named pipe (FIFO) with no writer cannot keep
        # `mops` waiting; then only a regular file is read.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                message = _("{path}: not a regular file (a pipe, device or socket)")
                raise DataError(message.format(path=path))
            before = signature_of(os.fstat(descriptor))
            raw = handle.read(MAX_FILE_BYTES + 1)
            after = signature_of(os.fstat(descriptor))
    except FileNotFoundError:
        raise DataError(_("{path}: no such file").format(path=path)) from None
    except PermissionError:
        raise DataError(_("{path}: permission denied").format(path=path)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise DataError(
            _("{path}: cannot read: {reason}").format(path=path, reason=reason)
        ) from None
    except ValueError:  # a NUL character in the path: no file has that name
        raise DataError(_("{path}: not a valid file name").format(path=path)) from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise DataError(
            _("{path}: file too large (over {limit} MiB)").format(path=path, limit=limit)
        )
    return raw, before, after


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text, or a DataError naming the line and column where it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        message = _("{path}: not UTF-8 text (line {line}, column {column})")
        raise DataError(message.format(path=path, line=line, column=column)) from None
    if "\x00" in text:
        raise DataError(_("{path}: binary data, not a TOML text file").format(path=path))
    if not text.strip():
        raise DataError(_("{path}: the file is empty").format(path=path))
    return text
