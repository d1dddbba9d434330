"""Compile the translation catalogues: `python -m mops_cli.catalogues` after editing a .po file.

A developer's tool, not a part of the program (which reads the compiled .mo through gettext):
Babel reads the .po files and writes the .mo files, as msgfmt would (fuzzy and untranslated
entries left out).
"""

from __future__ import annotations

import io
from pathlib import Path

from mops_cli.i18n import DOMAIN, LOCALE_DIR


def read(po: Path) -> dict[str, str | tuple[str, ...]]:
    """{msgid: msgstr} of a .po file, {"singular\\0plural": (forms)} for plural messages; only
    the translated, non-fuzzy entries, as gettext will see them."""
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalog = read_po(file, ignore_obsolete=True)
    entries: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        msgid, string = message.id, message.string
        if not msgid or message.fuzzy:
            continue
        if isinstance(msgid, (tuple, list)):
            forms = tuple(string) if isinstance(string, (tuple, list)) else ()
            if forms and all(forms):
                entries["\0".join(msgid)] = forms
        elif isinstance(string, str) and string:
            entries[msgid] = string
    return entries


def compile_catalogue(po: Path) -> bytes:
    """The .mo (GNU gettext binary catalogue) of a .po file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalog = read_po(file, ignore_obsolete=True)
    output = io.BytesIO()
    write_mo(output, catalog, use_fuzzy=False)
    return output.getvalue()


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def main() -> None:
    """Recompile every .po under mops_cli/locale into its .mo."""
    for po in catalogues():
        po.with_suffix(".mo").write_bytes(compile_catalogue(po))
        print(f"compiled {po.with_suffix('.mo')}")


if __name__ == "__main__":
    main()
