"""Behaviour the mutation run of the shared code (docs/mutation.md, issue 25) found untested:
the Python API's argument checks and defaults, `mops ask`'s refusals, `mops diff`'s JSON,
the exported files' fixed values. Through public faces only (the API, `mops`, the answers),
so that refactoring below them leaves these tests standing."""

from __future__ import annotations

import gc
import io
import json
import os
import zipfile
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from conftest import DATA, MINIMAL, ROOT, UNIT_HEAD

from mops_cli import Directory
from mops_cli.errors import BadTimeError, MopsError, UsageError
from mops_cli.questions import MAX_LINE_BYTES

NOW = "2026-11-30T11:30:00+01:00"
DIFF = ROOT / "tests" / "data" / "diff"
OCTOBER = "2026-10-20T10:00:00+02:00"


@pytest.fixture
def directory() -> Directory:
    # os.environ holds the test's private cache directory (conftest.private_cache).
    return Directory.load(environ={**os.environ, "MOPS_NOW": NOW})


# -- the Python API ---------------------------------------------------------------------------


class _BytesPath:
    """A path-like object whose path is bytes, which the API does not take."""

    def __fspath__(self) -> bytes:
        return b"offices.toml"


WRONG_TYPES: list[tuple[str, Any, str]] = [
    ("load path", lambda d: Directory.load(5), "path must be a str, a path or None, not int"),
    ("load environ", lambda d: Directory.load(environ=5),
     "environ must be a mapping of strings to strings or None, not int"),
    ("load environ values", lambda d: Directory.load(environ={"MOPS_NOW": 5}),
     "environ must be a mapping of strings to strings or None, not dict"),
    ("open_now_all channel", lambda d: d.open_now_all(channel=5),
     "channel must be a string or None, not int"),
    ("overview channel", lambda d: d.overview(channel=5),
     "channel must be a string or None, not int"),
    ("week channel", lambda d: d.week("kasy", channel=5),
     "channel must be a string or None, not int"),
    ("unit too long", lambda d: d.unit("x" * 1001),
     "name is too long: 1001 characters (at most 1000)"),
    ("week no unit", lambda d: d.week(""), "no unit given"),
    ("load path of bytes", lambda d: Directory.load(_BytesPath()),
     "path must be a str, a path or None, not _BytesPath"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "message"), [w[1:] for w in WRONG_TYPES],
                         ids=[w[0] for w in WRONG_TYPES])  # fmt: skip
def test_the_api_refuses_an_argument_with_the_clis_message(directory, call, message):
    with pytest.raises(MopsError) as error:
        call(directory)
    assert str(error.value) == message
    assert isinstance(error.value, UsageError)


def test_a_week_asked_for_a_channel_is_that_channels_week(directory):
    unit = next(u for u in directory.units() if len(u.channels) > 1)
    default = directory.week(unit.id).to_json()["channel"]
    other = next(c for c in unit.channels if c != default)
    assert directory.week(unit.id, channel=other).to_json()["channel"] == other


def test_an_overview_is_of_the_week_asked_for(directory):
    answer = directory.overview(date(2026, 12, 21)).to_json()
    assert {row["week"] for row in answer} == {"2026-12-21"}
    assert {row["week"] for row in directory.overview().to_json()} == {"2026-11-30"}


def test_help_lines_list_closed_lines_unless_asked_for_open_ones(directory):
    at = "2026-12-05 03:00"  # a Saturday night: most lines are closed
    every = directory.help_lines(at=at).to_json()
    open_only = directory.help_lines(at=at, open_only=True).to_json()
    assert every == directory.help_lines(at=at, open_only=False).to_json()
    assert len(json.dumps(open_only)) < len(json.dumps(every))


# -- mops ask ---------------------------------------------------------------------------------

ASKED: list[tuple[str, dict[str, Any], str]] = [
    ("a long key", {"x" * 1001: 1}, "a string is too long: 1001 characters (at most 1000)"),
    ("a long word of a list", {"cmd": "contacts", "query": ["a" * 1001]},
     "query is too long: 1001 characters (at most 1000)"),
    ("a lone surrogate in a list", {"cmd": "contacts", "query": ["\ud800"]},
     'a string in "query" holds a lone surrogate (\\ud800-\\udfff): not Unicode text'),
]  # fmt: skip


