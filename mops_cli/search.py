"""Finding units the way callers name them.

Two questions: which single unit does a command-line argument mean (`resolve`), and which
units does a caller's phrase mean, best first (`search`).

Matching works on folded words (no case, no diacritics, `ł` -> `l`). Polish inflects heavily
("dodatku mieszkaniowego" for "Dodatki Mieszkaniowe"), so two words also match when they share
a stem: a common beginning that leaves only an ending of a few letters on either side; the query
table in tests/test_contacts.py is what it is held to. A dictionary stemmer was measured against
this rule (pystempel 2.0, the Polimorf table, 2026-11): it takes 5.6 s to load its 11 MB table,
and on this directory's words it splits forms that belong together ("dodatku" -> dodatek but
"dodatki" -> dodatki; "karty" and "karta" stay apart; "kasa" -> kasać), so the rule stays. A typo
("mieszkaniwe") is caught by a fuzzy fallback (rapidfuzz) that runs only when nothing matches
otherwise.

Both questions go through an `Index`: `MemoryIndex` over a loaded directory, or the SQLite
directory cache (cache.py), which answers them without loading every unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from mops_cli.errors import UnknownUnitError, UsageError
from mops_cli.i18n import _
from mops_cli.phones import looks_like_phone, query_number
from mops_cli.text import fold, words

if TYPE_CHECKING:
    from typing import Protocol

    from mops_cli.model import Directory, Phone, Unit

    class Index(Protocol):
        """What searching needs from a directory. Unit lists come in the directory's order."""

        def units(self, ids: Iterable[str]) -> list[Unit]: ...

        def named(self, folded: str, *, prefix: bool) -> list[str]:
            """Ids of units with an id, alias or name equal to (or starting with) `folded`."""
            ...

        def names(self) -> list[tuple[str, str]]:
            """(unit id, folded id / alias / name) for every unit: for "did you mean"."""
            ...

        def postings(self, query_word: str) -> list[tuple[str, str, float]]:
            """(word, unit id, field weight) for the words that can match `query_word`: the same
            word, and, for a word of STEM letters or more, the words sharing its first STEM."""
            ...

        def vocabulary(self) -> list[str]: ...

        def phone_owners(self, number: str | None, digits: str) -> list[tuple[str, float]]:
            """(unit id, score): 10 for the exact number, 5 where `digits` (six or more) is part
            of a number."""
            ...

        def email_owners(self, fragment: str) -> list[str]: ...


# How much a match in each field counts.
WEIGHTS = {
    "id": 10.0, "name": 8.0, "alias": 8.0, "keyword": 5.0, "address": 3.0, "email": 3.0,
    "area": 4.0,
}  # fmt: skip
REFERRAL_FIRST = 50.0  # above any sum of word weights: a referral for the phrase comes first
FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0-100) for a typo to count as the word
STEM = 3  # a stem is at least this long, so candidate words share their first STEM letters


class Match(NamedTuple):
    unit: Unit
    score: float
    how: str  # "phone", "email", "words", "fuzzy": how the unit was found


def names_of(unit: Unit) -> list[str]:
    return [unit.id, unit.name, *unit.aliases]


FIELDS = ("id", "name", "alias", "keyword", "address", "email", "area")


def field_texts(unit: Unit) -> tuple[str, ...]:
    """The searchable text of a unit, one string per field of FIELDS."""
    return (
        unit.id,
        unit.name,
        " ".join(unit.aliases),
        " ".join((*unit.keywords, *unit.matters)),  # a referral's matters are found as keywords
        unit.address or "",
        " ".join(unit.emails),
        " ".join(unit.areas),
    )


def word_postings(unit: Unit) -> dict[str, float]:
    """{folded word: the highest weight it has in the unit}."""
    best: dict[str, float] = {}
    for field, text in zip(FIELDS, field_texts(unit), strict=True):
        weight = WEIGHTS[field]
        for word in words(text):
            if best.get(word, 0.0) < weight:
                best[word] = weight
    return best


