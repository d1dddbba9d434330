"""Output formats for other systems and for people without a terminal: one module per format,
each a function of the core's objects. `cli.py` only wires them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mops_cli.errors import UsageError
from mops_cli.i18n import _

# FORMAT of `mops export FORMAT` -> the module that writes it.
FORMATS: dict[str, str] = {
    "html": "mops_cli.export.html",
}


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed into place, so a reader never
    sees half a file and an interrupted export leaves the old one whole."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        message = _("cannot write {path}: {reason}")
        raise UsageError(message.format(path=path, reason=exc.strerror or exc)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        message = _("cannot write {path}: {reason}")
        raise UsageError(message.format(path=path, reason=exc.strerror or exc)) from None