@pytest.mark.parametrize(("question", "message"), [a[1:] for a in ASKED],
                         ids=[a[0] for a in ASKED])  # fmt: skip
def test_a_question_past_the_bounds_is_refused_with_why(directory, question, message):
    with pytest.raises(UsageError) as error:
        directory.ask(question)
    assert str(error.value) == message


def _stdin(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def _ask(run, *lines: str, end: str = "\n") -> list[dict[str, Any]]:
    result = run("ask", now=NOW, stdin=_stdin(("\n".join(lines) + end).encode()))
    return [json.loads(x) for x in result.out.splitlines()]


def test_a_number_out_of_range_is_named_by_its_first_twenty_characters(run):
    [reply] = _ask(run, '{"id": 1, "cmd": "open-now", "unit": 1e999999999999999999999}')
    assert reply == {
        "id": None, "exit": 2,
        "error": "not JSON: the number 1e999999999999999999 is out of range",
    }  # fmt: skip


def test_a_contacts_question_answers_as_the_contacts_command(run):
    [every, kasy, at] = _ask(
        run,
        '{"id": 1, "cmd": "contacts"}',
        '{"id": 2, "cmd": "contacts", "query": "kasy"}',
        '{"id": 3, "cmd": "contacts", "query": "kasy", "at": "2026-12-24 11:00"}',
    )
    assert every["answer"] == json.loads(run("contacts", "--json", now=NOW).out)
    assert kasy["answer"] == json.loads(run("contacts", "kasy", "--json", now=NOW).out)
    by_cli = run("contacts", "kasy", "--at", "2026-12-24 11:00", "--json", now=NOW)
    assert (at["exit"], at["answer"]) == (0, json.loads(by_cli.out))


@pytest.mark.parametrize("keys", [200, 600])  # 0.4 MB of UTF-8, 1.2 MB: over the limit
def test_a_long_question_of_polish_text_is_measured_alike_by_the_api_and_ask(run, directory, keys):
    """The line's limit is of UTF-8 bytes, as `mops ask` reads them: the API's question is
    written as that line would be (ż is two bytes, not a six-byte escape)."""
    question = {"id": 1, "cmd": "contacts"} | {f"{i:03d}" + "ż" * 997: 1 for i in range(keys)}
    with pytest.raises(UsageError) as error:
        directory.ask(question)
    [reply] = _ask(run, json.dumps(question, ensure_ascii=False))
    assert (str(error.value), reply["exit"]) == (reply["error"], 2)
    assert reply["error"].startswith("line too long" if keys == 600 else "contacts takes no key")


def test_the_last_line_is_answered_without_its_newline(run):
    replies = _ask(run, '{"id": 1, "cmd": "open-now", "unit": "kasy"}', '{"id": 2}', end="")
    assert [reply["id"] for reply in replies] == [1, 2]
    assert (
        replies[1]["error"]
        == 'no "cmd"; use one of: contacts, help-lines, hours, open-now, validate'
    )


@pytest.mark.parametrize(
    ("size", "too_long"), [(MAX_LINE_BYTES, False), (MAX_LINE_BYTES + 1, True)]
)
def test_a_line_of_the_limit_is_answered_and_one_byte_more_is_refused(run, size, too_long):
    head = '{"id": 1, "cmd": "open-now", "unit": "kasy"'
    [reply] = _ask(run, head + " " * (size - len(head) - 1) + "}")
    if too_long:
        assert reply == {"id": None, "error": "line too long: over 1048576 bytes", "exit": 2}
    else:
        assert (reply["id"], reply["answer"]["unit"]) == (1, "kasy")


@pytest.mark.parametrize(
    ("reply", "line"),
    [
        ({"id": 7, "answer": "\ud800"}, '{"id":7,"error":"internal error: UnicodeEncodeError","exit":2}'),
        ({"id": "\udfff", "answer": 1}, '{"id":"\\udfff","error":"internal error: UnicodeEncodeError","exit":2}'),
        ({"id": 8, "answer": object()}, '{"id":8,"error":"internal error: TypeError","exit":2}'),
        ({"id": 9, "answer": float("nan")}, '{"id":9,"answer":null}'),
    ],
    ids=["text that is no Unicode", "an id that is no Unicode", "no JSON value", "no number"],
)  # fmt: skip
def test_an_answer_that_cannot_be_written_is_an_error_line_not_a_crash(reply, line):
    """Only a bug makes such an answer (questions and the data file refuse such text); the
    run goes on."""
    from mops_cli.questions import dumps

    assert dumps(reply) == line


# -- mops diff --------------------------------------------------------------------------------


def test_diff_json_names_the_two_files(run):
    old, new = str(DIFF / "base.toml"), str(DIFF / "phone.toml")
    answer = json.loads(run("diff", "--json", old, new, now=OCTOBER).out)
    assert (answer["old"], answer["new"]) == (old, new)


def test_diff_json_names_holidays_in_polish(run):
    args = ("diff", "--json", "--days", "30", str(DIFF / "base.toml"), str(DIFF / "holidays.toml"))
    answer = json.loads(run(*args, now=OCTOBER).out)
    [unit] = answer["changed"]
    [day] = [d for d in unit["days"] if d["date"] == "2026-11-11"]
    assert day["old"]["reason"] == "Narodowe Święto Niepodległości"


def test_diff_of_an_empty_standard_input_says_it_is_empty(run):
    result = run("diff", "-", str(DIFF / "base.toml"), now=OCTOBER, stdin=_stdin(b""))
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "mops: error: <stdin>: the file is empty\n",
    )


