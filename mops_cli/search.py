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

import math
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from mops_cli.errors import UnknownUnitError, UsageError
from mops_cli.i18n import N_, _
from mops_cli.phones import looks_like_phone, query_number
from mops_cli.text import fold, words

if TYPE_CHECKING:
    from typing import Protocol

    from mops_cli.model import DirectoryData, Phone, Unit

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
# Work per question is bounded (issue 23): a caller's question is read up to MAX_QUERY_CHARS,
# its first MAX_QUERY_WORDS different words are looked up, and a "word" longer than MAX_WORD
# letters is no word of any language (it is skipped, so fuzzy matching never compares it).
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 24
MAX_WORD = 40
FILLER_SHARE = 0.1  # what a little word that matches counts, of its field weight
NAME_PHRASE = 60.0  # the query's meaningful words are a name of the unit
KEYWORD_PHRASE = 50.0  # ... or one of its keywords
REORDERED = 0.9  # of those, for the same words in another order


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

    def __init__(self, directory: DirectoryData) -> None:
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


class RememberingIndex:
    """An Index that remembers what it was asked, for one run over one version of the file.

    A long run (`mops ask`, the Python API) asks for the same words and units at question after
    question, and each answer from the SQLite cache costs queries and decoding. The session
    keeps one version of the file for the whole run (session.py), so an answer once read stays
    true; at most LIMIT answers are kept (then all are forgotten), so memory stays flat."""

    LIMIT = 4096

    def __init__(self, source: Index) -> None:
        self.source = source
        self._memo: dict[tuple[object, ...], tuple[Any, ...]] = {}

    def _remember(self, key: tuple[object, ...], ask: Callable[[], Iterable[Any]]) -> list[Any]:
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= self.LIMIT:
                self._memo.clear()
            found = self._memo[key] = tuple(ask())
        return list(found)  # a list of its own: a caller may change what it is given

    def units(self, ids: Iterable[str]) -> list[Unit]:
        wanted = tuple(dict.fromkeys(ids))
        return self._remember(("units", wanted), lambda: self.source.units(wanted))

    def named(self, folded: str, *, prefix: bool) -> list[str]:
        key = ("named", folded, prefix)
        return self._remember(key, lambda: self.source.named(folded, prefix=prefix))

    def names(self) -> list[tuple[str, str]]:
        return self._remember(("names",), self.source.names)

    def postings(self, query_word: str) -> list[tuple[str, str, float]]:
        return self._remember(("postings", query_word), lambda: self.source.postings(query_word))

    def vocabulary(self) -> list[str]:
        return self._remember(("vocabulary",), self.source.vocabulary)

    def phone_owners(self, number: str | None, digits: str) -> list[tuple[str, float]]:
        key = ("phone", number, digits)
        return self._remember(key, lambda: self.source.phone_owners(number, digits))

    def email_owners(self, fragment: str) -> list[str]:
        return self._remember(("email", fragment), lambda: self.source.email_owners(fragment))


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
    folded = fold(query[:MAX_QUERY_CHARS]).strip()
    if len(folded) < STEM:
        return []
    by_words = _by_words(index, query_words(query), "words")
    if by_words:
        return list(dict.fromkeys(m.unit.id for m in by_words))[:limit]
    from rapidfuzz import fuzz

    folded = folded[: 2 * MAX_WORD]  # a name is compared with the beginning of a long question
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


# The people callers describe, each group with the words that name it in Polish and English
# (any grammatical form matches: "kobietom", "dorosłych", "świadków" by the stem rule).
AUDIENCE_GROUPS: dict[str, tuple[str, ...]] = {
    "women": ("kobiety", "kobieta", "women", "woman", "female"),
    "men": ("mężczyźni", "mężczyzna", "men", "man", "male"),
    "victims": ("ofiary", "ofiara", "pokrzywdzeni", "pokrzywdzony", "victims", "victim"),
    "witnesses": ("świadkowie", "świadek", "witnesses", "witness"),
    "children": ("dzieci", "dziecko", "children", "child", "kids", "kid"),
    "youth": ("młodzież", "nastolatki", "nastolatek", "youth", "young", "teenagers", "teens"),
    "adults": ("dorośli", "dorosły", "dorosła", "adults", "adult", "grown-ups"),
    "seniors": ("seniorzy", "senior", "starsi", "starsze", "seniors", "elderly", "older"),
    "families": ("rodziny", "rodzina", "rodzice", "families", "family", "parents"),
}
# Each group's name, as --for's list of known audiences shows it.
AUDIENCE_NAMES = {
    "women": N_("women"), "men": N_("men"), "victims": N_("victims"),
    "witnesses": N_("witnesses"), "children": N_("children"), "youth": N_("youth"),
    "adults": N_("adults"), "seniors": N_("seniors"), "families": N_("families"),
}  # fmt: skip
# For completion of --for: the English words, as before, and the groups' words.
AUDIENCE_WORDS = list(dict.fromkeys(w for forms in AUDIENCE_GROUPS.values() for w in forms))

