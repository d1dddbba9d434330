"""The html page's JavaScript copies of Python code, compared with their originals outside the
browser: the page's own script runs under Node (tests/js/page_functions.js) and must rank
searches as `mops contacts` does and state every unit as `mops open-now --all --json` does.

docs/architecture.md lists each copy next to its original. The same comparisons run in
Chromium in tests/test_html_browser.py; these run wherever Node is (and must under CI=true).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_html_browser import INSTANTS, QUERIES, WINDOW_END, expected_states

HARNESS = Path(__file__).parent / "js" / "page_functions.js"
EXPORTED = "2026-12-01T07:00:00+01:00"  # the browser tests' page: 366 days from here
MORE_QUERIES = [
    "ul. Legnickiej 12", "Legnicka", "xyzzyq", "os. Kozanów", "Nadodrze", "na Nadodrzu",
    "Jedności Narodowej 5", "ul. Strzegomska 6", "dodatek mieszkaniowy", "orzeczenie",
    "swiadczenie", "kasa mops", "violence", "cash desk", "housing allowance", "seniorzy",
]  # fmt: skip


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node is needed for the page-script tests in CI", pytrace=False)
        pytest.skip("no Node on this machine")
    return node


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The page's answers to every query and instant of this file, from one Node run."""
    node = _node()
    out = tmp_path_factory.mktemp("page") / "page.html"
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("MOPS_DATA", "MOPS_LANG")},
        "MOPS_NOW": EXPORTED,
        "MOPS_LANG": "pl",
    }
    subprocess.run(
        [sys.executable, "-m", "mops_cli", "export", "html", "--days", "366", "-o", str(out)],
        check=True,
        env=environ,
        timeout=120,
    )
    html = out.read_text(encoding="utf-8")
    instants = [int(datetime.fromisoformat(i).timestamp() * 1000) for i in INSTANTS]
    request = {"html": html, "queries": QUERIES + MORE_QUERIES, "instants": instants}
    answer = subprocess.run(
        [node, str(HARNESS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    cards = dict(
        re.findall(r'<article class="unit" id="[^"]*" data-i="(\d+)" data-unit="([^"]+)"', html)
    )
    result = json.loads(answer.stdout)
    result["ids"] = {int(index): unit for index, unit in cards.items()}
    result["instants"] = dict(zip(INSTANTS, instants, strict=True))
    return result


@pytest.mark.parametrize("query", QUERIES + MORE_QUERIES)
def test_the_page_ranks_as_mops_contacts(run, page, query):
    result = run("contacts", query, "--json")
    # An unmapped street or place answers with the unit to call (exit 1), and so does the page.
    expected = [unit["id"] for unit in json.loads(result.out)] if result.out else []
    found = [page["ids"][index] for index in page["search"][query] or []]
    assert found == expected


@pytest.mark.parametrize("instant", INSTANTS)
def test_the_page_states_every_unit_as_open_now(run, page, instant):
    expected = expected_states(run, instant, WINDOW_END, mops_lang="pl")
    states = page["states"][str(page["instants"][instant])]
    shown = {
        page["ids"][int(card)]: {k: v for k, v in answer.items() if k != "text"}
        for card, answer in states.items()
    }
    assert shown == expected
    for card, answer in states.items():  # the sentence says what the data says
        if answer["change"]:
            clock = datetime.fromisoformat(answer["change"]).strftime("%H:%M")
            assert clock in answer["text"], page["ids"][int(card)]
        if answer["reason"]:
            assert f"({answer['reason']})" in answer["text"], page["ids"][int(card)]
