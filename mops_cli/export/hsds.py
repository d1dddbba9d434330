"""The directory as Open Referral HSDS 3.0 (the Human Services Data Specification), which
referral systems read: one JSON document (an organization with its services and locations), or
a zip of the standard tables as CSV with a `datapackage.json`.

The directory is the organization. Each unit is a service; an office with an address is also
at a location (units at the same address share it), and its in-person hours belong to that
service at that location; help lines are services with phones only. Each rule of the hours
is a schedule: weekly rules as `freq` WEEKLY and `byday`, date patterns (RRULE) field by field
where HSDS has the field, and always whole in the schedule's `description`, so that nothing of
a pattern is lost. Times are local wall-clock times in the directory's zone (HSDS's
`timezone`, one UTC offset, cannot follow the clock changes, so it is left out and the zone
is named in each description). Closures not yet over at the start of the range are the
service's `alert`. A referral (the institution that handles a matter instead of the directory's
centre) is not the directory's: in the tables it is a service of an organization of its own;
the JSON document, the directory's organization, leaves it out. Field names are exactly the
specification's; ids are UUIDs derived from the directory's own ids, so they are the same in
every export.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mops_cli.export import postal_address, stable_uuid
from mops_cli.model import DEFAULT_CHANNEL, MINUTES_PER_DAY

if TYPE_CHECKING:
    from mops_cli.export import Export
    from mops_cli.hours import Schedule
    from mops_cli.model import Phone, Rule, Unit

Row = dict[str, Any]

# The HSDS 3.0 tables this export fills: file name, and every column in the specification's
# order (name:type where the type is not a string), from schema/*.json of the specification.
TABLES: dict[str, tuple[str, str]] = {
    "organization": ("organizations.csv", "id name alternate_name description email website "
                     "tax_status tax_id year_incorporated:number legal_status logo uri "
                     "parent_organization_id"),
    "service": ("services.csv", "id organization_id program_id name alternate_name description "
                "url email status interpretation_services application_process fees_description "
                "wait_time fees accreditations eligibility_description minimum_age:number "
                "maximum_age:number assured_date:date assurer_email licenses alert "
                "last_modified:datetime"),
    "location": ("locations.csv", "id location_type url organization_id name alternate_name "
                 "description transportation latitude:number longitude:number "
                 "external_identifier external_identifier_type"),
    "address": ("addresses.csv", "id location_id attention address_1 address_2 city region "
                "state_province postal_code country address_type"),
    "phone": ("phones.csv", "id location_id service_id organization_id contact_id "
              "service_at_location_id number extension:number type description"),
    "schedule": ("schedules.csv", "id service_id location_id service_at_location_id "
                 "valid_from:date valid_to:date dtstart:date timezone:number until:date "
                 "count:number wkst freq interval:number byday byweekno bymonthday byyearday "
                 "description opens_at:time closes_at:time schedule_link attending_type notes"),
    "service_at_location": ("service_at_location.csv", "id service_id location_id description"),
    "contact": ("contacts.csv", "id organization_id service_id service_at_location_id "
                "location_id name title department email"),
}  # fmt: skip

FORMATS = {"email": "email", "assurer_email": "email", "url": "uri", "website": "uri",
           "uri": "uri", "schedule_link": "uri"}  # fmt: skip
# and "uuid" for the ids: `id` and every `..._id` but `tax_id` (a government's identifier)
PHONE_TYPES = {"voice": "voice", "fax": "fax", "mobile": "cell"}
SCHEDULE_FREQS = ("WEEKLY", "MONTHLY")  # the only values HSDS 3.0 allows for `freq`
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# RRULE parts with an HSDS field of their own; the others (BYMONTH, BYSETPOS...) are only in
# the schedule's description.
RRULE_FIELDS = {"WKST": "wkst", "BYDAY": "byday", "BYWEEKNO": "byweekno",
                "BYMONTHDAY": "bymonthday", "BYYEARDAY": "byyearday"}  # fmt: skip


class Tables:
    """The rows of every table, filled unit by unit."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._locations: dict[str, str] = {}  # address text -> location id

    def add(self, table: str, row: Row) -> Row:
        clean = {key: value for key, value in row.items() if value is not None and value != ""}
        self.rows[table].append(clean)
        return clean


def build(export: Export) -> Tables:
    """Every table's rows for the units exported."""
    from mops_cli.i18n import language

    tables = Tables()
    directory = export.directory
    organization_id = stable_uuid("organization", directory.name)
    tables.add(
        "organization",
        {
            "id": organization_id,
            "name": directory.name,
            "description": f"{directory.name}: a directory of offices and help lines",
        },
    )
    with language("en"):
        for unit in export.units:
            owner = organization_id
            if unit.category == "referral":
                owner = _referral_organization(tables, unit, directory.name)
            _add_unit(tables, export, unit, owner)
    return tables


def _referral_organization(tables: Tables, unit: Unit, directory_name: str) -> str:
    """A referral's own organization: the institution, never the directory's centre."""
    organization_id = stable_uuid("organization", "referral", unit.id)
    matters = "; ".join(unit.matters)
    tables.add(
        "organization",
        {
            "id": organization_id,
            "name": unit.name,
            "description": f"Not part of {directory_name}; handles instead: {matters}",
            "email": unit.emails[0] if unit.emails else None,
            "website": unit.links[0] if unit.links else None,
        },
    )
    return organization_id


