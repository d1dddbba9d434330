"""Issue 16, class by class: nothing in the data file, the arguments or the cache folder makes
`mops` hang, crash without a reason, print a control sequence it did not mean, or delete what
it did not make. Every run is through the CLI: exit status, exactly one line on stderr."""

from __future__ import annotations

import collections
import functools
import io
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, UNIT_HEAD

from mops_cli import cache
from mops_cli.hours import occurrences, pattern_dates

# Any C0/C1 control but the newline that ends a line, and the bidirectional controls.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
SHIPPED = DATA.read_text(encoding="utf-8")
NOW = "2026-11-23T10:00:00+01:00"


def one_error_line(result) -> str:
    err = result.stderr if isinstance(result, subprocess.CompletedProcess) else result.err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("mops: error: "), err
    return lines[0]


def no_raw_controls(*texts: str) -> None:
    for text in texts:
        assert not RAW_CONTROL.search(text), repr(text)


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".tmp-*")) if folder.exists() else []


def subprocess_mops(*args: str, timeout: float = 60, **environ: str):
    """`mops ARGS` in a child process, killed if it does not answer in `timeout` seconds: a
    hang guard for what an in-process run could not survive (a FIFO's open blocks)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MOPS_DATA",)}
    env.update(MOPS_NOW=NOW, MOPS_LANG="en", **environ)
    return subprocess.run(
        [sys.executable, "-m", "mops_cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# -- 1. a date pattern that never occurs ---------------------------------------------------------

NEVER = [
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", None),
    ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30", None),
    ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31", None),
    ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", None),
    ("FREQ=YEARLY;BYMONTH=6,9,11;BYMONTHDAY=31", None),
    ("FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20200101", None),
    ("FREQ=MONTHLY;COUNT=3", date(2020, 1, 1)),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", None),  # next in 2044: too far to matter
]


def _pattern_file(rrule: str, valid_from: date | None) -> str:
    start = f'\nvalid_from = "{valid_from}"' if valid_from else ""
    return (
        MINIMAL
        + f'\n[[units.hours]]\nrrule = "{rrule}"\nopens = "09:00"\ncloses = "10:00"{start}\n'
    )


@pytest.mark.parametrize(("rrule", "valid_from"), NEVER, ids=[r for r, _ in NEVER])
def test_validate_rejects_a_pattern_with_no_date_in_ten_years(run, write_data, rrule, valid_from):
    path = write_data(_pattern_file(rrule, valid_from))
    checked = run("--data", str(path), "validate")
    start = max(valid_from or date.min, date(2026, 11, 23))
    end = date(start.year + 10, start.month, start.day).toordinal() - 1
    assert (checked.code, checked.out) == (
        1,
        f"{path}: error: biuro: hours[1].rrule: the pattern has no date from {start} to "
        f"{date.fromordinal(end)}: it would never apply\n",
    )
    for command in (["open-now", "biuro"], ["contacts"], ["hours", "biuro"], ["open-now", "--all"]):
        answer = run("--data", str(path), *command)
        assert answer.code == 2
        assert "it would never apply" in one_error_line(answer)


@pytest.mark.parametrize(("rrule", "valid_from"), NEVER, ids=[r for r, _ in NEVER])
def test_the_engine_answers_for_any_pattern(rrule, valid_from):
    """Even a pattern the loader would reject is answered: the search is bounded."""
    assert all(d.year == 2100 for d in pattern_dates(rrule, valid_from, 2100))
    assert list(occurrences(rrule, valid_from, date(2030, 1, 1), date(2039, 12, 31))) == []


REFUSED = [
    ("FREQ=DAILY;BYHOUR=8", "a date pattern has no times of day: opens and closes give the hours"),
    (
        "FREQ=DAILY;BYMINUTE=0,1,2,3",
        "a date pattern has no times of day: opens and closes give the hours",
    ),
    ("FREQ=SECONDLY", "a date pattern repeats by day, week, month or year, not within a day"),
    (
        "FREQ=YEARLY;BYEASTER=0",
        "BYEASTER is not part of RFC 5545; give the dates as closures or a pattern",
    ),
]


@pytest.mark.parametrize(("rrule", "message"), REFUSED, ids=[r for r, _ in REFUSED])
def test_validate_refuses_patterns_that_are_not_dates(run, write_data, rrule, message):
    path = write_data(_pattern_file(rrule, None))
    checked = run("--data", str(path), "validate")
    assert (checked.code, checked.out) == (1, f"{path}: error: biuro: hours[1].rrule: {message}\n")


def test_the_engine_reads_a_pattern_for_its_dates_only():
    assert pattern_dates("FREQ=SECONDLY", None, 2026) == frozenset()
    assert pattern_dates(
        "FREQ=DAILY;BYHOUR=1,2;BYMINUTE=0,30;BYMONTH=2;BYMONTHDAY=3", None, 2026
    ) == {date(2026, 2, 3)}


SOMETIMES = [
    # (pattern, valid_from, a year, its dates that year)
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", None, 2044, [date(2044, 2, 29)]),
    ("FREQ=DAILY;INTERVAL=3", date(1601, 1, 1), 2026, None),
    ("FREQ=WEEKLY;INTERVAL=2", date(1850, 3, 5), 2026, None),
    ("FREQ=DAILY;INTERVAL=7", date(1000, 1, 4), 2100, None),
    ("FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR", None, 2026, None),
    ("FREQ=MONTHLY;UNTIL=20270301", date(2025, 11, 3), 2027, [date(2027, 1, 3), date(2027, 2, 3)]),
    ("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", None, 2026, [date(2026, 12, 28)]),
    ("FREQ=WEEKLY;BYDAY=MO;COUNT=3", date(2026, 11, 2), 2027, []),  # counted from its start
    ("FREQ=WEEKLY;INTERVAL=2;COUNT=60", date(1225, 6, 2), 2026, []),  # ended in 1227
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date(1500, 1, 5), 2026, None),  # 400 years: odd weeks
    ("FREQ=YEARLY", date(2026, 12, 31), 2026, [date(2026, 12, 31)]),  # starts on the last day
    ("FREQ=YEARLY;BYEASTER=0", None, 2026, [date(2026, 4, 5)]),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", None, 2026, None),  # last of each month
]


@pytest.mark.parametrize(
    ("rrule", "anchor", "year", "expected"), SOMETIMES, ids=[s[0] for s in SOMETIMES]
)
def test_bounded_patterns_give_the_dates_dateutil_gives(rrule, anchor, year, expected):
    from datetime import datetime

    from dateutil.rrule import rrulestr

    start = datetime.combine(anchor or date(year, 1, 1), datetime.min.time())
    reference = {
        m.date()
        for m in rrulestr(rrule, dtstart=start).between(
            datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True
        )
    }
    assert pattern_dates(rrule, anchor, year) == reference
    if expected is not None:
        assert sorted(reference) == expected


OCCURRENCES = [
    # (pattern, valid_from, first, last, its dates from first to last)
    ("FREQ=DAILY", None, date(2026, 12, 5), date(2026, 12, 5), [date(2026, 12, 5)]),  # one day
    ("FREQ=WEEKLY;BYDAY=SA", date(2026, 1, 3), date(2026, 12, 5), date(2026, 12, 12),
     [date(2026, 12, 5), date(2026, 12, 12)]),  # from its first day to its last, both in
    # Easter does not repeat every 400 years: no whole-cycle shift (Easter Monday 2029 and
    # 2030; 7,600 years later Easter falls on 8 April and 24 March)
    ("FREQ=YEARLY;BYEASTER=1", None, date(2029, 1, 1), date(2030, 12, 31),
     [date(2029, 4, 2), date(2030, 4, 22)]),
    # an end centuries after the question, shifted no further than python-dateutil can go
    ("FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=21991231", None, date(1901, 1, 1), date(1901, 3, 31),
     [date(1901, 1, 1), date(1901, 2, 1), date(1901, 3, 1)]),
]  # fmt: skip


@pytest.mark.parametrize(("rrule", "anchor", "first", "last", "expected"), OCCURRENCES)
def test_the_dates_of_a_pattern_between_two_days(rrule, anchor, first, last, expected):
    assert list(occurrences(rrule, anchor, first, last)) == expected


VALID_PATTERNS = [
    "FREQ=DAILY;UNTIL=19000101",
    "FREQ=DAILY;UNTIL=21991231",  # the last year a pattern may end in
    "FREQ=DAILY;UNTIL=21991231T235959Z",
    "FREQ=MONTHLY;BYDAY=-1FR",  # the last Friday of the month
    "FREQ=MONTHLY;BYDAY=+2MO,1TU",
    "FREQ=YEARLY;BYDAY=53MO",
    "FREQ=DAILY;INTERVAL=1000;COUNT=1000",
]


@pytest.mark.parametrize("rrule", VALID_PATTERNS)
def test_patterns_within_bounds_are_accepted(rrule):
    from mops_cli.hours import _rrule_bounds, rrule_bounds

    _rrule_bounds.cache_clear()  # worked out now, not remembered from an earlier test
    assert rrule_bounds(rrule) is None


BADLY_WRITTEN = [
    ("FREQ=DAILY;UNTIL=2026", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '2026'"),
    ("FREQ=DAILY;UNTIL=22000101", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '22000101'"),
    ("FREQ=DAILY;UNTIL=18991231", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '18991231'"),
    ("FREQ=MONTHLY;BYDAY=+MO", "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not '+MO'"),
    ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not '0MO'"),
    ("FREQ=MONTHLY;BYDAY=54MO", "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not '54MO'"),
]  # fmt: skip


@pytest.mark.parametrize(("rrule", "reason"), BADLY_WRITTEN)
def test_a_badly_written_pattern_part_is_named(rrule, reason):
    from mops_cli.hours import _rrule_bounds, rrule_bounds

    _rrule_bounds.cache_clear()  # worked out now, not remembered from an earlier test
    assert rrule_bounds(rrule) == reason


# -- 2. control characters from the data ----------------------------------------------------------

HOSTILE = [
    "a\u001b]0;owned\u0007",
    "x\u2066evil\u2069y",
    "k\nmops: error: forged",
    "c\u009b31mred",
    "r\u202eabc",
    "z\u0000\u0008\u007f",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t) for t in HOSTILE])
@pytest.mark.parametrize("where", ["unit id", "key name", "value", "file name", "alias"])
def test_data_strings_are_shown_visible_and_on_one_line(run, tmp_path, where, text):
    toml_text = text.encode("unicode_escape").decode().replace('"', '\\"')
    content, name = MINIMAL, "offices.toml"
    if where == "unit id":
        content = MINIMAL.replace('id = "biuro"', f'id = "{toml_text}"')
    elif where == "key name":
        content = MINIMAL.replace('name = "Biuro"', f'name = "Biuro"\n"{toml_text}" = 1')
    elif where == "value":
        content = MINIMAL.replace('name = "Biuro"', f'name = "Biuro"\ncategory = "{toml_text}"')
    elif where == "alias":
        content = (
            MINIMAL
            + f'\n[[units]]\nid = "inne"\nname = "I"\nsource = "s"\naliases = ["{toml_text}", "biuro"]\n'
        )
    else:
        name = text.replace("\0", "").replace("/", "") + ".toml"
        content = MINIMAL.replace("[directory]", "[directory]\nbad = 1")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for command in (["validate"], ["open-now", "biuro"]):
        result = run("--data", str(path), *command)
        assert result.code in (0, 1, 2)  # (bidi controls are dropped from a value)
        no_raw_controls(result.out, result.err)
        if result.code == 2:
            one_error_line(result)
        elif command == ["validate"]:  # one line per problem, and each names the file
            assert all(line.startswith(str(tmp_path)) for line in result.out.splitlines())


# -- 3. a FIFO where a file should be ----------------------------------------------------------------


def test_a_fifo_as_the_data_file(tmp_path):
    fifo = tmp_path / "offices.toml"
    os.mkfifo(fifo)
    for args, environ in (
        (["--data", str(fifo), "validate"], {}),
        (["open-now", "kasy"], {"MOPS_DATA": str(fifo)}),
    ):
        result = subprocess_mops(*args, MOPS_CACHE_DIR=str(tmp_path / "cache"), **environ)
        assert (result.returncode, result.stdout) == (2, "")
        assert (
            one_error_line(result)
            == f"mops: error: {fifo}: not a regular file (a pipe, device or socket)"
        )


def test_a_device_as_the_data_file(run):
    result = run("--data", "/dev/zero", "validate")
    assert (result.code, one_error_line(result)) == (
        2,
        "mops: error: /dev/zero: not a regular file (a pipe, device or socket)",
    )


def test_fifos_in_the_cache_folder_are_never_opened(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    own = cache._file_for(folder, cache.key_for(DATA.read_bytes()))
    os.mkfifo(own)  # where this file's cache goes
    os.mkfifo(folder / f"directory-{'0' * 40}.sqlite")  # what the build would reuse
    for _ in range(2):
        result = subprocess_mops(
            "open-now", "kasy", MOPS_CACHE_DIR=str(folder), MOPS_CACHE_SYNC="1"
        )
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            "Kasy: open, closes at 14:00\n",
            "",
        )
    assert own.is_file()  # replaced by a real cache
    assert temporary_files(folder) == []


# -- 4. an unknown holiday calendar ----------------------------------------------------------------


@pytest.mark.parametrize("country", ["XX", "QQ", "ZZ"])
def test_an_unknown_holiday_calendar_is_a_validation_error(run, write_data, private_cache, country):
    path = write_data(MINIMAL.replace('name = "Test"', f'name = "Test"\nholidays = "{country}"'))
    checked = run("--data", str(path), "validate")
    assert checked.code == 1
    message = checked.out.strip()
    assert message.startswith(
        f"{path}: error: directory.holidays: no public holidays are known for '{country}'; the calendars: "
    )
    assert ", PL, " in message and "XX" not in message.split("calendars:")[1]
    for command in (["open-now", "biuro"], ["contacts"]):
        result = run("--data", str(path), *command)
        assert result.code == 2
        assert "no public holidays are known" in one_error_line(result)
    assert temporary_files(private_cache) == []


# -- 5. a clear message, never "internal error" -------------------------------------------------------

OUT_OF_RANGE = [
    (["open-now", "kasy", "--at", "0001-01-01 00:00"], {}, "'0001-01-01 00:00'"),
    (["open-now", "kasy", "--at", "9999-12-31 23:59"], {}, "'9999-12-31 23:59'"),
    (["open-now", "kasy", "--at", "9999-12-31T23:59:59-14:00"], {}, "'9999-12-31T23:59:59-14:00'"),
    (["open-now", "kasy", "--at", "1899-12-31"], {}, "'1899-12-31'"),
    (["help-lines", "--at", "2101-01-01 00:00"], {}, "'2101-01-01 00:00'"),
    (["hours", "kasy", "--week", "9999-12-28"], {}, "'9999-12-28'"),
    (["hours", "--week", "0001-01-01"], {}, "'0001-01-01'"),
    (["open-now", "kasy"], {"now": "9999-12-31T23:59:59+00:00"}, "'9999-12-31T23:59:59+00:00'"),
    (["contacts", "kasy"], {"now": "0001-01-01T00:00:00+01:00"}, "'0001-01-01T00:00:00+01:00'"),
]


@pytest.mark.parametrize(
    ("args", "environ", "shown"),
    OUT_OF_RANGE,
    ids=[" ".join(a) + str(e) for a, e, _ in OUT_OF_RANGE],
)
def test_times_out_of_range_are_named(run, args, environ, shown):
    result = run(*args, **environ)
    assert (result.code, result.out, one_error_line(result)) == (
        2,
        "",
        f"mops: error: {shown} is out of range: mops answers about the years 1900 to 2100",
    )


def test_the_edges_of_the_range_are_answered(run):
    assert run("open-now", "kasy", "--at", "1900-01-01 00:00").code == 1
    assert run("open-now", "kasy", "--at", "2100-12-31 23:59").code == 1
    assert run("hours", "kasy", "--week", "2100-12-31").code == 0


BAD_DATA = [
    ('timezone = "US"', "directory.timezone: unknown time zone 'US'"),
    ('timezone = "Europe"', "directory.timezone: unknown time zone 'Europe'"),
    ('timezone = "zone1970.tab"', "directory.timezone: unknown time zone 'zone1970.tab'"),
    ('timezone = "tzdata.zi"', "directory.timezone: unknown time zone 'tzdata.zi'"),
    ('timezone = "/etc/localtime"', "directory.timezone: unknown time zone '/etc/localtime'"),
    ("x = " + "1" * 4400, "a number in the file has too many digits"),
    (
        "x = " + "[" * 3000 + "]" * 3000,
        "TOML nested too deeply (arrays or tables inside one another)",
    ),
    (
        "x = " + "{a = " * 3000 + "1" + "}" * 3000,
        "TOML nested too deeply (arrays or tables inside one another)",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD_DATA, ids=[b[1][:40] for b in BAD_DATA])
def test_bad_data_gets_its_own_message(run, write_data, line, message):
    path = write_data(MINIMAL.replace('name = "Test"', f'name = "Test"\n{line}'))
    for command in (["validate"], ["open-now", "biuro"]):
        result = run("--data", str(path), *command)
        assert result.code in (1, 2)
        text = result.out + result.err
        assert "internal error" not in text
        assert any(message in line and str(path) in line for line in text.splitlines()), text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("x = " + "1" * 4400, "a number in the file has too many digits"),
        ("x = " + "[" * 3000 + "]" * 3000, "TOML nested too deeply (arrays or tables inside one another)"),
    ],
)  # fmt: skip
def test_a_file_python_cannot_read_is_one_exact_line(run, write_data, line, message):
    path = write_data(MINIMAL.replace('name = "Test"', f'name = "Test"\n{line}'))
    for command in (["validate"], ["open-now", "biuro"]):
        result = run("--data", str(path), *command)
        assert (result.code, result.out, result.err) == (2, "", f"mops: error: {path}: {message}\n")


DAMAGE = [
    ("UPDATE units SET body = 'not json'", ["contacts", "--json"]),
    ("UPDATE units SET body = '[1, 2]'", ["open-now", "kasy"]),
    ("UPDATE units SET schedule = '{}'", ["open-now", "--all", "--json"]),
    ("UPDATE holidays SET day = '2026-12-2x'", ["open-now", "kasy", "--at", "2026-12-24 10:00"]),
    (
        "UPDATE patterns SET dates = '[\"2026-13-01\"]'",
        ["open-now", "kasy", "--at", "2026-11-30 11:30"],
    ),
    ("UPDATE patterns SET dates = 'x'", ["open-now", "kasy", "--at", "2026-11-30 11:30"]),
    ("UPDATE meta SET value = '[1' WHERE key = 'directory'", ["open-now", "kasy"]),
    ("DROP TABLE names", ["open-now", "kasy"]),
    ("UPDATE patterns SET dates = '[\"2026-11-31\"]'", ["contacts"]),  # found mid-listing
    ("UPDATE holidays SET language = 'xx'", ["open-now", "kasy", "--at", "2026-12-24 10:00"]),
    ("UPDATE units SET body = json_replace(body, '$[1]', 5)", ["contacts", "kasy"]),
    (
        "UPDATE units SET body = json_replace(body, '$[1]', 'K' || char(27) || ']0;x' || char(7))",
        ["contacts", "--plain"],
    ),
    ("UPDATE units SET name = 'K' || char(27) || '[2J'", ["open-now", "--all"]),
    ("UPDATE units SET body = json_replace(body, '$[14][0][1]', 'x')", ["hours", "kasy"]),
    (
        "UPDATE meta SET value = json_replace(value, '$.timezone', 'US') WHERE key = 'directory'",
        ["open-now", "kasy"],
    ),
    ("UPDATE units SET body = '[\"kasy\"]'", ["contacts", "kasy"]),
]


@pytest.mark.parametrize(("sql", "args"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_cache_with_bad_rows_is_rebuilt_silently(run, private_cache, sql, args):
    expected = run(*args, now=NOW)
    [built] = private_cache.glob("directory-*.sqlite")
    with sqlite3.connect(built) as db:
        db.executescript(sql)
    db.close()
    damaged = run(*args, now=NOW)
    assert (damaged.code, damaged.out, damaged.err) == (expected.code, expected.out, expected.err)
    assert [p.name for p in private_cache.glob("directory-*.sqlite")] == [built.name]
    assert run(*args, now=NOW).out == expected.out


# -- 6. pruning deletes only what mops made ---------------------------------------------------------


def test_pruning_removes_only_old_files_mops_wrote(run, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    old_data = tmp_path / "old.toml"
    old_data.write_text(MINIMAL, encoding="utf-8")
    assert run("--data", str(old_data), "contacts", mops_cache_dir=str(folder)).code == 0
    [old_cache] = folder.glob("directory-*.sqlite")
    user_files = {
        "directory-notes.txt": b"my notes",
        f"directory-{'a' * 40}.sqlite": b"not a database",
        ".tmp-list": b"",
        ".tmp-mops-abcdefgh.txt": b"",
        "directory-backup.sqlite": old_cache.read_bytes(),  # a user's copy: not our name
        f"directory-{'d' * 40}.sqlite": b"",  # our name, empty: no build of ours
    }
    for name, content in user_files.items():
        (folder / name).write_bytes(content)
    other_db = folder / f"directory-{'b' * 40}.sqlite"  # our name, someone else's database
    with sqlite3.connect(other_db) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('format', 'someone else')")
    db.close()
    killed_build = folder / ".tmp-mops-k1lled_x.sqlite"
    killed_build.write_bytes(b"SQLite format 3\x00" + bytes(100))
    unstarted_build = folder / ".tmp-mops-00000000.sqlite"  # killed before it wrote
    unstarted_build.write_bytes(b"")
    (folder / f"directory-{'c' * 40}.sqlite").symlink_to(old_cache)
    month_ago = time.time() - 40 * 24 * 3600
    for path in folder.iterdir():
        os.utime(path, (month_ago, month_ago), follow_symlinks=False)
    assert run("contacts", mops_cache_dir=str(folder)).code == 0
    left = {p.name for p in folder.iterdir()}
    assert not {old_cache.name, killed_build.name, unstarted_build.name} & left
    assert set(user_files) | {other_db.name, f"directory-{'c' * 40}.sqlite"} <= left
    for name, content in user_files.items():
        assert (folder / name).read_bytes() == content


# -- 7. no leftovers --------------------------------------------------------------------------------


def _failing_files(tmp_path: Path) -> list[Path]:
    contents = [
        _pattern_file("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", None),
        MINIMAL.replace('name = "Test"', 'name = "Test"\nholidays = "XX"'),
        MINIMAL.replace('name = "Test"', 'name = "Test"\ntimezone = "US"'),
        UNIT_HEAD
        + "[[units.hours]]\nrrule = 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31'\nopens='08:00'\ncloses='09:00'\n",
    ]
    paths = []
    for index, content in enumerate(contents):
        path = tmp_path / f"bad{index}.toml"
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.cold_cache
def test_failed_runs_leave_no_temporary_file(run, tmp_path, private_cache):
    for path in _failing_files(tmp_path):
        for command in (["validate"], ["open-now", "biuro"], ["open-now", "--all"]):
            run("--data", str(path), *command)
    assert temporary_files(private_cache) == []
    assert list(private_cache.glob("directory-*")) == []


def test_the_detached_writer_finishes_and_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "cache"
    data = tmp_path / "offices.toml"
    data.write_text(SHIPPED, encoding="utf-8")
    for path in [data, *_failing_files(tmp_path)]:
        result = subprocess_mops(
            "--data", str(path), "open-now", "--all", MOPS_CACHE_DIR=str(folder)
        )
        assert result.returncode in (0, 2)
    deadline = time.monotonic() + 60  # a hang guard, not a speed test
    while temporary_files(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert temporary_files(folder) == []
    assert len(list(folder.glob("directory-*.sqlite"))) == 1  # only the good file's
    shutil.rmtree(folder)


# == Issue 23: nothing a data line, a question line or an API caller sends hangs `mops`, ends a
# run, or mixes two versions of the directory ==========================================================

# -- 23.1 every date pattern is bounded before python-dateutil expands it ---------------------------

UNBOUNDED = [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000, not '0'"),
    ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000, not '0'"),
    ("FREQ=YEARLY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000, not '0'"),
    ("FREQ=WEEKLY;INTERVAL=-1", "INTERVAL must be a whole number from 1 to 1000, not '-1'"),
    ("FREQ=DAILY;INTERVAL=1001", "INTERVAL must be a whole number from 1 to 1000, not '1001'"),
    ("FREQ=DAILY;INTERVAL=x", "INTERVAL must be a whole number from 1 to 1000, not 'X'"),
    ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 1000, not '0'"),
    ("FREQ=DAILY;COUNT=99999999", "COUNT must be a whole number from 1 to 1000, not '99999999'"),
    ("FREQ=DAILY;UNTIL=00010101", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '00010101'"),
    ("FREQ=DAILY;UNTIL=99991231", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '99991231'"),
    ("FREQ=DAILY;UNTIL=20260230", "UNTIL must be a date (YYYYMMDD) from 1900 to 2199, not '20260230'"),
    ("FREQ=DAILY;BYMONTH=13", "BYMONTH values must be in 1..12, not '13'"),
    ("FREQ=DAILY;BYMONTH=0", "BYMONTH values must be in 1..12, not '0'"),
    ("FREQ=DAILY;BYMONTHDAY=0", "BYMONTHDAY values must be in ±1..31, not '0'"),
    ("FREQ=DAILY;BYMONTHDAY=-32", "BYMONTHDAY values must be in ±1..31, not '-32'"),
    ("FREQ=DAILY;BYYEARDAY=367", "BYYEARDAY values must be in ±1..366, not '367'"),
    ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO values must be in ±1..53, not '54'"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS values must be in ±1..366, not '0'"),
    ("FREQ=MONTHLY;BYDAY=99MO", "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not '99MO'"),
    ("FREQ=MONTHLY;BYDAY=XX", "BYDAY values are weekdays (MO..SU), maybe numbered 1..53: not 'XX'"),
    ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
    ("FREQ=DAILY;" + "BYMONTH=1;" * 40, "a pattern is at most 300 characters long"),
]  # fmt: skip


@pytest.mark.parametrize(("rrule", "reason"), UNBOUNDED, ids=[r[:40] for r, _ in UNBOUNDED])
def test_an_unbounded_pattern_is_a_validate_error_naming_the_unit_and_rule(
    run, write_data, rrule, reason
):
    path = write_data(_pattern_file(rrule, None))
    checked = run("--data", str(path), "validate")
    assert (checked.code, checked.out) == (
        1,
        f"{path}: error: biuro: hours[1].rrule: invalid RRULE {rrule!r}: {reason}\n",
    )
    # ...and no command runs it: the engine never hands it to python-dateutil either.
    assert list(occurrences(rrule, None, date(2026, 1, 1), date(2026, 12, 31))) == []


@pytest.mark.parametrize("rrule", ["FREQ=DAILY;INTERVAL=0", "FREQ=YEARLY;INTERVAL=0"])
def test_no_command_runs_an_interval_of_zero(tmp_path, rrule):
    """Each face in a child process with a hang guard: before, every one looped for ever."""
    path = tmp_path / "offices.toml"
    path.write_text(_pattern_file(rrule, None), encoding="utf-8")
    environ = {"MOPS_CACHE_DIR": str(tmp_path / "cache")}
    for command in (["validate"], ["open-now", "biuro"], ["hours", "biuro"], ["export", "ics"]):
        result = subprocess_mops("--data", str(path), *command, timeout=30, **environ)
        assert result.returncode in (1, 2), result.stderr
        assert "INTERVAL must be a whole number from 1 to 1000" in (result.stdout + result.stderr)
    api = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom mops_cli import Directory, errors\n"
         "try:\n    Directory.load(sys.argv[1], environ={'MOPS_CACHE_DIR': ''})\n"
         "except errors.DataError as e:\n    print(type(e).__name__, e)",
         str(path)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert api.stdout.startswith("DataError "), api.stderr
    assert "INTERVAL must be a whole number" in api.stdout


@pytest.mark.parametrize("key", ["valid_from", "valid_to"])
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_a_rules_dates_are_in_range(run, write_data, key, day):
    text = (
        MINIMAL
        + f'\n[[units.hours]]\nrrule = "FREQ=WEEKLY;BYDAY=MO"\n{key} = {day}\nopens = "09:00"\ncloses = "10:00"\n'
    )
    if key == "valid_to":
        text = text.replace("valid_to", "valid_from = 1900-01-01\nvalid_to")
    path = write_data(text)
    checked = run("--data", str(path), "validate")
    assert checked.code == 1
    assert checked.out.splitlines()[0] == (
        f"{path}: error: biuro: hours[1].{key}: {day} is out of range: "
        "a rule's dates are from 1900 to 2199"
    )


# -- 23.2 `mops ask` answers every line, in strict JSON, with memory bounded -------------------------


def _strict(line: str) -> dict:
    """RFC 8259 JSON, as a strict parser reads it: no NaN, no Infinity, UTF-8 text."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in {line!r}")

    line.encode("utf-8")
    return json.loads(line, parse_constant=refuse)


