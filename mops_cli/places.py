"""Does a caller's phrase name a street or a place, and does the directory map it?

No public page maps Wrocław's streets to the field social-work teams (ZTPS): only a few units
have `areas`. A phrase that reads as an address ("ul. Jedności Narodowej", "Jedności Narodowej
5", "os. Kosmonautów", or a place of the directory's `places` list such as "Nadodrze") that no
unit's areas or name match gets an honest answer instead of "nothing found": the directory
cannot say which team serves it, and the `fallback` unit is the one to call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mops_cli.text import words

if TYPE_CHECKING:
    from mops_cli.model import Unit

# The words that open a Polish address (folded, the abbreviations without their dot).
PLACE_PREFIXES = frozenset(
    ("ul", "ulica", "ulicy", "ulice", "al", "aleja", "alei", "aleje", "pl", "plac", "placu",
     "os", "osiedle", "osiedla", "osiedlu")
)  # fmt: skip
# A house number ending the phrase: "5", "12a", "7/9". Not "800+": that is a matter.
HOUSE_NUMBER = re.compile(r"\s\d{1,4}[a-zA-Z]?(?:/\d{1,4}[a-zA-Z]?)?$")


def _named_words(phrase: str) -> list[str]:
    """The words that name the place: without the address words and the house number."""
    from mops_cli.search import FILLER_WORDS

    return [
        w for w in words(phrase) if w not in PLACE_PREFIXES and w not in FILLER_WORDS
        and not w.isdigit()
    ]  # fmt: skip


def reads_as_place(phrase: str, places: Iterable[str] = ()) -> bool:
    """Whether `phrase` reads as a street or a place: it opens with an address word, ends
    with a house number after a name, or names a place of `places` (in any form:
    "na Nadodrzu")."""
    from mops_cli.search import stem_match

    text = phrase.strip()
    folded = words(text)
    named = _named_words(text)
    if not named:
        return False
    if folded[0] in PLACE_PREFIXES or HOUSE_NUMBER.search(text):
        return True
    for place in places:
        place_words = words(place)
        if place_words and all(any(stem_match(q, w) for q in named) for w in place_words):
            return True
    return False


def _covers(texts: Iterable[str], named: list[str]) -> bool:
    from mops_cli.search import stem_match

    own = [w for text in texts for w in words(text)]
    return all(any(stem_match(q, w) for w in own) for q in named)


def unmapped(phrase: str, places: Iterable[str], found: Iterable[Unit]) -> bool:
    """Whether `phrase` reads as a place that none of the units found maps (by its `areas`),
    names (by its id, name or aliases: "ZTPS 4" is a team, not an address) or is at (by its
    address: "Strzegomska 6" is the centre's)."""
    if not reads_as_place(phrase, places):
        return False
    named = _named_words(phrase)
    return not any(
        _covers(unit.areas, named)
        or _covers((unit.id, unit.name, *unit.aliases), named)
        or _covers((unit.address or "",), named)
        for unit in found
    )
