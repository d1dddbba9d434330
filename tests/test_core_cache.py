"""cache: the compiled directory answers exactly as the TOML file does (units, settings,
completions, hours on holidays and pattern dates), and the cache directory is kept tidy."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import DATA

from mops_cli import cache
from mops_cli.loader import load
from mops_cli.session import Environment, Session

# The first run of each test reads the file and writes the cache: what these tests compare.
pytestmark = pytest.mark.cold_cache

DIRECTORY = """
[directory]
name = "Test"
timezone = "Europe/Warsaw"
holidays = "PL"

[[closures]]
from = 2026-12-31
to = 2027-01-02
reason = "inwentaryzacja"

[[units]]
id = "kasy"
name = "Kasy"
aliases = ["kasa", "kasa główna"]
keywords = ["wypłata gotówki"]
parent = "biuro"
address = "ul. Strzegomska 6"
location_note = "parter"
emails = ["Kasy@Example.org"]
links = ["https://example.org/kasy"]
notes = ["Płatności\\ngotówką."]
source = ["t", "u"]
verified = 2026-11-01
hours_note = "zob. strona"
on_holidays = "closed"

[[units.phones]]
number = "71 78 22 300 do 01"
label = "kasa"
source = "s"

[[units.hours]]
days = "mo-fr"
opens = "10:00"
closes = "14:00"

[[units.hours]]
rrule = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR"
opens = "10:00"
closes = "12:00"
note = "ostatni dzień miesiąca"

[[units.hours]]
rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
valid_from = 2026-11-04
closed = true
note = "szkolenie"

[[units.closures]]
date = 2026-12-07
reason = "remont"

[[units]]
id = "biuro"
name = "Biuro Główne"
source = "t"

[[units.hours]]
channel = "phone"
days = "mo-fr"
opens = "08:00"
closes = "26:00"
valid_to = 2027-06-30

[[units]]
id = "linia"
name = "Linia"
category = "helpline"
audience = ["dzieci"]
free = true
open_on_holidays = true
source = "t"

[[units.phones]]
number = "116 111"

[[units.hours]]
days = "mo-su"
opens = "00:00"
closes = "24:00"

[[units]]
id = "alarm"
name = "Alarm"
category = "helpline"
source = "t"