def _add_unit(tables: Tables, export: Export, unit: Unit, organization_id: str) -> None:
    service_id = stable_uuid("unit", unit.id)
    emails = list(unit.emails)
    description = [*unit.notes]
    if not unit.hours and unit.hours_note:
        description.append(unit.hours_note)
    tables.add(
        "service",
        {
            "id": service_id,
            "organization_id": organization_id,
            "name": unit.name,
            "alternate_name": ", ".join(unit.aliases) or None,
            "description": "\n".join(description) or None,
            "url": unit.links[0] if unit.links else None,
            "email": emails[0] if emails else None,
            "status": "active",
            "fees_description": None
            if unit.free is None
            else ("free of charge" if unit.free else "not free of charge"),
            "eligibility_description": ", ".join(unit.audience) or None,
            "assured_date": unit.verified.isoformat() if unit.verified else None,
            "alert": _alert(export, unit),
        },
    )
    for email in emails[1:]:
        tables.add(
            "contact",
            {"id": stable_uuid("unit", unit.id, "email", email), "service_id": service_id,
             "email": email},
        )  # fmt: skip
    seen: dict[str, int] = {}
    for phone in unit.phones:
        seen[phone.number] = seen.get(phone.number, 0) + 1
        tables.add("phone", _phone(unit, phone, service_id, seen[phone.number]))
    at_location = None
    if unit.address and unit.category in ("office", "referral"):
        location_id = _location(tables, unit, organization_id, export.directory.holiday_country)
        at_location = stable_uuid("unit", unit.id, "location", unit.address)
        tables.add(
            "service_at_location",
            {"id": at_location, "service_id": service_id, "location_id": location_id,
             "description": unit.location_note},
        )  # fmt: skip
    for channel in unit.channels:
        schedule = export.schedule(unit, channel)
        for index, rule in enumerate(schedule.rules):
            owner: Row = (
                {"service_at_location_id": at_location}
                if at_location and channel == DEFAULT_CHANNEL
                else {"service_id": service_id}
            )
            row_id = stable_uuid("unit", unit.id, "schedule", channel, str(index))
            tables.add("schedule", {"id": row_id, **owner, **_schedule(schedule, rule)})


def _phone(unit: Unit, phone: Phone, service_id: str, occurrence: int) -> Row:
    return {
        "id": stable_uuid("unit", unit.id, "phone", phone.number, str(occurrence)),
        "service_id": service_id,
        "number": phone.number,
        "type": PHONE_TYPES[phone.kind],
        "description": phone.label,
    }


def _location(tables: Tables, unit: Unit, organization_id: str, country: str) -> str:
    """The location at the unit's address; units at the same address share one."""
    assert unit.address is not None
    found = tables._locations.get(unit.address)
    if found is not None:
        return found
    location_id = tables._locations[unit.address] = stable_uuid("location", unit.address)
    tables.add(
        "location",
        {"id": location_id, "location_type": "physical", "organization_id": organization_id,
         "name": unit.name},
    )  # fmt: skip
    address = postal_address(unit.address)
    # HSDS requires every part; a part the data does not give is empty, never guessed.
    tables.rows["address"].append(
        {
            "id": stable_uuid("address", unit.address),
            "location_id": location_id,
            "address_1": address.street,
            "city": address.city,
            "state_province": "",
            "postal_code": address.postal_code,
            "country": country,
            "address_type": "physical",
        }
    )
    return location_id


def _alert(export: Export, unit: Unit) -> str | None:
    closures = [c for c in (*export.directory.closures, *unit.closures) if c.end >= export.start]
    parts = [
        f"closed {c.start.isoformat()}"
        + (f" to {c.end.isoformat()}" if c.end != c.start else "")
        + f": {c.reason}"
        for c in sorted(closures, key=lambda c: (c.start, c.end))
    ]
    return "; ".join(parts) or None


def _schedule(schedule: Schedule, rule: Rule) -> Row:
    """The HSDS fields of one rule."""
    from mops_cli.present import describe_rule

    zone = schedule.zone.key
    words = [f"{describe_rule(rule)} ({schedule.channel}), local time {zone}"]
    row: Row = {
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "attending_type": schedule.channel,
        "notes": rule.note,
    }
    if rule.rrule is None:
        row["freq"] = "WEEKLY"
        row["byday"] = ",".join(WEEKDAY_CODES[d] for d in sorted(rule.weekdays))
    else:
        rrule = rule.rrule.removeprefix("RRULE:")
        parts = dict(item.split("=", 1) for item in rrule.split(";") if "=" in item)
        if parts.get("FREQ") in SCHEDULE_FREQS:
            row["freq"] = parts["FREQ"]
        for key, name in RRULE_FIELDS.items():
            row[name] = parts.get(key)
        row["interval"] = int(parts["INTERVAL"]) if "INTERVAL" in parts else None
        row["count"] = int(parts["COUNT"]) if "COUNT" in parts else None
        row["dtstart"] = rule.valid_from.isoformat() if rule.valid_from else None
        words.append(f"RRULE:{rrule}")
        words.append(
            "closed on these dates" if rule.closed else "replaces the weekly hours on its dates"
        )
    if not rule.closed:
        row["opens_at"] = _time(rule.opens)
        row["closes_at"] = _time(rule.closes)
        if rule.closes >= MINUTES_PER_DAY:
            words.append(f"closes at {_time(rule.closes)[:5]} the next day")
    words.append(
        {
            "open": "also on public holidays",
            "closed": f"closed on public holidays ({schedule.calendar.country})",
            "unknown": f"public holidays ({schedule.calendar.country}): unknown, "
            "the source does not say",
        }[schedule.unit.on_holidays]
    )
    row["description"] = "; ".join(words)
    return row


