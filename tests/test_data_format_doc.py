"""docs/data-format.md and the loader describe the same file: every key the loader accepts has
a row in the document's table for its section, and every row names a key the loader accepts.
A field added to the loader without its documentation (or the reverse) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mops_cli import loader

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"

SECTIONS = [
    ("`[directory]`", loader.DIRECTORY_KEYS),
    ("`[[closures]]`", loader.CLOSURE_KEYS),
    ("`[[units]]`", loader.UNIT_KEYS),
    ("`[[units.phones]]`", loader.PHONE_KEYS),
    ("`[[units.hours]]`", loader.RULE_KEYS),
]


def documented(heading: str) -> set[str]:
    """The keys in the first column of the table under the `## ` heading that starts with
    `heading` (a cell may name several: "`from`, `to`")."""
    text = DOCUMENT.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}.*?\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section {heading} in docs/data-format.md"
    keys: set[str] = set()
    for line in match.group(1).splitlines():
        if line.startswith("|") and not line.startswith("|---") and not line.startswith("| key"):
            keys.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return keys


@pytest.mark.parametrize(("heading", "accepted"), SECTIONS, ids=[s[0] for s in SECTIONS])
def test_the_document_lists_exactly_the_keys_the_loader_accepts(heading, accepted):
    assert documented(heading) == set(accepted)