[[units.phones]]
number = "112"
"""

NOW = "2026-11-23T10:00:00+01:00"


def sessions(path: Path) -> tuple[Session, Session]:
    """The same question asked of the file (the first run) and of the cache it wrote."""
    env = Environment({**os.environ, "MOPS_NOW": NOW})
    first = Session(path, env)
    first.units()
    second = Session(path, env)
    second.units()
    assert first._store is None and second._store is not None
    return first, second


@pytest.fixture(params=["test", "shipped"])
def path(request, tmp_path: Path) -> Path:
    if request.param == "shipped":
        return DATA
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    return target


def test_the_cache_holds_every_unit_as_the_file_does(path):
    from_file, from_cache = sessions(path)
    assert from_cache.units() == from_file.units() == list(load(path).units)
    for category in ("office", "helpline"):
        assert from_cache.units(category) == from_file.units(category)
    settings = (from_cache.settings, from_file.settings)
    assert [(d.name, d.timezone, d.holiday_country, d.closures) for d in settings] == [
        (d.name, d.timezone, d.holiday_country, d.closures) for d in reversed(settings)
    ]
    assert settings[0].name == load(path).name
    ids = [u.id for u in from_file.units()]
    assert from_cache._store.units(reversed(ids)) == from_file.units()
    assert from_cache._store.units(["nikt"]) == []


@pytest.mark.parametrize("typed", ["", "k", "KA", "kasa", "b", "li", "zz", "ł"])
def test_completions_are_the_same(path, typed):
    from_file, from_cache = sessions(path)
    # The same words; the cache may give one unit's aliases in another order.
    assert sorted(from_cache.completions(typed)) == sorted(from_file.completions(typed))
    firsts = [w for w in from_file.completions(typed) if w in {u.id for u in from_file.units()}]
    assert [w for w in from_cache.completions(typed) if w in firsts] == firsts


def test_completions_of_the_test_directory(tmp_path):
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    _, from_cache = sessions(target)
    assert from_cache.completions("ka") == ["kasy", "kasa"]
    assert from_cache.completions("") == ["kasy", "kasa", "biuro", "linia", "alarm"]


INSTANTS = [
    "2026-11-23T10:00:00+01:00",  # Monday
    "2026-11-25T11:00:00+01:00",  # a Wednesday that is not a training day
    "2026-11-18T11:00:00+01:00",  # a training Wednesday (every second one from 4 Nov)
    "2026-11-30T11:30:00+01:00",  # last weekday of the month
    "2026-12-07T11:00:00+01:00",  # a closure of one unit
    "2026-12-24T11:00:00+01:00",  # Christmas Eve, a public holiday from 2025
    "2026-12-31T11:00:00+01:00",  # a closure of the directory
    "2027-01-06T11:00:00+01:00",  # Epiphany
    "2027-03-29T09:00:00+02:00",  # Easter Monday, after the spring change
    "2027-07-01T01:00:00+02:00",  # after the phone hours' end
    "2029-12-31T11:00:00+01:00",  # the last year the cache keeps
    "2030-12-31T11:00:00+01:00",  # beyond it
]


@pytest.mark.parametrize("at", INSTANTS)
@pytest.mark.parametrize("machine", [False, True])
def test_the_cache_answers_like_the_file(path, at, machine):
    moment = datetime.fromisoformat(at).astimezone(timezone.utc)
    from_file, from_cache = sessions(path)
    from_file.machine = from_cache.machine = machine
    assert from_cache.statuses(None, moment) == from_file.statuses(None, moment)
    assert from_cache.statuses("phone", moment) == from_file.statuses("phone", moment)
    for unit in from_file.units():
        assert from_cache.status(unit, None, moment)[1] == from_file.status(unit, None, moment)[1]


def test_the_answers_that_the_cache_gives(tmp_path):
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    _, from_cache = sessions(target)
    from_cache.machine = True
    states = {}
    for at in INSTANTS:
        moment = datetime.fromisoformat(at).astimezone(timezone.utc)
        states[at[:10]] = next(
            (i, s.state, s.reason) for i, _, _, s in from_cache.statuses(None, moment)
        )
    assert states == {
        "2026-11-23": ("kasy", "open", None),
        "2026-11-25": ("kasy", "open", None),
        "2026-11-18": ("kasy", "closed", "szkolenie"),
        "2026-11-30": ("kasy", "open", "ostatni dzień miesiąca"),
        "2026-12-07": ("kasy", "closed", "remont"),
        "2026-12-24": ("kasy", "closed", "Wigilia Bożego Narodzenia"),
        "2026-12-31": ("kasy", "closed", "inwentaryzacja"),
        "2027-01-06": ("kasy", "closed", "Święto Trzech Króli"),
        "2027-03-29": ("kasy", "closed", "Poniedziałek Wielkanocny"),
        "2027-07-01": ("kasy", "closed", None),
        "2029-12-31": ("kasy", "open", "ostatni dzień miesiąca"),
        "2030-12-31": ("kasy", "open", "ostatni dzień miesiąca"),
    }


def test_the_store_keeps_holidays_and_patterns_of_the_years_around_the_build(tmp_path):
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    _, from_cache = sessions(target)
    store = from_cache._store
    assert list(store.years) == [2025, 2026, 2027, 2028, 2029]
    polish = store.holidays("pl")
    assert polish(2026)[date(2026, 12, 24)] == "Wigilia Bożego Narodzenia"
    assert polish(2025)[date(2025, 1, 1)] == "Nowy Rok"
    assert polish(2029)[date(2029, 12, 25)] == "Boże Narodzenie (pierwszy dzień)"
    assert len(polish(2026)) == 14
    assert polish(2024) is None and polish(2030) is None
    assert store.holidays("en_US")(2026)[date(2026, 12, 24)] == "Christmas Eve"
    assert store.holidays("de")(2026) is None
    last = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR"
    assert date(2026, 11, 30) in store.patterns(last, None, 2026)
    assert len(store.patterns(last, None, 2026)) == 8  # 4 months end on a weekend
    every_other = "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    dates = store.patterns(every_other, date(2026, 11, 4), 2026)
    assert sorted(dates) == [date(2026, 11, 4) + timedelta(weeks=2 * n) for n in range(5)]
    assert store.patterns(every_other, None, 2026) is None
    assert store.patterns(last, None, 2030) is None
    assert store.settings.closures == load(target).closures


def test_units_survive_the_round_trip_through_json(path):
    for unit in load(path).units:
        text = cache.unit_to_json(unit)
        assert cache.unit_from_json(text) == unit
        json.loads(text)


def built_without_calendar(tmp_path: Path, folder: Path) -> tuple[str, Path]:
    """The test directory's cache built in `folder` (no holidays, no pattern dates): its key
    and its file."""
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    key = cache.key_for(target.read_bytes())
    assert cache.build(
        folder, key, load(target), 2026, lambda y, lang: {}, lambda r, a, y: frozenset()
    )
    return key, cache._file_for(folder, key)


def test_a_missing_foreign_or_damaged_cache_is_not_used(tmp_path):
    assert cache.open_store(None, "k") is None
    assert cache.open_store(tmp_path, "k") is None
    folder = tmp_path / "cache"
    key, built = built_without_calendar(tmp_path, folder)
    assert cache.open_store(folder, key) is not None
    assert cache.open_store(folder, "other") is None
    assert list(folder.glob("directory-*.sqlite")) == [built]
    with sqlite3.connect(built) as db:
        db.execute("UPDATE meta SET value = 'x' WHERE key = 'format'")
    assert cache.open_store(folder, key) is None
    built.write_bytes(b"not a database")
    assert cache.open_store(folder, key) is None


def test_a_cache_that_cannot_be_written_is_not(tmp_path):
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    directory = load(target)
    assert not cache.build(None, "k", directory, 2026, None, None)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not cache.build(blocker, "k", directory, 2026, None, None)
    assert not cache.build(blocker / "below", "k", directory, 2026, None, None)


def test_keys_differ_by_content():
    assert cache.key_for(b"a") == cache.key_for(b"a")
    assert cache.key_for(b"a") != cache.key_for(b"b")
    assert len(cache.key_for(b"a")) == 64


def test_old_cache_files_are_pruned(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    month = 30 * 24 * 3600
    files = {}
    for name, age in [
        ("directory-old.sqlite", month + 60),
        ("directory-recent.sqlite", month - 60),
        (".tmp-old.sqlite", month + 60),
        ("notes.txt", month + 60),
    ]:
        files[name] = folder / name
        files[name].write_text("x")
        then = time.time() - age
        os.utime(files[name], (then, then))
    key, _ = built_without_calendar(tmp_path, folder)
    left = sorted(p.name for p in folder.iterdir())
    # None of these is a file mops made (a name it writes, a cache inside): old or not, they
    # stay (test_adversarial.py prunes real old caches).
    assert left == sorted([*files, cache._file_for(folder, key).name])


def test_a_new_build_reuses_the_previous_ones_holidays_and_patterns(tmp_path):
    target = tmp_path / "offices.toml"
    target.write_text(DIRECTORY, encoding="utf-8")
    folder = tmp_path / "cache"
    assert cache.reuse_previous(None) is None
    assert cache.reuse_previous(folder) is None
    _, from_cache = sessions(target)
    previous = cache.reuse_previous(Path(os.environ["MOPS_CACHE_DIR"]))
    assert previous is not None
    assert ("2026-12-24", "Wigilia Bożego Narodzenia") in previous.holidays["pl", 2026]
    assert ("2026-12-24", "Christmas Eve") in previous.holidays["en_US", 2026]
    assert sorted(y for _, y in previous.holidays) == sorted([*range(2025, 2030)] * 2)
    last = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR"
    assert "2026-11-30" in json.loads(previous.patterns[last, "", 2026])
    assert ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "2026-11-04", 2026) in previous.patterns

    # An edit: the next build takes them without computing anything.
    target.write_text(DIRECTORY.replace('name = "Linia"', 'name = "Linia 2"'), encoding="utf-8")

    def fail(*args):
        raise AssertionError("computed again")

    key = cache.key_for(target.read_bytes())
    assert cache.build(folder, key, load(target), 2026, fail, fail, previous)
    store = cache.open_store(folder, key)
    assert store.holidays("pl")(2026) == from_cache._store.holidays("pl")(2026)
    assert store.patterns(last, None, 2027) == from_cache._store.patterns(last, None, 2027)


def test_the_cache_directory(tmp_path):
    assert cache.cache_dir({"MOPS_CACHE_DIR": ""}) is None
    assert cache.cache_dir({"MOPS_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "mops"
    relative = cache.cache_dir({"XDG_CACHE_HOME": "relative", "HOME": str(tmp_path)})
    assert relative is not None and relative.name == "mops" and relative != Path("relative/mops")


def test_every_unit_reads_back_from_its_row():
    for unit in load(DATA).units:
        assert cache.unit_from_json(cache.unit_to_json(unit)) == unit
        slim = cache.unit_with_schedule(unit.id, unit.name, cache.schedule_key(unit))
        assert (slim.id, slim.name, slim.hours, slim.closures, slim.on_holidays) == (
            unit.id, unit.name, unit.hours, unit.closures, unit.on_holidays,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "nieznana"),
        ("address", "ul. Legnicka 1\nmops: error: forged"),  # one line
        ("name", "Kasy\x1b]0;forged\x07"),  # a terminal escape
        ("name", "Kasy \u202e"),  # a bidirectional override
        ("notes", ["a line\x1b[2J"]),  # notes keep line breaks, not escapes
        ("on_holidays", None),  # closed, open or unknown
        ("on_holidays", "tak"),
        ("emergency", None),
        ("emergency", 1),
        ("verified", "2026-13-01"),
        ("phones", [{"number": "+48717822322"}]),  # its display is required
        ("hours", [{"channel": "phone", "opens": 60, "closes": 120, "weekdays": [7]}]),
        ("hours", [{"channel": "phone", "opens": True, "closes": 120}]),
        ("id", None),
    ],
)
def test_a_damaged_unit_row_is_refused(field, value):
    body = json.loads(cache.unit_to_json(load(DATA).units[0]))
    body[field] = value
    with pytest.raises(ValueError):
        cache.unit_from_json(json.dumps(body))
    with pytest.raises(ValueError):  # as SQLite keeps it, non-ASCII text unescaped
        cache.unit_from_json(json.dumps(body, ensure_ascii=False))


def test_a_row_with_line_breaks_where_they_belong_reads_back():
    unit = replace(load(DATA).units[0], notes=("one\ntwo",), hours_note="a\nb\\c")
    assert cache.unit_from_json(cache.unit_to_json(unit)) == unit


def test_damaged_settings_and_schedules_are_refused():
    directory = load(DATA)
    good = json.loads(cache.settings_to_json(directory))
    assert cache.settings_from_json(json.dumps(good)) == replace(directory, units=())
    for key, value in [
        ("timezone", "Mars/Olympus"),
        ("holiday_country", "pl"),
        ("stale_after_years", 0),
        ("name", "MOPS\x1b[2J"),
        ("closures", [{"start": "2026-01-01", "end": "2026-01-02", "reason": "a\nb"}]),
    ]:
        with pytest.raises(ValueError):
            cache.settings_from_json(json.dumps({**good, key: value}))
    unit = next(u for u in directory.units if u.hours)
    schedule = json.loads(cache.schedule_key(unit))
    schedule[0][0]["weekdays"] = [-1]
    with pytest.raises(ValueError):
        cache.unit_with_schedule(unit.id, unit.name, json.dumps(schedule))


def test_the_work_of_other_library_releases_is_not_reused(tmp_path):
    folder = tmp_path / "cache"
    _, built = built_without_calendar(tmp_path, folder)
    assert cache.reuse_previous(folder) is not None
    with sqlite3.connect(built) as db:
        db.execute("UPDATE meta SET value = 'holidays-0.1.dist-info' WHERE key = 'libraries'")
    db.close()
    assert cache.reuse_previous(folder) is None


def test_a_symbolic_link_is_never_read_as_the_cache(tmp_path):
    """Where the cache file should be, a link (to a good cache, even) is not read: the
    build replaces it."""
    real, linked = tmp_path / "real", tmp_path / "linked"
    key, built = built_without_calendar(tmp_path, real)
    linked.mkdir()
    (linked / built.name).symlink_to(built)
    assert cache.open_store(real, key) is not None
    assert cache.open_store(linked, key) is None


def test_a_build_reusing_the_previous_stores_what_a_fresh_build_stores(tmp_path):
    """After an edit, holidays and pattern dates come from the previous cache: the same rows
    as computing them again."""
    from mops_cli.hours import holidays_of, pattern_dates

    before, after = tmp_path / "before.toml", tmp_path / "after.toml"
    before.write_text(DIRECTORY, encoding="utf-8")
    after.write_text(DIRECTORY.replace('name = "Kasy"', 'name = "Kasy miejskie"'), encoding="utf-8")
    assert after.read_text() != before.read_text()

    def built(folder: Path, path: Path, previous: cache.Previous | None) -> list[object]:
        key = cache.key_for(path.read_bytes())
        holidays = lambda year, language: holidays_of("PL", year, language)  # noqa: E731
        assert cache.build(folder, key, load(path), 2026, holidays, pattern_dates, previous)
        with sqlite3.connect(cache._file_for(folder, key)) as db:
            rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                    for table in ("holidays", "patterns")]  # fmt: skip
        db.close()
        return rows

    reused, fresh = tmp_path / "reused", tmp_path / "fresh"
    reused.mkdir()
    fresh.mkdir()
    built(reused, before, None)
    previous = cache.reuse_previous(reused)
    assert previous is not None
    assert built(reused, after, previous) == built(fresh, after, None)