GOOD = b'{"id": "after", "cmd": "open-now", "unit": "kasy"}\n'
LINES = [
    (b"[" * 1000 + b"]" * 1000, None, "not a question: nested too deeply"),
    (b"[" * 200_000, None, "not a question: nested too deeply"),
    (b'{"id": "\\ud800", "cmd": "open-now", "unit": "kasy"}', None,
     'a string in "id" holds a lone surrogate (\\ud800-\\udfff): not Unicode text'),
    (b'{"id": 1, "cmd": "open-now", "unit": "\\udfff"}', 1,
     'a string in "unit" holds a lone surrogate (\\ud800-\\udfff): not Unicode text'),
    (b'{"id": 1e999, "cmd": "open-now", "unit": "kasy"}', None,
     "not JSON: the number 1e999 is out of range"),
    (b'{"id": NaN, "cmd": "open-now", "unit": "kasy"}', None,
     "not JSON: NaN is not a JSON number (RFC 8259)"),
    (b'{"id": -Infinity, "cmd": "open-now", "unit": "kasy"}', None,
     "not JSON: -Infinity is not a JSON number (RFC 8259)"),
    (b'{"id": 2, "cmd": "open-now", "unit": "\xff\xfe"}', None,
     "not UTF-8 text (byte 39 of the line)"),
    (b'"kasy"', None, 'not a question: give a JSON object such as {"cmd": "open-now", "unit": "kasy"}'),
    (b"[]", None, 'not a question: give a JSON object such as {"cmd": "open-now", "unit": "kasy"}'),
    (b'{"id": 3, "cmd": "contacts", "query": ["a", ["b"]]}', 3, 'a value in "query" is nested too deeply'),
    (b'{"id": 4, "cmd": "contacts", "query": ' + json.dumps(["a"] * 101).encode() + b"}", 4,
     'a list in "query" has 101 items (at most 100)'),
    (b'{"id": 5, "cmd": "open-now", "unit": "' + b"k" * 1001 + b'"}', 5,
     "unit is too long: 1001 characters (at most 1000)"),
    (b'{"id": 6, "cmd": "open-now", "unit": "' + b"k" * (8 * 1024 * 1024) + b'"}', None,
     "line too long: over 1048576 bytes"),
    (b"\x00" * 3_000_000, None, "line too long: over 1048576 bytes"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "ident", "error"), LINES, ids=[x[2][:30] for x in LINES])