# What a line's audience says (folded word beginnings) -> the groups it serves. A line for
# people facing violence or crime serves victims, and, unless it is for children or seniors,
# adults, women, men and families: a domestic-violence line is for all of them; one for
# people in a crisis serves adults, women and men. 112 ("wszyscy") is added to any answer as
# an emergency number, not chosen as a line for a group.
_SERVES = (
    (("przemoc", "pokrzywdz", "ofiar"), ("victims",)),
    (("swiadk", "swiadek"), ("witnesses",)),
    (("dzieci", "dziecko", "dziecka"), ("children",)),
    (("mlodziez",), ("youth",)),
    (("senior", "starsz"), ("seniors",)),
    (("dorosl", "mieszkan"), ("adults", "women", "men")),
    (("rodzin", "bliscy", "opiekun", "dorosli zglaszajacy"), ("families",)),
    (("kobiet",), ("women",)),
    (("mezczyzn",), ("men",)),
)
_YOUNG_OR_OLD = ("dzieci", "dziecko", "mlodziez", "senior", "starsz")


def served(unit: Unit) -> frozenset[str]:
    """The audience groups a line serves, from what its `audience` says."""
    groups: set[str] = set()
    for text in unit.audience:
        folded = fold(text)
        for stems, serves in _SERVES:
            if any(stem in folded for stem in stems):
                groups.update(serves)
        if not any(s in folded for s in _YOUNG_OR_OLD):
            if any(s in folded for s in ("przemoc", "pokrzywdz")):
                wide = {"adults", "women", "men", "families"}
            elif "kryzys" in folded:
                wide = {"adults", "women", "men"}
            else:
                wide = set()
            # "kobiety doznające przemocy": for women, not for men (and the other way round).
            if "kobiet" in folded:
                wide.discard("men")
            if "mezczyzn" in folded:
                wide.discard("women")
            groups.update(wide)
    return frozenset(groups)


def audience_group(word: str) -> str | None:
    """The group a folded word of --for names ("kobietom" -> "women"), or None."""
    for group, forms in AUDIENCE_GROUPS.items():
        if any(stem_match(word, fold(form)) or stem_match(fold(form), word) for form in forms):
            return group
    return None


def audience_words(audience: str) -> list[str]:
    """The folded words of an audience asked for, without little words ("dla kobiet")."""
    asked = words(audience[:MAX_QUERY_CHARS])
    return [w for w in asked if w not in FILLER_WORDS] or asked


def _for(unit: Unit, word: str) -> bool:
    group = audience_group(word)
    if group is not None and group in served(unit):
        return True
    return any(stem_match(word, w) for text in unit.audience for w in words(text))


def for_audience(units: list[Unit], audience: str) -> list[Unit]:
    """The units for `audience` ("kobiety", "dorosłym", "children"...: every word must fit)
    and, when any is, the emergency ones, which are for everybody. A word that names neither
    a group of AUDIENCE_GROUPS nor anything a line's audience says is a mistake in the
    question: a UsageError that lists the audiences known."""
    wanted = audience_words(audience)
    unknown = [
        w for w in wanted if audience_group(w) is None and not any(_for(u, w) for u in units)
    ]
    if unknown:
        groups = [_(name) for name in AUDIENCE_NAMES.values()]
        known = ", ".join(dict.fromkeys([*groups, *audiences(units)]))
        message = _("unknown audience {audience!r} (known: {known})")
        raise UsageError(message.format(audience=" ".join(unknown), known=known))
    chosen = {unit.id for unit in units if all(_for(unit, w) for w in wanted)}
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
    text = query[:MAX_QUERY_CHARS].strip()
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
    asked = query_words(text)
    found = _by_words(index, asked, "words")
    return found or _by_fuzzy_words(index, asked)


def query_words(text: str) -> list[str]:
    """The words of a question that are looked up: folded, each once, none longer than
    MAX_WORD, at most MAX_QUERY_WORDS of them, address words left out (see _meaningful)."""
    found = dict.fromkeys(w for w in words(text[:MAX_QUERY_CHARS]) if len(w) <= MAX_WORD)
    return _meaningful(list(found)[:MAX_QUERY_WORDS])


