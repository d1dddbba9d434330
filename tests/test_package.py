"""The package: the wheel ships the directory, `python -m mops_cli` runs, every command has help."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from mops_cli import __version__
from mops_cli.cli import app


def test_wheel_contains_the_default_directory_and_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from hatchling.build import build_wheel

    monkeypatch.chdir(ROOT)
    name = build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        shipped = wheel.read("mops_cli/data/offices.toml")
        catalogue = wheel.read("mops_cli/locale/pl/LC_MESSAGES/mops.mo")
        entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
        assert "mops = mops_cli.__main__:main" in wheel.read(entry_points).decode()
    assert shipped == DATA.read_bytes()
    assert catalogue == (ROOT / "mops_cli/locale/pl/LC_MESSAGES/mops.mo").read_bytes()


def test_python_dash_m_runs_from_another_directory(tmp_path: Path):
    env = {**os.environ, "MOPS_NOW": "2026-11-30T11:30:00+01:00"}
    env.pop("MOPS_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "mops_cli", "open-now", "kasy"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Kasy: open, closes in 30 min, at 12:00 (ostatni dzień miesiąca)\n",
        "",
    )


def test_version_names_the_holiday_calendar(run):
    from importlib.metadata import version

    calendar = f"holidays {version('holidays')}"
    result = run("--version")
    assert (result.code, result.out) == (0, f"mops {__version__}\nholiday calendar: {calendar}\n")
    result = run("--lang", "pl", "--version")
    assert result.out == f"mops {__version__}\nkalendarz świąt: {calendar}\n"


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_text(run, command: str):
    import typer.main

    group = typer.main.get_group(app)
    assert group.commands[command].help, command
    result = run(command, "--help")
    assert result.code == 0
    assert f"Usage: mops {command}" in result.out


def test_no_arguments_shows_help_and_exits_2(run):
    result = run()
    assert result.code == 2
    assert "Usage: mops" in result.err
