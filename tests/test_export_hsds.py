"""`mops export hsds` / `hsds-zip`: Open Referral HSDS 3.0 that validates against the
specification's own schemas (tests/data/hsds, see its README), field names exactly as there."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

HERE = Path(__file__).parent
DATA = HERE / "data" / "export.toml"
SCHEMAS = HERE / "data" / "hsds"
NOW = "2026-11-23T10:00:00+01:00"


def _closed(schema: Any) -> Any:
    """additionalProperties false in every object, as the specification's example checks do
    (compiletojsonschema --set-additional-properties-false-everywhere)."""
    if isinstance(schema, dict):
        schema = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and isinstance(schema["properties"], dict):
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [_closed(item) for item in schema]
    return schema


def validator() -> Any:
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "datapackage.json":
            continue
        contents = _closed(json.loads(path.read_text(encoding="utf-8")))
        resources.append((path.name, DRAFT202012.create_resource(contents)))
    registry = referencing.Registry().with_resources(resources)
    organization = copy.deepcopy(registry.contents("organization.json"))
    # The compiled organization schema of the specification nests the services like this.
    organization["properties"]["services"] = {"type": "array", "items": {"$ref": "service.json"}}
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(organization, registry=registry, format_checker=checker)


def export_json(run, *args: str, data: Path = DATA) -> dict[str, Any]:
    result = run("--data", str(data), "export", "hsds", *args, now=NOW)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("data", [DATA, HERE.parent / "data" / "offices.toml"])
def test_the_document_validates_against_the_specification(run, data):
    document = export_json(run, data=data)
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert document["services"]


def test_the_validation_would_catch_a_misnamed_field(run):
    document = export_json(run, "biuro")
    document["services"][0]["phones"][0]["phone_type"] = "voice"
    assert not validator().is_valid(document)


def test_units_are_services_and_offices_have_locations(run):
    document = export_json(run)
    services = {s["name"]: s for s in document["services"]}
    biuro = services["Biuro Obsługi Mieszkańców"]
    assert [(p["number"], p["type"], p.get("description")) for p in biuro["phones"]] == [
        ("+48715550001", "voice", "sekretariat"),
        ("+48715550002", "fax", None),
        ("+48601555003", "cell", None),
    ]
    assert biuro["email"] == "biuro@example.org"
    assert [c["email"] for c in biuro["contacts"]] == ["zażółć@example.org"]
    assert biuro["assured_date"] == "2026-11-01"
    (at_location,) = biuro["service_at_locations"]
    assert at_location["description"] == "parter, pokój 12"
    # Biuro and its Kasa share the address, so one location.
    locations = {loc["id"]: loc for loc in document["locations"]}
    assert services["Kasa"]["service_at_locations"][0]["location_id"] == at_location["location_id"]
    (address,) = locations[at_location["location_id"]]["addresses"]
    assert address == {
        "address_1": "ul. Źródlana 5",
        "address_type": "physical",
        "city": "Wrocław",
        "country": "PL",
        "id": address["id"],
        "location_id": at_location["location_id"],
        "postal_code": "50-001",
        "state_province": "",  # required by HSDS, not given by the data: left empty
    }
    line = services["Linia wsparcia"]
    assert line["service_at_locations"] == []  # a help line: phones only
    assert line["eligibility_description"] == "dorośli, młodzież"
    assert line["fees_description"] == "free of charge"
    assert len(document["locations"]) == 2  # Źródlana 5, pl. Nowy Targ 1


def _schedules(service: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(service["schedules"])
    for at_location in service["service_at_locations"]:
        found += at_location["schedules"]
    return [{k: v for k, v in s.items() if not k.endswith("id")} for s in found]


def test_weekly_hours_and_rrule_patterns_are_schedules(run):
    services = {s["name"]: s for s in export_json(run)["services"]}
    assert _schedules(services["Kasa"]) == [
        {
            "attending_type": "in-person",
            "byday": "MO,TU,WE,TH,FR",
            "closes_at": "14:00:00",
            "description": "Mon–Fri 10:00–14:00 (in-person), local time Europe/Warsaw; "
            "closed on public holidays (PL)",
            "freq": "WEEKLY",
            "opens_at": "10:00:00",
        },
        {
            "attending_type": "in-person",
            "byday": "MO,TU,WE,TH,FR",
            "bymonthday": "-1",
            "closes_at": "12:00:00",
            "description": "ostatni dzień miesiąca 10:00–12:00 (in-person), local time "
            "Europe/Warsaw; RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR; replaces the "
            "weekly hours on its dates; closed on public holidays (PL)",
            "freq": "MONTHLY",
            "notes": "ostatni dzień miesiąca",
            "opens_at": "10:00:00",
        },
    ]
    dyzur = _schedules(services["Dyżur popołudniowy"])
    # HSDS's freq is WEEKLY or MONTHLY: a yearly pattern keeps its RRULE in the description.
    assert dyzur[2] == {
        "attending_type": "in-person",
        "bymonthday": "31",
        "description": "inwentaryzacja closed (in-person), local time Europe/Warsaw; "
        "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31; closed on these dates; "
        "closed on public holidays (PL)",
        "notes": "inwentaryzacja",
    }
    sezon = _schedules(services["Punkt sezonowy"])
    assert [(s["byday"], s.get("valid_from"), s.get("valid_to")) for s in sezon] == [
        ("MO,TU,WE,TH,FR", None, "2027-01-31"),
        ("SA", "2026-12-01", "2026-12-20"),
        ("MO,TU,WE,TH", "2027-02-01", None),
    ]
    # Closures not over when the range starts (today, or --from) are the service's alert.
    assert services["Punkt sezonowy"]["alert"] == (
        "closed 2027-01-02: dzień wolny za święto 26 grudnia 2026-12-26"
    )
    earlier = export_json(run, "sezon", "--from", "2026-11-01")
    assert earlier["services"][0]["alert"] == (
        "closed 2026-11-02 to 2026-11-03: szkolenie; "
        "closed 2027-01-02: dzień wolny za święto 26 grudnia 2026-12-26"
    )
    (night,) = _schedules(services["Punkt nocny"])
    assert (night["opens_at"], night["closes_at"]) == ("20:00:00", "02:00:00")
    assert "closes at 02:00 the next day" in night["description"]


@pytest.fixture
def tables(run, tmp_path) -> zipfile.ZipFile:
    path = tmp_path / "hsds.zip"
    result = run("--data", str(DATA), "export", "hsds-zip", "--output", str(path), now=NOW)
    assert (result.code, result.out, result.err) == (0, "", "")
    return zipfile.ZipFile(path)


def test_the_tables_are_those_of_the_specification(tables):
    spec = json.loads((SCHEMAS / "datapackage.json").read_text(encoding="utf-8"))
    spec_resources = {r["name"]: r for r in spec["resources"]}
    package = json.loads(tables.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        expected = spec_resources[resource["name"]]
        assert resource["path"] == expected["path"]
        fields = [(f["name"], f["type"], f.get("format")) for f in resource["schema"]["fields"]]
        assert fields == [
            (f["name"], f["type"], f.get("format")) for f in expected["schema"]["fields"]
        ]
        header = next(csv.reader(io.StringIO(tables.read(resource["path"]).decode("utf-8"))))
        assert header == [f[0] for f in fields]
    assert sorted(tables.namelist()) == sorted(
        ["datapackage.json", *(r["path"] for r in package["resources"])]
    )


def test_the_tables_hold_what_the_document_holds(run, tables):
    document = export_json(run)

    def rows(path: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(tables.read(path).decode("utf-8"))))

    assert [r["name"] for r in rows("services.csv")] == [s["name"] for s in document["services"]]
    phones = [p for s in document["services"] for p in s["phones"]]
    assert [(r["id"], r["number"], r["service_id"]) for r in rows("phones.csv")] == [
        (p["id"], p["number"], p["service_id"]) for p in phones
    ]
    schedules = [
        x
        for s in document["services"]
        for x in s["schedules"] + [y for a in s["service_at_locations"] for y in a["schedules"]]
    ]
    assert sorted(r["id"] for r in rows("schedules.csv")) == sorted(x["id"] for x in schedules)
    by_id = {x["id"]: x for x in schedules}
    for row in rows("schedules.csv"):
        assert {k: v for k, v in row.items() if v} == by_id[row["id"]]
    assert rows("organizations.csv")[0]["name"] == "Test MOPS"
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in tables.infolist())


def test_ids_are_the_same_in_every_export(run):
    first = export_json(run)
    again = export_json(run, "kasa")
    kasa = next(s for s in first["services"] if s["name"] == "Kasa")
    assert again["services"][0]["id"] == kasa["id"]
    assert again["id"] == first["id"]
