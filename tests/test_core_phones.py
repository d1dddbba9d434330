"""phones: every way the pages and callers write a number reduces to one E.164 form; the
kind of number (mobile, toll-free, short, emergency) is read from phonenumbers' metadata.

Numbers are from the shipped directory (data/offices.toml) or the public short numbers."""

from __future__ import annotations

import pytest

from mops_cli import phones
from mops_cli.phones import ParsedNumber, expand_range, looks_like_phone, parse_number, query_number

FIXED = ParsedNumber("+48717822346", "71 782 23 46", False, False, False, False)

PARSED = [
    ("71 782 23 46", FIXED),
    ("717822346", FIXED),
    ("+48 71 782 23 46", FIXED),
    ("+48717822346", FIXED),
    ("0048 71 782 23 46", FIXED),
    ("(071) 782-23-46", FIXED),
    ("071 782 23 46", FIXED),
    ("  71.782.23.46  ", FIXED),
    ("512 198 939", ParsedNumber("+48512198939", "512 198 939", False, True, False, False)),
    ("800 120 002", ParsedNumber("+48800120002", "800 120 002", False, False, False, True)),
    ("116 111", ParsedNumber("116111", "116 111", True, False, False, True)),
    ("116 123", ParsedNumber("116123", "116 123", True, False, False, True)),
    ("112", ParsedNumber("112", "112", True, False, True, True)),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_number_without_the_memo(text, expected, monkeypatch):
    monkeypatch.setattr(phones, "_MEMO", {})
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kasy", "not a phone number: 'kasy'"),
        ("71", "not a phone number: '71'"),
        ("", "not a phone number: ''"),
        ("71 782 23", "not a valid phone number in Poland: '71 782 23'"),
        ("+48 71 782 23 46 99", "not a valid phone number in Poland: '+48 71 782 23 46 99'"),
        ("+44 20 7946 0000 1234", "not a valid phone number in Poland: '+44 20 7946 0000 1234'"),
        ("+112", "not a valid phone number in Poland: '+112'"),
        # A short number is dialled as it is, never after a country code.
        ("+48 112", "not a valid phone number in Poland: '+48 112'"),
        ("0048 116 111", "not a valid phone number in Poland: '0048 116 111'"),
    ],
)
def test_not_numbers_are_refused_with_the_reason(text, message, monkeypatch):
    monkeypatch.setattr(phones, "_MEMO", {})
    with pytest.raises(ValueError) as raised:
        parse_number(text)
    assert str(raised.value).startswith(message)


def test_an_unparseable_number_names_phonenumbers_reason(monkeypatch):
    monkeypatch.setattr(phones, "_MEMO", {})
    with pytest.raises(ValueError) as raised:
        parse_number("+999 123 456")
    assert str(raised.value) == (
        "not a phone number: '+999 123 456' ((0) Could not interpret numbers after plus-sign.)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123", True),
        ("12", False),
        ("1 2", False),
        ("+48 71 782 23 46", True),
        ("(071) 78-22-405", True),
        ("71.782.23.46", True),
        ("71/782/23/46", True),
        ("  112  ", True),
        ("112a", False),
        ("a112", False),
        ("kasy 112", False),
        ("++48 112", False),
        ("48+112", False),
        ("", False),
    ],
)
def test_looks_like_phone(text, expected):
    assert looks_like_phone(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("71 78 22 300 do 03", ["71782230" + d for d in ("0", "1", "2", "3")]),
        ("71 78 22 398 do 402", ["717822398", "717822399", "717822400", "717822401", "717822402"]),
        ("71 78 22 308 do 9", ["717822308", "717822309"]),
        ("71 78 22 300 do 399", [f"717822{n}" for n in range(300, 400)]),
        ("(071) 78-22-300 do 01", ["717822300", "717822301"]),
        ("71 78 22 300", ["71 78 22 300"]),
        ("71 78 22 300 do", ["71 78 22 300 do"]),
        ("71 78 22 300 do 1234", ["71 78 22 300 do 1234"]),
        ("do 03", ["do 03"]),
    ],
)
def test_expand_range(text, expected):
    assert expand_range(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("71 78 22 303 do 03", "range does not go up: '71 78 22 303 do 03'"),
        ("71 78 22 305 do 03", "range does not go up: '71 78 22 305 do 03'"),
        ("71 78 22 300 do 400", "range too long: '71 78 22 300 do 400'"),
    ],
)
def test_bad_ranges(text, message):
    with pytest.raises(ValueError) as raised:
        expand_range(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("71 78 22 346", "+48717822346"),
        ("+48717822346", "+48717822346"),
        ("116 111", "116111"),
        ("kasy", None),
        ("71 782 23", None),
        ("12", None),
    ],
)
def test_query_number(text, expected):
    assert query_number(text) == expected


def test_the_memo_travels_through_its_entries(monkeypatch):
    monkeypatch.setattr(phones, "_MEMO", {})
    parse_number("71 782 23 46")
    parse_number("116 111")
    entries = phones.memo_entries()
    assert sorted(entries) == [
        ("116111", '["116111", "116 111", true, false, false, true]'),
        ("717822346", '["+48717822346", "71 782 23 46", false, false, false, false]'),
    ]
    monkeypatch.setattr(phones, "_MEMO", {})
    phones.remember(entries)
    assert sorted(phones.memo_entries()) == sorted(entries)
    # What was remembered answers without phonenumbers.
    monkeypatch.setattr(phones, "_parse_digits", None)
    assert parse_number("(071) 782-23-46") == FIXED


def test_remember_keeps_what_is_already_known(monkeypatch):
    monkeypatch.setattr(phones, "_MEMO", {})
    parse_number("71 782 23 46")
    phones.remember([("717822346", '["x", "y", true, true, true, true]')])
    assert parse_number("71 782 23 46") == FIXED