def test_a_line_that_is_not_a_question_gets_one_error_answer_and_the_run_goes_on(
    run, line, ident, error
):
    stdin = io.TextIOWrapper(io.BytesIO(line + b"\n" + GOOD), encoding="utf-8")
    started = time.perf_counter()
    result = run("ask", stdin=stdin)
    assert time.perf_counter() - started < 5
    replies = [_strict(x) for x in result.out.splitlines()]
    assert result.code == 2 and result.err == ""
    assert replies[0] == {"id": ident, "error": error, "exit": 2}
    assert (replies[1]["id"], replies[1]["exit"], len(replies)) == ("after", 0, 2)


def test_ask_reads_dev_zero_in_bounded_memory(tmp_path):
    """/dev/zero is one endless line: refused at once, read and dropped a chunk at a time."""
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    env.update(MOPS_NOW=NOW, MOPS_CACHE_DIR=str(tmp_path))
    with open("/dev/zero", "rb") as zero:
        process = subprocess.Popen(
            [sys.executable, "-m", "mops_cli", "ask"],
            stdin=zero, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline().decode("utf-8")
        assert _strict(first) == {
            "id": None,
            "error": "line too long: over 1048576 bytes",
            "exit": 2,
        }
        time.sleep(1.5)  # reading on: gigabytes of zeros by now
        status = Path(f"/proc/{process.pid}/status").read_text()
        resident_kib = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
        assert resident_kib < 200 * 1024, status
    finally:
        process.kill()
        process.wait()


def test_ask_answers_from_stdin_closed_or_unreadable_input_in_one_line():
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    closed = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m mops_cli ask <&-'],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert (closed.returncode, closed.stdout) == (2, "")
    assert one_error_line(closed) == (
        "mops: error: standard input is closed: give the questions on it or --input"
    )
    mem = subprocess_mops("ask", "--input", "/proc/self/mem")
    assert (mem.returncode, mem.stdout) == (2, "")
    assert one_error_line(mem) == "mops: error: /proc/self/mem: cannot read: Input/output error"


# -- 23.3 one run, one version of the directory -------------------------------------------------------


def _versions(tmp_path: Path) -> tuple[str, str]:
    """Two versions of one file: the unit's name and a warning tell them apart."""
    first = MINIMAL.replace('name = "Biuro"', 'name = "Alpha"')
    second = MINIMAL.replace('name = "Biuro"', 'name = "Beta"').replace(
        "verified = 2026-11-01", "verified = 2020-01-01"
    )
    return first, second


def test_a_validate_question_checks_the_version_the_run_loaded(run, tmp_path):
    from mops_cli.questions import answer_line
    from mops_cli.session import Environment, Session

    first, _second = _versions(tmp_path)
    path = tmp_path / "offices.toml"
    path.write_text(first, encoding="utf-8")
    session = Session(path, Environment({"MOPS_NOW": NOW, "MOPS_CACHE_DIR": ""}))
    session.machine = True
    assert session.units()[0].name == "Alpha"
    before = answer_line(session, '{"cmd": "validate"}')
    path.write_text("this is not TOML", encoding="utf-8")  # changed during the run
    assert answer_line(session, '{"cmd": "validate"}') == before
    assert "TOML" not in json.dumps(before)
    assert answer_line(session, '{"cmd": "contacts"}')["answer"][0]["name"] == "Alpha"


def test_a_file_that_changes_while_it_is_read_is_read_again(tmp_path, monkeypatch):
    from mops_cli import datafile

    path = tmp_path / "offices.toml"
    path.write_text("one", encoding="utf-8")
    reads = iter([b"on", b"two"])
    real = datafile._read_once

    def changing(where):
        _raw, before, after = real(where)
        chunk = next(reads)
        if chunk == b"on":  # the file changed while it was read: another size after
            return chunk, before, (*after[:2], 99, *after[3:])
        path.write_text("two", encoding="utf-8")
        return real(where)

    monkeypatch.setattr(datafile, "_read_once", changing)
    assert datafile.read_bytes(path) == b"two"


@pytest.mark.parametrize("how", ["rename", "in place"])
def test_mops_ask_answers_from_one_version_while_the_file_is_rewritten(tmp_path, how):
    """A writer switches the file between two versions as fast as it can (atomic renames, or
    truncate-and-write in place) while `mops ask` runs are started: every run answers all its
    questions, `validate` included, from one version, and never from a half-written file."""
    first, second = _versions(tmp_path)
    path = tmp_path / "offices.toml"
    path.write_text(first, encoding="utf-8")
    stop = threading.Event()
    pauses = random.Random(717)  # uneven pauses: a run's read may land after either version

    def writer() -> None:
        for number in itertools.count():
            if stop.is_set():
                return
            text = (first, second)[number % 2]
            if how == "rename":
                spare = tmp_path / f".spare-{number % 2}"
                spare.write_text(text, encoding="utf-8")
                os.replace(spare, path)
            else:
                with path.open("w", encoding="utf-8") as handle:
                    handle.write(text)
            time.sleep(pauses.uniform(0.001, 0.02))

    questions = "".join(
        json.dumps(q) + "\n"
        for q in [{"cmd": "contacts"}, {"cmd": "validate"}, {"cmd": "open-now", "unit": "biuro"}]
    )
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    env.update(MOPS_NOW=NOW, MOPS_CACHE_DIR=str(tmp_path / "cache"), MOPS_CACHE_SYNC="1")
    thread = threading.Thread(target=writer)
    thread.start()
    seen = collections.Counter()
    try:
        # At least 25 runs, and on until both versions were met (at most 100): which version a
        # run meets is the machine's timing, and both must be seen for the test to mean much.
        for run in range(100):
            if run >= 25 and len(seen) == 2:
                break
            result = subprocess.run(
                [sys.executable, "-m", "mops_cli", "--data", str(path), "ask"],
                input=questions, capture_output=True, text=True, env=env, timeout=60, check=False,
            )  # fmt: skip
            assert result.stderr == "", result.stderr
            contacts, validation, state = [_strict(x) for x in result.stdout.splitlines()]
            name = contacts["answer"][0]["name"]
            # Beta carries one warning (verified long ago), Alpha none: the same version.
            assert validation["answer"]["warnings"] - _baseline_warnings(first) == (
                name == "Beta"
            ), (name, validation)
            assert state["answer"]["name"] == name
            seen[name] += 1
    finally:
        stop.set()
        thread.join()
    assert set(seen) == {"Alpha", "Beta"}, seen  # the runs did meet both versions
    # Every cache written holds a whole version.
    for built in (tmp_path / "cache").glob("directory-*.sqlite"):
        with sqlite3.connect(built) as db:
            assert db.execute("SELECT count(*) FROM units").fetchone() == (1,)


@functools.cache
def _baseline_warnings(text: str) -> int:
    from mops_cli.validate import validate

    return sum(
        p.severity == "warning" for p in validate(Path("x"), date(2026, 11, 23), text.encode())
    )


# -- 23.4 odd text in a question is a question, not a damaged cache -----------------------------------


@pytest.mark.parametrize(
    "odd", [b"\xff", b"kasy\xed\xa0\x80", b"\xc3"], ids=["ff", "surrogate", "c3"]
)
def test_odd_bytes_in_an_argument_leave_a_good_cache_alone(tmp_path, odd):
    folder = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    env.update(MOPS_NOW=NOW, MOPS_LANG="en", MOPS_CACHE_DIR=str(folder), MOPS_CACHE_SYNC="1")
    command = [sys.executable.encode(), b"-m", b"mops_cli"]
    assert (
        subprocess.run([*command, b"open-now", b"kasy"], env=env, capture_output=True).returncode
        == 0
    )
    [built] = folder.glob("directory-*.sqlite")
    before = built.stat()
    for args in ([b"open-now", odd], [b"contacts", odd, b"--json"], [b"hours", odd]):
        result = subprocess.run([*command, *args], env=env, capture_output=True, timeout=60)
        err = result.stderr.decode("utf-8")
        assert "cache" not in err and "internal error" not in err, err
        assert result.returncode in (0, 1, 2)  # found, not found, or no such unit
    after = built.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_lone_surrogate_through_the_api_is_a_question(tmp_path):
    from mops_cli import Directory
    from mops_cli.errors import UnknownUnitError

    # The first load writes the cache in this process (no detached builder to race with the
    # check below); the second reads it.
    environ = {"MOPS_NOW": NOW, "MOPS_CACHE_DIR": str(tmp_path), "MOPS_CACHE_SYNC": "1"}
    Directory.load(environ=environ)
    directory = Directory.load(environ=environ)
    with pytest.raises(UnknownUnitError, match="no unit called"):
        directory.open_now("\ud800")
    assert directory.find("\udcff").found == ()
    assert list(tmp_path.glob("directory-*.sqlite"))


# -- 23.5 the API checks its arguments ---------------------------------------------------------------

WRONG = [
    (lambda d: d.open_now(12), "unit must be a string, not int"),
    (lambda d: d.open_now(None), "unit must be a string, not NoneType"),
    (lambda d: d.open_now("kasy", at=3.5), "at must be a string, datetime, date or None, not float"),
    (lambda d: d.open_now("kasy", channel=["phone"]), "channel must be a string or None, not list"),
    (lambda d: d.open_now_all(at=object()), "at must be a string, datetime, date or None, not object"),
    (lambda d: d.find(3), "query must be a string, a list of strings or None, not int"),
    (lambda d: d.find(["a", 1]), "query must be a string, a list of strings or None, not list"),
    (lambda d: d.help_lines(5), "audience must be a string or None, not int"),
    (lambda d: d.help_lines(open_only="yes"), "open_only must be True or False, not str"),
    (lambda d: d.week(b"kasy"), "unit must be a string, not bytes"),
    (lambda d: d.overview(day=7), "day must be a string, datetime, date or None, not int"),
    (lambda d: d.unit(None), "name must be a string, not NoneType"),
    (lambda d: d.ask(None), "a question is a mapping, not NoneType"),
    (lambda d: d.ask(["open-now"]), "a question is a mapping, not list"),
    (lambda d: d.ask({"cmd": "open-now", "unit": float("nan")}),
     "not a question: Out of range float values are not JSON compliant"),
    (lambda d: d.ask({"cmd": "open-now", "unit": object()}),
     "not a question: Object of type object is not JSON serializable"),
    (lambda d: d.ask({"cmd": "open-now", "unit": "k" * 2000}),
     "unit is too long: 2000 characters (at most 1000)"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "message"), WRONG, ids=[m[:40] for _c, m in WRONG])
def test_a_wrong_argument_is_a_usage_error_never_an_internal_exception(call, message):
    from mops_cli import Directory
    from mops_cli.errors import UsageError

    directory = Directory.load(environ={"MOPS_NOW": NOW, "MOPS_CACHE_SYNC": "1"})
    with pytest.raises(UsageError) as raised:
        call(directory)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("path", "message"),
    [("a\0b", "a\0b: not a valid file name"), (12, "path must be a str, a path or None, not int")],
)
def test_a_wrong_path_is_a_mops_error(path, message):
    from mops_cli import Directory
    from mops_cli.errors import MopsError

    with pytest.raises(MopsError) as raised:
        Directory.load(path)
    assert str(raised.value) == message


