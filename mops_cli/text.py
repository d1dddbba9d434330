"""Text helpers shared by the loader and the search: cleaning untrusted text, folding for search."""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can
# make text display in another order than it reads ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def clean(text: str, *, multiline: bool = False) -> str:
    """Drop control characters (terminal escapes among them); fold white space.

    A single-line value (a name, an address) becomes one line; a multi-line one (a note)
    keeps its line breaks but loses trailing spaces.
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if multiline:
        return "\n".join(_SPACE.sub(" ", line).strip() for line in text.strip().splitlines())
    if "  " in text or not text.isprintable():
        text = _SPACE.sub(" ", text)
    return text.strip()


def unclean(text: str) -> bool:
    """Whether `text` holds a character clean() removes."""
    return _CONTROL.search(text) is not None


def shown(text: str) -> str:
    """Untrusted text made safe for one line of a message: every control, format (bidi
    among them) and line-separator character becomes a visible escape, like repr() writes
    it ('a\\x1b]0;x\\x07', '\\u2066', '\\n'); everything else is left as it is."""
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char  # letters, marks, symbols, and spaces of any width
    escaped = repr(char)[1:-1]
    return escaped if escaped != char else f"\\u{ord(char):04x}"


# Letters that Unicode decomposition leaves whole, so NFKD alone would not fold them.
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Case- and diacritic-free form for matching: 'Świadczenia Łódź' -> 'swiadczenia lodz'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA).casefold())
    return _COMBINING.sub("", decomposed)


# Letters and digits of any script: the same tokens SQLite's unicode61 tokenizer makes, so
# the cache's full-text index (cache.py) finds what this finds.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of a text: 'Dział Przeciwdziałania' -> ['dzial', 'przeciwdzialania']."""
    return _WORD.findall(fold(text))
