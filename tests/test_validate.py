"""`mops validate` and the loader: the shipped data is clean, and every listed mistake is caught."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import DATA, MINIMAL, UNIT_HEAD

from mops_cli.validate import validate


def test_shipped_data_is_clean(run):
    result = run("validate", "--data", str(DATA))
    assert result.code == 0
    assert "error:" not in result.out


def test_shipped_data_has_no_errors_and_only_dated_warnings():
    from mops_cli.i18n import language

    with language("pl"):  # the warnings name the holidays as the reasons in the file must
        problems = validate(DATA, date(2026, 11, 23))
    assert [p for p in problems if p.severity == "error"] == []
    stale = [str(p) for p in problems if p.field == "source"]
    assert len(stale) == 11  # units whose facts come only from pages over 5 years old
    assert stale[0] == (
        "dps-maczna: source: jej dane pochodzą tylko ze stron z 2019 r. lub starszych (ponad 5 lat "
        "temu): przeczytaj je ponownie albo znajdź nowsze"
    )
    assert [str(p) for p in problems if p.field != "source"] == [
        "closures: 2026-12-26 (Boże Narodzenie (drugi dzień)) wypada w sobotę: pracodawca wyznacza "
        "inny dzień wolny; gdy ośrodek go ogłosi, dodaj zamknięcie, którego powód wymienia to święto",
        "closures: 2027-05-01 (Święto Państwowe) wypada w sobotę: pracodawca wyznacza inny dzień "
        "wolny; gdy ośrodek go ogłosi, dodaj zamknięcie, którego powód wymienia to święto",
    ]


MISTAKES = [
    # (what, TOML after the unit head, expected problem text)
    (
        "unknown key",
        '[[units.hours]]\ndays = "mo"\nopnes = "08:00"\ncloses = "09:00"\n',
        "biuro: hours[0].opnes: unknown key (did you mean 'opens'?)",
    ),
    (
        "malformed time",
        '[[units.hours]]\ndays = "mo"\nopens = "8h"\ncloses = "09:00"\n',
        "biuro: hours[0].opens: not a time (HH:MM): '8h'",
    ),
    (
        "closing not after opening",
        '[[units.hours]]\ndays = "mo"\nopens = "09:00"\ncloses = "09:00"\n',
        "biuro: hours[0].closes: 09:00 is not after opens 09:00",
    ),
    (
        "closing before opening",
        '[[units.hours]]\ndays = "mo"\nopens = "20:00"\ncloses = "02:00"\n',
        "biuro: hours[0].closes: 02:00 is not after opens 20:00 (past midnight, write it as "
        "24:00 plus the hours, e.g. 26:00)",
    ),
    (
        "unknown weekday",
        '[[units.hours]]\ndays = "mo-fx"\nopens = "08:00"\ncloses = "09:00"\n',
        "biuro: hours[0].days: unknown weekday 'mo-fx' (use mo tu we th fr sa su)",
    ),
    (
        "invalid RRULE",
        '[[units.hours]]\nrrule = "FREQ=SOMETIMES"\nopens = "08:00"\ncloses = "09:00"\n',
        "biuro: hours[0].rrule: invalid RRULE 'FREQ=SOMETIMES': ",  # dateutil's words follow
    ),
    (
        "invalid phone number",
        '[[units.phones]]\nnumber = "71 78 22"\n',
        "biuro: phones[0].number: not a valid phone number in Poland: '71 78 22'",
    ),
    (
        "invalid e-mail",
        'emails = ["sekretariat(at)mops.wroclaw.pl"]\n',
        "biuro: emails[0]: not an e-mail address: 'sekretariat(at)mops.wroclaw.pl'",
    ),
    (
        "valid_to before valid_from",
        '[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\n'
        "valid_from = 2026-05-01\nvalid_to = 2026-04-30\n",
        "biuro: hours[0].valid_to: 2026-04-30 is before valid_from 2026-05-01",
    ),
    (
        "unknown parent",
        'parent = "centrala"\n',
        "biuro: parent: unknown parent unit 'centrala'",
    ),
    (
        "wrong type",
        '[[units.hours]]\ndays = "mo"\nopens = 10\ncloses = "11:00"\n',
        'biuro: hours[0].opens: must be a time as a string ("08:00"), not a number (10)',
    ),
    (
        "unknown phone kind",
        '[[units.phones]]\nnumber = "71 78 22 322"\nkind = "pager"\n',
        "biuro: phones[0].kind: must be one of voice, fax, mobile, not 'pager'",
    ),
]


@pytest.mark.parametrize(("what", "toml", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_caught(run, write_data, what, toml, expected):
    path = write_data(UNIT_HEAD + toml)
    result = run("validate", "--data", str(path))
    assert result.code == 1, what
    assert f"{path}: error: {expected}" in result.out


def test_duplicate_ids(run, write_data):
    path = write_data(UNIT_HEAD + '\n[[units]]\nid = "biuro"\nname = "Drugie"\nsource = "t"\n')
    result = run("validate", "--data", str(path))
    assert result.code == 1
    assert f"{path}: error: biuro: id: duplicate id: another unit has it too\n" in result.out


def test_every_problem_is_listed_not_just_the_first(run, write_data):
    toml = '[[units.hours]]\ndays = "xx"\nopens = "25:00"\ncloses = "09:00"\nemails = ["nope"]\n'
    path = write_data(UNIT_HEAD + toml)
    result = run("validate", "--data", str(path))
    assert result.code == 1
    lines = [line.removeprefix(f"{path}: ") for line in result.out.splitlines()]
    # 'emails' after [[units.hours]] belongs to the rule table: a key in the wrong place
    assert lines == [
        "error: biuro: hours[0].emails: unknown key",
        "error: biuro: hours[0].days: unknown weekday 'xx' (use mo tu we th fr sa su)",
        "error: biuro: hours[0].opens: not a time (HH:MM): '25:00'",
    ]


def test_validate_json(run, write_data):
    path = write_data(UNIT_HEAD + 'parent = "nikt"\n')
    result = run("validate", "--json", "--data", str(path))
    assert result.code == 1
    from mops_cli import holiday_calendar

    assert json.loads(result.out) == {
        "file": str(path),
        "holiday_calendar": holiday_calendar(),
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "severity": "error",
                "unit": "biuro",
                "field": "parent",
                "message": "unknown parent unit 'nikt'",
            }
        ],
    }


def test_stale_unit_is_a_warning_and_strict_fails(run, write_data):
    dated = MINIMAL.replace('source = "test"', 'source = "https://example.org/ (2026-10)"')
    path = write_data(dated.replace("verified = 2026-11-01", "verified = 2025-01-01"))
    # A time with no Saturday holiday in the 12 months after it would be rare; look only at
    # the verified warning here.
    result = run("validate", "--data", str(path))
    assert result.code == 0
    assert f"{path}: warning: biuro: verified: last verified 2025-01-01, over 12 months ago\n" in (
        result.out
    )
    assert run("validate", "--strict", "--data", str(path)).code == 1


def test_saturday_holiday_warning_goes_once_a_closure_names_it(run, write_data):
    closure = (
        "\n[[closures]]\ndate = 2026-12-24\n"
        'reason = "odbiór dnia wolnego za 26 grudnia 2026-12-26"\n'
    )
    path = write_data(MINIMAL.replace('name = "Test"\n', 'name = "Test"\n' + closure, 1))
    result = run("validate", "--data", str(path), now="2026-11-23T10:00:00+01:00")
    assert "2026-12-26" not in result.out
    assert "2027-05-01 (National Day) falls on a Saturday" in result.out


def test_global_data_option_and_environment_variable(run, write_data):
    path = write_data(MINIMAL)
    assert run("--data", str(path), "open-now", "biuro", "-q").code == 0
    assert run("open-now", "biuro", "-q", mops_data=str(path)).code == 0
    assert run("open-now", "biuro", "-q").code == 2  # not in the shipped directory


def test_the_documented_example_is_valid(tmp_path):
    from conftest import ROOT

    from mops_cli.loader import read

    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example.replace('parent = "mops"', ""), encoding="utf-8")
    directory, problems = read(path)
    assert problems == []
    assert directory is not None and [u.id for u in directory.units] == ["kasy"]


SOURCE_GRAMMAR = "https://mops.wroclaw.pl/ (2023-11-21): sekretariat"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("https://bip.mops.wroclaw.pl/?cid=43 (2021, stan ok. 2021): 7 ZTPS", None),
        ("http://www.mops.wroclaw.pl/kontakt (21.11.2023)", None),
        ("[S001] (2019–2020, strona z okresu pandemii): sekretariat 71 78-22-300 do 03", None),
        ("potwierdzenie (2026-12-03, sekretariat MOPS, telefonicznie): pn.–pt. 7:30–15:30", None),
        (
            "http://www.mops.wroclaw.pl/kontakt",
            "the reference must be followed by the page's date in parentheses",
        ),
        (
            "https://mops.wroclaw.pl/ (strona bez daty)",
            "'strona bez daty' is not a page date: write 2023-11-21, 21.11.2023, 2023-11, 2023 "
            "or a period 2020–2022",
        ),
        (
            "Issue #4: bezpłatny, całodobowo",
            "a source starts with a page's address (https://…), a seed ([S001]) or "
            "'potwierdzenie' (a staff confirmation)",
        ),
        (
            "https://a.pl (2023) i https://b.pl (2024)",
            "after the (date), only ': what the page states' may follow",
        ),
        (
            "https://a.pl (2023): jak https://b.pl",
            "one page per source: list several pages as several sources",
        ),
        (
            "potwierdzenie (2026-12, sekretariat)",
            "a staff confirmation gives the day, who and how: "
            "potwierdzenie (2026-12-03, sekretariat MOPS, telefonicznie)",
        ),
        (
            "„Regulamin organizacyjny MOPS” (2024)",
            "a source starts with a page's address (https://…), a seed ([S001]) or "
            "'potwierdzenie' (a staff confirmation)",
        ),
    ],
)
def test_a_source_is_a_dated_page_a_seed_or_a_staff_confirmation(run, write_data, source, reason):
    toml = UNIT_HEAD.replace(
        'source = "test"', f"source = {json.dumps(source, ensure_ascii=False)}"
    )
    toml += f'[[units.phones]]\nnumber = "71 78 22 322"\nsource = "{SOURCE_GRAMMAR}"\n'
    result = run(
        "validate", "--json", "--data", str(write_data(toml)), now="2026-11-23T10:00:00+01:00"
    )
    problems = [p for p in json.loads(result.out)["problems"] if p["field"].endswith("source[0]")]
    if reason is None:
        assert problems == []
        return
    assert result.code == 1
    assert problems == [
        {
            "severity": "error",
            "unit": "biuro",
            "field": "source[0]",
            "message": f"not a source ({reason}): {source!r}",
        }
    ]


def test_phone_and_rule_sources_are_checked_too(run, write_data):
    toml = UNIT_HEAD.replace('source = "test"', f'source = "{SOURCE_GRAMMAR}"')
    toml += '[[units.phones]]\nnumber = "71 78 22 322"\nsource = "sekretariat"\n'
    toml += '[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nsource = "ulotka"\n'
    result = run("validate", "--data", str(write_data(toml)))
    assert result.code == 1
    assert [line.split(": ", 3)[1:3] for line in result.out.splitlines() if "biuro" in line] == [
        ["error", "biuro"],
        ["error", "biuro"],
    ]
    assert "phones[0].source: not a source (a source starts with" in result.out
    assert "hours[0].source: not a source (a source starts with" in result.out


def test_facts_only_from_old_pages_are_a_warning(run, write_data):
    old = UNIT_HEAD.replace('source = "test"', 'source = "https://a.pl/ (2019-05): adres"')
    path = write_data(old.replace('name = "Test"\n', 'name = "Test"\nstale_after_years = 8\n'))
    assert "biuro: source" not in run("validate", "--data", str(path)).out  # 8 years: not yet
    path = write_data(old)  # the default: 5 years
    result = run("validate", "--data", str(path), now="2026-11-23T10:00:00+01:00")
    assert (
        f"{path}: warning: biuro: source: its facts come only from pages of 2019 or older "
        "(over 5 years ago): re-read them or find newer ones\n"
    ) in result.out


def test_validate_names_the_holiday_calendar_that_answers(run):
    from importlib.metadata import version

    result = run("validate")
    assert result.err.splitlines()[0] == f"holiday calendar: holidays {version('holidays')}"
    assert json.loads(run("validate", "--json").out)["holiday_calendar"] == (
        f"holidays {version('holidays')}"
    )


def test_each_problem_says_where_it_is(run, write_data):
    path = write_data(
        """
[directory]
name = "Test"
holidays = 5

[[closures]]
from = "abc"
reason = "x"

[[units]]
id = "biuro"
name = "Biuro"
source = "test"

[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
source = 5
"""
    )
    result = run("--data", str(path), "validate")
    assert (result.code, result.out) == (
        1,
        f"{path}: error: directory.holidays: must be a string, not a number (5)\n"
        f"{path}: error: closures[0].from: must be a date (YYYY-MM-DD), not 'abc'\n"
        f"{path}: error: closures[0]: needs date, or from and to\n"
        f"{path}: error: biuro: hours[0].source: must be a string, not a number (5)\n",
    )
