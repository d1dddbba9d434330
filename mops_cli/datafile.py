"""The directory file as bytes and text: what can go wrong before any TOML is read."""

from __future__ import annotations

from pathlib import Path

from mops_cli.errors import DataError

MAX_FILE_BYTES = 64 * 1024 * 1024


def default_data_path() -> Path:
    """The shipped directory: inside the installed package, or data/ in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "offices.toml"
    return installed if installed.is_file() else here.parent / "data" / "offices.toml"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a DataError that says in one line why it cannot be read."""
    try:
        if path.is_dir():
            raise DataError(f"{path}: is a directory, not a data file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(f"{path}: file too large (over {MAX_FILE_BYTES // (1024 * 1024)} MiB)")
    return raw


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text, or a DataError naming the line and column where it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise DataError(f"{path}: not UTF-8 text (line {line}, column {column})") from None
    if "\x00" in text:
        raise DataError(f"{path}: binary data, not a TOML text file")
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    return text
