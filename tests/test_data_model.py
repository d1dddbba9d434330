"""One description of the data (issue 25): model.py's dataclasses give the loader's keys and
its reading of simple fields, the cache's rows and the cache's format key, and the fields of
a unit's JSON. A new field of a unit is read, checked, cached and read back with no edit of
the loader or the cache; any change of the model makes every cache of the old one unused."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import field, fields, make_dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest

from mops_cli import cache, loader, model, present
from mops_cli.model import DirectoryData, Phone, Rule, Unit, data_fields, definition, file_keys

TODAY = date(2026, 12, 4)

FILE = """\
[directory]
name = "Test"

[[units]]
id = "kasy"
name = "Kasy"
source = ["https://example.org/kasy (2024-05): adres"]
{extra}
"""


def variant(cls: type[Any], name: str, **change: Any) -> type[Any]:
    """A copy of the model type `cls` whose field `name` has `change` (type, default,
    metadata), or is left out (change={"drop": True})."""
    specs: list[Any] = []
    for item in fields(cls):
        if item.name == name and change.get("drop"):
            continue
        kind = change.get("type", item.type) if item.name == name else item.type
        options: dict[str, Any] = {"metadata": item.metadata}
        if item.default is not dataclasses.MISSING:
            options["default"] = item.default
        if item.default_factory is not dataclasses.MISSING:
            options["default_factory"] = item.default_factory
        if item.name == name:
            options.update({k: v for k, v in change.items() if k in ("default", "metadata")})
        specs.append((item.name, kind, field(**options)))
    return make_dataclass(cls.__name__, specs, frozen=True)


CHANGES = {
    "a field of a unit left out": (Unit, "matters", {"drop": True}),
    "a field's type": (Rule, "opens", {"type": "float"}),
    "a field's default": (Unit, "on_holidays", {"default": "closed"}),
    "a field's key in the file": (DirectoryData, "holiday_country", {"metadata": {}}),
    "a phone's field": (Phone, "label", {"type": "str"}),
}


def test_the_cache_format_is_derived_from_the_model():
    assert cache.cache_format(definition()) == cache.FORMAT
    assert cache.FORMAT.startswith("mops-directory-cache ")  # what _made_here recognizes


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_of_the_model_changes_the_cache_format(change):
    cls, name, what = CHANGES[change]
    types = tuple(variant(cls, name, **what) if t is cls else t for t in model.MODEL_TYPES)
    assert cache.cache_format(definition(types)) != cache.FORMAT
    assert cache.key_for(b"x") != _key_with(cache.cache_format(definition(types)), b"x")


def test_a_new_field_changes_the_cache_format_and_a_literal_its_words(monkeypatch):
    extended = make_dataclass(
        "Unit", [("wheelchair", "bool | None", None)], bases=(Unit,), frozen=True
    )
    types = tuple(extended if t is Unit else t for t in model.MODEL_TYPES)
    assert cache.cache_format(definition(types)) != cache.FORMAT
    monkeypatch.setattr(model, "Category", Literal["office", "helpline", "referral", "other"])
    assert cache.cache_format(definition()) != cache.FORMAT


def _key_with(format_: str, data: bytes) -> str:
    saved = cache.FORMAT
    try:
        cache.FORMAT = format_
        return cache.key_for(data)
    finally:
        cache.FORMAT = saved


def test_a_cache_of_another_model_is_not_used_and_is_rebuilt(tmp_path, monkeypatch):
    target = tmp_path / "offices.toml"
    target.write_text(FILE.format(extra=""), encoding="utf-8")
    folder = tmp_path / "cache"
    directory = loader.load(target, today=TODAY)
    key = cache.key_for(target.read_bytes())
    assert cache.build(folder, key, directory, 2026, lambda y, lang: {}, lambda *a: frozenset())
    assert cache.open_store(folder, key) is not None
    # The model changes (a field left out): the same file's cache is of another format.
    types = tuple(
        variant(Unit, "matters", drop=True) if t is Unit else t for t in model.MODEL_TYPES
    )
    monkeypatch.setattr(cache, "FORMAT", cache.cache_format(definition(types)))
    assert cache.open_store(folder, key) is None  # an older file under the same name
    assert cache.key_for(target.read_bytes()) != key  # and a new name for the new one


@pytest.fixture
def extended_unit(monkeypatch) -> Iterator[type[Any]]:
    """Unit with two fields more, as a developer adds them to model.py, and nothing else
    changed: the loader and the cache use it."""
    extended = make_dataclass(
        "Unit",
        [
            ("wheelchair", "bool | None", None),
            ("languages", "tuple[str, ...]", field(default=())),
            ("opened", "date | None", None),
            ("parking", "Literal['yes', 'no', 'unknown']", "unknown"),
        ],
        bases=(Unit,),
        frozen=True,
        namespace={"__module__": Unit.__module__},
    )
    monkeypatch.setattr(model, "Unit", extended)
    monkeypatch.setattr(loader, "Unit", extended)
    monkeypatch.setattr(loader, "UNIT_KEYS", file_keys(extended))
    cache._codec.cache_clear()
    yield extended
    cache._codec.cache_clear()


def test_a_new_field_of_a_unit_is_read_cached_and_read_back_with_no_other_edit(
    extended_unit, tmp_path
):
    extra = 'wheelchair = true\nlanguages = ["pl", "uk"]\nopened = 2020-01-02\nparking = "no"'
    path = tmp_path / "offices.toml"
    directory, problems = loader.read(path, FILE.format(extra=extra).encode(), TODAY)
    assert problems == []
    [unit] = directory.units
    assert (unit.wheelchair, unit.languages, unit.opened, unit.parking) == (
        True, ("pl", "uk"), date(2020, 1, 2), "no",
    )  # fmt: skip
    assert cache.unit_from_json(cache.unit_to_json(unit)) == unit
    [left_out] = loader.read(path, FILE.format(extra="").encode(), TODAY)[0].units
    assert (left_out.wheelchair, left_out.languages, left_out.parking) == (None, (), "unknown")


def test_a_new_field_of_a_unit_is_checked_by_its_type(extended_unit, tmp_path):
    extra = 'wheelchair = "tak"\nlanguages = [1]\nopened = "wczoraj"\nparking = "maybe"\nwheelchairs = 1'
    _, problems = loader.read(tmp_path / "offices.toml", FILE.format(extra=extra).encode(), TODAY)
    assert [str(p) for p in problems] == [
        "kasy: wheelchairs: unknown key (did you mean 'wheelchair'?)",
        "kasy: wheelchair: must be true or false, not a string ('tak')",
        "kasy: languages[0]: must be a string, not a number (1)",
        "kasy: opened: must be a date (YYYY-MM-DD), not 'wczoraj'",
        "kasy: parking: must be one of yes, no, unknown, not 'maybe'",
    ]


def test_every_field_of_a_unit_is_in_its_json_or_left_out_on_purpose():
    names = {item.name for item in data_fields(Unit)}
    shown = set(present.UNIT_JSON) - {"facts_newest"}
    assert shown | present.UNIT_JSON_LEAVES_OUT == names
    assert not shown & present.UNIT_JSON_LEAVES_OUT
    assert set(present.PHONE_JSON) <= {item.name for item in data_fields(Phone)}


def test_the_loader_takes_its_keys_from_the_model():
    assert file_keys(Unit) == loader.UNIT_KEYS
    assert {"holidays", "timezone"} <= loader.DIRECTORY_KEYS
    assert "holiday_country" not in loader.DIRECTORY_KEYS  # its key in the file is `holidays`
    assert {"days", "opens"} <= loader.RULE_KEYS and "weekdays" not in loader.RULE_KEYS
    assert {"number", "label", "kind", "source"} == loader.PHONE_KEYS  # the rest is computed
    assert {"date", "from", "to", "reason"} == loader.CLOSURE_KEYS
    assert "open_on_holidays" in loader.UNIT_KEYS  # the older form of on_holidays


def test_the_shipped_file_reads_back_from_the_cache_unchanged():
    directory = loader.load(Path(__file__).resolve().parent.parent / "data" / "offices.toml")
    for unit in directory.units:
        assert cache.unit_from_json(cache.unit_to_json(unit)) == unit
    settings = cache.settings_from_json(cache.settings_to_json(directory))
    assert settings == dataclasses.replace(directory, units=())
