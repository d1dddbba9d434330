"""The directory as vCard 4.0 (RFC 6350) contacts, for phone address books.

One card per unit: its name, phones as `tel:` URIs (E.164; a short number such as 112 with
the country's phone-context, as RFC 3966 asks) typed voice, fax or cell, e-mails, address,
links, and a note with the hours and what a caller should know. The UID is derived from the
unit's id, so a re-import updates a card instead of duplicating it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mops_cli.export import escape_text, fold_line, postal_address, stable_uuid

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mops_cli.export import Export
    from mops_cli.model import Phone, Unit

TEL_TYPES = {"voice": "voice", "fax": "fax", "mobile": "cell"}


def vcards(export: Export) -> str:
    """Every unit's card, in the order given (CRLF line ends, folded lines)."""
    from mops_cli.present import describe_hours

    cards = []
    for unit in export.units:
        if unit.channels:
            hours = [
                f"{channel}: {describe_hours(unit, export.schedule(unit, channel))}"
                for channel in unit.channels
            ]
        else:
            hours = [describe_hours(unit, export.schedule(unit, None))]
        cards.append(card(unit, export.names, hours, export.directory.holiday_country))
    return "".join(cards)


def card(unit: Unit, names: Mapping[str, str], hours: list[str], country: str) -> str:
    """One unit's VCARD; `names` gives the parent unit's name for ORG."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{stable_uuid('unit', unit.id)}",
        "KIND:org",
        f"FN:{escape_text(unit.name)}",
        f"ORG:{_org(unit, names)}",
    ]
    if unit.aliases:
        lines.append("NICKNAME:" + ",".join(escape_text(a) for a in unit.aliases))
    lines.extend(_tel(phone, country) for phone in unit.phones)
    lines.extend(f"EMAIL:{escape_text(email)}" for email in unit.emails)
    if unit.address:
        lines.append(_adr(unit.address))
    # Escaped as TEXT is (RFC 6350 3.4): a raw "," or ";" in a URL ends the value for
    # readers such as vobject.
    lines.extend(f"URL:{escape_text(link)}" for link in unit.links)
    note = [f"Hours: {'; '.join(hours)}", *_phone_labels(unit), *unit.notes]
    if unit.location_note:
        note.insert(0, unit.location_note)
    if unit.category == "referral":  # not a MOPS unit: the note says so first
        from mops_cli.present import not_mops

        note.insert(0, not_mops(unit))
    lines.append("NOTE:" + escape_text("\n".join(note)))
    lines.append(f"CATEGORIES:{unit.category}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines)


def _org(unit: Unit, names: Mapping[str, str]) -> str:
    """ORG: the parent unit's name, then this unit's (RFC 6350 6.6.4: name; unit)."""
    parent = names.get(unit.parent) if unit.parent else None
    parts = [parent, unit.name] if parent else [unit.name]
    return ";".join(escape_text(part) for part in parts)


def _tel(phone: Phone, country: str) -> str:
    kind = TEL_TYPES[phone.kind]
    if phone.short:  # a short number is dialled as is, within the country (RFC 3966 5.1.5)
        from phonenumbers import country_code_for_region

        uri = f"tel:{phone.number};phone-context=+{country_code_for_region(country)}"
    else:
        uri = f"tel:{phone.number}"
    return f"TEL;VALUE=uri;TYPE={kind}:{uri}"


def _phone_labels(unit: Unit) -> list[str]:
    """vCard has no label for a number: the note says what each labelled number is for."""
    return [f"{phone.display}: {phone.label}" for phone in unit.phones if phone.label]


def _adr(text: str) -> str:
    """ADR with LABEL (the address as written): PO box; extended; street; locality; region;
    postal code; country. Parts the data does not give stay empty."""
    address = postal_address(text)
    parts = ["", "", address.street, address.city, "", address.postal_code, ""]
    # A quoted parameter value holds neither a quote nor a line break (RFC 6350 3.3).
    label = " ".join(text.replace('"', "'").split())
    return f'ADR;LABEL="{label}":' + ";".join(escape_text(p) for p in parts)