def posting_key(word: str) -> str:
    return word[:STEM] if len(word) >= STEM else word


class MemoryIndex:
    """An Index over a directory held in memory."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    @cached_property
    def _by_key(self) -> dict[str, list[tuple[str, str, float]]]:
        """Postings by posting_key, made on the first word search (resolve needs none)."""
        by_key: dict[str, list[tuple[str, str, float]]] = {}
        for unit in self.directory.units:
            for word, weight in word_postings(unit).items():
                by_key.setdefault(posting_key(word), []).append((word, unit.id, weight))
        return by_key

    def units(self, ids: Iterable[str]) -> list[Unit]:
        wanted = set(ids)
        return [u for u in self.directory.units if u.id in wanted]

    def named(self, folded: str, *, prefix: bool) -> list[str]:
        return [
            u.id
            for u in self.directory.units
            if any(
                (fold(n).startswith(folded) if prefix else fold(n) == folded) for n in names_of(u)
            )
        ]

    def names(self) -> list[tuple[str, str]]:
        return [(u.id, fold(n)) for u in self.directory.units for n in names_of(u)]

    def postings(self, query_word: str) -> list[tuple[str, str, float]]:
        found = self._by_key.get(posting_key(query_word), [])
        if len(query_word) < STEM:
            return [p for p in found if p[0] == query_word]
        return found

    def vocabulary(self) -> list[str]:
        return sorted({word for postings in self._by_key.values() for word, _, _ in postings})

    def phone_owners(self, number: str | None, digits: str) -> list[tuple[str, float]]:
        owners = []
        for unit in self.directory.units:
            if number is not None and any(p.number == number for p in unit.phones):
                owners.append((unit.id, 10.0))
            elif len(digits) >= 6 and any(digits in p.number for p in unit.phones):
                owners.append((unit.id, 5.0))
        return owners

    def email_owners(self, fragment: str) -> list[str]:
        return [u.id for u in self.directory.units if any(fragment in fold(e) for e in u.emails)]


def resolve(index: Index, query: str) -> Unit:
    """The one unit `query` names: an id, an alias or a name, or a unique prefix of one.

    Raises UnknownUnitError for none ("did you mean") and for several (listing them).
    """
    exact_id = index.units([query])
    if exact_id:
        return exact_id[0]
    folded = fold(query).strip()
    if not folded:
        raise UnknownUnitError(_("no unit given"))
    candidates = index.named(folded, prefix=False) or index.named(folded, prefix=True)
    if len(candidates) == 1:
        return index.units(candidates)[0]
    if candidates:
        listing = ", ".join(candidates)
        message = _("{query!r} matches several units: {listing}; give more of the name")
        raise UnknownUnitError(message.format(query=query, listing=listing))
    suggestions = suggest(index, query)
    if suggestions:
        message = _("no unit called {query!r}; did you mean {ideas}? (see 'mops contacts')")
    else:
        message = _("no unit called {query!r} (see 'mops contacts')")
    raise UnknownUnitError(message.format(query=query, ideas=", ".join(suggestions)))


def suggest(index: Index, query: str, limit: int = 3) -> list[str]:
    """Unit ids for "did you mean": the units whose words (keywords among them) the query
    names ("cash": kasy), else those with a name, or a word of one, that is the query with a
    typo. Nothing for a query of one or two letters (anything looks like those), nor for one
    that is close to nothing."""
    folded = fold(query).strip()
    if len(folded) < STEM:
        return []
    by_words = _by_words(index, _meaningful(words(query)), "words")
    if by_words:
        return list(dict.fromkeys(m.unit.id for m in by_words))[:limit]
    from rapidfuzz import fuzz

    scored: dict[str, float] = {}
    for unit_id, name in index.names():
        score = max(fuzz.ratio(folded, part) for part in [name, *name.split()])
        if score >= FUZZY_CUTOFF and score > scored.get(unit_id, 0.0):
            scored[unit_id] = score
    ranked = sorted(scored, key=lambda unit_id: -scored[unit_id])  # stable: the file's order
    return ranked[:limit]


def stem_match(query_word: str, word: str) -> float:
    """How well a query word matches a word of the data: 1 the same word, 0.9 another form
    of it, 0.8 the beginning of it, 0 no match."""
    if query_word == word:
        return 1.0
    if len(query_word) < STEM or len(word) < STEM:
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
    if common >= STEM and common >= shorter - 2 and common >= longer - 4 and common >= 0.6 * longer:
        return 0.9
    return 0.0


# The data names audiences in Polish; these English words ask for the same.
AUDIENCE_WORDS = {
    "children": "dzieci", "kids": "dzieci", "child": "dzieci", "youth": "młodzież",
    "young": "młodzież", "teenagers": "młodzież", "adults": "dorośli", "adult": "dorośli",
    "witnesses": "świadkowie", "everyone": "wszyscy", "seniors": "seniorzy",
}  # fmt: skip


def audience_words(audience: str) -> list[str]:
    """The folded words of an audience asked for, English ones in the data's Polish."""
    return [fold(AUDIENCE_WORDS.get(w, w)) for w in words(audience)]