def _time(minutes: int) -> str:
    minutes %= MINUTES_PER_DAY  # 26:00 is 02:00 the next day; 24:00 is midnight
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


# -- the JSON document --------------------------------------------------------------------------


def document(tables: Tables) -> Row:
    """The organization, with its services (phones, schedules, contacts, service at
    locations) and locations (addresses) nested, as the specification's compiled
    organization schema has them."""
    rows = tables.rows
    by_owner: dict[tuple[str, str, str], list[Row]] = {}
    for table in ("phone", "schedule", "contact", "service_at_location", "address"):
        for row in rows[table]:
            for key in ("service_id", "service_at_location_id", "location_id"):
                if key in row:
                    by_owner.setdefault((table, key, row[key]), []).append(row)

    def nested(table: str, key: str, value: str) -> list[Row]:
        return by_owner.get((table, key, value), [])

    main = rows["organization"][0]["id"]  # the directory's; referrals have their own
    services = []
    for service in rows["service"]:
        if service["organization_id"] != main:
            continue
        sid = service["id"]
        at_locations = [
            {**sal, "schedules": nested("schedule", "service_at_location_id", sal["id"])}
            for sal in nested("service_at_location", "service_id", sid)
        ]
        services.append(
            {
                **service,
                "phones": nested("phone", "service_id", sid),
                "schedules": nested("schedule", "service_id", sid),
                "contacts": nested("contact", "service_id", sid),
                "service_at_locations": at_locations,
            }
        )
    locations = [
        {**location, "addresses": nested("address", "location_id", location["id"])}
        for location in rows["location"]
        if location["organization_id"] == main
    ]
    return {**rows["organization"][0], "services": services, "locations": locations}


def hsds_json(export: Export) -> Iterator[str]:
    """The document, keys sorted; each service and location on a line of its own, which
    diffs well and lets the C encoder do ten thousand units quickly."""
    whole = document(build(export))
    yield "{\n"
    for index, key in enumerate(sorted(whole)):
        value = whole[key]
        comma = "," if index < len(whole) - 1 else ""
        if isinstance(value, list) and value:
            items = (json.dumps(item, ensure_ascii=False, sort_keys=True) for item in value)
            yield f"  {json.dumps(key)}: [\n    " + ",\n    ".join(items) + f"\n  ]{comma}\n"
        else:
            yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}\n"
    yield "}\n"


# -- the tables -------------------------------------------------------------------------------

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no wall clock in the bytes


def hsds_zip(export: Export) -> bytes:
    """A zip of the CSV tables (RFC 4180, UTF-8) and a datapackage.json describing them."""
    tables = build(export)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (path, columns) in TABLES.items():
            _store(archive, path, _csv(tables.rows[name], _columns(columns)))
        package = json.dumps(datapackage(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        _store(archive, "datapackage.json", package.encode("utf-8"))
    return buffer.getvalue()


def _columns(spec: str) -> list[tuple[str, str]]:
    return [(item.partition(":")[0], item.partition(":")[2] or "string") for item in spec.split()]


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula
# (CSV injection): such a text cell gets a leading apostrophe, as OWASP recommends, which a
# spreadsheet shows as text and does not display. A plain number (+48713672300, -1.5) is
# left as it is: it computes nothing, and a phone number keeps its E.164 form.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def neutralised(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula (README, "export")."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _csv(rows: list[Row], columns: list[tuple[str, str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(name for name, _type in columns)
    for row in rows:
        writer.writerow(
            "" if row.get(name) is None else neutralised(row[name]) for name, _type in columns
        )
    return text.getvalue().encode("utf-8")


def _store(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def datapackage() -> Row:
    """The Frictionless tabular data package of the tables, fields as HSDS 3.0 types them."""
    resources = []
    for name, (path, columns) in TABLES.items():
        fields = []
        for column, kind in _columns(columns):
            field: Row = {"name": column, "type": kind}
            if column in FORMATS:
                field["format"] = FORMATS[column]
            elif column == "id" or (column.endswith("_id") and column != "tax_id"):
                field["format"] = "uuid"
            fields.append(field)
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"primaryKey": "id", "fields": fields},
            }
        )
    return {
        "name": "human_services_data",
        "title": "Human Services Data Specification",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": resources,
    }
