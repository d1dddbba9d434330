"""`mops export vcard`: vCard 4.0 contacts that address books read back as written."""

from __future__ import annotations

from pathlib import Path

import pytest

vobject = pytest.importorskip("vobject")

DATA = Path(__file__).parent / "data" / "export.toml"
NOW = "2026-11-23T10:00:00+01:00"


def cards(run, *units: str, data: Path = DATA) -> str:
    result = run("--data", str(data), "export", "vcard", *units, now=NOW)
    assert result.code == 0, result.err
    return result.out


def test_a_card_in_full(run):
    assert cards(run, "biuro").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID:urn:uuid:" + _uid("biuro"),
        "KIND:org",
        "FN:Biuro Obsługi Mieszkańców",
        "ORG:Biuro Obsługi Mieszkańców",
        "NICKNAME:BOM,biuro obsługi",
        "TEL;VALUE=uri;TYPE=voice:tel:+48715550001",
        "TEL;VALUE=uri;TYPE=fax:tel:+48715550002",
        "TEL;VALUE=uri;TYPE=cell:tel:+48601555003",
        "EMAIL:biuro@example.org",
        "EMAIL:zażółć@example.org",
        'ADR;LABEL="ul. Źródlana 5, 50-001 Wrocław":;;ul. Źródlana 5;Wrocław;;',
        " 50-001;",  # folded at 75 octets
        "URL:https://example.org/biuro",
        "NOTE:parter\\, pokój 12\\nHours: in-person: Mon–Wed\\, Fri 08:00–15:00\\; ",
        " Thu 08:00–16:30\\; phone: Mon–Fri 08:00–12:00\\; Mon–Fri 13:00–15:",
        " 00\\n71 555 00 01: sekretariat\\nZażółć gęślą jaźń\\; przyjmujemy wn",
        " ioski\\, także w sprawie „500+”\\, do 14:00.",
        "CATEGORIES:office",
        "END:VCARD",
        "",
    ]


def _uid(unit_id: str) -> str:
    from mops_cli.export import stable_uuid

    return stable_uuid("unit", unit_id)


def test_cards_read_back_with_vobject(run):
    parsed = {card.uid.value: card for card in vobject.readComponents(cards(run))}
    biuro = parsed["urn:uuid:" + _uid("biuro")]
    assert biuro.version.value == "4.0"
    assert biuro.fn.value == "Biuro Obsługi Mieszkańców"
    assert [(t.value, t.params["TYPE"]) for t in biuro.tel_list] == [
        ("tel:+48715550001", ["voice"]),
        ("tel:+48715550002", ["fax"]),
        ("tel:+48601555003", ["cell"]),
    ]
    assert [e.value for e in biuro.email_list] == ["biuro@example.org", "zażółć@example.org"]
    address = biuro.adr.value
    assert (address.street, address.city, address.code) == ("ul. Źródlana 5", "Wrocław", "50-001")
    assert biuro.note.value.splitlines() == [
        "parter, pokój 12",
        "Hours: in-person: Mon–Wed, Fri 08:00–15:00; Thu 08:00–16:30; "
        "phone: Mon–Fri 08:00–12:00; Mon–Fri 13:00–15:00",
        "71 555 00 01: sekretariat",
        "Zażółć gęślą jaźń; przyjmujemy wnioski, także w sprawie „500+”, do 14:00.",
    ]
    kasa = parsed["urn:uuid:" + _uid("kasa")]
    assert kasa.org.value == ["Biuro Obsługi Mieszkańców", "Kasa"]  # the parent unit first
    line = parsed["urn:uuid:" + _uid("bez-godzin")]
    assert line.tel.value == "tel:112;phone-context=+48"  # a short number (RFC 3966)
    assert line.note.value == "Hours: unknown (Strona nie podaje godzin.)"
    assert len(parsed) == 8


def test_the_shipped_directory_reads_back_whole(run):
    from conftest import DATA as SHIPPED

    from mops_cli.loader import load

    text = cards(run, data=SHIPPED)
    parsed = list(vobject.readComponents(text))
    units = load(SHIPPED, SHIPPED.read_bytes()).units
    assert [card.fn.value for card in parsed] == [unit.name for unit in units]
    for card, unit in zip(parsed, units, strict=True):
        tels = [t.value for t in card.contents.get("tel", [])]
        assert tels == [
            f"tel:{p.number};phone-context=+48" if p.short else f"tel:{p.number}"
            for p in unit.phones
        ]


def test_lines_are_folded_at_75_octets_between_characters(run):
    text = cards(run)
    lines = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    # Unfolding gives back every character: nothing was split inside a UTF-8 sequence.
    assert "Zażółć gęślą jaźń" in text.replace("\r\n ", "")