def _for(unit: Unit, wanted: list[str]) -> bool:
    return all(
        any(stem_match(w, word) for text in unit.audience for word in words(text)) for w in wanted
    )


def for_audience(units: list[Unit], audience: str) -> list[Unit]:
    """The units for `audience` ("dzieci", "dorośli", "children"...) and, when any is, the
    emergency ones, which are for everybody. An audience no unit names is a mistake in the
    question: a UsageError that lists the audiences the data knows."""
    wanted = audience_words(audience)
    unknown = [
        original
        for original, w in zip(words(audience), wanted, strict=True)
        if not any(_for(unit, [w]) for unit in units)
    ]
    if unknown:
        known = ", ".join(audiences(units))
        message = _("unknown audience {audience!r} (known: {known})")
        raise UsageError(message.format(audience=" ".join(unknown), known=known))
    chosen = {unit.id for unit in units if _for(unit, wanted)}
    if not chosen:
        return []
    return [unit for unit in units if unit.emergency or unit.id in chosen]


def audiences(units: Iterable[Unit]) -> list[str]:
    """Every audience the units name, once, in the file's order."""
    return list(dict.fromkeys(text for unit in units for text in unit.audience))


def matching_phones(unit: Unit, query: str) -> tuple[Phone, ...]:
    """The unit's numbers that a number asked for names: the same number, else the numbers
    that hold its digits (six or more), as Index.phone_owners finds their units."""
    number = query_number(query)
    exact = tuple(p for p in unit.phones if number is not None and p.number == number)
    if exact:
        return exact
    digits = "".join(c for c in query if c.isdigit())
    return tuple(p for p in unit.phones if len(digits) >= 6 and digits in p.number)


def search(index: Index, query: str) -> list[Match]:
    """Units matching a caller's phrase, a phone number or an e-mail address, best first."""
    text = query.strip()
    if not text:
        return []
    if looks_like_phone(text):
        number = query_number(text)
        digits = "".join(c for c in text if c.isdigit())
        owners = dict(index.phone_owners(number, digits))
        ranked = [Match(u, owners[u.id], "phone") for u in index.units(owners)]
        return sorted(ranked, key=lambda m: -m.score)
    if "@" in text:
        return [
            Match(u, WEIGHTS["email"], "email") for u in index.units(index.email_owners(fold(text)))
        ]
    query_words = _meaningful(words(text))
    found = _by_words(index, query_words, "words")
    return found or _by_fuzzy_words(index, query_words)


