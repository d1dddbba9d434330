"""docs/offices.schema.json, the editor's view of the loader's rules: the same keys, the
shipped file valid, and every file of tests/data/broken/ refused by the loader and, where JSON
Schema can say it, by the schema."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DATA, ROOT

from mops_cli import loader, model
from mops_cli.validate import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCHEMA = json.loads((ROOT / "docs" / "offices.schema.json").read_text(encoding="utf-8"))
BROKEN = ROOT / "tests" / "data" / "broken"
TODAY = date(2026, 12, 4)


def as_json(value: Any) -> Any:
    """TOML as the editor's schema checker sees it: dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_errors(path: Path) -> list[str]:
    document = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def test_the_schema_is_a_valid_draft_7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_the_schema_has_the_models_keys():
    """The keys of the model (model.file_keys), which the loader accepts."""
    props = SCHEMA["properties"]
    unit = props["units"]["items"]
    assert set(props) == model.file_keys(model.DirectoryData, top=True) == loader.TOP_KEYS
    assert set(props["directory"]["properties"]) == model.file_keys(model.DirectoryData)
    assert set(unit["properties"]) == model.file_keys(model.Unit)
    assert set(unit["properties"]["phones"]["items"]["properties"]) == model.file_keys(model.Phone)
    assert set(unit["properties"]["hours"]["items"]["properties"]) == model.file_keys(model.Rule)
    assert set(props["closures"]["items"]["properties"]) == model.file_keys(model.Closure)
    assert unit["properties"]["on_holidays"]["enum"] == list(model.ON_HOLIDAYS)
    assert set(unit["properties"]["category"]["enum"]) == set(model.CATEGORIES) | {"referral"}
    assert unit["properties"]["phones"]["items"]["properties"]["kind"]["enum"] == list(
        model.PHONE_KINDS
    )
    assert unit["properties"]["id"]["pattern"] == loader.ID_PATTERN.pattern


def test_the_data_file_names_the_schema_for_editors():
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./../docs/offices.schema.json"
    assert (DATA.parent / "./../docs/offices.schema.json").resolve().is_file()


def test_the_fixture_with_grammatical_sources_is_valid_for_both():
    path = ROOT / "tests" / "data" / "sources-ok.toml"
    assert [p for p in validate(path, TODAY) if p.severity == "error"] == []
    assert schema_errors(path) == []


def test_the_shipped_file_fits_the_schema_but_for_its_sources(tmp_path):
    """Everything but the source pattern, which waits for the data rewrite (branch `data`)."""
    document = as_json(tomllib.loads(DATA.read_text(encoding="utf-8")))
    good = "https://example.org/ (2023)"
    for unit in document["units"]:
        unit["source"] = good
        for part in (*unit.get("phones", []), *unit.get("hours", [])):
            if "source" in part:
                part["source"] = good
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(document)] == []


def test_the_shipped_file_fits_the_schema():
    assert schema_errors(DATA) == []