def test_mops_now_without_an_offset_is_refused(run):
    result = run("open-now", "kasy", now="2026-11-30 11:30")
    assert (result.code, result.err) == (
        2, "mops: error: MOPS_NOW needs a UTC offset: '2026-11-30 11:30'\n"
    )  # fmt: skip


# -- exports ----------------------------------------------------------------------------------


def test_the_hsds_tables_are_utf_8(run, tmp_path):
    path = tmp_path / "hsds.zip"
    assert run("--data", str(DATA), "export", "hsds-zip", "--output", str(path), now=NOW).code == 0
    package = json.loads(zipfile.ZipFile(path).read("datapackage.json"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8"}


def test_the_page_says_when_it_was_exported_in_the_directorys_time(run):
    page = run("export", "html", now="2026-11-23T09:00:00+00:00").out
    assert "Exported 2026-11-23 10:00." in page


# -- sources ----------------------------------------------------------------------------------


def test_a_source_without_a_space_before_its_date():
    from mops_cli.sources import SourceError, parse

    with pytest.raises(SourceError) as error:
        parse("https://mops.wroclaw.pl(2023): adres")
    assert str(error.value) == "a space must separate the address from its (date)"
    # A seed needs no space: "[S001](2019–2020)" reads as "[S001] (2019–2020)".
    assert parse("[S001](2019–2020)") == parse("[S001] (2019–2020)")


def test_a_page_date_keeps_its_text_and_a_december_ends_the_year():
    from mops_cli.sources import parse_date

    day = parse_date("21.11.2023")
    assert (day.first, day.last, day.precision, day.text) == (
        date(2023, 11, 21), date(2023, 11, 21), "day", "21.11.2023"
    )  # fmt: skip
    december = parse_date("2023-12")
    assert (december.first, december.last) == (date(2023, 12, 1), date(2023, 12, 31))


def test_hours_without_a_source_of_their_own_rest_on_the_units(directory):
    from mops_cli.sources import hours_sources, parsed

    unit = next(
        u for u in directory.units() if u.hours and u.source and not any(r.source for r in u.hours)
    )
    assert hours_sources(unit) == parsed(unit.source) != ()


def test_audiences_complete_from_the_help_lines():
    from mops_cli import answers
    from mops_cli.session import Environment, Session

    session = Session(DATA, Environment({**os.environ, "MOPS_NOW": NOW}))
    completions = answers.audience_completions(session, "")
    assert set(completions) > set(answers.audience_completions(session, "dzie")) != set()
    helpline_audiences = {a for u in session.units("helpline") for a in u.audience}
    assert helpline_audiences <= set(completions)


def test_an_exported_id_is_the_same_in_every_export(run):
    # Ids are derived from the data (stable_uuid), so that a consumer can match records of one
    # export to the next; this pins one, as README pins a calendar event's UID.
    document = json.loads(run("export", "hsds", now=NOW).out)
    [kasy] = [s for s in document["services"] if s["name"] == "Kasy"]
    assert [a["id"] for a in kasy["service_at_locations"]] == [
        "a02eedf4-c746-59e9-b3db-0cf343e5d850"
    ]


def test_a_calendar_opening_on_a_holiday_is_an_ordinary_opening(run):
    # oik works round the clock, holidays too: its Christmas Eve is a day like any other, not
    # an event described by the holiday's name (a special day's reason is described).
    calendar = run("export", "ics", now="2026-12-20T10:00:00+01:00").out
    start = calendar.index("UID:oik/in-person/20261224T0000@mops-cli")
    event = calendar[start : calendar.index("END:VEVENT", start)]
    assert "DESCRIPTION" not in event
    assert "SUMMARY:Ośrodek Interwencji Kryzysowej" in event


@pytest.mark.parametrize(
    "rrule", ["FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;BYDAY=MO", "FREQ=YEARLY;BYMONTH=12"]
)
def test_a_yearly_pattern_of_a_day_and_a_weekday_has_no_osm_selector(rrule):
    # "24 December when it is a Monday": `Dec 24` would say every 24 December.
    from mops_cli.export.osm import rrule_selector

    assert rrule_selector(rrule) is None


def test_a_pattern_osm_cannot_say_leaves_the_later_ones_said(run):
    data = ROOT / "tests" / "data" / "osm-patterns.toml"
    [row] = json.loads(run("--data", str(data), "export", "osm", now=NOW).out)
    assert row["not_expressed"] == [
        "RRULE FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO: 10:00-12:00",
        "RRULE FREQ=MONTHLY;BYDAY=-1MO: 14:00-15:00, on some dates together with "
        "RRULE FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO",
    ]
    # The last pattern is said, from the day it starts.
    assert row["opening_hours"] == "Mo-Fr 08:00-16:00; 2027 Jan 01+ Mo[1] 12:00-18:00; PH off"


def test_hours_osm_can_say_none_of_are_off_and_marked_inexact(run, write_data):
    """Only a pattern the syntax cannot say: what is said is "closed", and `exact` is false
    with the pattern listed, as for any string that leaves something out."""
    path = write_data(
        UNIT_HEAD.replace('source = "test"', 'on_holidays = "open"\nsource = "test"')
        + '\n[[units.hours]]\nrrule = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO"\n'
        + 'opens = "10:00"\ncloses = "12:00"\n'
    )
    [row] = json.loads(run("--data", str(path), "export", "osm", now=NOW).out)
    assert (row["opening_hours"], row["exact"], row["not_expressed"]) == (
        "off",
        False,
        ["RRULE FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO: 10:00-12:00"],
    )


# -- the session (second measure, at f81caef) ------------------------------------------------


def test_next_week_counts_from_the_directorys_day_not_the_machines(run):
    """23:30 on Sunday in UTC is already Monday 00:30 in Wrocław: "next week" is the week after
    the one that began that Monday, wherever the machine's clock is set."""
    answer = run("hours", "kasy", "--week", "next week", "--json", now="2026-11-29T23:30:00Z")
    assert answer.code == 0
    assert json.loads(answer.out)["week"] == "2026-12-07"


def test_a_pattern_is_checked_against_the_answers_clock(run, write_data):
    """A pattern whose one date is past on the machine's calendar but ahead of `MOPS_NOW` still
    applies: the file is checked as of the day the answers are for."""
    once = "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=27;UNTIL=20261127"
    path = write_data(
        MINIMAL + f'\n[[units.hours]]\nrrule = "{once}"\nopens = "17:00"\ncloses = "18:00"\n'
    )
    answer = run("--data", str(path), "open-now", "biuro", "--at", "2026-11-27 17:30", "--json")
    assert (answer.code, answer.err) == (0, "")
    assert json.loads(answer.out)["state"] == "open"
    # The maintainers' commands read the file as of the same day.
    review = run("review", "--data", str(path), "--json")
    assert (review.code, json.loads(review.out)[0]["id"]) == (0, "biuro")
    for before in (str(path), "-"):
        stdin = _stdin(path.read_bytes()) if before == "-" else None
        diff = run("diff", before, str(path), "--json", stdin=stdin)
        assert (diff.code, json.loads(diff.out)["changed"]) == (0, [])


@pytest.mark.cold_cache
@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(enabled):
    """Loading pauses the cyclic collector (a program using the API must get it back), and
    never turns on one its host had turned off."""
    before = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        directory = Directory.load(environ={**os.environ, "MOPS_NOW": NOW})
        assert directory.open_now("kasy").to_json()["state"] == "open"
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if before else gc.disable()


# -- the answers (second measure, at f81caef) ------------------------------------------------


def test_the_overview_gives_times_in_the_directorys_zone(run):
    answer = run("hours", "--json", now="2026-12-20T23:30:00Z")
    kasy = next(row for row in json.loads(answer.out) if row["unit"] == "kasy")
    assert kasy["week"] == "2026-12-21"  # Monday already, in Wrocław
    assert kasy["days"][0]["intervals"] == [
        {"start": "2026-12-21T10:00:00+01:00", "end": "2026-12-21T14:00:00+01:00", "note": None}
    ]


def test_a_diff_counts_its_days_from_the_directorys_day(run):
    """00:30 on Tuesday in Wrocław, still Monday in UTC: the fourteen days start on Tuesday."""
    now = "2026-10-26T23:30:00Z"
    result = run("diff", str(DIFF / "base.toml"), str(DIFF / "closure.toml"), now=now)
    assert result.out.splitlines()[3:] == [
        "  hours, Tue 27 Oct 2026 to Mon 9 Nov 2026:",
        "    Tue 27 Oct 2026: 08:00–16:00 → closed (szkolenie)",
    ]


# -- the second round of the second measure (Random(14), 90 more per population) -------------

UTC = timezone.utc


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "2026-11-30"),  # Monday 00:30 in Wrocław
        (datetime(2026, 11, 29, 23, 30), "2026-11-23"),  # naive: Wrocław's wall clock, Sunday
        (date(2026, 11, 29), "2026-11-23"),
    ],
)
def test_the_api_s_week_of_a_typed_time_is_its_day_in_wroclaw(directory, day, week):
    assert directory.week("kasy", day).to_json()["week"] == week


