"""search: which units a caller's phrase, number or address means, best first, with the score
that ranks them; and which single unit a command-line argument names. Each answer is checked
on both indexes: the directory in memory and the SQLite cache."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from mops_cli.errors import UsageError
from mops_cli.loader import load
from mops_cli.search import MemoryIndex, for_audience, resolve, search, stem_match, suggest
from mops_cli.session import Environment, Session

DIRECTORY = """
[directory]
name = "Test"

[[units]]
id = "kasy"
name = "Kasy"
aliases = ["kasa"]
keywords = ["wypłata gotówki"]
address = "ul. Strzegomska 6, Wrocław"
emails = ["kasy@example.org"]
source = "t"

[[units.phones]]
number = "71 782 23 46"

[[units]]
id = "dodatki-mieszkaniowe"
name = "Dodatki Mieszkaniowe"
keywords = ["dodatek mieszkaniowy", "czynsz"]
address = "ul. Namysłowska 8, Wrocław"
source = "t"

[[units.phones]]
number = "71 782 23 48"

[[units]]
id = "karta"
name = "Karta Dużej Rodziny"
aliases = ["kdr"]
keywords = ["rodzina wielodzietna"]
address = "ul. Namysłowska 8, Wrocław"
source = "t"

[[units]]
id = "rodzinne"
name = "Świadczenia Rodzinne"
keywords = ["alimenty", "zgłoś przemoc"]
emails = ["sr@example.org"]
source = "t"

[[units]]
id = "linia"
name = "Linia dla dzieci"
category = "helpline"
audience = ["dzieci", "młodzież"]
source = "t"

[[units.phones]]
number = "116 111"

[[units]]
id = "alarm"
name = "Numer alarmowy"
category = "helpline"
audience = ["wszyscy"]
source = "t"

