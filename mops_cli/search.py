"""Finding units the way callers name them.

Two questions: which single unit does a command-line argument mean (`resolve`), and which
units does a caller's phrase mean, best first (`search`).

Matching works on folded words (no case, no diacritics, `ł` -> `l`). Polish inflects heavily
("dodatku mieszkaniowego" for "Dodatki Mieszkaniowe"), so two words also match when they share
a stem: a common beginning that leaves only an ending of a few letters on either side; the query
table in tests/test_search.py is what it is held to. A typo ("mieszkaniwe") is caught by a fuzzy
fallback (rapidfuzz) that runs only when nothing matches otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mops_cli.errors import UsageError
from mops_cli.model import Directory, Unit
from mops_cli.phones import looks_like_phone, query_number
from mops_cli.text import fold, words

# How much a match in each field counts.
WEIGHTS = {"id": 10.0, "name": 8.0, "alias": 8.0, "keyword": 5.0, "address": 3.0, "email": 3.0}
FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0-100) for a typo to count as the word


@dataclass(frozen=True, slots=True)
class Match:
    unit: Unit
    score: float
    how: str  # "phone", "email", "words", "fuzzy": how the unit was found


def _names(unit: Unit) -> list[str]:
    return [unit.id, unit.name, *unit.aliases]


def resolve(directory: Directory, query: str) -> Unit:
    """The one unit `query` names: an id, an alias or a name, or a unique prefix of one.

    Raises UsageError for none ("did you mean") and for several (listing them).
    """
    unit = directory.get(query)
    if unit is not None:
        return unit
    folded = fold(query).strip()
    if not folded:
        raise UsageError("no unit given")
    exact = [u for u in directory.units if any(fold(n) == folded for n in _names(u))]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [
        u for u in directory.units if any(fold(n).startswith(folded) for n in _names(u))
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listing = ", ".join(u.id for u in candidates)
        raise UsageError(f"{query!r} matches several units: {listing}; give more of the name")
    suggestions = suggest(directory, query)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UsageError(f"no unit called {query!r}{hint} (see 'mops contacts')")


def suggest(directory: Directory, query: str, limit: int = 3) -> list[str]:
    """Unit ids whose names look like `query`, for "did you mean"."""
    from rapidfuzz import fuzz, process

    choices = {
        f"{u.id}\x00{i}": fold(name) for u in directory.units for i, name in enumerate(_names(u))
    }
    found = process.extract(
        fold(query), choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60
    )
    ids = [key.split("\x00")[0] for _, _, key in found]
    return list(dict.fromkeys(ids))[:limit]


def stem_match(query_word: str, word: str) -> float:
    """How well a query word matches a word of the data: 1 the same word, 0.9 another form
    of it, 0.8 the beginning of it, 0 no match."""
    if query_word == word:
        return 1.0
    if len(query_word) < 3 or len(word) < 3:
        return 0.0
    if word.startswith(query_word):
        return 0.8
    common = 0
    for a, b in zip(query_word, word, strict=False):
        if a != b:
            break
        common += 1
    shorter, longer = sorted((len(query_word), len(word)))
    # A stem leaves an ending of at most 2 letters on the shorter word, 4 on the longer one,
    # and is most of the longer word ("dzieci" is not "dział").
    if common >= 3 and common >= shorter - 2 and common >= longer - 4 and common >= 0.6 * longer:
        return 0.9
    return 0.0


def _fields(unit: Unit) -> list[tuple[float, list[str]]]:
    fields = [(WEIGHTS["id"], words(unit.id)), (WEIGHTS["name"], words(unit.name))]
    fields += [(WEIGHTS["alias"], words(alias)) for alias in unit.aliases]
    fields += [(WEIGHTS["keyword"], words(keyword)) for keyword in unit.keywords]
    if unit.address:
        fields.append((WEIGHTS["address"], words(unit.address)))
    fields += [(WEIGHTS["email"], words(email)) for email in unit.emails]
    return fields


def _word_score(query_word: str, fields: Iterable[tuple[float, list[str]]]) -> float:
    best = 0.0
    for weight, field_words in fields:
        for word in field_words:
            quality = stem_match(query_word, word)
            if quality:
                best = max(best, weight * quality)
    return best


def search(directory: Directory, query: str) -> list[Match]:
    """Units matching a caller's phrase, a phone number or an e-mail address, best first."""
    text = query.strip()
    if not text:
        return []
    if looks_like_phone(text):
        return _by_phone(directory, text)
    if "@" in text:
        wanted = fold(text)
        return [
            Match(u, WEIGHTS["email"], "email")
            for u in directory.units
            if any(wanted in fold(email) for email in u.emails)
        ]
    found = _by_words(directory, words(text))
    return found or _by_fuzzy_words(directory, words(text))


def _by_phone(directory: Directory, text: str) -> list[Match]:
    number = query_number(text)
    digits = "".join(c for c in text if c.isdigit())
    matches = []
    for unit in directory.units:
        if number is not None and any(p.number == number for p in unit.phones):
            matches.append(Match(unit, 10.0, "phone"))
        elif len(digits) >= 6 and any(digits in p.number for p in unit.phones):
            matches.append(Match(unit, 5.0, "phone"))  # a fragment of a number
    return sorted(matches, key=lambda m: -m.score)


def _rank(scored: list[tuple[Unit, float]], how: str, order: dict[str, int]) -> list[Match]:
    scored.sort(key=lambda pair: (-pair[1], order[pair[0].id]))
    return [Match(unit, score, how) for unit, score in scored]


def _by_words(directory: Directory, query_words: list[str]) -> list[Match]:
    """Units that match every query word that matches anything in the directory (so filler
    words such as "numer" or "do" do not hide a result), scored by field weight."""
    if not query_words:
        return []
    indexed = [(unit, _fields(unit)) for unit in directory.units]
    table = {unit.id: [_word_score(w, fields) for w in query_words] for unit, fields in indexed}
    useful = [i for i in range(len(query_words)) if any(s[i] for s in table.values())]
    if not useful:
        return []
    phrase = " ".join(query_words)
    order = {unit.id: index for index, unit in enumerate(directory.units)}
    every: list[tuple[Unit, float]] = []
    some: list[tuple[Unit, float]] = []
    for unit, _ in indexed:
        scores = table[unit.id]
        matched = [i for i in useful if scores[i]]
        if not matched:
            continue
        score = sum(scores[i] for i in matched)
        if len(matched) == len(useful):
            # The whole phrase as a name ("karta duzej rodziny") or a keyword ("zgłoś przemoc").
            if any(" ".join(words(n)) == phrase for n in _names(unit)):
                score += 5.0
            elif any(" ".join(words(k)) == phrase for k in unit.keywords):
                score += 3.0
            every.append((unit, score))
        else:
            some.append((unit, score + 100.0 * len(matched)))  # more words matched ranks first
    # Every word, where some unit has them all; otherwise the units with the most of them.
    return _rank(every or some, "words", order)


def _by_fuzzy_words(directory: Directory, query_words: list[str]) -> list[Match]:
    """The words of the directory closest to each query word, when no word matched exactly."""
    from rapidfuzz import fuzz, process

    vocabulary = sorted({w for unit in directory.units for _, ws in _fields(unit) for w in ws})
    corrected: list[str] = []
    for word in query_words:
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            corrected.append(best[0])
    if not corrected:
        return []
    return [Match(m.unit, m.score, "fuzzy") for m in _by_words(directory, corrected)]
