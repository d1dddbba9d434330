"""An operator with a caller on the line (issue 15, issue 13): the moment they meant, in the
words they use, in either language, on any terminal, and JSON a script can always parse."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA, MINIMAL, UNIT_HEAD

from mops_cli.errors import UsageError
from mops_cli.loader import load
from mops_cli.when import parse_moment, parse_week

WARSAW = ZoneInfo("Europe/Warsaw")
WEDNESDAY = "2026-11-25T10:00:00+01:00"  # Wednesday 25 November 2026, 10:00 in Warsaw
NOW = datetime.fromisoformat(WEDNESDAY).astimezone(timezone.utc)


def error_line(result) -> str:
    """The one line on stderr of a failed run, with nothing on stdout."""
    assert result.out == "" and "Traceback" not in result.err
    [line] = result.err.splitlines()
    return line


# -- 2. a date alone asks about that day ------------------------------------------------------

DAY_ANSWERS = [
    # (args, exit code, stdout)
    (["kasy", "--at", "2026-12-07"], 0, "Kasy, Mon 7 Dec 2026: 10:00–14:00\n"),
    (["kasy", "--at", "2026-12-24"], 1, "Kasy, Thu 24 Dec 2026: closed all day (Christmas Eve)\n"),
    (
        ["kasy", "--at", "2026-12-31"],
        0,
        "Kasy, Thu 31 Dec 2026: 10:00–12:00 (ostatni dzień miesiąca)\n",
    ),
    (["kasy", "--at", "sob"], 1, "Kasy, Sat 28 Nov 2026: closed all day\n"),
    (["kasy", "--at", "jutro"], 0, "Kasy, Thu 26 Nov 2026: 10:00–14:00\n"),
    (
        ["dodatki", "--at", "7.12.2026"],
        3,
        "Dodatki Mieszkaniowe, Mon 7 Dec 2026: hours unknown\n"
        "  Żadna z przeczytanych stron nie podaje godzin działu ani godzin jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia 7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.\n",
    ),
    (["--lang", "pl", "kasy", "--at", "2026-12-07"], 0, "Kasy, pon 7 gru 2026: 10:00–14:00\n"),
    (
        ["--lang", "pl", "kasy", "--at", "2026-12-24"],
        1,
        "Kasy, czw 24 gru 2026: zamknięte cały dzień (Wigilia Bożego Narodzenia)\n",
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "out"), DAY_ANSWERS, ids=[" ".join(a[0]) for a in DAY_ANSWERS]
)
def test_a_date_alone_answers_with_that_days_hours(run, args, code, out):
    # open-now after the global options
    args = [*args[:2], "open-now", *args[2:]] if args[0] == "--lang" else ["open-now", *args]
    result = run(*args, now=WEDNESDAY)
    assert (result.code, result.out, result.err) == (code, out, "")


def test_a_date_alone_in_json_gives_the_day_and_its_intervals(run):
    result = run("open-now", "kasy", "--at", "2026-12-07", "--json", now=WEDNESDAY)
    assert result.code == 0
    assert json.loads(result.out) == {
        "unit": "kasy",
        "name": "Kasy",
        "channel": "in-person",
        "opens": True,
        "date": "2026-12-07",
        "kind": "regular",
        "intervals": [
            {"start": "2026-12-07T10:00:00+01:00", "end": "2026-12-07T14:00:00+01:00", "note": None}
        ],
        "reason": None,
        "category": "office",
    }
    closed = run("open-now", "kasy", "--at", "2026-12-24", "--json", now=WEDNESDAY)
    assert closed.code == 1
    assert json.loads(closed.out) == {
        "unit": "kasy",
        "name": "Kasy",
        "channel": "in-person",
        "opens": False,
        "date": "2026-12-24",
        "kind": "holiday",
        "intervals": [],
        "reason": "Wigilia Bożego Narodzenia",
        "category": "office",
    }
    unknown = run("open-now", "dodatki", "--at", "2026-12-07", "--json", now=WEDNESDAY)
    assert (unknown.code, json.loads(unknown.out)["opens"]) == (3, None)


def test_every_unit_on_one_day(run):
    result = run("open-now", "--all", "--at", "2026-12-24", "--json", now=WEDNESDAY)
    rows = json.loads(result.out)
    assert result.code == 0
    assert [(r["unit"], r["opens"]) for r in rows][:3] == [
        ("mops", None),  # no weekly hours on record: unknown, not "does not open"
        ("kasy", False),
        ("swiadczenia-rodzinne", False),
    ]
    human = run("open-now", "--all", "--at", "2026-12-24", now=WEDNESDAY).out.splitlines()
    assert human[1] == "Kasy, Thu 24 Dec 2026: closed all day (Christmas Eve)"


def test_contacts_and_help_lines_with_a_date_show_that_days_hours(run):
    card = run("contacts", "kasy", "--at", "2026-12-24", now=WEDNESDAY).out
    assert (
        "hours    Mon–Fri 10:00–14:00; ostatni dzień miesiąca 10:00–12:00 · Thu 24 Dec\n"
        "         2026: closed all day (Christmas Eve)\n"
    ) in card
    plain = run("contacts", "kasy", "--plain", "--at", "2026-12-07", now=WEDNESDAY).out
    assert plain.rstrip("\n").split("\t")[6] == "open"  # it opens that day
    lines = json.loads(run("help-lines", "--json", "--at", "2026-12-24", now=WEDNESDAY).out)
    niebieska = next(line for line in lines if line["id"] == "niebieska-linia")
    assert niebieska["state"] == "open"
    assert niebieska["day"] == {
        "date": "2026-12-24",
        "kind": "regular",
        "intervals": [
            {"start": "2026-12-24T00:00:00+01:00", "end": "2026-12-25T00:00:00+01:00", "note": None}
        ],
        "reason": "Wigilia Bożego Narodzenia",
    }
    assert "day" not in json.loads(run("help-lines", "--json", now=WEDNESDAY).out)[0]


def test_an_answer_for_another_moment_names_it(run):
    result = run("contacts", "kasy", "--at", "2026-12-24 09:00", now=WEDNESDAY)
    assert (
        "hours    Mon–Fri 10:00–14:00; ostatni dzień miesiąca 10:00–12:00 · Thu 24 Dec\n"
        "         2026 09:00: closed (Christmas Eve), opens Mon 28 Dec at 10:00\n"
    ) in result.out
    now = run("open-now", "kasy", now=WEDNESDAY)
    assert now.out == "Kasy: open, closes at 14:00\n"  # no --at: now, as always


# -- 3. times as people say them --------------------------------------------------------------

SAID = [
    # (what the operator types, the moment or the day it means); today is Wed 25 Nov 2026
    ("jutro 9", "2026-11-26T09:00+01:00"),
    ("pon 9", "2026-11-30T09:00+01:00"),
    ("jutro o 9:00", "2026-11-26T09:00+01:00"),
    ("5.12.2026 11:00", "2026-12-05T11:00+01:00"),
    ("5.12 11:00", "2026-12-05T11:00+01:00"),
    ("05.12.26 11:00", "2026-12-05T11:00+01:00"),
    ("dziś 14", "2026-11-25T14:00+01:00"),
    ("dzisiaj o 14", "2026-11-25T14:00+01:00"),
    ("pojutrze 10", "2026-11-27T10:00+01:00"),
    ("w poniedziałek o 9", "2026-11-30T09:00+01:00"),
    ("we wtorek 10:30", "2026-12-01T10:30+01:00"),
    ("tomorrow at 9", "2026-11-26T09:00+01:00"),
    ("the day after tomorrow 10", "2026-11-27T10:00+01:00"),
    ("tomorrow 9pm", "2026-11-26T21:00+01:00"),
    ("mon 9:30 am", "2026-11-30T09:30+01:00"),
    ("5 grudnia 11:00", "2026-12-05T11:00+01:00"),
    ("dec 5 11:00", "2026-12-05T11:00+01:00"),
    ("11:00 5.12", "2026-12-05T11:00+01:00"),
    ("o 14", "2026-11-25T14:00+01:00"),
    ("11.30", "2026-11-25T11:30+01:00"),  # not a date: there is no 30th month
    ("2026-12-07 9:00", "2026-12-07T09:00+01:00"),
    ("3.1 10:00", "2027-01-03T10:00+01:00"),  # the next 3 January
    # a day alone: that day
    ("2026-12-07", "2026-12-07"),
    ("7.12.2026", "2026-12-07"),
    ("5.12.", "2026-12-05"),
    ("5 grudnia", "2026-12-05"),
    ("jutro", "2026-11-26"),
    ("pon", "2026-11-30"),
    ("śr", "2026-11-25"),  # today is Wednesday
]


@pytest.mark.parametrize(("text", "meant"), SAID)
def test_times_as_people_say_them(text, meant):
    moment = parse_moment(text, WARSAW, NOW)
    if moment.day is not None:
        assert moment.day.isoformat() == meant
    else:
        assert moment.instant.astimezone(WARSAW).isoformat(timespec="minutes") == meant


AMBIGUOUS = [
    ("5.12", "'5.12' could be a date or a time: write 5.12.2026 for a date, 5:12 for a time"),
    ("14", "'14' could be a date or a time: write 14.12.2026 for a date, 14:00 for a time"),
    (
        "12.10 11.10",
        "'12.10' could be a date or a time: write 12.10.2027 for a date, 12:10 for a time",
    ),
]


@pytest.mark.parametrize(("text", "message"), AMBIGUOUS)
def test_what_could_be_read_two_ways_is_refused_with_examples(text, message):
    with pytest.raises(UsageError) as refused:
        parse_moment(text, WARSAW, NOW)
    assert str(refused.value) == message


@pytest.mark.parametrize("text", ["jutro o piątej", "31.2 10:00", "pon wt", "9:00 10:00", "25:00"])
def test_what_cannot_be_read_is_refused(text):
    with pytest.raises(UsageError, match="cannot read the time"):
        parse_moment(text, WARSAW, NOW)


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("next week", "2026-11-30"),
        ("przyszły tydzień", "2026-11-30"),
        ("w przyszłym tygodniu", "2026-11-30"),
        ("this week", "2026-11-23"),
        ("ten tydzień", "2026-11-23"),
        ("last week", "2026-11-16"),
        ("7.12", "2026-12-07"),  # a week is named by a day: 7 December, not 7:12
        ("2026-12-09", "2026-12-07"),
        ("jutro", "2026-11-23"),
        ("pon", "2026-11-30"),
    ],
)
def test_weeks_as_people_say_them(run, text, monday):
    result = run("hours", "kasy", "--week", text, "--json", now=WEDNESDAY)
    assert (result.code, json.loads(result.out)["week"]) == (0, monday)


def test_a_week_that_cannot_be_read_shows_dates_not_times(run):
    result = run("hours", "--week", "kiedyś", now=WEDNESDAY)
    assert result.code == 2
    assert error_line(result) == (
        "mops: error: cannot read the week 'kiedyś': use e.g. 2026-12-07, 7.12.2026, 7.12, pon, "
        "next week or przyszły tydzień"
    )
    assert parse_week("next week", WARSAW, NOW).isoformat() == "2026-12-02"


def test_the_command_line_takes_them_too(run):
    result = run("open-now", "kasy", "--at", "jutro 9", now=WEDNESDAY)
    assert (result.code, result.out) == (
        1,
        "Kasy, Thu 26 Nov 2026 09:00: closed, opens in 60 min, at 10:00\n",
    )
    result = run("--lang", "pl", "open-now", "kasy", "--at", "pon 11", now=WEDNESDAY)
    assert (result.code, result.out) == (
        0,
        "Kasy, pon 30 lis 2026 11:00: otwarte, zamknięcie za 60 minut, o 12:00 (ostatni dzień miesiąca)\n",
    )
    result = run("open-now", "kasy", "--at", "5.12", now=WEDNESDAY)
    assert (result.code, error_line(result)) == (
        2,
        "mops: error: '5.12' could be a date or a time: write 5.12.2026 for a date, 5:12 for a time",
    )


# -- 4. why it is closed, then when it opens ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "out"),
    [
        ("en", "Kasy, Thu 24 Dec 2026 09:00: closed (Christmas Eve), opens Mon 28 Dec at 10:00\n"),
        (
            "pl",
            "Kasy, czw 24 gru 2026 09:00: zamknięte (Wigilia Bożego Narodzenia), otwarcie pon 28 gru o 10:00\n",
        ),
    ],
)
def test_the_reason_of_a_closure_comes_before_the_reopening(run, lang, out):
    result = run("--lang", lang, "open-now", "kasy", "--at", "2026-12-24 09:00", now=WEDNESDAY)
    assert (result.code, result.out) == (1, out)


def test_the_reason_of_a_days_hours_stays_with_them(run):
    result = run("open-now", "kasy", "--at", "2026-11-30 09:40", now=WEDNESDAY)
    assert result.out == (
        "Kasy, Mon 30 Nov 2026 09:40: closed, opens in 20 min, at 10:00 (ostatni dzień miesiąca)\n"
    )


# -- 5. who answers at 2 a.m. -----------------------------------------------------------------

SATURDAY_2AM = "2026-11-28T02:00:00+01:00"
MONDAY_11 = "2026-11-23T11:00:00+01:00"


def test_help_lines_open_keeps_those_answering_and_112(run):
    result = run("help-lines", "--open", "--json", now=SATURDAY_2AM)
    assert result.code == 0
    assert [(line["id"], line["state"]) for line in json.loads(result.out)] == [
        ("112", "open"),  # always
        ("niebieska-linia", "open"),
        ("telefon-zaufania", "open"),
        ("linia-pomocy-pokrzywdzonym", "open"),
        ("116-111", "open"),
        ("telefon-zaufania-rpd", "open"),
        ("116-123", "open"),
    ]
    human = run("help-lines", "--open", now=SATURDAY_2AM).out
    assert human.startswith("Numer alarmowy 112  [112]\n")
    assert "[telefon-zaufania-seniorzy]" not in human  # Mon–Fri evenings only


def test_help_lines_order_emergency_open_unknown_closed(run, write_data):
    path = write_data(
        """