# Words of an address that say what kind of place follows, not which: "ul. Legnickiej 12" is
# about Legnicka, and would otherwise match every unit with "ul." in its address.
ADDRESS_WORDS = frozenset(
    ("ul", "ulica", "ulicy", "ulice", "al", "aleja", "alei", "pl", "plac", "placu", "os",
     "osiedle", "osiedla", "osiedlu", "nr", "numer", "street", "st")
)  # fmt: skip


# The little words of a sentence (folded), in Polish and English: prepositions, conjunctions,
# pronouns, particles, the verbs a caller wraps a question in ("szukam", "I need"). They count
# where they match beside a word that carries meaning, but never make a match on their own:
# "sąsiadka nie otwiera drzwi" is not about every unit with "nie" in a keyword.
FILLER_WORDS = frozenset(
    # Polish: prepositions and conjunctions
    ("na", "w", "we", "do", "z", "ze", "od", "o", "u", "przy", "dla", "po", "i", "oraz", "a",
     "lub", "albo", "za", "przez", "pod", "nad", "bez", "przed", "między", "miedzy", "ku",
     "ale", "bo", "że", "ze", "żeby", "zeby", "aby", "gdy", "jeśli", "jesli", "jeżeli",
     "jezeli", "czy", "to", "tak", "też", "tez", "też", "już", "juz", "jeszcze", "tylko",
     "nie", "ni", "się", "sie", "sobie", "siebie",
     # pronouns
     "ja", "ty", "on", "ona", "ono", "my", "wy", "oni", "one", "mnie", "mi", "mną", "mna",
     "ciebie", "cię", "cie", "ci", "go", "jego", "mu", "jej", "ją", "ja", "nas", "nam", "was",
     "wam", "ich", "im", "nich", "nim", "niej", "nią", "nia", "mój", "moj", "moja", "moje",
     "mojego", "mojej", "moim", "moją", "moja", "moi", "moich", "twój", "twoj", "twoja",
     "swój", "swoj", "swoja", "swoje", "swojego", "swojej", "ten", "ta", "te", "tego", "tej",
     "tym", "tą", "tamten", "ktoś", "ktos", "coś", "cos", "kto", "co", "czego", "czym",
     "który", "ktory", "która", "ktora", "które", "ktore", "jaki", "jaka", "jakie", "gdzie",
     "kiedy", "jak", "ile", "dlaczego", "czemu",
     # verbs and words a question is wrapped in
     "jest", "są", "sa", "być", "byc", "był", "byl", "była", "byla", "jestem", "mam", "ma",
     "mamy", "mają", "maja", "chcę", "chce", "chciałbym", "chcialbym", "chciałabym",
     "chcialabym", "szukam", "potrzebuję", "potrzebuje", "proszę", "prosze", "można",
     "mozna", "mogę", "moge", "może", "moze", "muszę", "musze", "trzeba", "potrzebna",
     "potrzebny", "potrzebne", "pilnie", "szybko", "dzień", "dzien",
     "dobry", "dobre", "dobra", "bardzo", "teraz", "tu", "tutaj", "tam", "zadzwonić",
     "zadzwonic", "dzwonić", "dzwonic", "dzwonię", "dzwonie", "zrobić", "zrobic", "robić",
     "robic",
     # English
     "the", "of", "for", "in", "at", "to", "and", "on", "or", "a", "an", "is", "are", "am",
     "be", "was", "were", "i", "im", "me", "my", "we", "our", "you", "your", "he", "him",
     "his", "she", "her", "it", "its", "they", "them", "their", "this", "that", "there",
     "what", "where", "who", "whom", "how", "when", "which", "why", "with", "from", "about",
     "by", "as", "can", "could", "do", "does", "did", "have", "has", "had", "need", "needs",
     "want", "wants", "please", "someone", "somebody", "not", "no", "dont", "don", "t", "s",
     "get", "call", "any", "some", "would", "should", "will", "just", "so", "if", "but",
     "hello", "hi", "number")
)  # fmt: skip


def _meaningful(query_words: list[str]) -> list[str]:
    """The query without address words, unless that leaves nothing ("plac" alone)."""
    return [w for w in query_words if w not in ADDRESS_WORDS] or query_words