# (file in tests/data/broken, where the loader or validate reports it, JSON Schema can say it)
CORPUS = [
    ("unknown-top-key", "colour", True),
    ("missing-directory", "directory", True),
    ("directory-name-missing", "directory.name", True),
    ("directory-unknown-key", "directory.timezon", True),
    ("timezone-unknown", "directory.timezone", False),  # the zone database, not a pattern
    ("holidays-not-a-country", "directory.holidays", True),
    ("holidays-unknown-country", "directory.holidays", False),  # the holidays package knows
    ("stale-after-zero", "directory.stale_after_years", True),
    ("stale-after-text", "directory.stale_after_years", True),
    ("closure-no-reason", "closures[0].reason", True),
    ("closure-date-and-range", "closures[0].date", True),
    ("closure-no-date", "closures[0]", True),
    ("closure-ends-before-start", "closures[0].to", False),  # compares two values
    ("closure-bad-date", "closures[0].date", True),
    ("unit-unknown-key", "biuro: adress", True),
    ("unit-id-not-slug", "Biuro 1: id", True),
    ("unit-id-missing", "units[0]: id", True),
    ("unit-name-empty", "biuro: name", True),
    ("unit-source-missing", "biuro: source", True),
    ("unit-category-unknown", "biuro: category", True),
    ("unit-email-bad", "biuro: emails[0]", True),
    ("unit-link-bad", "biuro: links[0]", True),
    ("unit-keywords-not-list", "biuro: keywords", True),
    ("unit-flag-not-bool", "biuro: free", True),
    ("unit-verified-not-date", "biuro: verified", True),
    ("unit-on-holidays-unknown", "biuro: on_holidays", True),
    ("referral-without-matters", "biuro: ", True),  # a referral needs `matters`
    ("unit-parent-unknown", "biuro: parent", False),  # refers to another unit
    ("unit-duplicate-id", "biuro: id", False),  # across units
    ("unit-alias-is-an-id", "kasa: aliases", False),  # across units
    ("unit-alias-shared", "kasa: aliases", False),  # across units
    ("phone-number-missing", "biuro: phones[0].number", True),
    ("phone-kind-unknown", "biuro: phones[0].kind", True),
    ("phone-number-bad", "biuro: phones[0].number", False),  # phonenumbers' metadata
    ("phone-unknown-key", "biuro: phones[0].labl", True),
    ("rule-unknown-key", "biuro: hours[0].opnes", True),
    ("rule-no-days-no-rrule", "biuro: hours[0]", True),
    ("rule-days-and-rrule", "biuro: hours[0].days", True),
    ("rule-bad-weekday", "biuro: hours[0].days", True),
    ("rule-opens-missing", "biuro: hours[0].opens", True),
    ("rule-opens-not-string", "biuro: hours[0].opens", True),
    ("rule-time-bad", "biuro: hours[0].opens", True),
    ("rule-closes-before-opens", "biuro: hours[0].closes", False),  # compares two times
    ("rule-longer-than-a-day", "biuro: hours[0].closes", False),  # compares two times
    ("rule-channel-not-slug", "biuro: hours[0].channel", True),
    ("rule-valid-to-before-from", "biuro: hours[0].valid_to", False),  # compares two dates
    ("rule-closed-without-rrule", "biuro: hours[0].closed", True),
    ("rule-closed-with-hours", "biuro: hours[0].opens", True),
    ("rule-rrule-invalid", "biuro: hours[0].rrule", False),  # RFC 5545 needs a parser
    ("rule-rrule-never", "biuro: hours[0].rrule", False),  # needs the calendar
    ("source-issue-number", "biuro: source[0]", True),
    ("source-no-date", "biuro: source[0]", True),
    ("source-staff-without-who", "biuro: source[0]", False),  # the regex checks only the start
]


def test_the_corpus_has_one_file_per_case():
    assert sorted(p.stem for p in BROKEN.glob("*.toml")) == sorted(name for name, *_ in CORPUS)


@pytest.mark.parametrize(("name", "where", "expressible"), CORPUS)
def test_each_broken_file_is_refused(name, where, expressible):
    path = BROKEN / f"{name}.toml"
    errors = [str(p) for p in validate(path, TODAY) if p.severity == "error"]
    assert errors, name
    assert errors[0].startswith(where), errors
    assert bool(schema_errors(path)) is expressible


def test_taplo_reads_the_schema_as_jsonschema_does():
    """What an editor shows (taplo, the engine of Even Better TOML): the files the schema
    refuses, found through each file's `#:schema` line."""
    import shutil
    import subprocess

    taplo = shutil.which("taplo", path=str(Path(sys.executable).parent)) or shutil.which("taplo")
    if taplo is None:
        pytest.skip("taplo is not installed (the test extra has it)")
    files = sorted(BROKEN.glob("*.toml"))
    result = subprocess.run(
        [taplo, "check", "--no-auto-config", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "RUST_LOG": "error", "NO_COLOR": "1"},
    )
    refused = {Path(line.split("┌─ ", 1)[1].rsplit(":", 2)[0]).stem
               for line in result.stderr.splitlines() if "┌─ " in line}  # fmt: skip
    assert refused == {name for name, _where, expressible in CORPUS if expressible}
