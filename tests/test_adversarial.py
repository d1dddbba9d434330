"""Issue 16, class by class: nothing in the data file, the arguments or the cache folder makes
`mops` hang, crash without a reason, print a control sequence it did not mean, or delete what
it did not make. Every run is through the CLI: exit status, exactly one line on stderr."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
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