def _by_words(index: Index, query_words: list[str], how: str) -> list[Match]:
    """Units that match the query's words that carry meaning, best first.

    Little words (FILLER_WORDS) count where they match but never make a match alone. A word
    that matches few units says more than one that matches many ("opłata za dom pomocy":
    "opłata" more than "pomocy"), so each word counts by field weight times 1 + ln(m / n),
    n the units it matches and m those any meaningful word matches; a little word counts
    FILLER_SHARE of its weight, to break ties ("na Borku"). The whole phrase (its meaningful
    words) as a name adds NAME_PHRASE, as a keyword KEYWORD_PHRASE: more than any word can,
    so a unit the caller named ranks first ("pogotowie rodzinne", "dom opieki dla mamy").
    The units with every meaningful word that matches anything come first; where none has
    them all, the units with most of that weight."""
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
    # A digit run among words ("800 plus", "Rodzina 800+") names a matter or a house number,
    # not the digits of some phone number: like a little word, it is not required.
    mixed = not all(w.isdigit() for w in query_words)
    required = [
        i
        for i in useful
        if query_words[i] not in FILLER_WORDS and not (mixed and query_words[i].isdigit())
    ]
    if not required:
        return []  # "nie", "do", "the": a little word alone names nothing
    if all(query_words[i].isdigit() for i in required) and not all(
        w.isdigit() for w in query_words
    ):
        return []  # "Legnickiej 12": the house number alone does not name a unit
    candidates = {u: row for u, row in scores.items() if any(row[i] for i in required)}
    reach = len(candidates)
    rarity = [
        FILLER_SHARE
        if query_words[i] in FILLER_WORDS
        else 1.0 + math.log(reach / max(1, sum(1 for row in candidates.values() if row[i])))
        for i in range(len(query_words))
    ]
    phrase = content_phrase(query_words)
    every = [u for u, row in candidates.items() if all(row[i] for i in required)]
    ranked: list[tuple[Unit, float]] = []
    # Only the units that will be shown are loaded: those with every word, else the rest.
    for unit in index.units(every or candidates):
        row = candidates[unit.id]
        score = sum(row[i] * rarity[i] for i in useful if row[i])
        if every:
            # The whole phrase as a name ("karta duzej rodziny") or a keyword ("zgłoś przemoc").
            names, keywords = unit_phrases(unit)
            bonus = phrase_bonus(phrase, names, keywords)
            score += bonus
            if unit.category == "referral" and phrase_bonus(phrase, (), keywords):
                # A referral names the matter asked about: it goes first ("not MOPS: go there").
                score += REFERRAL_FIRST
        ranked.append((unit, score))
    ranked.sort(key=lambda pair: -pair[1])  # stable: ties keep the directory's order
    return [Match(unit, score, how) for unit, score in ranked]


def phrase_bonus(phrase: str, names: Sequence[str], keywords: Sequence[str]) -> float:
    """NAME_PHRASE when the phrase is a name, else KEYWORD_PHRASE when it is a keyword; in
    another order of its words, REORDERED of that (Polish puts them either way: "samobójcze
    myśli"; English does not: "care home" is not "home care"); half of that when a
    phrase of two words or more is part of one, in its order ("telefon zaufania dla dzieci" in
    "Telefon Zaufania dla Dzieci i Młodzieży"); else 0."""
    for bonus, phrases in ((NAME_PHRASE, names), (KEYWORD_PHRASE, keywords)):
        if phrase in phrases:
            return bonus
    # In another order, a little less: "care home" is not "home care".
    bag = sorted(phrase.split())
    for bonus, phrases in ((NAME_PHRASE, names), (KEYWORD_PHRASE, keywords)):
        if any(sorted(p.split()) == bag for p in phrases):
            return bonus * REORDERED
    if " " in phrase:
        inner = f" {phrase} "
        for bonus, phrases in ((NAME_PHRASE, names), (KEYWORD_PHRASE, keywords)):
            if any(inner in f" {p} " for p in phrases):
                return bonus / 2
    return 0.0


@lru_cache(maxsize=4096)  # a long run weighs the same units' phrases at question after question
def unit_phrases(unit: Unit) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The content phrases of the unit's names, and of its keywords and matters (a referral's
    matters are what callers ask for)."""
    keywords = tuple(content_phrase(words(k)) for k in (*unit.keywords, *unit.matters))
    return tuple(content_phrase(words(n)) for n in names_of(unit)), keywords


def content_phrase(phrase_words: Iterable[str]) -> str:
    """The words of a phrase that carry meaning, as one string: 'opłata za DPS' -> 'oplata
    dps'. A query and a name or keyword are the same phrase when these are equal."""
    return " ".join(w for w in phrase_words if w not in FILLER_WORDS)


def _by_fuzzy_words(index: Index, query_words: list[str]) -> list[Match]:
    """The words of the directory closest to each query word, when no word matched exactly."""
    from rapidfuzz import fuzz, process

    vocabulary = index.vocabulary()
    corrected: list[str] = []
    for word in query_words:
        if (
            len(word) <= STEM or word.isdigit() or word in FILLER_WORDS
        ):  # "12" is not a typo of "112", nor "ab" of "al"
            continue
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            corrected.append(best[0])
    return _by_words(index, corrected, "fuzzy") if corrected else []
