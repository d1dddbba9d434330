"""One table of questions through the three faces (the CLI's `--json`, `mops ask`, the Python
API), under a damaged cache, an outdated cache format and a cache written by an older model:
identical JSON, exit codes and error messages and types (issues 23 and 25)."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import DATA

from mops_cli import Directory, errors
from mops_cli.cache import FORMAT, cache_format
from mops_cli.i18n import _, active, language
from mops_cli.model import definition

NOW = "2026-11-23T10:00:00+01:00"

# (question for `mops ask` and Directory.ask, the same as a command line)
TABLE = [
    ({"cmd": "open-now", "unit": "kasy"}, ["open-now", "kasy", "--json"]),
    ({"cmd": "open-now", "unit": "kasy", "at": "2026-12-24 11:00"},
     ["open-now", "kasy", "--at", "2026-12-24 11:00", "--json"]),
    ({"cmd": "open-now", "all": True}, ["open-now", "--all", "--json"]),
    ({"cmd": "contacts", "query": "dodatek"}, ["contacts", "dodatek", "--json"]),
    ({"cmd": "contacts", "query": "71 78 23 595"}, ["contacts", "71 78 23 595", "--json"]),
    ({"cmd": "help-lines", "for": "dzieci"}, ["help-lines", "--for", "dzieci", "--json"]),
    ({"cmd": "hours", "unit": "kasy", "week": "2026-12-28"},
     ["hours", "kasy", "--week", "2026-12-28", "--json"]),
    ({"cmd": "open-now", "unit": "zzzz"}, ["open-now", "zzzz", "--json"]),
    ({"cmd": "open-now", "unit": "kasy", "at": "2026-13-01 10:00"},
     ["open-now", "kasy", "--at", "2026-13-01 10:00", "--json"]),
    ({"cmd": "open-now", "unit": "x" * 1001}, ["open-now", "x" * 1001, "--json"]),
]  # fmt: skip


def _damaged(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE units SET body = '[1, 2'")


def _outdated(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")


def _older_model(path: Path) -> None:
    """Rows of a model with one field fewer (Unit.matters), under that model's format: the
    format is derived from the model (cache.cache_format), there is no bump to forget."""
    older = "\n".join(
        line for line in definition().splitlines() if not line.startswith("Unit.matters:")
    )
    assert cache_format(older) != FORMAT
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT position, body FROM units").fetchall()
        for position, body in rows:
            row = json.loads(body)
            del row["matters"]
            db.execute("UPDATE units SET body = ? WHERE position = ?", (json.dumps(row), position))
        db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (cache_format(older),))


CONDITIONS = {"intact": None, "damaged": _damaged, "outdated": _outdated, "older": _older_model}


@pytest.fixture
def cached(run, tmp_path: Path):
    """A cache folder built for the shipped file, then put in `condition`."""

    def make(condition: str) -> dict[str, str]:
        folder = tmp_path / condition
        environ = {"mops_cache_dir": str(folder), "mops_cache_sync": "1", "mops_data": str(DATA)}
        assert run("open-now", "kasy", **environ).code == 0
        [built] = folder.glob("directory-*.sqlite")
        with sqlite3.connect(built) as db:
            assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,)
        damage = CONDITIONS[condition]
        if damage is not None:
            damage(built)
        return environ

    return make


def _cli(run, environ, args):
    result = run(*args, **environ)
    if result.code == 2:
        message = result.err.removeprefix("mops: error: ").rstrip("\n")
        return (2, None, message)
    return (result.code, json.loads(result.out), None)


def _ask(run, environ, question):
    line = json.dumps(question, ensure_ascii=False).encode("utf-8", "surrogatepass")
    stdin = io.TextIOWrapper(io.BytesIO(line + b"\n"), encoding="utf-8")
    result = run("ask", stdin=stdin, **environ)
    [reply] = [json.loads(x) for x in result.out.splitlines()]
    return (reply["exit"], reply.get("answer"), reply.get("error"))


def _api(environ, question):
    directory = Directory.load(
        DATA,
        environ={
            "MOPS_NOW": NOW,
            "MOPS_CACHE_DIR": environ["mops_cache_dir"],
            "MOPS_CACHE_SYNC": "1",
        },
    )
    try:
        result = directory.ask(question)
    except errors.MopsError as exc:
        return (2, None, str(exc)), type(exc)
    return (int(result.exit), result.to_json(), None), None


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize(("question", "args"), TABLE, ids=[" ".join(a)[:40] for _q, a in TABLE])
def test_the_three_faces_agree_whatever_the_cache(run, cached, condition, question, args):
    expected = _cli(run, cached("intact"), args)
    assert _cli(run, cached(condition), args) == expected
    assert _ask(run, cached(condition), question) == expected
    api, kind = _api(cached(condition), question)
    assert api == expected
    if expected[0] == 2:  # the API's error is a documented MopsError subclass
        assert kind is not None and issubclass(kind, errors.UsageError)


def test_a_damaged_cache_is_not_an_internal_error_for_ask_or_the_api(run, cached):
    environ = cached("damaged")
    reply = _ask(run, environ, {"cmd": "contacts", "query": "kasy"})
    assert reply[0] == 0 and reply[2] is None
    environ = cached("damaged")
    directory = Directory.load(
        DATA,
        environ={
            "MOPS_NOW": NOW,
            "MOPS_CACHE_DIR": environ["mops_cache_dir"],
            "MOPS_CACHE_SYNC": "1",
        },
    )
    assert [c.unit.id for c in directory.find("kasy").found][:1] == ["kasy"]
    assert directory.units()[0].id


def test_two_threads_in_two_languages_never_see_each_others():
    """The language is per context: a thread speaking Polish does not change the API's
    English in another."""
    stop = threading.Event()
    seen: list[str] = []

    def polish() -> None:
        with language("pl"):
            while not stop.is_set():
                seen.append(active())

    directory = Directory.load(DATA, environ={"MOPS_NOW": NOW, "MOPS_CACHE_DIR": ""})
    worker = threading.Thread(target=polish)
    worker.start()
    try:
        messages = set()
        for _round in range(300):
            try:
                directory.open_now("zzzz")
            except errors.UnknownUnitError as exc:
                messages.add(str(exc))
            messages.add(_("give one UNIT, or --all"))
    finally:
        stop.set()
        worker.join()
    assert messages == {"no unit called 'zzzz' (see 'mops contacts')", "give one UNIT, or --all"}
    assert set(seen) == {"pl"}
