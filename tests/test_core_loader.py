"""loader: what the directory file gives, key by key: the rules, units, phones and closures it
holds, and every problem, with its unit and field, in the words `validate` shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from mops_cli.loader import read

UNIT = '[directory]\nname = "T"\n\n[[units]]\nid = "biuro"\nname = "Biuro"\nsource = "t"\n'
H = "\n[[units.hours]]\n"
D = '[directory]\nname = "T"\n'
U2 = '\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n'


def _read(tmp_path: Path, text: str):
    path = tmp_path / "offices.toml"
    path.write_text(text, encoding="utf-8")
    return read(path)


# (hours tables of a unit, problems, rules: (channel, opens, closes, weekdays, rrule, closed, valid_from, valid_to))
RULES = [
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo-fr"\nopens = "08:00"\ncloses = "16:00"\n',
        [],
        [("in-person", 480, 960, (0, 1, 2, 3, 4), None, False, None, None)],
        id="ok weekly",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = ["mo", "we"]\nopens = "08:00"\ncloses = "16:00"\n',
        [],
        [("in-person", 480, 960, (0, 2), None, False, None, None)],
        id="days list",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "fr-mo"\nopens = "08:00"\ncloses = "16:00"\n',
        [],
        [("in-person", 480, 960, (0, 4, 5, 6), None, False, None, None)],
        id="days wrap",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo-we,fr"\nopens = "08:00"\ncloses = "16:00"\n',
        [],
        [("in-person", 480, 960, (0, 1, 2, 4), None, False, None, None)],
        id="days single and list",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo-xx,fr,mo-tu-we"\nopens = "08:00"\ncloses = "16:00"\n',
        [
            "biuro: hours[0].days: unknown weekday 'mo-xx' (use mo tu we th fr sa su)",
            "biuro: hours[0].days: unknown weekday 'mo-tu-we' (use mo tu we th fr sa su)",
        ],
        None,
        id="days bad",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = 5\nopens = "08:00"\ncloses = "16:00"\n',
        ['biuro: hours[0].days: must be like "mo-fr" or ["mo", "we"], not a number (5)'],
        None,
        id="days number",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = ["mo", 1]\nopens = "08:00"\ncloses = "16:00"\n',
        ['biuro: hours[0].days: must be like "mo-fr" or ["mo", "we"], not a list'],
        None,
        id="days mixed list",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nrrule = "FREQ=WEEKLY;BYDAY=MO"\nopens = "08:00"\ncloses = "16:00"\n',
        ["biuro: hours[0].days: give either days (weekly) or rrule (date pattern), not both"],
        None,
        id="days and rrule",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nopens = "08:00"\ncloses = "16:00"\n',
        ["biuro: hours[0]: needs days (weekly hours) or rrule (a date pattern)"],
        None,
        id="no days",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "00:00"\ncloses = "24:00"\n',
        [],
        [("in-person", 0, 1440, (0,), None, False, None, None)],
        id="closes 24",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "20:00"\ncloses = "26:00"\n',
        [],
        [("in-person", 1200, 1560, (0,), None, False, None, None)],
        id="closes 26",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "23:00"\ncloses = "48:00"\n',
        ["biuro: hours[0].closes: a range can be at most 24 hours long"],
        None,
        id="closes 48",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "23:59"\ncloses = "47:59"\n',
        [],
        [("in-person", 1439, 2879, (0,), None, False, None, None)],
        id="closes 47:59",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "23:00"\ncloses = "48:01"\n',
        ["biuro: hours[0].closes: not a time (HH:MM): '48:01'"],
        None,
        id="closes 48:01",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "24:00"\ncloses = "25:00"\n',
        ["biuro: hours[0].opens: not a time (HH:MM): '24:00'"],
        None,
        id="opens 24",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "23:59"\ncloses = "24:00"\n',
        [],
        [("in-person", 1439, 1440, (0,), None, False, None, None)],
        id="opens 23:59",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:60"\ncloses = "16:00"\n',
        ["biuro: hours[0].opens: not a time (HH:MM): '08:60'"],
        None,
        id="minutes 60",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "08:00"\n',
        ["biuro: hours[0].closes: 08:00 is not after opens 08:00"],
        None,
        id="equal",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "20:00"\ncloses = "02:00"\n',
        [
            "biuro: hours[0].closes: 02:00 is not after opens 20:00 (past midnight, write it as 24:00 plus the hours, e.g. 26:00)"
        ],
        None,
        id="before",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "08:01"\n',
        [],
        [("in-person", 480, 481, (0,), None, False, None, None)],
        id="one minute",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "32:01"\n',
        ["biuro: hours[0].closes: a range can be at most 24 hours long"],
        None,
        id="over 24h",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "32:00"\n',
        [],
        [("in-person", 480, 1920, (0,), None, False, None, None)],
        id="exactly 24h",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = 8\ncloses = "16:00"\n',
        ['biuro: hours[0].opens: must be a time as a string ("08:00"), not a number (8)'],
        None,
        id="time number",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "8:00"\n',
        ["biuro: hours[0].closes: missing (HH:MM)"],
        None,
        id="time missing",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = " 8:05 "\ncloses = "16:00"\n',
        [],
        [("in-person", 485, 960, (0,), None, False, None, None)],
        id="time spaces",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nrrule = "FREQ=WEEKLY;BYDAY=WE"\nclosed = true\n',
        [],
        [("in-person", 0, 0, (), "FREQ=WEEKLY;BYDAY=WE", True, None, None)],
        id="closed rrule",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nclosed = true\n',
        ["biuro: hours[0].closed: closed = true goes with an rrule (the dates it closes)"],
        None,
        id="closed no rrule",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=WEEKLY;BYDAY=WE"\nclosed = true\nopens = "08:00"\ncloses = "09:00"\n',
        [
            "biuro: hours[0].opens: a closed rule has no opening hours",
            "biuro: hours[0].closes: a closed rule has no opening hours",
        ],
        None,
        id="closed with hours",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=WEEKLY;BYDAY=WE"\nclosed = 1\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].closed: must be true or false, not a number (1)"],
        None,
        id="closed not bool",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nrrule = "FREQ=HOURLY"\nopens = "08:00"\ncloses = "09:00"\n',
        [
            "biuro: hours[0].rrule: a date pattern repeats by day, week, month or year, not within a day"
        ],
        None,
        id="rrule hourly",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nrrule = "FREQ=SOMETIMES"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].rrule: invalid RRULE 'FREQ=SOMETIMES': invalid 'FREQ': SOMETIMES"],
        None,
        id="rrule bad",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "DTSTART:20260101\\nRRULE:FREQ=DAILY"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].rrule: give only the RRULE part; the start date is valid_from"],
        None,
        id="rrule dtstart",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].rrule: this pattern counts from a start date: give valid_from"],
        None,
        id="rrule interval",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"\nvalid_from = 2026-11-02\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", False, "2026-11-02", None)],
        id="rrule interval from",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO", False, None, None)],
        id="rrule interval 1",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=DAILY;COUNT=3"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].rrule: this pattern counts from a start date: give valid_from"],
        None,
        id="rrule count",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nrrule = "FREQ=DAILY"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "FREQ=DAILY", False, None, None)],
        id="rrule daily",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\nrrule = "FREQ=MONTHLY"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].rrule: this pattern counts from a start date: give valid_from"],
        None,
        id="rrule monthly",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=YEARLY;BYYEARDAY=1"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "FREQ=YEARLY;BYYEARDAY=1", False, None, None)],
        id="rrule yearday",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", False, None, None)],
        id="rrule weekno",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nrrule = "FREQ=MONTHLY;BYMONTHDAY=1"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("in-person", 480, 540, (), "FREQ=MONTHLY;BYMONTHDAY=1", False, None, None)],
        id="rrule monthday",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nvalid_from = 2026-12-02\nvalid_to = 2026-12-01\n',
        ["biuro: hours[0].valid_to: 2026-12-01 is before valid_from 2026-12-02"],
        None,
        id="valid reversed",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nvalid_from = 2026-12-01\nvalid_to = 2026-12-01\n',
        [],
        [("in-person", 480, 540, (0,), None, False, "2026-12-01", "2026-12-01")],
        id="valid same day",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nvalid_from = "2026-12-01"\n',
        [],
        [("in-person", 480, 540, (0,), None, False, "2026-12-01", None)],
        id="valid string",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nvalid_from = "1 grudnia"\n',
        ["biuro: hours[0].valid_from: must be a date (YYYY-MM-DD), not '1 grudnia'"],
        None,
        id="valid bad",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nvalid_from = 2026-12-01T10:00:00\n',
        [
            "biuro: hours[0].valid_from: must be a date (YYYY-MM-DD), not datetime.datetime(2026, 12, 1, 10, 0)"
        ],
        None,
        id="valid datetime",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nchannel = "phone"\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\n',
        [],
        [("phone", 480, 540, (0,), None, False, None, None)],
        id="channel",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\nchannel = "Phone Line"\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\n',
        ["biuro: hours[0].channel: 'Phone Line' is not a channel name (like in-person, phone)"],
        None,
        id="channel bad",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopnes = "08:00"\ncloses = "09:00"\n',
        [
            "biuro: hours[0].opnes: unknown key (did you mean 'opens'?)",
            "biuro: hours[0].opens: missing (HH:MM)",
        ],
        None,
        id="rule key typo",
    ),
    pytest.param(
        UNIT + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\nzzz = 1\n',
        ["biuro: hours[0].zzz: unknown key"],
        None,
        id="rule key unknown",
    ),
    pytest.param(
        UNIT
        + '\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\n\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "09:00"\n\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "07:00"\n\n[[units.hours]]\ndays = "mo"\nopens = "08:00"\ncloses = "07:00"\n',
        [
            "biuro: hours[2].closes: 07:00 is not after opens 08:00 (past midnight, write it as 24:00 plus the hours, e.g. 26:00)",
            "biuro: hours[3].closes: 07:00 is not after opens 08:00 (past midnight, write it as 24:00 plus the hours, e.g. 26:00)",
        ],
        None,
        id="repeated rules",
    ),
    pytest.param(
        UNIT + 'hours = "mo-fr 8-16"\n',
        ["biuro: hours: must be an array of tables ([[hours]]), not a string ('mo-fr 8-16')"],
        None,
        id="hours not tables",
    ),
    pytest.param(
        UNIT + 'hours = ["mo"]\n',
        ["biuro: hours: must be an array of tables ([[hours]]), not a list"],
        None,
        id="hours list of str",
    ),
]


@pytest.mark.parametrize(("text", "problems", "rules"), RULES)
def test_rules(tmp_path, text, problems, rules):
    directory, found = _read(tmp_path, text)
    assert [str(p) for p in found] == problems
    assert all(p.severity == "error" for p in found)
    got = None
    if directory is not None and directory.units:
        got = [
            (r.channel, r.opens, r.closes, tuple(sorted(r.weekdays)), r.rrule, r.closed,
             r.valid_from and str(r.valid_from), r.valid_to and str(r.valid_to))
            for r in directory.units[0].hours
        ]  # fmt: skip
    assert got == rules


# (file, problems, (timezone, holidays, closures, units: (id, category, phones, emergency, closures)))
UNITS = [
    pytest.param(
        UNIT
        + 'aliases = ["biurko"]\nkeywords = "slowo"\nemails = ["a@b.pl"]\nlinks = ["https://x.pl/"]\nverified = 2026-11-01\nopen_on_holidays = true\nfree = false\naudience = ["dzieci"]\nhours_note = "x\\ny"\nnotes = ["a\\nb", " "]\n',
        [],
        ("Europe/Warsaw", "PL", [], [("biuro", "office", [], False, [])]),
        id="unit ok",
    ),
    pytest.param(
        D + '\n[[units]]\nid = "Biuro 1"\nname = "B"\nsource = "t"\n',
        ["Biuro 1: id: 'Biuro 1' is not a slug (lowercase letters, digits and hyphens)"],
        ("Europe/Warsaw", "PL", [], []),
        id="id not slug",
    ),
    pytest.param(
        D + '\n[[units]]\nname = "B"\nsource = "t"\n',
        ["units[0]: id: missing (required)"],
        ("Europe/Warsaw", "PL", [], []),
        id="id missing",
    ),
    pytest.param(
        D + '\n[[units]]\nid = ""\nname = "B"\nsource = "t"\n',
        ["units[0]: id: must not be empty"],
        ("Europe/Warsaw", "PL", [], []),
        id="id empty",
    ),
    pytest.param(
        D + '\n[[units]]\nid = 7\nname = "B"\nsource = "t"\n',
        ["units[0]: id: must be a string, not a number (7)"],
        ("Europe/Warsaw", "PL", [], []),
        id="id number",
    ),
    pytest.param(
        D + '\n[[units]]\nid = "b"\nsource = "t"\n',
        ["b: name: missing (required)"],
        ("Europe/Warsaw", "PL", [], []),
        id="name missing",
    ),
    pytest.param(
        D + '\n[[units]]\nid = "b"\nname = " \\u0007 "\nsource = "t"\n',
        ["b: name: must not be empty"],
        ("Europe/Warsaw", "PL", [], []),
        id="name blank",
    ),
    pytest.param(
        UNIT + 'category = "sklep"\n',
        ["biuro: category: must be one of office, helpline, referral, not 'sklep'"],
        ("Europe/Warsaw", "PL", [], []),
        id="category bad",
    ),
    pytest.param(
        UNIT + 'emails = ["a@b.pl", "nie-mail"]\n',
        ["biuro: emails[1]: not an e-mail address: 'nie-mail'"],
        ("Europe/Warsaw", "PL", [], []),
        id="email bad",
    ),
    pytest.param(
        UNIT + 'links = ["ftp://x.pl", "https://ok.pl"]\n',
        ["biuro: links[0]: not an http(s) link: 'ftp://x.pl'"],
        ("Europe/Warsaw", "PL", [], []),
        id="link bad",
    ),
    pytest.param(
        D + '\n[[units]]\nid = "b"\nname = "B"\n',
        ["b: source: missing: every unit names where its facts come from"],
        ("Europe/Warsaw", "PL", [], []),
        id="source missing",
    ),
    pytest.param(
        D + '\n[[units]]\nid = "b"\nname = "B"\nsource = []\n',
        ["b: source: missing: every unit names where its facts come from"],
        ("Europe/Warsaw", "PL", [], []),
        id="source empty list",
    ),
    pytest.param(
        UNIT + "aliases = 3\n",
        ["biuro: aliases: must be a list of strings, not a number (3)"],
        ("Europe/Warsaw", "PL", [], []),
        id="texts not list",
    ),
    pytest.param(
        UNIT + 'aliases = ["a", 3]\n',
        ["biuro: aliases[1]: must be a string, not a number (3)"],
        ("Europe/Warsaw", "PL", [], []),
        id="texts item",
    ),
    pytest.param(
        UNIT + 'open_on_holidays = "tak"\n',
        ["biuro: open_on_holidays: must be true or false, not a string ('tak')"],
        ("Europe/Warsaw", "PL", [], []),
        id="flag bad",
    ),
    pytest.param(
        UNIT + "emergency = true\n",
        [],
        ("Europe/Warsaw", "PL", [], [("biuro", "office", [], True, [])]),
        id="emergency flag",
    ),
    pytest.param(
        UNIT + 'adress = "x"\n',
        ["biuro: adress: unknown key (did you mean 'address'?)"],
        ("Europe/Warsaw", "PL", [], []),
        id="unit key typo",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78 22 300 do 02"\nlabel = "centrala"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [
                (
                    "biuro",
                    "office",
                    [
                        ("+48717822300", "71 782 23 00", "centrala", "voice", False, None, False),
                        ("+48717822301", "71 782 23 01", "centrala", "voice", False, None, False),
                        ("+48717822302", "71 782 23 02", "centrala", "voice", False, None, False),
                    ],
                    False,
                    [],
                )
            ],
        ),
        id="phone range",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "512 198 939"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [
                (
                    "biuro",
                    "office",
                    [("+48512198939", "512 198 939", None, "mobile", False, None, False)],
                    False,
                    [],
                )
            ],
        ),
        id="phone mobile",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78 22 300"\nkind = "fax"\nsource = "s"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [
                (
                    "biuro",
                    "office",
                    [("+48717822300", "71 782 23 00", None, "fax", False, "s", False)],
                    False,
                    [],
                )
            ],
        ),
        id="phone kind",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78 22 300"\nkind = "telex"\n',
        ["biuro: phones[0].kind: must be one of voice, fax, mobile, not 'telex'"],
        ("Europe/Warsaw", "PL", [], []),
        id="phone kind bad",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78"\n',
        ["biuro: phones[0].number: not a valid phone number in Poland: '71 78'"],
        ("Europe/Warsaw", "PL", [], []),
        id="phone bad",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78 22 300"\nlabel = 5\nsource = true\n',
        [
            "biuro: phones[0].label: must be a string, not a number (5)",
            "biuro: phones[0].source: must be a string, not a boolean",
        ],
        ("Europe/Warsaw", "PL", [], []),
        id="phone label and source not text",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nlabel = "x"\n',
        ["biuro: phones[0].number: missing (required)"],
        ("Europe/Warsaw", "PL", [], []),
        id="phone missing",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "112"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [("biuro", "office", [("112", "112", None, "voice", True, None, True)], True, [])],
        ),
        id="phone 112",
    ),
    pytest.param(
        UNIT + '\n[[units.phones]]\nnumber = "71 78 22 305 do 02"\n',
        ["biuro: phones[0].number: range does not go up: '71 78 22 305 do 02'"],
        ("Europe/Warsaw", "PL", [], []),
        id="phone range bad",
    ),
    pytest.param(
        D
        + '\n[[closures]]\nfrom = 2026-12-01\nto = 2026-12-03\nreason = "r"\n\n[[closures]]\ndate = 2026-12-05\nreason = "s"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [("2026-12-01", "2026-12-03", "r"), ("2026-12-05", "2026-12-05", "s")],
            [("inny", "office", [], False, [])],
        ),
        id="closure ok",
    ),
    pytest.param(
        D
        + '\n[[closures]]\ndate = 2026-12-01\nfrom = 2026-12-01\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0].date: give either date or from/to, not both"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure both",
    ),
    pytest.param(
        D + '\n[[closures]]\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0]: needs date, or from and to"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure none",
    ),
    pytest.param(
        D
        + '\n[[closures]]\nfrom = 2026-12-01\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0]: needs date, or from and to"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure from only",
    ),
    pytest.param(
        D
        + '\n[[closures]]\nfrom = 2026-12-02\nto = 2026-12-01\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0].to: 2026-12-01 is before from 2026-12-02"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure reversed",
    ),
    pytest.param(
        D
        + '\n[[closures]]\nfrom = 2026-12-02\nto = 2026-12-02\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [("2026-12-02", "2026-12-02", "r")],
            [("inny", "office", [], False, [])],
        ),
        id="closure same",
    ),
    pytest.param(
        D
        + '\n[[closures]]\ndate = 2026-12-02\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0].reason: missing (required)"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure no reason",
    ),
    pytest.param(
        D
        + '\n[[closures]]\ndate = "jutro"\nreason = "r"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["closures[0].date: must be a date (YYYY-MM-DD), not 'jutro'"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="closure bad date",
    ),
    pytest.param(
        UNIT + '\n[[units.closures]]\ndate = 2026-12-02\nreason = "r"\n',
        [],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [("biuro", "office", [], False, [("2026-12-02", "2026-12-02", "r")])],
        ),
        id="unit closure",
    ),
    pytest.param(
        U2 + "",
        [
            "directory: missing: the file needs a [directory] table with its name",
            "directory.name: missing (required)",
        ],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="no directory",
    ),
    pytest.param(
        'directory = "x"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["directory: must be a table, not a string ('x')", "directory.name: missing (required)"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="directory not table",
    ),
    pytest.param(
        D + 'timezone = "Europe/Londyn"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["directory.timezone: unknown time zone 'Europe/Londyn'"],
        ("Europe/Londyn", "PL", [], [("inny", "office", [], False, [])]),
        id="timezone",
    ),
    pytest.param(
        D
        + 'timezone = "America/New_York"\nholidays = "DE"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        [],
        ("America/New_York", "DE", [], [("inny", "office", [], False, [])]),
        id="timezone ok",
    ),
    pytest.param(
        D + 'holidays = "POL"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["directory.holidays: must be a two-letter country code, not 'POL'"],
        ("Europe/Warsaw", "POL", [], [("inny", "office", [], False, [])]),
        id="country",
    ),
    pytest.param(
        D + 'unit = 1\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["directory.unit: unknown key"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="top key",
    ),
    pytest.param(
        D + 'nmae = "x"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["directory.nmae: unknown key (did you mean 'name'?)"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="dir key",
    ),
    pytest.param(
        UNIT
        + '\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["inny: id: duplicate id: another unit has it too"],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [
                ("biuro", "office", [], False, []),
                ("inny", "office", [], False, []),
                ("inny", "office", [], False, []),
            ],
        ),
        id="duplicate",
    ),
    pytest.param(
        UNIT
        + 'parent = "nikt"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\nparent = "biuro"\n',
        ["biuro: parent: unknown parent unit 'nikt'"],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [("biuro", "office", [], False, []), ("inny", "office", [], False, [])],
        ),
        id="parent",
    ),
    pytest.param(
        UNIT + 'aliases = ["inny"]\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["biuro: aliases: 'inny' is the id of another unit"],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [("biuro", "office", [], False, []), ("inny", "office", [], False, [])],
        ),
        id="alias is id",
    ),
    pytest.param(
        UNIT
        + 'aliases = ["wspolny"]\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\naliases = ["wspolny"]\n',
        ["inny: aliases: 'wspolny' is also an alias of 'biuro'"],
        (
            "Europe/Warsaw",
            "PL",
            [],
            [("biuro", "office", [], False, []), ("inny", "office", [], False, [])],
        ),
        id="alias twice",
    ),
    pytest.param(
        UNIT + 'aliases = ["biuro"]\n',
        [],
        ("Europe/Warsaw", "PL", [], [("biuro", "office", [], False, [])]),
        id="alias own id",
    ),
    pytest.param(
        D + "units = 3\n",
        ["directory.units: unknown key"],
        ("Europe/Warsaw", "PL", [], []),
        id="units not tables",
    ),
    pytest.param(
        D
        + '\n[[units]]\nid = "zly"\nname = "Z"\nsource = "t"\ncategory = "x"\n\n[[units]]\nid = "inny"\nname = "Inny"\nsource = "t"\n',
        ["zly: category: must be one of office, helpline, referral, not 'x'"],
        ("Europe/Warsaw", "PL", [], [("inny", "office", [], False, [])]),
        id="bad unit skipped",
    ),
]


@pytest.mark.parametrize(("text", "problems", "summary"), UNITS)
def test_units(tmp_path, text, problems, summary):
    directory, found = _read(tmp_path, text)
    assert [str(p) for p in found] == problems
    assert directory is not None
    got = (
        directory.timezone,
        directory.holiday_country,
        [(str(c.start), str(c.end), c.reason) for c in directory.closures],
        [
            (
                u.id,
                u.category,
                [
                    (p.number, p.display, p.label, p.kind, p.short, p.source, p.emergency)
                    for p in u.phones
                ],
                u.emergency,
                [(str(c.start), str(c.end), c.reason) for c in u.closures],
            )
            for u in directory.units
        ],
    )
    assert got == summary


def test_a_unit_read_in_full(tmp_path):
    directory, found = _read(
        tmp_path,
        UNIT
        + 'aliases = ["biurko"]\nkeywords = "slowo"\nemails = ["a@b.pl"]\nlinks = ["https://x.pl/"]\n'
        + 'verified = 2026-11-01\nopen_on_holidays = true\nfree = false\naudience = ["dzieci"]\n'
        + 'hours_note = "x\\n  y"\nnotes = ["a\\nb", " "]\nlocation_note = " pok.   12 "\nparent = "biuro"\n',
    )
    assert found == []
    assert directory is not None
    unit = directory.units[0]
    assert (unit.aliases, unit.keywords, unit.emails, unit.links) == (
        ("biurko",),
        ("slowo",),
        ("a@b.pl",),
        ("https://x.pl/",),
    )
    assert (str(unit.verified), unit.on_holidays, unit.free, unit.audience) == (
        "2026-11-01",
        "open",
        False,
        ("dzieci",),
    )
    assert (unit.hours_note, unit.notes, unit.location_note, unit.parent) == (
        "x\ny",
        ("a\nb",),
        "pok. 12",
        "biuro",
    )
    assert (directory.name, unit.source, unit.free) == ("T", ("t",), False)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param(
            D + '\n[[closures]]\nfrom = 2026-12-01\nto = "jutro"\nreason = "r"\n' + U2,
            ["closures[0].to: must be a date (YYYY-MM-DD), not 'jutro'"],
            id="closure with a bad end",
        ),
        pytest.param(
            UNIT + "\n[[units.closures]]\ndate = 2026-12-02\n",
            ["biuro: closures[0].reason: missing (required)"],
            id="unit closure without a reason",
        ),
        pytest.param(
            D + '\n[[units]]\nid = "b"\nname = true\nsource = "t"\n',
            ["b: name: must be a string, not a boolean"],
            id="a boolean for a string",
        ),
        pytest.param(
            D + '\n[[units]]\nid = "b"\nname = ["B"]\nsource = "t"\n',
            ["b: name: must be a string, not a list"],
            id="a list for a string",
        ),
        pytest.param(
            D + '\n[[units]]\nid = "b"\nname = {x = 1}\nsource = "t"\n',
            ["b: name: must be a string, not a table"],
            id="a table for a string",
        ),
        pytest.param(
            D + '\n[[units]]\nid = "b"\nname = 1.5\nsource = "t"\n',
            ["b: name: must be a string, not a number (1.5)"],
            id="a number for a string",
        ),
    ],
)
def test_more_problems(tmp_path, text, problems):
    _, found = _read(tmp_path, text)
    assert [str(p) for p in found] == problems


# -- a field added by the recipe (docs/architecture.md) is read by its type --------------------

PLAIN_READINGS = [
    # (kind, lines, default, words, the table's value, the value read, the problem)
    ("required", False, None, (), "Biuro", "Biuro", None),
    ("required", False, None, (), None, None, "x.pole: missing (required)"),
    ("required", False, None, (), 7, None, "x.pole: must be a string, not a number (7)"),
    ("text", False, "domyślny", (), None, "domyślny", None),
    ("text", False, None, (), "jeden\ndwa", "jeden dwa", None),
    ("text", True, None, (), "jeden\ndwa", "jeden\ndwa", None),
    ("texts", False, (), (), ["a", "b"], ("a", "b"), None),
    ("flag", False, None, (), True, True, None),
    ("flag", False, False, (), "tak", False, "x.pole: must be true or false, not a string ('tak')"),
    ("day", False, None, (), "2026-12-05", "2026-12-05", None),
    ("word", False, "b", ("a", "b"), "a", "a", None),
    ("word", False, "b", ("a", "b"), "c", "b", "x.pole: must be one of a, b, not 'c'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "lines", "default", "words", "given", "read", "problem"), PLAIN_READINGS
)
def test_a_field_of_each_simple_type_is_read_by_its_type(
    kind, lines, default, words, given, read, problem
):
    from datetime import date

    from mops_cli.loader import _Builder, _Field

    builder = _Builder(date(2026, 12, 5))
    item = _Field("field", "pole", kind, lines, default, words, top=False)
    value = builder.plain({} if given is None else {"pole": given}, item, "x.")
    assert (str(value) if isinstance(value, date) else value) == read
    assert [str(p) for p in builder.problems] == ([problem] if problem else [])


def test_the_model_read_afresh_reads_the_file_as_before(monkeypatch):
    """The loader works out how to read each model type once per process (and the cache how
    to check its rows): worked out again, every unit of the shipped file reads the same."""
    from mops_cli import cache, loader
    from mops_cli.loader import load

    data = Path(__file__).parent.parent / "data" / "offices.toml"
    before = load(data)
    monkeypatch.setattr(loader, "_FIELDS", {})
    monkeypatch.setattr(cache, "_TEXTS_OF", {})
    assert load(data) == before
    for unit in before.units:
        assert cache.unit_from_json(cache.unit_to_json(unit).replace("„", "\\u201e")) == unit
