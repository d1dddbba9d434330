"""The maintainers' commands: `mops review` (what to re-check first) and `mops diff` (what an
edit changes), on small files of tests/data."""

from __future__ import annotations

import io
import json

import pytest
from conftest import ROOT

DIFF = ROOT / "tests" / "data" / "diff"
REVIEW = ROOT / "tests" / "data" / "review.toml"
OCTOBER = "2026-10-20T10:00:00+02:00"  # two weeks across the end of summer time (25 Oct)

# (the edit: tests/data/diff/NAME.toml against base.toml, stdout, stderr's last line)
EDITS = [
    (
        "phone",  # a phone changed
        "biuro: Biuro\n"
        "  phones:\n"
        "    - 71 782 23 00 (sekretariat)\n"
        "    + 71 782 23 01 (sekretariat)\n",
        "0 units added, 0 units removed, 1 unit changed",
    ),
    (
        "closure",  # a closure added: the one day it changes
        "biuro: Biuro\n"
        "  closures:\n"
        "    + 2026-10-27: szkolenie\n"
        "  hours, Tue 20 Oct 2026 to Mon 2 Nov 2026:\n"
        "    Tue 27 Oct 2026: 08:00–16:00 → closed (szkolenie)\n",
        "0 units added, 0 units removed, 1 unit changed",
    ),
    ("removed", "removed: linia: Linia\n", "0 units added, 1 unit removed, 0 units changed"),
    (
        "moved",  # hours moved, over the clock change: every working day, in local time
        "biuro: Biuro\n"
        "  hours, Tue 20 Oct 2026 to Mon 2 Nov 2026:\n"
        "    Tue 20 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Wed 21 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Thu 22 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Fri 23 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Mon 26 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Tue 27 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Wed 28 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Thu 29 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Fri 30 Oct 2026: 08:00–16:00 → 09:00–17:00\n"
        "    Mon 2 Nov 2026: 08:00–16:00 → 09:00–17:00\n",
        "0 units added, 0 units removed, 1 unit changed",
    ),
]


@pytest.mark.parametrize(("edit", "out", "summary"), EDITS, ids=[e[0] for e in EDITS])
def test_diff_says_what_an_edit_changes(run, edit, out, summary):
    result = run("diff", str(DIFF / "base.toml"), str(DIFF / f"{edit}.toml"), now=OCTOBER)
    assert (result.code, result.out, result.err.splitlines()[-1]) == (1, out, summary)


def test_a_holiday_setting_shows_the_holidays_it_moves(run):
    args = ("diff", str(DIFF / "base.toml"), str(DIFF / "holidays.toml"))
    assert run(*args, now=OCTOBER).out == (
        "biuro: Biuro\n"
        "  on_holidays:\n"
        "    - closed\n"
        "    + open\n"
        "  hours: the rules changed, but no day from Tue 20 Oct 2026 to Mon 2 Nov 2026 opens "
        "or closes differently\n"
    )  # 1 November is a Sunday; 11 November a Wednesday:
    assert run(*args, "--days", "30", now=OCTOBER).out.splitlines()[-2:] == [
        "  hours, Tue 20 Oct 2026 to Wed 18 Nov 2026:",
        "    Wed 11 Nov 2026: closed (National Independence Day) → 08:00–16:00 (National Independence Day)",
    ]


def test_diff_of_an_added_unit_is_the_removal_read_backwards(run):
    result = run("diff", str(DIFF / "removed.toml"), str(DIFF / "base.toml"), now=OCTOBER)
    assert (result.code, result.out) == (1, "added: linia: Linia\n")


def test_a_night_moved_across_the_clock_change_in_json(run):
    result = run(
        "diff", "--json", "--days", "3", str(DIFF / "night.toml"),
        str(DIFF / "night-earlier.toml"), now="2026-10-23T10:00:00+02:00",
    )  # fmt: skip
    assert result.code == 1
    answer = json.loads(result.out)
    assert [k for k in answer] == [
        "old", "new", "same", "from", "days", "directory", "added", "removed", "changed",
    ]  # fmt: skip
    [unit] = answer["changed"]
    assert (unit["id"], unit["fields"], unit["rules_changed"]) == ("noclegownia", [], True)
    nights = [
        (d["date"], [(i["start"], i["end"]) for i in d["old"]["intervals"]],
         [(i["start"], i["end"]) for i in d["new"]["intervals"]])
        for d in unit["days"]
    ]  # fmt: skip
    assert nights == [
        ("2026-10-23", [("2026-10-23T20:00:00+02:00", "2026-10-24T08:00:00+02:00")],
         [("2026-10-23T19:00:00+02:00", "2026-10-24T07:00:00+02:00")]),
        # The night the clocks go back: 13 hours, the morning in winter time.
        ("2026-10-24", [("2026-10-24T20:00:00+02:00", "2026-10-25T08:00:00+01:00")],
         [("2026-10-24T19:00:00+02:00", "2026-10-25T07:00:00+01:00")]),
        ("2026-10-25", [("2026-10-25T20:00:00+01:00", "2026-10-26T08:00:00+01:00")],
         [("2026-10-25T19:00:00+01:00", "2026-10-26T07:00:00+01:00")]),
    ]  # fmt: skip
    assert unit["days"][0]["old"]["kind"] == "regular"