@pytest.mark.parametrize(
    "day",
    [
        datetime(9999, 12, 31, 23, 30, tzinfo=UTC),  # no day in Wrocław: past year 9999
        datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # before year 1 in UTC
        datetime(2100, 12, 31, 23, 30, tzinfo=UTC),  # 2101 in Wrocław
    ],
)
def test_a_typed_time_past_the_years_is_out_of_range_not_an_internal_error(directory, day):
    for ask in (lambda: directory.week("kasy", day), lambda: directory.overview(day)):
        with pytest.raises(BadTimeError) as error:
            ask()
        assert str(error.value) == (
            f"{day.isoformat()!r} is out of range: mops answers about the years 1900 to 2100"
        )


ASKED_AS_THE_CLI = [
    ({"cmd": "help-lines", "open": True, "at": "2026-11-29 03:00"},
     ["help-lines", "--open", "--at", "2026-11-29 03:00"]),
    ({"cmd": "hours", "unit": "kasy", "channel": "phone"}, ["hours", "kasy", "--channel", "phone"]),
    ({"cmd": "validate", "strict": True}, ["validate", "--strict"]),
    ({"cmd": "contacts", "query": ["kasy"] * 100}, ["contacts", *["kasy"] * 100]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "argv"), ASKED_AS_THE_CLI, ids=[q[1][0] for q in ASKED_AS_THE_CLI]
)
def test_each_key_of_a_question_reaches_its_answer_as_the_option_does(run, question, argv):
    [reply] = _ask(run, json.dumps(question))
    answered = run(*argv, "--json", now=NOW)
    assert (reply["exit"], reply["answer"]) == (answered.code, json.loads(answered.out))


