"""The callers' table (tests/caller_phrasings.py): what people say finds the right unit first.

Each phrasing must find its unit among the first three; at least 95% must find it first (the
README gives the measured shares). Both indexes answer the same: the directory in memory and
the SQLite cache. Then the bounds on the work a question costs (issue 23).
"""

from __future__ import annotations

import os
import time

import pytest
from caller_phrasings import CRISIS, PHRASINGS
from conftest import DATA

from mops_cli.errors import UnknownUnitError
from mops_cli.loader import load
from mops_cli.search import MemoryIndex, resolve, search, suggest
from mops_cli.session import Environment, Session

MEMORY = MemoryIndex(load(DATA))


def _first_three(index: object, query: str) -> list[str]:
    return [m.unit.id for m in search(index, query)][:3]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = tmp_path_factory.mktemp("cache")
    env = Environment({**os.environ, "MOPS_CACHE_DIR": str(folder), "MOPS_CACHE_SYNC": "1"})
    assert type(Session(DATA, env).index).__name__ == "MemoryIndex"  # and writes the cache
    found = Session(DATA, env).index
    assert type(found.source).__name__ == "Store"  # type: ignore[attr-defined]
    return found


def _right(expected: str | tuple[str, ...]) -> tuple[str, ...]:
    return (expected,) if isinstance(expected, str) else expected


def test_the_table_is_large_and_names_units_that_exist():
    ids = {unit.id for unit in MEMORY.directory.units}
    assert len(PHRASINGS) >= 100
    assert len({query for query, _ in PHRASINGS}) == len(PHRASINGS)  # no row twice
    assert {unit for _, expected in PHRASINGS for unit in _right(expected)} <= ids


@pytest.mark.parametrize(("query", "expected"), PHRASINGS)
def test_each_phrasing_finds_its_unit_among_the_first_three(query, expected):
    assert set(_right(expected)) & set(_first_three(MEMORY, query))


def test_at_least_95_percent_find_their_unit_first():
    first = sum(_first_three(MEMORY, q)[:1] in ([e] for e in _right(x)) for q, x in PHRASINGS)
    assert first / len(PHRASINGS) >= 0.95, f"{first} of {len(PHRASINGS)}"


def test_the_cache_ranks_every_phrasing_as_memory_does(store):
    for query, _ in PHRASINGS:
        assert _first_three(store, query) == _first_three(MEMORY, query), query


@pytest.mark.parametrize(
    "query",
    [
        "nie",
        "za",
        "do",
        "dla",
        "the",
        "for",
        "nie do za",
        "I need",
        "czy jest",
        "czy ktoś tam jest",
    ],
)
def test_little_words_alone_find_nothing(query):
    assert search(MEMORY, query) == []


def test_a_little_word_does_not_widen_a_match():
    """'sąsiadka nie otwiera drzwi' was 9 units matched on 'nie'; now the one that helps."""
    found = [m.unit.id for m in search(MEMORY, "sąsiadka nie otwiera drzwi")]
    assert found == ["112", "niebieska-linia"]  # "przemoc u sąsiadów"


def test_suicide_finds_the_crisis_lines_and_112_first():
    for query in (
        "myśli samobójcze",
        "samobójcze myśli",
        "samobójstwo",
        "suicide",
        "chcę się zabić",
    ):
        found = [m.unit.id for m in search(MEMORY, query)]
        assert "116-123" in found[:2] and "112" in found[:5], query
        assert set(found[:4]) <= set(CRISIS), query


# -- bounds on the work one question costs (issue 23) -------------------------------------------

MEGABYTE = 1_000_000
HUGE = [
    "a" * MEGABYTE,  # one long "word"
    "przemoc " * (MEGABYTE // 8),  # one word many times
    " ".join(f"slowo{i}" for i in range(MEGABYTE // 10)),  # 100,000 different words
    "ś" * MEGABYTE,  # a long word that folding changes
    "7" * MEGABYTE,  # a long "number"
    ("mieszkaniwe " * 5 + "zz ") * (MEGABYTE // 64),  # typos: the fuzzy fallback
]


@pytest.mark.parametrize(
    "query", HUGE, ids=["word", "repeated", "distinct", "folded", "digits", "typos"]
)
def test_a_megabyte_question_is_answered_well_under_a_second(query):
    started = time.perf_counter()
    search(MEMORY, query)
    suggest(MEMORY, query)
    assert time.perf_counter() - started < 0.5


def test_only_the_beginning_of_a_long_question_is_read():
    assert _first_three(MEMORY, "becikowe " + "x" * 2000) == ["swiadczenia-rodzinne"]
    # A word past the first 1,000 characters is not looked up.
    assert search(MEMORY, "x" * 1000 + " becikowe") == []


@pytest.mark.parametrize("query", HUGE[:2], ids=["word", "repeated"])
def test_a_megabyte_unit_name_is_refused_well_under_a_second(query):
    started = time.perf_counter()
    with pytest.raises(UnknownUnitError):
        resolve(MEMORY, query)
    assert time.perf_counter() - started < 0.5


def test_a_megabyte_question_to_the_cache_is_answered_well_under_a_second(store):
    started = time.perf_counter()
    for query in HUGE:
        search(store, query)  # type: ignore[arg-type]
        suggest(store, query)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 0.5 * len(HUGE)