def test_the_same_file_from_stdin_differs_in_nothing(run):
    raw = (DIFF / "base.toml").read_bytes()
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    result = run("diff", "-", str(DIFF / "base.toml"), now=OCTOBER, stdin=stdin)
    assert (result.code, result.out, result.err) == (0, "", "the two files say the same\n")
    json_run = run("diff", "--json", str(DIFF / "base.toml"), str(DIFF / "base.toml"))
    assert json.loads(json_run.out)["same"] is True
    assert json_run.code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-", "-"), "mops: error: only one of OLD and NEW can be '-' (standard input)\n"),
        (("nope.toml", "nope.toml"), "mops: error: nope.toml: no such file\n"),
    ],
)
def test_diff_errors_exit_2(run, args, message):
    result = run("diff", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_diff_of_a_broken_file_is_an_error(run):
    broken = ROOT / "tests" / "data" / "broken" / "rule-time-bad.toml"
    result = run("diff", str(DIFF / "base.toml"), str(broken))
    assert result.code == 2
    assert (
        result.err == f"mops: error: {broken}: biuro: hours[0].opens: not a time (HH:MM): '8.00'\n"
    )


REVIEW_OUT = """\
! linia: Linia
    help line · newest page 2015 (11 years old) · never verified
    https://example.org/linia (21.11.2015)
    not a source: strona bez daty
! biuro: Biuro
    has hours · newest page 2025 (1 year old) · verified 2025-06-01
    https://example.org/biuro (2025-03-01)
    [S001] (2019–2020)
! archiwum: Archiwum
    newest page 2012 (13 years old) · verified 2026-11-01
    https://example.org/archiwum (2012)
  poradnia: Poradnia
    newest page 2024 (2 years old) · verified 2026-11-01
    https://example.org/poradnia (2024-05)
"""


def test_review_lists_help_lines_and_hours_first_then_the_oldest_facts(run):
    result = run("review", "--data", str(REVIEW), now="2026-12-04T10:00:00+01:00")
    assert (result.code, result.out) == (0, REVIEW_OUT)
    assert result.err == (
        "3 of 4 units to re-check (!): verified over 12 months ago, or facts only from pages "
        "older than 5 years\n"
    )


def test_review_json(run):
    result = run("review", "--json", "--data", str(REVIEW), now="2026-12-04T10:00:00+01:00")
    items = json.loads(result.out)
    assert [item["id"] for item in items] == ["linia", "biuro", "archiwum", "poradnia"]
    assert items[1] == {
        "id": "biuro",
        "name": "Biuro",
        "category": "office",
        "has_hours": True,
        "first": True,
        "facts_newest": "2025-03-01",
        "facts_year": 2025,
        "age_years": 1,
        "verified": "2025-06-01",
        "old": False,
        "unverified": True,
        "stale": True,
        "pages": [
            {
                "kind": "page",
                "ref": "https://example.org/biuro",
                "date": "2025-03-01",
                "newest": "2025-03-01",
            },
            {"kind": "seed", "ref": "S001", "date": "2019–2020", "newest": "2020-12-31"},
        ],
        "not_sources": [],
    }
    assert items[0]["not_sources"] == ["strona bez daty"]


def test_review_in_polish(run):
    result = run("review", "--data", str(REVIEW), now="2026-12-04T10:00:00+01:00", mops_lang="pl")
    assert result.out.splitlines()[:2] == [
        "! linia: Linia",
        "    telefon pomocy · najnowsza strona 2015 (11 lat) · nigdy niesprawdzone",
    ]


AGE_DATA = ROOT / "tests" / "data" / "sources-ok.toml"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("contacts", "linia"), "Telefon z dawnej strony  [stara-linia] (from a page of 2015)"),
        (("open-now", "stara-linia"),
         "Telefon z dawnej strony (phone): closed, opens Mon 7 Dec at 10:00 (from a page of 2015)"),
        (("open-now", "biuro"),
         "Biuro Obsługi Klienta: closed, opens Mon 7 Dec at 07:30 (from a page of 2019)"),
        (("help-lines",), "Telefon z dawnej strony  [stara-linia] (from a page of 2015)"),
    ],
)  # fmt: skip
def test_answers_say_how_old_their_page_is(run, args, line):
    result = run(*args, "--data", str(AGE_DATA), now="2026-12-05T10:00:00+01:00")
    assert line in result.out.splitlines()


def test_the_age_note_in_polish_and_its_absence_when_pages_are_recent(run):
    result = run(
        "open-now", "stara-linia", "--data", str(AGE_DATA), now="2026-12-05T10:00:00+01:00",
        mops_lang="pl",
    )  # fmt: skip
    assert result.out.rstrip().endswith("(ze strony z 2015 r.)")
    recent = run(
        "open-now", "stara-linia", "--data", str(AGE_DATA), now="2019-12-05T10:00:00+01:00"
    )
    assert "from a page" not in recent.out


def test_the_html_page_says_how_old_a_card_is(run, tmp_path):
    out = tmp_path / "page.html"
    result = run(
        "export", "html", "--data", str(AGE_DATA), "-o", str(out), now="2026-12-05T10:00:00+01:00"
    )
    assert result.code == 0
    page = out.read_text(encoding="utf-8")
    assert '<p class="age">(from a page of 2015)</p>' in page
    assert '<p class="age">(from a page of 2019)</p>' in page