[[units.phones]]
number = "112"
"""


@pytest.fixture(params=["memory", "cache"])
def index(request, tmp_path: Path):
    path = tmp_path / "offices.toml"
    path.write_text(DIRECTORY, encoding="utf-8")
    if request.param == "memory":
        return MemoryIndex(load(path))
    env = Environment(dict(os.environ))
    assert type(Session(path, env).index).__name__ == "MemoryIndex"  # and writes the cache
    store = Session(path, env).index
    assert type(store.source).__name__ == "Store"
    return store


LN2 = math.log(2)

SEARCHES = [
    # Names, aliases, ids: any case, any accents, another grammatical form.
    ("kasa", [("kasy", 9.0 + 60.0, "words")]),  # the whole phrase a name: + 60
    ("kas", [("kasy", 8.0, "words")]),  # three letters: the beginning of longer words
    ("Kasy", [("kasy", 10.0 + 60.0, "words")]),
    ("KASY", [("kasy", 10.0 + 60.0, "words")]),
    ("dodatku mieszkaniowego", [("dodatki-mieszkaniowe", 18.0, "words")]),
    ("dodatki czynsz", [("dodatki-mieszkaniowe", 15.0, "words")]),
    # Words that match few units count more: "karta" (the id) and "duzej" by 1 + ln 2, more
    # than "rodziny", which the other unit has too; then the whole name (+ 60).
    ("karta duzej rodziny", [("karta", (10.0 + 8.0) * (1 + LN2) + 8.0 + 60.0, "words")]),
    ("rodziny", [("rodzinne", 9.0, "words"), ("karta", 8.0, "words")]),
    ("rodzina", [("rodzinne", 9.0, "words"), ("karta", 7.2, "words")]),
    ("zgłoś przemoc", [("rodzinne", 10.0 + 50.0, "words")]),  # a keyword: + 50
    ("dzieci", [("linia", 8.0, "words")]),
    # Addresses: ties keep the directory's order.
    ("namysłowska", [("dodatki-mieszkaniowe", 3.0, "words"), ("karta", 3.0, "words")]),
    ("namyslowska 8", [("dodatki-mieszkaniowe", 6.0, "words"), ("karta", 6.0, "words")]),
    (
        "wrocław",
        [("kasy", 3.0, "words"), ("dodatki-mieszkaniowe", 3.0, "words"), ("karta", 3.0, "words")],
    ),
    # No unit has every word: the units with the most weight of them.
    # "numer" and "do" only frame the question: "the number for the cash desk".
    ("numer do kasy", [("kasy", 10.0 + 60.0, "words")]),  # "kasy" is the name
    (
        "czynsz alimenty",
        [
            ("dodatki-mieszkaniowe", 5.0 * (1 + LN2), "words"),
            ("rodzinne", 5.0 * (1 + LN2), "words"),
        ],
    ),
    # A typo, when nothing else matches.
    ("mieszkaniwe", [("dodatki-mieszkaniowe", 9.0, "words")]),
    ("mieszkaniwoe", [("dodatki-mieszkaniowe", 10.0, "fuzzy")]),
    ("do kaasy", [("kasy", 10.0 + 60.0, "fuzzy")]),  # a short word first: the typo still corrected
    ("kd", []),  # too short for a typo
    # Numbers in any grouping; a part of six digits or more.
    ("71 782 23 46", [("kasy", 10.0, "phone")]),
    ("717822346", [("kasy", 10.0, "phone")]),
    ("+48717822346", [("kasy", 10.0, "phone")]),
    ("(071) 782-23-48", [("dodatki-mieszkaniowe", 10.0, "phone")]),
    ("116 111", [("linia", 10.0, "phone")]),
    ("782234", [("kasy", 5.0, "phone"), ("dodatki-mieszkaniowe", 5.0, "phone")]),
    ("782 23", []),
    # E-mail addresses and their parts.
    ("sr@example", [("rodzinne", 3.0, "email")]),
    ("KASY@example.org", [("kasy", 3.0, "email")]),
    ("@nic", []),
    ("example.org", [("kasy", 6.0, "words"), ("rodzinne", 6.0, "words")]),
    # Nothing.
    ("", []),
    ("   ", []),
    ("qqqq", []),
    ("do", []),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search(index, query, expected):
    found = [(m.unit.id, m.score, m.how) for m in search(index, query)]
    assert found == [(i, pytest.approx(s), h) for i, s, h in expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kasy", "kasy"),
        ("kasa", "kasy"),
        ("KASA", "kasy"),
        ("kdr", "karta"),
        ("karta duzej rodziny", "karta"),
        ("Karta Dużej", "karta"),
        ("dod", "dodatki-mieszkaniowe"),
        ("świadczenia", "rodzinne"),
        ("  linia  ", "linia"),
        ("numer alarmowy", "alarm"),
    ],
)
def test_resolve(index, query, expected):
    assert resolve(index, query).id == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ka", "'ka' matches several units: kasy, karta; give more of the name"),
        ("k", "'k' matches several units: kasy, karta; give more of the name"),
        ("kassy", "no unit called 'kassy'; did you mean kasy? (see 'mops contacts')"),
        ("xyzzy", "no unit called 'xyzzy' (see 'mops contacts')"),
        ("zz", "no unit called 'zz' (see 'mops contacts')"),
        ("", "no unit given"),
        ("   ", "no unit given"),
    ],
)
def test_resolve_errors(index, query, message):
    with pytest.raises(UsageError) as raised:
        resolve(index, query)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kassy", ["kasy"]),
        ("dodatkki", ["dodatki-mieszkaniowe"]),
        ("linja", ["linia"]),
        ("rodzinnne", ["rodzinne", "karta"]),
        # Typos no word of the data begins like: the names closest to the query, closest first
        # ("kasa" 89, "karta" 80: exactly the cutoff, which counts).
        ("katsa", ["kasy", "karta"]),
        ("aaarm", ["alarm"]),
        ("ka", []),
        ("", []),
        ("xyzzy", []),
    ],
)
def test_suggest(index, query, expected):
    assert suggest(index, query) == expected


def test_suggest_gives_at_most_limit_ids(index):
    assert len(suggest(index, "rodzin", limit=1)) == 1
    assert len(suggest(index, "rodzin", limit=3)) <= 3


@pytest.mark.parametrize(
    ("query_word", "word", "expected"),
    [
        ("kasy", "kasy", 1.0),
        ("ka", "ka", 1.0),
        ("ka", "kasy", 0.0),
        ("kas", "kasy", 0.8),
        ("dodatku", "dodatki", 0.9),
        ("mieszkaniowego", "mieszkaniowe", 0.9),
        ("rodziny", "rodzinne", 0.9),
        ("rodzina", "rodzinne", 0.9),
        ("dzieci", "dzial", 0.0),
        ("karta", "kartoteka", 0.0),
        ("kasy", "kas", 0.9),
        ("kasy", "ka", 0.0),
        ("abcdxy", "abcdzz", 0.9),
        ("abcdefg", "abcdxyz", 0.0),
        ("abcdz", "abcdyyyyyy", 0.0),
        ("abcdz", "abcdyy", 0.9),
        ("abcdez", "abcdeyy", 0.9),
        ("abcz", "abcyyy", 0.0),
        ("abcz", "abcy", 0.9),
        ("abz", "aby", 0.0),
    ],
)
def test_stem_match(query_word, word, expected):
    assert stem_match(query_word, word) == expected


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("dzieci", ["linia", "alarm"]),
        ("children", ["linia", "alarm"]),
        ("młodzieży", ["linia", "alarm"]),
        ("youth", ["linia", "alarm"]),
        ("dzieci młodzież", ["linia", "alarm"]),
        ("wszyscy", ["alarm"]),
    ],
)
def test_for_audience(audience, expected, tmp_path):
    path = tmp_path / "offices.toml"
    path.write_text(
        DIRECTORY.replace('audience = ["wszyscy"]', 'audience = ["wszyscy"]\nemergency = true'),
        encoding="utf-8",
    )
    units = [u for u in load(path).units if u.category == "helpline"]
    assert [u.id for u in for_audience(units, audience)] == expected


def test_an_audience_no_line_names_is_a_mistake(tmp_path):
    path = tmp_path / "offices.toml"
    path.write_text(DIRECTORY, encoding="utf-8")
    units = [u for u in load(path).units if u.category == "helpline"]
    with pytest.raises(UsageError, match="unknown audience 'marsjanie'"):
        for_audience(units, "marsjanie")
    with pytest.raises(UsageError, match="unknown audience 'marsjanie wenusjanie'"):
        for_audience(units, "dzieci marsjanie wenusjanie")
    # A group --for knows, that no line here serves: no line, not a mistake.
    assert for_audience(units, "dorośli") == []


TWO_PHONES = """
[directory]
name = "Test"

[[units]]
id = "biuro"
name = "Biuro"
source = "t"

[[units.phones]]
number = "71 782 23 46"

[[units.phones]]
number = "71 782 23 47"
"""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("71 782 23 46", ["+48717822346"]),  # the number itself
        ("+48 71 782 23 47", ["+48717822347"]),
        ("0048 71 782 23 46", ["+48717822346"]),  # the same number, its digits not a part
        ("782 23 46", ["+48717822346"]),  # seven digits of one number
        ("782234", ["+48717822346", "+48717822347"]),  # six digits: part of both
        ("823 46", []),  # five digits name no number
        ("kasy", []),
    ],
)
def test_the_numbers_a_query_names(tmp_path: Path, query, expected):
    from mops_cli.search import matching_phones

    path = tmp_path / "offices.toml"
    path.write_text(TWO_PHONES, encoding="utf-8")
    [unit] = load(path).units
    assert [phone.number for phone in matching_phones(unit, query)] == expected