[directory]
name = "T"

[[units]]
id = "closed-line"
name = "Closed line"
category = "helpline"
source = "s"
verified = 2026-11-01
[[units.phones]]
number = "71 111 11 11"
[[units.hours]]
days = "sa-su"
opens = "10:00"
closes = "12:00"

[[units]]
id = "unknown-line"
name = "Unknown line"
category = "helpline"
source = "s"
verified = 2026-11-01

[[units]]
id = "open-line"
name = "Open line"
category = "helpline"
source = "s"
verified = 2026-11-01
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"

[[units]]
id = "112"
name = "Numer alarmowy 112"
category = "helpline"
source = "s"
verified = 2026-11-01
[[units.phones]]
number = "112"
"""
    )
    result = run("--data", str(path), "help-lines", "--json", now=MONDAY_11)
    assert [line["id"] for line in json.loads(result.out)] == [
        "112",
        "open-line",
        "unknown-line",
        "closed-line",
    ]
    opened = run("--data", str(path), "help-lines", "--open", "--json", now=MONDAY_11)
    assert [line["id"] for line in json.loads(opened.out)] == ["112", "open-line"]


# -- 6. English words find the same units --------------------------------------------------------

SAME_UNITS = [
    # (English, Polish): each finds the same units
    ("housing allowance", "dodatek mieszkaniowy"),
    ("housing allowances", "dodatki mieszkaniowe"),
    ("cash desk", "kasa"),
    ("disability", "niepełnosprawność"),
    ("family benefits", "świadczenia rodzinne"),
    ("large family card", "karta dużej rodziny"),
]


@pytest.mark.parametrize(("english", "polish"), SAME_UNITS)
def test_english_words_find_what_the_polish_ones_find(run, english, polish):
    found = run("contacts", "--plain", *english.split())
    assert found.code == 0
    best = run("contacts", "--plain", *polish.split()).out.split("\t")[0]
    assert found.out.split("\t")[0] == best


def test_violence_finds_every_line_for_it(run):
    english = run("contacts", "--plain", "violence").out.splitlines()
    polish = run("contacts", "--plain", "przemoc").out.splitlines()
    assert sorted(line.split("\t")[0] for line in english) == sorted(
        line.split("\t")[0] for line in polish
    )
    assert english[1].startswith("niebieska-linia\t")


def test_english_keywords_of_a_new_unit_are_found(run, write_data):
    path = write_data(
        MINIMAL
        + """
