"""search: the edges that the main table does not reach: exact names before beginnings, an id
before a name, ranking by how many words match, and the limits of the stem rule."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from test_core_search import DIRECTORY

from mops_cli.errors import UsageError
from mops_cli.loader import load
from mops_cli.search import MemoryIndex, resolve, search, stem_match, suggest

# An id that is another unit's name; a name that begins another's; numbers where one is a
# part of another.
EDGES = """
[directory]
name = "Test"

[[units]]
id = "czesc"
name = "Część"
aliases = ["pierwsza", "jedynka"]
emails = ["kasa@example.org", "sekretariat@example.org"]
source = "t"

[[units.phones]]
number = "71 611 61 11"

[[units]]
id = "czesc-druga"
name = "Część druga"
source = "t"

[[units]]
id = "kasy"
name = "Kasy"
source = "t"

[[units]]
id = "kasy-2"
name = "Kasy"
source = "t"

[[units]]
id = "mops"
name = "MOPS"
source = "t"

[[units.phones]]
number = "116 111"
"""


def _index(tmp_path: Path, text: str) -> MemoryIndex:
    path = tmp_path / "offices.toml"
    path.write_text(text, encoding="utf-8")
    return MemoryIndex(load(path))


def test_an_exact_name_wins_over_a_beginning(tmp_path):
    index = _index(tmp_path, EDGES)
    assert resolve(index, "część").id == "czesc"
    assert resolve(index, "czesc druga").id == "czesc-druga"
    with pytest.raises(UsageError) as raised:
        resolve(index, "czę")
    assert (
        str(raised.value)
        == "'czę' matches several units: czesc, czesc-druga; give more of the name"
    )


def test_an_id_wins_over_a_name(tmp_path):
    index = _index(tmp_path, EDGES)
    assert resolve(index, "kasy").id == "kasy"
    assert resolve(index, "kasy-2").id == "kasy-2"
    with pytest.raises(UsageError) as raised:
        resolve(index, "Kasy")
    assert str(raised.value) == "'Kasy' matches several units: kasy, kasy-2; give more of the name"


def test_the_exact_number_comes_before_a_part(tmp_path):
    index = _index(tmp_path, EDGES)
    found = [(m.unit.id, m.score) for m in search(index, "116 111")]
    assert found == [("mops", 10.0), ("czesc", 5.0)]


def test_several_ideas_are_listed(tmp_path):
    index = _index(tmp_path, DIRECTORY)
    with pytest.raises(UsageError) as raised:
        resolve(index, "lnia")
    assert str(raised.value) == ("no unit called 'lnia'; did you mean linia? (see 'mops contacts')")


def test_three_letters_get_ideas_two_do_not(tmp_path):
    index = _index(tmp_path, DIRECTORY)
    assert suggest(index, "kar") == ["karta"]  # a close typo of a name
    assert suggest(index, "kdz") == []  # close to nothing
    assert suggest(index, "kd") == []


def test_more_words_matched_rank_first(tmp_path):
    index = _index(tmp_path, DIRECTORY)
    found = [(m.unit.id, m.score) for m in search(index, "dodatki czynsz alimenty")]
    rare = 1 + math.log(2)  # each word matches one of the two units found
    assert found == [("dodatki-mieszkaniowe", pytest.approx(15.0 * rare)),
                     ("rodzinne", pytest.approx(5.0 * rare))]  # fmt: skip


def test_a_three_letter_word_finds_longer_words(tmp_path):
    index = _index(tmp_path, DIRECTORY)
    assert [(m.unit.id, m.score) for m in search(index, "kas")] == [("kasy", 8.0)]


@pytest.mark.parametrize(
    ("query_word", "word", "expected"),
    [
        ("abcdefx", "abcdefyyyy", 0.9),  # an ending of 4 letters on the longer word
        ("abcdefghx", "abcdefghyyyyy", 0.0),  # 5 letters: too long
        ("abcx", "abcyy", 0.9),  # the stem is exactly 0.6 of the longer word
        ("abcx", "abcyyy", 0.0),  # less
    ],
)
def test_the_limits_of_the_stem_rule(query_word, word, expected):
    assert stem_match(query_word, word) == expected


def test_every_alias_and_address_is_a_word_of_its_own(tmp_path):
    index = _index(tmp_path, EDGES)
    assert [(m.unit.id, m.score) for m in search(index, "pierwsza")] == [("czesc", 68.0)]
    assert [(m.unit.id, m.score) for m in search(index, "jedynka")] == [("czesc", 68.0)]
    found = [(m.unit.id, m.score, m.how) for m in search(index, "sekretariat")]
    assert found == [("czesc", 3.0, "words")]  # the word itself, not a near one
    assert [(m.unit.id, m.score) for m in search(index, "kasa")] == [
        ("kasy", 9.0),
        ("kasy-2", 9.0),
        ("czesc", 3.0),
    ]
    assert search(index, "xxxx") == []  # units without an address have no address words


def test_three_ideas_by_default(tmp_path):
    index = _index(tmp_path, DIRECTORY)
    # "wroclaw" is a word of three units' addresses: they are the ideas, in the file's order.
    assert suggest(index, "wroclaw") == ["kasy", "dodatki-mieszkaniowe", "karta"]
    assert suggest(index, "wroclaw", limit=2) == ["kasy", "dodatki-mieszkaniowe"]
    assert suggest(index, "wroclaw", limit=1) == ["kasy"]
