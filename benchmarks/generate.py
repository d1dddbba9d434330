"""Deterministic synthetic directories in the documented format, for benchmarks.

    python benchmarks/generate.py 10000 > /tmp/offices-10000.toml

The same size always gives the same bytes. The mix is meant to look like a national directory
of social-help points: mostly offices open on weekdays with a handful of standard schedules,
some with a longer day, some with last-day-of-month or first-Monday patterns, some with phone
hours beside the office hours, round-the-clock help lines working on holidays, temporary hours,
and closures.
"""

from __future__ import annotations

import random
import sys

CITIES = [
    ("Wrocław", "50", "71"), ("Warszawa", "00", "22"), ("Kraków", "30", "12"),
    ("Poznań", "60", "61"), ("Gdańsk", "80", "58"), ("Łódź", "90", "42"),
    ("Lublin", "20", "81"), ("Katowice", "40", "32"), ("Białystok", "15", "85"),
    ("Opole", "45", "77"), ("Rzeszów", "35", "17"), ("Szczecin", "70", "91"),
]  # fmt: skip
STREETS = [
    "ul. Strzegomska", "ul. Namysłowska", "pl. Solidarności", "ul. Długa", "ul. Krótka",
    "ul. Kościuszki", "ul. Mickiewicza", "al. Niepodległości", "ul. Piłsudskiego", "ul. Leśna",
    "ul. Ogrodowa", "ul. Słoneczna", "ul. Polna", "ul. Szkolna", "ul. Kwiatowa", "ul. Łąkowa",
]  # fmt: skip
KINDS = [
    ("Ośrodek Pomocy Społecznej", ["pomoc społeczna", "zasiłek", "pracownik socjalny"]),
    ("Dział Świadczeń Rodzinnych", ["świadczenia rodzinne", "zasiłek rodzinny", "alimenty"]),
    ("Dział Dodatków Mieszkaniowych", ["dodatek mieszkaniowy", "czynsz", "mieszkanie"]),
    ("Zespół ds. Orzekania o Niepełnosprawności", ["orzeczenie", "niepełnosprawność", "legitymacja"]),
    ("Punkt Karty Dużej Rodziny", ["karta dużej rodziny", "rodzina wielodzietna"]),
    ("Dzienny Dom Pomocy", ["seniorzy", "opieka dzienna", "usługi opiekuńcze"]),
    ("Punkt Interwencji Kryzysowej", ["kryzys", "przemoc", "interwencja", "schronienie"]),
    ("Kasa", ["wypłata", "gotówka", "kasa"]),
    ("Zespół Terenowej Pracy Socjalnej", ["praca socjalna", "wywiad środowiskowy"]),
    ("Centrum Usług Społecznych", ["usługi społeczne", "asystent rodziny"]),
]  # fmt: skip
WEEKLY = [
    [("mo-fr", "08:00", "16:00")],
    [("mo-fr", "07:30", "15:30")],
    [("mo-fr", "08:00", "15:00")],
    [("mo-we,fr", "08:00", "15:00"), ("th", "08:00", "16:30")],
    [("mo", "08:00", "18:00"), ("tu-fr", "08:00", "15:00")],
    [("mo-fr", "09:00", "13:00"), ("mo-fr", "14:00", "17:00")],
    [("mo-fr", "10:00", "14:00")],
]
PATTERNS = [
    ("FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR", "10:00", "12:00", "ostatni dzień miesiąca"),
    ("FREQ=MONTHLY;BYDAY=1MO", "12:00", "16:00", "pierwszy poniedziałek miesiąca"),
]


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def strings(items: list[str]) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def landline(rng: random.Random, area: str) -> str:
    # Subscriber numbers of 7 digits starting 2-8 are valid landlines in every Polish area.
    digits = f"{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"
    return f"{area} {digits[:3]} {digits[3:5]} {digits[5:]}"


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(['501', '512', '535', '600', '661', '698', '725', '790'])} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"