NESTED = [
    ({"x": {"k": "\ud800"}}, 'a string in "x" holds a lone surrogate (\\ud800-\\udfff): not Unicode text'),
    ({"x": {"\ud800": 1}}, "a string holds a lone surrogate (\\ud800-\\udfff): not Unicode text"),
    ({"x": {"k" * 1001: 1}}, "a string is too long: 1001 characters (at most 1000)"),
    ({"x": ["a"] * 101}, 'a list in "x" has 101 items (at most 100)'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "message"), NESTED, ids=["value", "key", "long key", "long list"]
)
def test_what_a_question_holds_is_checked_inside_its_tables_and_lists(run, extra, message):
    [reply] = _ask(run, json.dumps({"id": 1, "cmd": "open-now", "unit": "kasy"} | extra))
    assert reply == {"id": 1, "error": message, "exit": 2}


def test_a_bug_in_one_answer_is_that_answer_s_error_line(run, monkeypatch):
    from mops_cli.session import Session

    def broken(self, unit, channel, at):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Session, "status", broken)
    replies = _ask(
        run,
        '{"id": 1, "cmd": "open-now", "unit": "kasy"}',
        '{"id": 2, "cmd": "contacts", "query": "kasy"}',
    )
    assert replies[0] == {"id": 1, "error": "internal error: RuntimeError: a bug", "exit": 2}
    assert replies[1]["exit"] == 0  # the run goes on


