"""The source grammar (docs/data-format.md, "Sources") and the age of a unit's facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mops_cli import sources
from mops_cli.loader import load

HERE = Path(__file__).resolve().parent

PARSED = [
    # (source, kind, ref, first day, newest day, precision, words, states)
    ("https://a.pl/x (2023-11-21): adres", "page", "https://a.pl/x", "2023-11-21", "2023-11-21", "day", None, "adres"),
    ("https://a.pl/x (21.11.2023, BIP)", "page", "https://a.pl/x", "2023-11-21", "2023-11-21", "day", "BIP", None),
    ("https://a.pl/x (2024-02, panel (bieżący)): tel.", "page", "https://a.pl/x", "2024-02-01", "2024-02-29", "month", "panel (bieżący)", "tel."),
    ("https://a.pl/x (2023)", "page", "https://a.pl/x", "2023-01-01", "2023-12-31", "year", None, None),
    ("[S001] (2019–2020, pandemia): 71 78-22-300 do 03", "seed", "S001", "2019-01-01", "2020-12-31", "period", "pandemia", "71 78-22-300 do 03"),
    ("[S000] (2020-2022)", "seed", "S000", "2020-01-01", "2022-12-31", "period", None, None),
    ("potwierdzenie (2026-12-03, sekretariat MOPS, telefonicznie): 7:30–15:30", "staff", "potwierdzenie", "2026-12-03", "2026-12-03", "day", "sekretariat MOPS, telefonicznie", "7:30–15:30"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kind", "ref", "first", "last", "precision", "words", "states"), PARSED
)
def test_a_source_is_read_into_its_parts(text, kind, ref, first, last, precision, words, states):
    source = sources.parse(text)
    assert (source.kind, source.ref, source.words, source.states) == (kind, ref, words, states)
    assert source.page_date.first == date.fromisoformat(first)
    assert source.newest == date.fromisoformat(last)
    assert source.page_date.precision == precision


REFUSED = [
    "Issue #2: godziny otwarcia 7:30–15:30",
    "strona bez daty",
    "https://a.pl/x",
    "https://a.pl/x(2023)",
    "https://a.pl/x (bez daty)",
    "https://a.pl/x (2023-13)",
    "https://a.pl/x (30.02.2023)",
    "https://a.pl/x (2022–2020)",
    "https://a.pl/x (2023",
    "https://a.pl/x (2023) https://b.pl (2024)",
    "https://a.pl/x (2023): zob. https://b.pl",
    "[S1] (2020)",
    "potwierdzenie (2026-12, sekretariat MOPS, telefonicznie)",
    "potwierdzenie (2026-12-03, sekretariat MOPS)",
    "„Regulamin organizacyjny” (2024)",
]


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_refused(text):
    with pytest.raises(sources.SourceError):
        sources.parse(text)
    assert sources.check(text) is not None


@pytest.mark.parametrize(
    ("newest", "today", "years"),
    [("2019-12-31", "2026-12-04", 6), ("2026-12-31", "2026-12-04", 0), ("2021-12-04", "2026-12-04", 5),
     ("2021-12-05", "2026-12-04", 4)],
)  # fmt: skip
def test_age_counts_whole_years_from_the_newest_day(newest, today, years):
    assert sources.age_in_years(date.fromisoformat(newest), date.fromisoformat(today)) == years


def test_the_age_of_a_unit_and_what_an_answer_says():
    directory = load(HERE / "data" / "sources-ok.toml")
    office, line = directory.units
    today = date(2026, 12, 4)
    # The office: hours confirmed by staff in 2026, its phone only on a page of 2019.
    assert sources.facts_newest(office) == date(2026, 12, 3)
    assert sources.answer_age(office, today, 5) == 2019
    assert sources.answer_age(office, today, 8) is None
    # The line: everything from one page of 2015.
    assert sources.facts_newest(line) == date(2015, 11, 21)
    assert sources.answer_age(line, today, 5) == 2015
    assert sources.age_note(2015) == "(from a page of 2015)"
    from mops_cli.i18n import language

    with language("pl"):
        assert sources.age_note(2019) == "(ze strony z 2019 r.)"


@pytest.mark.parametrize("prefix", ["https://a.pl/x (", "[S001] (", "potwierdzenie (", ""])
def test_any_text_is_a_source_or_a_reason(prefix):
    """Whatever the file holds, parsing gives a Source or a SourceError, never a crash."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="0123456789-–.,:() aS[]hpt/", max_size=40))
    def check(tail: str) -> None:
        try:
            source = sources.parse(prefix + tail)
        except sources.SourceError as exc:
            assert str(exc)
        else:
            assert source.page_date.first <= source.newest

    check()