def unit(rng: random.Random, index: int) -> list[str]:
    city, postcode, area = rng.choice(CITIES)
    kind, keywords = rng.choice(KINDS)
    helpline = index % 10 == 9
    lines = [
        "[[units]]",
        f'id = "unit-{index:05d}"',
        f"name = {toml_string(f'{kind} nr {index} – {city}')}",
        f"keywords = {strings(keywords[:2])}",
        f'category = "{"helpline" if helpline else "office"}"',
    ]
    if index > 1 and rng.random() < 0.3:
        lines.append(f'parent = "unit-{rng.randrange(1, index):05d}"')
    lines.append(
        f"address = {toml_string(f'{rng.choice(STREETS)} {rng.randint(1, 200)}, {postcode}-{rng.randint(0, 999):03d} {city}')}"
    )
    if rng.random() < 0.2:
        lines.append(
            f"location_note = {toml_string(f'{rng.randint(0, 5)} piętro, pokój {rng.randint(1, 400)}')}"
        )
    lines.append(f'emails = ["punkt{index}@example.org"]')
    if rng.random() < 0.3:
        lines.append(f'links = ["https://example.org/punkty/{index}"]')
    if rng.random() < 0.2:
        lines.append('notes = ["Obsługa interesantów po wcześniejszym umówieniu."]')
    lines.append('source = "synthetic"')
    lines.append(f"verified = 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}")
    if helpline:
        lines += ["open_on_holidays = true", "free = true"]
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        number = mobile(rng) if rng.random() < 0.2 else landline(rng, area)
        lines += ["", "[[units.phones]]", f'number = "{number}"']
        if rng.random() < 0.3:
            lines.append(f'label = "{rng.choice(["sekretariat", "informacja", "kierownik"])}"')
    if helpline:
        lines += [
            "",
            "[[units.hours]]",
            'channel = "phone"',
            'days = "mo-su"',
            'opens = "00:00"',
            'closes = "24:00"',
        ]
        return lines
    for days, opens, closes in rng.choice(WEEKLY):
        lines += [
            "",
            "[[units.hours]]",
            f'days = "{days}"',
            f'opens = "{opens}"',
            f'closes = "{closes}"',
        ]
    if rng.random() < 0.15:
        rrule, opens, closes, note = rng.choice(PATTERNS)
        lines += [
            "",
            "[[units.hours]]",
            f'rrule = "{rrule}"',
            f'opens = "{opens}"',
            f'closes = "{closes}"',
            f'note = "{note}"',
        ]
    if rng.random() < 0.15:
        lines += [
            "",
            "[[units.hours]]",
            'channel = "phone"',
            'days = "mo-fr"',
            'opens = "08:00"',
            'closes = "18:00"',
        ]
    if rng.random() < 0.05:
        lines += [
            "",
            "[[units.hours]]",
            'days = "sa"',
            'opens = "09:00"',
            'closes = "13:00"',
            "valid_from = 2026-12-01",
            "valid_to = 2026-12-20",
            'note = "dyżury przedświąteczne"',
        ]
    if rng.random() < 0.05:
        lines += [
            "",
            "[[units.closures]]",
            f"date = 2026-12-{rng.randint(1, 31):02d}",
            'reason = "inwentaryzacja"',
        ]
    return lines


def directory(size: int, seed: int = 2026) -> str:
    rng = random.Random(seed * 100_003 + size)
    out = [
        "# Synthetic directory for benchmarks; generated by benchmarks/generate.py.",
        "[directory]",
        f'name = "Syntetyczny katalog ({size} punktów)"',
        'timezone = "Europe/Warsaw"',
        'holidays = "PL"',
        "",
        "[[closures]]",
        "date = 2027-01-02",
        'reason = "dzień wolny za 26 grudnia 2026-12-26"',
        "",
    ]
    # The real cash desks come first, so `open-now kasy` has the same answer at every size.
    out += [
        "[[units]]", 'id = "kasy"', 'name = "Kasy"', 'aliases = ["kasa"]', 'source = "issue #2"',
        'address = "ul. Strzegomska 6, 53-611 Wrocław"',
        "", "[[units.hours]]", 'days = "mo-fr"', 'opens = "10:00"', 'closes = "14:00"',
        "", "[[units.hours]]", 'rrule = "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR"',
        'opens = "10:00"', 'closes = "12:00"', 'note = "ostatni dzień miesiąca"', "",
    ]  # fmt: skip
    for index in range(1, size):
        out += unit(rng, index)
        out.append("")
    return "\n".join(out)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.stdout.write(directory(size))


if __name__ == "__main__":
    main()
