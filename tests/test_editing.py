"""Editing the directory in a clone after `pip install .`: every command run inside the clone
says once, on stderr, that it reads the installed copy, which differs from the clone's file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA

from mops_cli import datafile


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone whose data/offices.toml was edited, and an installed copy of the original."""
    installed = tmp_path / "site-packages" / "mops_cli" / "data" / "offices.toml"
    installed.parent.mkdir(parents=True)
    shutil.copyfile(DATA, installed)
    root = tmp_path / "clone"
    (root / "mops_cli").mkdir(parents=True)
    (root / "data").mkdir()
    edited = DATA.read_text(encoding="utf-8").replace('name = "Kasy"', 'name = "Kasy MOPS"')
    (root / "data" / "offices.toml").write_text(edited, encoding="utf-8")
    monkeypatch.setattr(datafile, "default_data_path", lambda: installed)
    monkeypatch.chdir(root)
    return root


def _note(installed: Path, edited: Path) -> str:
    return (
        f"note: reading the installed directory {installed}, not {edited}, which differs from "
        "it; to use your copy: mops --data data/offices.toml ..., or "
        "MOPS_DATA=data/offices.toml, or reinstall (pip install .)\n"
    )


def test_a_command_in_an_edited_clone_says_which_file_it_reads(run, clone):
    result = run("open-now", "kasy", "--at", "2026-11-23 11:00")
    installed = datafile.default_data_path()
    assert result.err == _note(installed, clone / "data" / "offices.toml")
    assert result.out.startswith("Kasy, Mon 23 Nov 2026 11:00: open")  # not "Kasy MOPS"


def test_the_note_comes_once_and_json_stays_clean(run, clone):
    result = run("contacts", "kasy", "--json")
    assert result.err.count("note: reading the installed directory") == 1
    assert result.out.startswith("[")


def test_in_a_folder_of_the_clone_too(run, clone, tmp_path, monkeypatch):
    """The clone is looked for from the working directory the run is given (its Environment),
    not the process's: here the process stands outside the clone."""
    (clone / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("open-now", "kasy", cwd=clone / "docs")
    installed = datafile.default_data_path()
    assert result.err == (
        f"note: reading the installed directory {installed}, not "
        f"{clone / 'data' / 'offices.toml'}, which differs from it; to use your copy: mops "
        "--data ../data/offices.toml ..., or MOPS_DATA=../data/offices.toml, or reinstall "
        "(pip install .)\n"
    )


def test_validate_names_the_file_it_read(run, clone):
    result = run("validate")
    installed = datafile.default_data_path()
    assert result.err.startswith(_note(installed, clone / "data" / "offices.toml"))
    assert re.search(
        rf"^{re.escape(str(installed))}: (OK|\d+ errors?, \d+ warnings?)$", result.err, re.M
    )


@pytest.mark.parametrize(
    ("args", "environ"),
    [
        (["--data", "data/offices.toml", "open-now", "kasy"], {}),
        (["validate", "--data", "data/offices.toml"], {}),
        (["open-now", "kasy"], {"mops_data": "data/offices.toml"}),
    ],
)
def test_no_note_when_the_file_is_named(run, clone, args, environ):
    result = run(*args, **environ)
    assert "note:" not in result.err
    if args[0] == "validate":
        assert re.search(r"^data/offices.toml: (OK|\d+ errors?, \d+ warnings?)$", result.err, re.M)
    else:
        assert result.out.startswith("Kasy MOPS:")  # the edited copy


def test_no_note_when_the_clone_has_the_installed_content(run, clone):
    shutil.copyfile(datafile.default_data_path(), clone / "data" / "offices.toml")
    assert run("open-now", "kasy").err == ""


def test_no_note_outside_a_clone(run, clone, tmp_path):
    assert run("open-now", "kasy", cwd=tmp_path).err == ""  # the process stands in the clone


def test_in_polish(run, clone):
    result = run("--lang", "pl", "open-now", "kasy")
    assert result.err.startswith("uwaga: czytam zainstalowany katalog ")


def test_a_working_directory_removed_under_the_shell_is_no_error(run, tmp_path, monkeypatch):
    """`cd gone && rmdir ../gone && mops ...`: no clone can be looked for, and the answer comes
    as anywhere else (it used to be an internal error)."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run("open-now", "kasy", "--at", "2026-11-23 11:00")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Kasy, Mon 23 Nov 2026 11:00: open")
