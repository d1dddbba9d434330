"""Shared helpers: run the CLI in-process with a pinned clock and a chosen data file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pytest

from mops_cli import cli
from mops_cli.session import Environment

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offices.toml"
BUILT = "2026-11-23T10:00:00+01:00"  # when the shipped cache of the tests was built


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read one loaded page at an instant (fixture `year_page`) run in the order
    of their instants, in the places the random order gave them: the page's clock only moves
    forward, and an earlier instant costs a reload of the page (correct, but slow)."""
    clocked = [
        (index, item)
        for index, item in enumerate(items)
        if "year_page" in getattr(item, "fixturenames", ())
        and "instant" in getattr(getattr(item, "callspec", None), "params", {})
    ]
    chronological = sorted(
        (item for _, item in clocked),
        key=lambda item: datetime.fromisoformat(item.callspec.params["instant"]),  # type: ignore[attr-defined]
    )
    for (index, _), item in zip(clocked, chronological, strict=True):
        items[index] = item


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own home directory, never the user's: whatever a test (or a `mops` it
    starts) writes under ~ or the XDG directories lands in a throw-away folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable, folder in (
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    return home


@pytest.fixture(autouse=True)
def english() -> None:
    """Each test starts in English, whatever language an earlier test's run left active (the
    core's messages are read in the active language)."""
    from mops_cli import i18n

    i18n.activate("en")


@pytest.fixture(scope="session")
def shipped_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache of the shipped directory, built once per test process (as the first run of
    `mops` on a machine builds it)."""
    from mops_cli.session import Session

    folder = tmp_path_factory.mktemp("shipped-cache")
    environ = {"MOPS_CACHE_DIR": str(folder), "MOPS_CACHE_SYNC": "1", "MOPS_NOW": BUILT}
    Session(DATA, Environment(environ=environ)).units()  # read from the file: the cache written
    [built] = folder.glob("directory-*.sqlite")
    return built


@pytest.fixture(autouse=True)
def private_cache(
    request: pytest.FixtureRequest,
    private_home: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Each test its own directory cache, never the user's. It starts with a copy of the
    shipped directory's cache (the state of every machine after its first run), unless the
    test is marked `cold_cache`: then the first run in the test reads the TOML file, later
    ones the cache it wrote."""
    folder = tmp_path_factory.mktemp("cache")
    if request.node.get_closest_marker("cold_cache") is None:
        built: Path = request.getfixturevalue("shipped_cache")
        shutil.copyfile(built, folder / built.name)
    monkeypatch.setenv("MOPS_CACHE_DIR", str(folder))
    monkeypatch.setenv("MOPS_CACHE_SYNC", "1")  # no forking inside pytest; test_cache forks
    return folder


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    """run("open-now", "kasy", now="2026-11-30T11:30:00+01:00", data=path) -> Result: `mops`
    in this process, in an Environment of the test's making: the process's variables but
    MOPS_DATA and MOPS_DEBUG, 80 columns, the clock at `now`, English, and the keywords as
    variables (columns="60" is COLUMNS=60); `stdin`/`stdout` replace those streams, `cwd` the
    working directory the run sees (the process's by default)."""

    def invoke(
        *args: str,
        now: str = "2026-11-23T10:00:00+01:00",
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        cwd: Path | None = None,
        **environ: str,
    ) -> Result:
        env = {k: v for k, v in os.environ.items() if k not in ("MOPS_DATA", "MOPS_DEBUG")}
        env["COLUMNS"] = "80"
        env["MOPS_NOW"] = now
        env["MOPS_LANG"] = "en"  # whatever the machine's locale; tests of Polish say so
        env.update({key.upper(): value for key, value in environ.items()})
        capsys.readouterr()
        streams: dict[str, Any] = {"stdin": stdin} if stdin is not None else {}
        if stdout is not None:
            streams["stdout"] = stdout
        code = cli.main(list(args), Environment(environ=env, cwd=cwd, **streams))
        captured = capsys.readouterr()
        return Result(int(code), captured.out, captured.err)

    return invoke


def on_terminal(*args: str, **environ: str) -> str:
    """What `mops ARGS` writes to a real terminal (a pty, TERM=xterm-256color, 100 columns,
    colour allowed unless `environ` says otherwise)."""
    import sys

    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MOPS_DATA")}
    env.update(
        TERM="xterm-256color", COLUMNS="100", MOPS_LANG="en", MOPS_NOW="2026-11-23T10:00:00+01:00"
    )
    env.update({key.upper(): value for key, value in environ.items()})
    child = pexpect.spawn(
        sys.executable, ["-m", "mops_cli", *args], env=env, encoding="utf-8", timeout=30
    )
    output = str(child.read())
    child.close()
    return output


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[[str], Path]:
    """Write a directory file and return its path."""

    def write(text: str, name: str = "offices.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


UNIT_HEAD = """
[directory]
name = "Test"

[[units]]
id = "biuro"
name = "Biuro"
source = "test"
verified = 2026-11-01
"""

MINIMAL = (
    UNIT_HEAD
    + """
[[units.hours]]
days = "mo-fr"
opens = "08:00"
closes = "16:00"
"""
)
