"""The directory cache keeps its promises: never stale, never corrupt, never required."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINIMAL

NOW = "2026-11-23T10:00:00+01:00"  # Monday 10:00


def mops(
    data: Path, cache: Path, *args: str, sync: bool = True
) -> subprocess.CompletedProcess[str]:
    folder = "" if cache == Path("") else str(cache)  # "": no cache at all
    env = {**os.environ, "MOPS_DATA": str(data), "MOPS_CACHE_DIR": folder, "MOPS_NOW": NOW}
    env.pop("MOPS_CACHE_SYNC", None)
    if sync:
        env["MOPS_CACHE_SYNC"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mops_cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def caches(folder: Path) -> list[Path]:
    return sorted(folder.glob("directory-*.sqlite"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "offices.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def test_first_run_writes_the_cache_and_the_next_reads_it(data: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = mops(data, cache, "open-now", "biuro")
    assert (first.returncode, first.stdout) == (0, "Biuro: open, closes at 16:00\n")
    [built] = caches(cache)
    with sqlite3.connect(built) as db:
        assert db.execute("SELECT id FROM units").fetchall() == [("biuro",)]
    second = mops(data, cache, "open-now", "biuro")
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


def test_an_edit_keeping_size_and_mtime_is_seen(data: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert mops(data, cache, "open-now", "biuro").stdout == "Biuro: open, closes at 16:00\n"
    before = data.stat()
    edited = data.read_text(encoding="utf-8").replace('closes = "16:00"', 'closes = "17:00"')
    assert len(edited) == before.st_size
    data.write_text(edited, encoding="utf-8")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (data.stat().st_size, data.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert mops(data, cache, "open-now", "biuro").stdout == "Biuro: open, closes at 17:00\n"


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),  # truncated
        lambda path: path.write_bytes(b"not a database at all" * 100),  # garbage
        lambda path: (
            path.unlink(),
            sqlite3.connect(path).execute("CREATE TABLE meta (x)").connection.commit(),
        ),  # foreign
    ],
    ids=["truncated", "garbage", "foreign"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(data: Path, tmp_path: Path, damage):
    cache = tmp_path / "cache"
    expected = mops(data, cache, "contacts", "--json").stdout
    [built] = caches(cache)
    damage(built)
    again = mops(data, cache, "contacts", "--json")
    assert (again.returncode, again.stdout, again.stderr) == (0, expected, "")
    with sqlite3.connect(built) as db:  # written anew, whole
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() is not None


def test_an_unwritable_cache_directory_only_makes_it_slower(data: Path, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for _ in range(2):  # no cache can be made under a file: every run reads the TOML
        result = mops(data, blocker / "cache", "open-now", "biuro")
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            "Biuro: open, closes at 16:00\n",
            "",
        )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_directory(data: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        result = mops(data, cache, "open-now", "biuro")
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            "Biuro: open, closes at 16:00\n",
            "",
        )
    finally:
        cache.chmod(0o755)


def test_eight_concurrent_first_runs(data: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    env = {
        **os.environ,
        "MOPS_DATA": str(data),
        "MOPS_CACHE_DIR": str(cache),
        "MOPS_NOW": NOW,
        "MOPS_CACHE_SYNC": "1",
    }
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "mops_cli", "contacts", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    results = [(run.wait(), *run.communicate()) for run in runs]
    assert {r[0] for r in results} == {0}
    assert {r[2] for r in results} == {""}
    assert len({r[1] for r in results}) == 1
    assert len(caches(cache)) == 1
    assert not list(cache.glob(".tmp-*"))  # every temporary file became the cache or was removed
    assert mops(data, cache, "contacts", "--json").stdout == results[0][1]


def test_the_cache_is_written_after_the_answer_by_default(data: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    result = mops(data, cache, "open-now", "biuro", sync=False)
    assert (result.returncode, result.stdout) == (0, "Biuro: open, closes at 16:00\n")
    deadline = time.monotonic() + 30
    while not caches(cache) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(caches(cache)) == 1


def test_the_cache_answers_like_the_file(run, tmp_path: Path):
    """Every command, once from the TOML file (MOPS_CACHE_DIR empty: no cache) and once from
    the cache the first run wrote: the same output, the same exit status."""
    warm = tmp_path / "cache"
    run("contacts", mops_cache_dir=str(warm))
    assert len(caches(warm)) == 1
    commands = [
        ["open-now", "--all", "--json"],
        ["open-now", "--all"],
        ["open-now", "kasa"],
        ["open-now", "dps"],
        ["open-now", "orzek", "--json"],
        ["contacts"],
        ["contacts", "--json"],
        ["contacts", "--plain"],
        ["contacts", "dodatku", "mieszkaniowego"],
        ["contacts", "mieszkaniwe"],
        ["contacts", "71 78 23 595"],
        ["contacts", "zon@mops.wroclaw.pl"],
        ["contacts", "qqqq"],
        ["help-lines", "--json"],
        ["help-lines", "--for", "dzieci"],
        ["hours"],
        ["hours", "kasy", "--json"],
    ]
    for command in commands:
        from_file = run(*command, now=NOW, mops_cache_dir="")
        from_cache = run(*command, now=NOW, mops_cache_dir=str(warm))
        assert from_cache == from_file, command
    assert len(caches(warm)) == 1