def test_an_over_long_line_is_never_held_whole():
    """`mops ask` reads a line of 3 MiB in pieces of at most the limit: it is refused without
    ever being in memory at once (a runaway writer cannot exhaust it)."""
    from mops_cli.questions import LineTooLong, read_lines

    sizes: list[int | None] = []

    class Recording(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:
            sizes.append(size)
            return super().readline(size)

    stream = Recording(b"x" * (3 * MAX_LINE_BYTES) + b"\n" + b'{"cmd": "validate"}\n')
    lines = list(read_lines(stream))
    assert [type(line) for line in lines] == [LineTooLong, bytes]
    assert all(size is not None and 0 < size <= MAX_LINE_BYTES + 1 for size in sizes)


API_AS_THE_CLI: list[tuple[str, Any, list[str]]] = [
    ("open_now_all", lambda d: d.open_now_all(at="2026-11-30 12:30", channel="phone"),
     ["open-now", "--all", "--at", "2026-11-30 12:30", "--channel", "phone"]),
    ("open_now", lambda d: d.open_now("kasy", at="2026-11-30 12:30", channel="phone"),
     ["open-now", "kasy", "--at", "2026-11-30 12:30", "--channel", "phone"]),
    ("find", lambda d: d.find("kasy", at="2026-11-30 12:30"),
     ["contacts", "kasy", "--at", "2026-11-30 12:30"]),
    ("overview", lambda d: d.overview("2026-12-21", channel="phone"),
     ["hours", "--week", "2026-12-21", "--channel", "phone"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "argv"), [a[1:] for a in API_AS_THE_CLI], ids=[a[0] for a in API_AS_THE_CLI]
)
def test_the_api_passes_on_every_argument_as_the_cli_does(run, directory, call, argv):
    answered = run(*argv, "--json", now=NOW)
    assert call(directory).to_json() == json.loads(answered.out)


def test_find_reports_each_state_at_the_time_asked(directory):
    """Kasy close at 12:00 on the last day of the month (its special hours), open at 11:30."""
    assert [c.state for c in directory.find("kasy", at="2026-11-30 12:30").found][:1] == ["closed"]
    assert [c.state for c in directory.find("kasy").found][:1] == ["open"]


def test_the_api_names_a_week_s_day_argument_when_it_is_wrong(directory):
    with pytest.raises(UsageError) as error:
        directory.week("kasy", 5)
    assert str(error.value) == "day must be a string, datetime, date or None, not int"


def test_the_page_carries_every_sentence_and_index_key_its_script_reads(run, tmp_path):
    """What html_page.js reads of the page's data (`T.closesSoon`, `Q.fb`, ...) is there, not
    null, and the days the page covers are the days asked for."""
    import re

    page = tmp_path / "page.html"
    assert run("export", "html", "--days", "7", "-o", str(page)).code == 0
    html = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="mops-data">(.*?)</script>', html, re.S)[1])
    script = (ROOT / "mops_cli" / "export" / "html_page.js").read_text(encoding="utf-8")
    for name, table in (("T", data["t"]), ("Q", data["q"])):
        read = set(re.findall(rf"\b{name}\.(\w+)", script))
        assert read and read <= set(table), (name, read - set(table))
        assert all(table[key] is not None for key in read - {"fb"}), name
    assert (data["t"]["open"], data["t"]["opens"]) == ("open", "opens {when}")
    assert "hours for Mon 23 Nov 2026 – Sun 29 Nov 2026;" in html
    assert data["t"]["outside"] == "unknown: this page covers Mon 23 Nov 2026 – Sun 29 Nov 2026"


OVERLAPPING = """
[[units.hours]]
days = "mo"
opens = "08:00"
closes = "12:00"

[[units.hours]]
days = "mo"
opens = "11:00"
closes = "16:00"

[[units.hours]]
rrule = "FREQ=WEEKLY;BYDAY=SA;COUNT=3"
valid_from = 2026-11-28
opens = "09:00"
closes = "10:00"
"""


def test_exports_of_overlapping_hours_and_a_counted_pattern(run, write_data, tmp_path):
    """OSM joins ranges that overlap into one; HSDS keeps a pattern's COUNT."""
    import csv

    path = write_data(UNIT_HEAD + OVERLAPPING)
    [row] = json.loads(run("--data", str(path), "export", "osm", now=NOW).out)
    assert row["opening_hours"] == 'Mo 08:00-16:00; PH unknown "the source does not say"'
    tables = tmp_path / "hsds.zip"
    assert run("--data", str(path), "export", "hsds-zip", "-o", str(tables), now=NOW).code == 0
    with zipfile.ZipFile(tables) as package, package.open("schedules.csv") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    assert [(r["byday"], r["opens_at"], r["count"]) for r in rows] == [
        ("MO", "08:00:00", ""), ("MO", "11:00:00", ""), ("SA", "09:00:00", "3")
    ]  # fmt: skip


def test_each_referral_is_its_own_organization_in_hsds(run, tmp_path):
    import csv

    from mops_cli.loader import load

    referrals = [u for u in load(DATA).units if u.category == "referral"]
    tables = tmp_path / "hsds.zip"
    assert run("export", "hsds-zip", "-o", str(tables), now=NOW).code == 0
    with zipfile.ZipFile(tables) as package, package.open("organizations.csv") as raw:
        organizations = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    assert len({o["id"] for o in organizations}) == len(organizations) == 1 + len(referrals) > 1


def test_the_printed_card_gives_a_line_without_a_number_its_address(run, write_data, tmp_path):
    path = write_data(
        UNIT_HEAD.replace('source = "test"', 'category = "helpline"\nsource = "test"')
        + 'links = ["https://example.org/czat"]\n'
        + '\n[[units.hours]]\ndays = "mo-su"\nopens = "00:00"\ncloses = "24:00"\n'
    )
    card = tmp_path / "card.html"
    argv = ("--data", str(path), "export", "html", "--card", "help-lines", "-o", str(card))
    assert run(*argv, now=NOW).code == 0
    assert (
        '<li class="url"><a href="https://example.org/czat">https://example.org/czat</a></li>'
        in card.read_text(encoding="utf-8")
    )


def test_patterns_that_meet_on_one_day_are_said_to_coincide(run, write_data):
    """One pattern ends on the day the other starts, and both take that day (25 January 2027
    is January's last Monday): the second is listed as falling together with the first."""
    path = write_data(
        MINIMAL
        + '\n[[units.hours]]\nrrule = "FREQ=MONTHLY;BYDAY=-1MO"\nvalid_to = 2027-01-25\n'
        + 'opens = "12:00"\ncloses = "18:00"\n'
        + '\n[[units.hours]]\nrrule = "FREQ=MONTHLY;BYMONTHDAY=25"\nvalid_from = 2027-01-25\n'
        + 'opens = "14:00"\ncloses = "15:00"\n'
    )
    [row] = json.loads(run("--data", str(path), "export", "osm", now=NOW).out)
    assert row["not_expressed"] == [
        "RRULE FREQ=MONTHLY;BYMONTHDAY=25: 14:00-15:00, on some dates together with "
        "RRULE FREQ=MONTHLY;BYDAY=-1MO"
    ]