[[units]]
id = "schronisko"
name = "Schronisko dla bezdomnych"
keywords = ["noclegownia", "shelter", "night shelter"]
source = "test"
verified = 2026-11-01
"""
    )
    for words in (["shelter"], ["shelters"], ["night", "shelter"], ["noclegownia"]):
        result = run("--data", str(path), "contacts", "--plain", *words)
        assert (result.code, result.out.split("\t")[0]) == (0, "schronisko")


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("cash", "mops: error: no unit called 'cash'; did you mean kasy? (see 'mops contacts')"),
        ("kassy", "mops: error: no unit called 'kassy'; did you mean kasy? (see 'mops contacts')"),
        ("nope", "mops: error: no unit called 'nope' (see 'mops contacts')"),
        ("xyzzy", "mops: error: no unit called 'xyzzy' (see 'mops contacts')"),
        (
            "orzekanei",
            "mops: error: no unit called 'orzekanei'; did you mean orzekanie? (see 'mops contacts')",
        ),
    ],
)
def test_did_you_mean_only_what_is_close(run, unit, message):
    result = run("open-now", unit)
    assert (result.code, error_line(result)) == (2, message)


# -- 7. audiences: a mistake, or an empty answer ------------------------------------------------


def test_an_unknown_audience_is_a_mistake_in_the_question(run):
    result = run("help-lines", "--for", "marsjanie")
    assert result.code == 2
    assert error_line(result) == (
        "mops: error: unknown audience 'marsjanie' (known: women, men, victims, witnesses, "
        "children, youth, adults, seniors, families, wszyscy, osoby doznające przemocy "
        "domowej, świadkowie przemocy domowej, mieszkańcy Wrocławia, osoby doznające przemocy, "
        "osoby w sytuacji kryzysowej, świadkowie przemocy, osoby doznające przemocy w rodzinie, "
        "osoby pokrzywdzone przestępstwem, świadkowie przestępstw, dzieci, młodzież, dorośli "
        "zgłaszający problemy dzieci, dorośli w kryzysie emocjonalnym, dorośli w kryzysie "
        "psychicznym, seniorzy, osoby starsze, bliscy i opiekunowie osób starszych, osoby "
        "używające narkotyków, rodzice i bliscy osób używających narkotyków, osoby w kryzysie "
        "bezdomności, osoby bez żadnych świadczeń, kobiety doznające przemocy domowej, osoby, "
        "które chcą pomóc komuś w trudnej sytuacji, osoby zgłaszające osobę bezdomną w potrzebie)"
    )
    polish = run("--lang", "pl", "help-lines", "--for", "marsjanie", "--json")
    assert polish.code == 2 and error_line(polish).startswith(
        "mops: błąd: nieznana grupa odbiorców 'marsjanie' (znane: kobiety, mężczyźni, ofiary, "
        "świadkowie, dzieci, młodzież, dorośli, seniorzy, rodziny, wszyscy, "
    )


def test_a_known_audience_that_keeps_no_line_is_an_empty_answer(run):
    result = run("help-lines", "--for", "dzieci seniorzy", "--json")
    assert (result.code, result.out) == (1, "[]\n")
    assert result.err == "no help line for 'dzieci seniorzy'; in an emergency call 112\n"
    human = run("help-lines", "--for", "dzieci seniorzy")
    assert (human.code, human.out) == (1, "")


def _complete(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_MOPS_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(cword)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli"], env=env, capture_output=True, text=True, check=False
    )
    return done.stdout.splitlines()


def test_for_completes_audiences_not_file_names():
    assert _complete("mops help-lines --for dz", 3) == ["dzieci", "dziecko"]
    assert _complete("mops help-lines --for ch", 3) == ["children", "child"]
    assert _complete("mops help-lines --for osoby", 3) == [
        "osoby doznające przemocy domowej",
        "osoby doznające przemocy",
        "osoby w sytuacji kryzysowej",
        "osoby doznające przemocy w rodzinie",
        "osoby pokrzywdzone przestępstwem",
        "osoby starsze",
        "osoby używające narkotyków",
        "osoby w kryzysie bezdomności",
        "osoby bez żadnych świadczeń",
        "osoby, które chcą pomóc komuś w trudnej sytuacji",
        "osoby zgłaszające osobę bezdomną w potrzebie",
    ]


# -- 8. narrow terminals --------------------------------------------------------------------------

SHIPPED = load(DATA).units
UNIT_IDS = [unit.id for unit in SHIPPED]
HELP_LINES = [unit.id for unit in SHIPPED if unit.category == "helpline"]
VIOLENCE = [
    "112", "niebieska-linia", "telefon-zaufania", "zespol-interdyscyplinarny",
    "dzial-przeciwdzialania-przemocy", "policyjny-telefon-zaufania", "oik",
    "linia-pomocy-pokrzywdzonym", "116-111", "telefon-zaufania-rpd", "116-123",
    "telefon-pomocy-dla-starszych", "schronisko-kobiety-soltysowicka", "centrum-pomocy-dzieciom",
    "infolinia-bezdomni",
]  # fmt: skip


@pytest.mark.parametrize("columns", ["60", "80", "100", "132"])
def test_the_overview_never_splits_an_id_or_a_state(run, columns):
    result = run("hours", now=WEDNESDAY, columns=columns)
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    assert "…" not in result.out
    words = [word for line in lines for word in line.split()]
    for unit_id in UNIT_IDS:
        assert unit_id in words
    assert (words.count("unknown"), words.count("open"), words.count("closed")) == (53, 24, 4)


def test_the_overview_stacks_when_the_table_does_not_fit(run):
    lines = run("hours", now=WEDNESDAY, columns="60").out.splitlines()
    assert lines[:6] == [
        "mops  unknown",
        "  Mon 23 ?   Tue 24 ?   Wed 25 ?   Thu 26 ?   Fri 27 ?",
        "  Sat 28 ?   Sun 29 ?",
        "kasy  open",
        "  Mon 23 10-14   Tue 24 10-14   Wed 25 10-14   Thu 26 10-14",
        "  Fri 27 10-14   Sat 28 –   Sun 29 –",
    ]
    wide = run("hours", now=WEDNESDAY, columns="100")
    assert wide.out.splitlines()[1].split()[0] == "unit"  # the table


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["hours", "kasy"], []),
        (["contacts", "przemoc"], VIOLENCE),
        (["help-lines"], HELP_LINES),
    ],
)
def test_sixty_columns_cut_nothing(run, args, ids):
    result = run(*args, now=WEDNESDAY, columns="60")
    assert "…" not in result.out
    assert max(len(line) for line in result.out.splitlines()) <= 60
    assert sorted(re.findall(r"\[([\w-]+)\]", result.out)) == sorted(ids)  # each id whole


def test_open_now_off_a_terminal_is_one_line_per_answer_at_any_width(run):
    lines = run("open-now", "--all", now=WEDNESDAY, columns="60").out.splitlines()
    assert len(lines) == len(UNIT_IDS)
    assert lines[0] == "Miejski Ośrodek Pomocy Społecznej we Wrocławiu: hours unknown"
    assert lines[1] == "Kasy: open, closes at 14:00"


# -- 9. help screens ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("command", ["open-now", "contacts", "help-lines", "hours", "validate"])
def test_help_screens_are_plain_and_show_examples(run, lang, command):
    result = run("--lang", lang, command, "--help")
    assert result.code == 0
    for noise in ("<str>", "<list[str]>", "[[", "…", "<path>"):
        assert noise not in result.out
    header = "Examples:" if lang == "en" else "Przykłady:"
    examples = result.out.split(header + "\n")[1].splitlines()
    assert examples and all(line.startswith(f"  $ mops {command}") for line in examples)


def test_the_main_commands_come_first_with_whole_summaries(run):
    result = run("--help")
    commands = result.out.split("Commands:\n")[1].splitlines()
    assert commands == [
        "  open-now    Is a unit open now, or at a given time?",
        "  contacts    Who to call: phones, e-mails, addresses, hours.",
        "  help-lines  Help for people facing violence, 112 first.",
        "  hours       A unit's week at a glance, or every unit's.",
        "  export      The directory as HSDS, iCalendar, vCard, OSM or HTML.",
        "  ask         Many questions in one run, as JSON lines.",
        "  validate    Check a directory file for problems.",
        "  review      What to re-check first: units by the age of their pages.",
        "  diff        What an edit of the directory file changes.",
    ]


def test_usage_lines_have_single_brackets(run):
    assert run("hours", "--help").out.startswith("Usage: mops hours [OPTIONS] [UNIT]\n")
    assert "  UNIT  Unit id" in run("hours", "--help").out
    assert "  QUERY  What the caller said" in run("contacts", "--help").out
    assert "-c, --channel CHANNEL" in run("open-now", "--help").out


# -- 10. Polish all the way -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "out"),
    [
        (
            ["--lang", "pl", "open-now", "kasy", "--channel", "telefon"],
            3,
            "Kasy (telefon): godziny nieznane\n",
        ),
        (["--lang", "pl", "open-now", "niebieska", "--channel", "telefon", "--json"], 0, None),
        (["open-now", "kasy", "--channel", "osobiście"], 0, "Kasy: open, closes at 14:00\n"),
        (["open-now", "kasy", "--channel", "Telefon"], 3, "Kasy (phone): hours unknown\n"),
    ],
)
def test_polish_channel_names(run, args, code, out):
    result = run(*args, now="2026-11-23T11:00:00+01:00")
    assert result.code == code
    if out is None:
        assert json.loads(result.out)["channel"] == "phone"  # JSON keeps its names
    else:
        assert result.out == out


def test_the_polish_week_names_the_channel_in_polish(run):
    result = run("--lang", "pl", "hours", "kasy", "--channel", "telefon", now=WEDNESDAY)
    assert result.out == (
        "Kasy (telefon), tydzień od pon 23 lis 2026\nBrak godzin dla kanału telefon w danych.\n"
    )
    result = run("--lang", "pl", "hours", "kasy", now=WEDNESDAY)
    assert result.out.splitlines()[0] == "Kasy (osobiście), tydzień od pon 23 lis 2026"


@pytest.mark.parametrize("value", ["xx", "de", "polski"])
def test_an_unknown_mops_lang_is_an_error_like_an_unknown_lang(run, value):
    result = run("open-now", "kasy", mops_lang=value)
    assert (result.code, error_line(result)) == (
        2,
        f"mops: error: unknown language '{value}' in MOPS_LANG (use pl or en)",
    )
    assert run("open-now", "kasy", mops_lang="pl_PL.UTF-8").code == 0
    assert run("--lang", "en", "open-now", "kasy", mops_lang=value).code == 0  # --lang wins


def test_an_unknown_channel_lists_the_names_of_the_interface(run):
    result = run("--lang", "pl", "open-now", "kasy", "--channel", "fax")
    assert error_line(result) == (
        "mops: błąd: nieznany kanał 'fax' (znane: osobiście, telefon, e-mail, online, odwiedziny, "
        "odbior-kart-pobytu)"
    )


# -- 11. a number read out by a caller -------------------------------------------------------------


def test_the_number_read_out_is_marked(run):
    result = run("contacts", "71", "782", "23", "01")
    assert result.code == 0
    assert result.out.splitlines()[1:7] == [
        "phone    71 782 23 22  infolinia",
        "phone    71 782 23 00  sekretariat",
        "phone    71 782 23 01  sekretariat  ◀ the number asked for",
        "phone    71 782 23 02  sekretariat",
        "phone    71 782 23 03  sekretariat",
        "phone    71 782 24 05  fax",
    ]
    polish = run("--lang", "pl", "contacts", "717822301")
    assert "telefon  71 782 23 01  sekretariat  ◀ ten numer" in polish.out.splitlines()


def test_the_number_read_out_is_in_json(run):
    [mops] = json.loads(run("contacts", "+48 71 782 23 01", "--json").out)
    assert mops["matched_phones"] == ["+48717822301"]
    [kasy] = json.loads(run("contacts", "kasy", "--json").out)
    assert kasy["matched_phones"] == []  # not asked by number


def test_an_unknown_number_says_no_unit_has_it(run):
    result = run("contacts", "71", "000", "00", "00")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "no unit has the number 71 000 00 00; check the digits, or see 'mops contacts'\n"
    )
    assert run("contacts", "71 000 00 00", "--json").out == "[]\n"


# -- issue 13: --json is JSON whatever the answer -----------------------------------------------------

EMPTY_ANSWERS = [
    (["contacts", "xyzzy", "--json"], 1),
    (["contacts", "71 000 00 00", "--json"], 1),
    (["help-lines", "--for", "dzieci seniorzy", "--json"], 1),
]


@pytest.mark.parametrize(
    ("args", "code"), EMPTY_ANSWERS, ids=[" ".join(a[0]) for a in EMPTY_ANSWERS]
)
def test_nothing_found_is_an_empty_array(run, args, code):
    result = run(*args)
    assert (result.code, result.out) == (code, "[]\n")


EMPTY_DIRECTORY = [
    (["contacts", "--json"], 1),
    (["contacts", "kasy", "--json"], 1),
    (["help-lines", "--json"], 1),
    (["help-lines", "--open", "--json"], 1),
    (["open-now", "--all", "--json"], 0),
    (["open-now", "--all", "--at", "2026-12-07", "--json"], 0),
    (["hours", "--json"], 0),
]


@pytest.mark.parametrize(
    ("args", "code"), EMPTY_DIRECTORY, ids=[" ".join(a[0]) for a in EMPTY_DIRECTORY]
)
def test_an_empty_directory_answers_an_empty_array(run, write_data, args, code):
    path = write_data('[directory]\nname = "Empty"\n')
    result = run("--data", str(path), *args)
    assert (result.code, result.out) == (code, "[]\n")


def test_an_empty_directory_says_so_to_a_person(run, write_data):
    path = write_data(UNIT_HEAD.split("[[units]]")[0])
    assert run("--data", str(path), "contacts").err == "the directory has no units\n"
    assert run("--data", str(path), "help-lines").err == "the directory has no help lines\n"


def test_a_narrow_week_view_keeps_the_words_and_drops_the_bars(run):
    result = run("hours", "kasy", now="2026-12-24T10:00:00+01:00", columns="60")
    assert result.out.splitlines()[:9] == [
        "Kasy (in-person), week of Mon 21 Dec 2026",
        "  Mon 21 Dec 10:00–14:00",
        "  Tue 22 Dec 10:00–14:00",
        "  Wed 23 Dec 10:00–14:00",
        "▶ Thu 24 Dec closed (Christmas Eve)",
        "  Fri 25 Dec closed (Christmas Day)",
        "  Sat 26 Dec closed (Second Day of Christmas)",
        "  Sun 27 Dec closed",
        "",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "next mon 9",
            "'next mon 9' could mean 2026-11-30 or 2026-12-07: give the date (30.11 or 7.12), "
            "or the day's name alone for the coming one",
        ),
        (
            "w przyszłą środę",
            "'w przyszłą środę' could mean 2026-12-02 or 2026-12-09: give the date (2.12 or "
            "9.12), or the day's name alone for the coming one",
        ),
    ],
)
def test_next_monday_is_this_coming_one_or_the_one_after(text, message):
    with pytest.raises(UsageError) as refused:
        parse_moment(text, WARSAW, NOW)
    assert str(refused.value) == message
