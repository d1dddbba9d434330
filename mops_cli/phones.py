"""Phone numbers: parsing, validation and formatting, delegated to `phonenumbers`.

The pages write one number in several groupings ("71 79 99 274", "71 799 92 74"), with the
trunk prefix abolished in 2005 ("(071) 78-22-405"), and sometimes a run of numbers as a range
("78-22-300 do 03"). Everything is reduced to E.164 here, so equal numbers compare equal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import NamedTuple

from mops_cli.i18n import _

REGION = "PL"

# "71 78 22 300 do 03": the last digits replace the tail of the first number.
_RANGE = re.compile(r"^(?P<first>.*\d)\s+do\s+(?P<last>\d{1,3})\s*$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s()./-]+$")
_DIGIT = re.compile(r"\d")


class ParsedNumber(NamedTuple):
    """A number as phonenumbers judged it (a NamedTuple: this module loads on every search)."""

    number: str  # E.164, or the digits of a short number
    display: str  # national format
    short: bool
    mobile: bool
    emergency: bool
    toll_free: bool


def _digits(text: str) -> str:
    """Keep a leading '+' and the digits; turn 00 into + and drop the old trunk prefix 0."""
    stripped = text.strip()
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return digits[1:]
    return digits


def looks_like_phone(text: str) -> bool:
    """True for text made of digits and phone punctuation, with at least three digits."""
    return bool(_PHONE_CHARS.match(text.strip())) and len(_DIGIT.findall(text)) >= 3


def parse_number(text: str) -> ParsedNumber:
    """Parse one number; raise ValueError with a reason if it is not a valid number in PL."""
    if not looks_like_phone(text):
        raise ValueError(_("not a phone number: {value!r}").format(value=text))
    digits = _digits(text)
    found = _MEMO.get(digits)
    if found is None:
        found = _MEMO[digits] = _parse_digits(digits, text)
    return found


# Parsed numbers by their digits. phonenumbers is thorough and slow (about 0.1 ms a number), so
# the directory cache keeps this memo and hands it to the next build (cache.py).
_MEMO: dict[str, ParsedNumber] = {}


def remember(entries: Iterable[tuple[str, str]]) -> None:
    """Take (digits, JSON) pairs that memo_entries() gave out earlier."""
    for digits, text in entries:
        number, display, short, mobile, emergency, toll_free = json.loads(text)
        _MEMO.setdefault(digits, ParsedNumber(number, display, short, mobile, emergency, toll_free))


def memo_entries() -> list[tuple[str, str]]:
    return [
        (digits, json.dumps([p.number, p.display, p.short, p.mobile, p.emergency, p.toll_free]))
        for digits, p in _MEMO.items()
    ]


def _parse_digits(digits: str, text: str) -> ParsedNumber:
    import phonenumbers
    from phonenumbers import PhoneNumberType, shortnumberinfo

    national = digits.removeprefix("+48")
    if len(national) == 9 and national.isdigit() and national[0] != "0":
        # A plain Polish number: skip parse(), the slow part, and let the metadata judge it.
        parsed = phonenumbers.PhoneNumber(country_code=48, national_number=int(national))
    else:
        try:
            parsed = phonenumbers.parse(digits, REGION)
        except phonenumbers.NumberParseException as exc:
            message = _("not a phone number: {value!r} ({reason})")
            raise ValueError(message.format(value=text, reason=exc)) from None
    # number_type() is what is_valid_number() computes; one call instead of two.
    kind = phonenumbers.number_type(parsed)
    region = phonenumbers.region_code_for_number(parsed)
    if kind != PhoneNumberType.UNKNOWN and region is not None:
        return ParsedNumber(
            number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
            display=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
            short=False,
            mobile=kind == PhoneNumberType.MOBILE,
            emergency=False,
            toll_free=kind == PhoneNumberType.TOLL_FREE,
        )
    if not digits.startswith("+") and shortnumberinfo.is_valid_short_number(parsed):
        national = str(parsed.national_number)
        # Short numbers are read in groups of three ("116 111"), the way the pages write them.
        display = " ".join(national[i : i + 3] for i in range(0, len(national), 3))
        return ParsedNumber(
            number=national,
            display=display,
            short=True,
            mobile=False,
            emergency=shortnumberinfo.is_emergency_number(national, REGION),
            toll_free=shortnumberinfo.expected_cost(parsed)
            == shortnumberinfo.ShortNumberCost.TOLL_FREE,
        )
    raise ValueError(_("not a valid phone number in Poland: {value!r}").format(value=text))


def expand_range(text: str) -> list[str]:
    """'71 78 22 300 do 03' -> the numbers it names; any other text -> [text]."""
    match = _RANGE.match(text)
    if not match:
        return [text]
    first = _digits(match["first"])
    last_tail = match["last"]
    start = int(first[-len(last_tail) :])
    end = int(last_tail)
    if end <= start:
        raise ValueError(_("range does not go up: {value!r}").format(value=text))
    if end - start > 99:
        raise ValueError(_("range too long: {value!r}").format(value=text))
    head = first[: -len(last_tail)]
    width = len(last_tail)
    return [head + str(n).zfill(width) for n in range(start, end + 1)]


def query_number(text: str) -> str | None:
    """The E.164 (or short) form of a number typed as a query, or None if it is not one."""
    if not looks_like_phone(text):
        return None
    try:
        return parse_number(text).number
    except ValueError:
        return None