# -- 23.6 write errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["open-now", "kasy", "--json"], ["contacts", "--json"], ["ask"], ["export", "vcard"]]
)
def test_a_full_disk_is_exit_2_and_one_line(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MOPS_DATA"}
    env.update(MOPS_NOW=NOW, MOPS_LANG="en", MOPS_CACHE_DIR=str(tmp_path))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "mops_cli", *args], stdout=full, stderr=subprocess.PIPE,
            input='{"cmd": "open-now", "unit": "kasy"}\n' if args == ["ask"] else None,
            text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert one_error_line(result) == (
        "mops: error: cannot write the answer to standard output: No space left on device"
    )


def test_a_broken_pipe_is_not_reported_as_success(run):
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    result = run("open-now", "kasy", "--json", stdout=Gone())
    assert result.code == 2
    assert one_error_line(result) == (
        "mops: error: cannot write the answer to standard output: Broken pipe"
    )


# -- 23.7 spreadsheets and address books ------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "-cmd|' /C calc'!A0"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("+48713672300", "+48713672300"), ("-1.5", "-1.5"),
     ("a=b", "a=b"), ("", ""), (7, 7)],
)  # fmt: skip
def test_the_owasp_rule_for_csv_cells(cell, written):
    from mops_cli.export.hsds import neutralised

    assert neutralised(cell) == written


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(run, write_data, tmp_path):
    import csv
    import zipfile

    names = "\n".join(
        f'[[units]]\nid = "u{i}"\nname = {json.dumps(text)}\nsource = "t"\nverified = 2026-11-01\n'
        f"notes = [{json.dumps(text)}]\n"
        for i, text in enumerate(FORMULAS)
    )
    path = write_data(MINIMAL.replace("[[units]]", names + "\n[[units]]", 1).replace(
        'name = "Biuro"', 'name = "Biuro"\nphones = [{ number = "+48 71 782 23 00" }]'
    ))  # fmt: skip
    output = tmp_path / "hsds.zip"
    assert run("--data", str(path), "export", "hsds-zip", "-o", str(output)).code == 0
    with zipfile.ZipFile(output) as archive:
        services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
        phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode())))
    assert [s["name"] for s in services] == ["'" + text for text in FORMULAS] + ["Biuro"]
    assert [p["number"] for p in phones] == ["+48717822300"]  # a plain number computes nothing


def test_vcard_urls_with_commas_and_semicolons_round_trip_through_vobject(run, write_data):
    import vobject

    links = ["https://example.org/a,b;c=1", "https://example.org/x?y=1,2;z"]
    path = write_data(
        MINIMAL.replace('name = "Biuro"', f'name = "Biuro, Zespół; A"\nlinks = {json.dumps(links)}')
    )
    result = run("--data", str(path), "export", "vcard")
    assert result.code == 0
    card = vobject.readOne(result.out)
    assert [u.value for u in card.contents["url"]] == links
    assert card.fn.value == "Biuro, Zespół; A"