# Words of an address that say what kind of place follows, not which: "ul. Legnickiej 12" is
# about Legnicka, and would otherwise match every unit with "ul." in its address.
ADDRESS_WORDS = frozenset(
    ("ul", "ulica", "ulicy", "ulice", "al", "aleja", "alei", "pl", "plac", "placu", "os",
     "osiedle", "osiedla", "osiedlu", "nr", "numer", "street", "st")
)  # fmt: skip


# Prepositions and conjunctions (folded), in Polish and English.
FILLER_WORDS = frozenset(
    ("na", "w", "we", "do", "z", "ze", "od", "o", "u", "przy", "dla", "po", "i", "oraz", "a",
     "lub", "albo", "the", "of", "for", "in", "at", "to", "and", "on", "or")
)  # fmt: skip


def _meaningful(query_words: list[str]) -> list[str]:
    """The query without address words, unless that leaves nothing ("plac" alone)."""
    return [w for w in query_words if w not in ADDRESS_WORDS] or query_words


def _by_words(index: Index, query_words: list[str], how: str) -> list[Match]:
    """Units that match every query word that matches anything in the directory (so filler
    words such as "numer" or "do" do not hide a result), scored by field weight; where no unit
    has them all, the units with the most of them."""
    if not query_words:
        return []
    scores: dict[str, list[float]] = {}
    for position, query_word in enumerate(query_words):
        for word, unit_id, weight in index.postings(query_word):
            quality = stem_match(query_word, word)
            if quality:
                row = scores.setdefault(unit_id, [0.0] * len(query_words))
                row[position] = max(row[position], weight * quality)
    useful = [i for i in range(len(query_words)) if any(row[i] for row in scores.values())]
    # "na Borku", "dla seniorów": a little word counts where it matches, but is not required,
    # and does not make a match alone. So does a digit run among words ("800 plus", "Rodzina
    # 800+"): it names a matter or a house number, not the digits of some phone number.
    mixed = not all(w.isdigit() for w in query_words)
    required = [
        i
        for i in useful
        if query_words[i] not in FILLER_WORDS and not (mixed and query_words[i].isdigit())
    ] or useful
    if not required:
        return []
    if all(query_words[i].isdigit() for i in required) and not all(
        w.isdigit() for w in query_words
    ):
        return []  # "Legnickiej 12": the house number alone does not name a unit
    phrase = " ".join(query_words)
    every = [unit_id for unit_id, row in scores.items() if all(row[i] for i in required)]
    ranked: list[tuple[Unit, float]] = []
    # Only the units that will be shown are loaded: those with every word, else the rest.
    for unit in index.units(
        every or (u for u, row in scores.items() if any(row[i] for i in required))
    ):
        row = scores[unit.id]
        score = sum(row[i] for i in useful if row[i])
        matched = [i for i in required if row[i]]
        if every:
            # The whole phrase as a name ("karta duzej rodziny") or a keyword ("zgłoś przemoc").
            if any(" ".join(words(n)) == phrase for n in names_of(unit)):
                score += 5.0
            elif any(" ".join(words(k)) == phrase for k in (*unit.keywords, *unit.matters)):
                # A referral names the matter asked about: it goes first ("not MOPS: go there").
                score += REFERRAL_FIRST if unit.category == "referral" else 3.0
        else:
            score += 100.0 * len(matched)  # more words matched ranks first
        ranked.append((unit, score))
    ranked.sort(key=lambda pair: -pair[1])  # stable: ties keep the directory's order
    return [Match(unit, score, how) for unit, score in ranked]


def _by_fuzzy_words(index: Index, query_words: list[str]) -> list[Match]:
    """The words of the directory closest to each query word, when no word matched exactly."""
    from rapidfuzz import fuzz, process

    vocabulary = index.vocabulary()
    corrected: list[str] = []
    for word in query_words:
        if len(word) <= STEM or word.isdigit():  # "12" is not a typo of "112", nor "ab" of "al"
            continue
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            corrected.append(best[0])
    return _by_words(index, corrected, "fuzzy") if corrected else []
