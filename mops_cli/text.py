"""Text helpers shared by the loader and the search: cleaning untrusted text, folding for search."""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can
# make text display in another order than it reads ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def clean(text: str, *, multiline: bool = False) -> str:
    """Drop control characters (terminal escapes among them); fold white space.

    A single-line value (a name, an address) becomes one line; a multi-line one (a note)
    keeps its line breaks but loses trailing spaces.
    """
    text = _CONTROL.sub("", text)
    if multiline:
        return "\n".join(_SPACE.sub(" ", line).strip() for line in text.strip().splitlines())
    return _SPACE.sub(" ", text).strip()


# Letters that Unicode decomposition leaves whole, so NFKD alone would not fold them.
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def fold(text: str) -> str:
    """Case- and diacritic-free form for matching: 'Świadczenia Łódź' -> 'swiadczenia lodz'."""
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> list[str]:
    """The folded words of a text: 'Dział Przeciwdziałania' -> ['dzial', 'przeciwdzialania']."""
    return _WORD.findall(fold(text))
