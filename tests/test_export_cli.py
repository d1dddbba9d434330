"""`mops export`: formats, output to stdout or a file, errors, and the same bytes every time."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import on_terminal

from mops_cli.export import FORMATS

DATA = Path(__file__).parent / "data" / "export.toml"
NOW = "2026-11-23T10:00:00+01:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pdf"], "mops: error: unknown format 'pdf' (known: hsds, hsds-zip, ics, vcard, osm, html)\n"),
        (["ics", "nikt"],
         "mops: error: no unit called 'nikt' (see 'mops contacts')\n"),
        (["ics", "nowi"],  # a close typo of a name: suggested
         "mops: error: no unit called 'nowi'; did you mean nowy, sezon? (see 'mops contacts')\n"),
        (["ics", "--from", "2026-12-01", "--to", "2026-11-30"],
         "mops: error: --to 2026-11-30 is before --from 2026-12-01\n"),
        (["ics", "--from", "jutrzejszy"],
         "mops: error: cannot read the date 'jutrzejszy': use e.g. 2026-12-07, 7.12.2026, 7.12, "
         "jutro or pon\n"),
        (["ics", "--to", "31.13"],
         "mops: error: cannot read the date '31.13': use e.g. 2026-12-07, 7.12.2026, 7.12, "
         "jutro or pon\n"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_exit_2(run, args, message):
    result = run("--data", str(DATA), "export", *args, now=NOW)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_errors_in_polish(run):
    result = run("--data", str(DATA), "--lang", "pl", "export", "pdf", now=NOW)
    assert result.err == (
        "mops: błąd: nieznany format 'pdf' (znane: hsds, hsds-zip, ics, vcard, osm, html)\n"
    )


@pytest.mark.parametrize("name", sorted(n for n, f in FORMATS.items() if f.ranged))
def test_the_same_input_gives_the_same_bytes(run, tmp_path, name):
    """Exports can be diffed and committed: nothing from the wall clock, nothing unordered.
    (The html page covers --days from its "now", and says so: the same MOPS_NOW gives the same
    bytes, tested in test_export_html.py.)"""
    outputs = []
    for index, now in enumerate([NOW, "2026-11-23T15:45:00+01:00"]):
        path = tmp_path / f"{index}.{FORMATS[name].extension}"
        result = run("--data", str(DATA), "export", name, "--output", str(path),
                     "--from", "2026-11-23", "--to", "2027-01-10", now=now)  # fmt: skip
        assert (result.code, result.out, result.err) == (0, "", "")
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0]


@pytest.mark.parametrize("name", sorted(n for n, f in FORMATS.items() if not f.binary))
def test_a_file_holds_what_stdout_shows(run, tmp_path, name):
    path = tmp_path / "out"
    to_file = run("--data", str(DATA), "export", name, "-o", str(path), now=NOW)
    to_stdout = run("--data", str(DATA), "export", name, now=NOW)
    assert to_file.code == to_stdout.code == 0
    assert path.read_bytes() == to_stdout.out.encode("utf-8")


def test_a_new_file_gets_the_usual_permissions_and_an_old_one_keeps_its_own(run, tmp_path):
    new = tmp_path / "new.vcf"
    run("--data", str(DATA), "export", "vcard", "-o", str(new), now=NOW)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    old = tmp_path / "old.vcf"
    old.write_text("old", encoding="utf-8")
    old.chmod(0o600)
    run("--data", str(DATA), "export", "vcard", "-o", str(old), now=NOW)
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert old.read_text(encoding="utf-8").startswith("BEGIN:VCARD")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_an_error_and_leaves_nothing_behind(run, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("--data", str(DATA), "export", "ics", "-o", str(folder / "x.ics"), now=NOW)
        assert result.code == 2
        assert result.err == f"mops: error: cannot write {folder / 'x.ics'}: Permission denied\n"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("target", "reason"),
    [("missing/x.ics", "No such file or directory"), ("folder", "Is a directory")],
)
def test_a_path_that_cannot_be_written_is_an_error_and_leaves_nothing_behind(
    run, tmp_path, target, reason
):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "keep.txt").write_text("keep", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    path = tmp_path / target
    result = run("--data", str(DATA), "export", "ics", "-o", str(path), now=NOW)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"mops: error: cannot write {path}: {reason}\n"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_failed_write_keeps_the_old_file(run, tmp_path, monkeypatch):
    target = tmp_path / "hours.ics"
    target.write_text("the previous export", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("--data", str(DATA), "export", "ics", "-o", str(target), now=NOW)
    assert result.err == f"mops: error: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["hours.ics"]  # no temporary file left


def test_a_zip_is_not_written_to_a_terminal():
    output = on_terminal("--data", str(DATA), "export", "hsds-zip")
    assert output.strip() == (
        "mops: error: hsds-zip is binary: give --output PATH, or redirect standard output"
    )


def test_a_zip_goes_to_a_pipe(tmp_path):
    import subprocess
    import sys
    import zipfile

    env = {**os.environ, "MOPS_NOW": NOW, "MOPS_CACHE_DIR": ""}
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli", "--data", str(DATA), "export", "hsds-zip"],
        capture_output=True,
        env=env,
        check=True,
    )
    (tmp_path / "out.zip").write_bytes(done.stdout)
    assert "datapackage.json" in zipfile.ZipFile(tmp_path / "out.zip").namelist()


def test_a_link_is_written_through_and_a_pipe_is_written_to(run, tmp_path):
    real = tmp_path / "real.vcf"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.vcf"
    link.symlink_to(real)
    run("--data", str(DATA), "export", "vcard", "-o", str(link), now=NOW)
    assert link.is_symlink()  # still the link, its target replaced
    assert real.read_text(encoding="utf-8").startswith("BEGIN:VCARD")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run("--data", str(DATA), "export", "osm", "kasa", "-o", str(pipe), now=NOW)
        assert result.code == 0
        assert os.read(reader, 1 << 16).startswith(b"[\n")
    finally:
        os.close(reader)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.vcf", "pipe", "real.vcf"]
