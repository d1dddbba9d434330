"""docs/data-format.md and the model describe the same file: every key a model type takes from
the file (model.file_keys: its fields, as their metadata names them) has one row in the
document's table for its section, and every row names such a key. A field added to the model
without its documentation (or the reverse) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mops_cli.model import Closure, DirectoryData, Phone, Rule, Unit, file_keys

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"

SECTIONS = [
    ("`[directory]`", file_keys(DirectoryData)),
    ("`[[closures]]`", file_keys(Closure)),
    ("`[[units]]`", file_keys(Unit)),
    ("`[[units.phones]]`", file_keys(Phone)),
    ("`[[units.hours]]`", file_keys(Rule)),
]


def documented(heading: str) -> list[str]:
    """The keys in the first column of the table under the `## ` heading that starts with
    `heading` (a cell may name several: "`from`, `to`"), in the order of the rows."""
    text = DOCUMENT.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}.*?\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section {heading} in docs/data-format.md"
    keys: list[str] = []
    for line in match.group(1).splitlines():
        if line.startswith("|") and not line.startswith("|---") and not line.startswith("| key"):
            keys += re.findall(r"`([a-z_]+)`", line.split("|")[1])
    return keys


@pytest.mark.parametrize(("heading", "accepted"), SECTIONS, ids=[s[0] for s in SECTIONS])
def test_the_document_lists_exactly_the_keys_of_the_model(heading, accepted):
    keys = documented(heading)
    assert set(keys) == set(accepted)
    assert sorted(keys) == sorted(set(keys)), "a key with two rows"


def test_the_top_of_the_file_is_the_directory_its_closures_and_its_units():
    text = DOCUMENT.read_text(encoding="utf-8")
    assert file_keys(DirectoryData, top=True) == {"directory", "closures", "units"}
    for table in ("[directory]", "[[closures]]", "[[units]]"):
        assert f"\n{table}\n" in text  # the complete example has each
