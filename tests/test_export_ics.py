"""`mops export ics`: iCalendar that calendar software reads, with the hours `mops hours` gives.

Every event is read back with the `icalendar` package and compared with the days of
`mops hours UNIT --week DATE --json`, week by week, across both clock changes.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

icalendar = pytest.importorskip("icalendar")

DATA = Path(__file__).parent / "data" / "export.toml"
NOW = "2026-10-19T10:00:00+02:00"
UTC = timezone.utc


def calendar_of(run, *args: str, data: Path = DATA, now: str = NOW):
    result = run("--data", str(data), "export", "ics", *args, now=now)
    assert result.code == 0, result.err
    return result.out, icalendar.Calendar.from_ical(result.out)


def _hours_intervals(
    run, unit: str, channel: str, first: date, last: date, data: Path = DATA
) -> set:
    """(start, end) UTC instants of every opening range `mops hours` shows from first to last."""
    found = set()
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        result = run("--data", str(data), "hours", unit, "--week", monday.isoformat(),
                     "--channel", channel, "--json", now=NOW)  # fmt: skip
        for day in json.loads(result.out)["days"]:
            if first.isoformat() <= day["date"] <= last.isoformat():
                for interval in day["intervals"]:
                    found.add(
                        (
                            datetime.fromisoformat(interval["start"]).astimezone(UTC),
                            datetime.fromisoformat(interval["end"]).astimezone(UTC),
                        )
                    )
        monday += timedelta(days=7)
    return found


@pytest.mark.parametrize(
    ("unit", "channel", "title"),
    [
        ("biuro", "in-person", "Biuro Obsługi Mieszkańców"),
        ("biuro", "phone", "Biuro Obsługi Mieszkańców (phone)"),
        ("kasa", "in-person", "Kasa"),
        ("sezon", "in-person", "Punkt sezonowy"),
        ("dyzur", "in-person", "Dyżur popołudniowy"),
        ("nowy", "in-person", "Nowy punkt"),
        ("noc", "in-person", "Punkt nocny"),
        ("linia", "phone", "Linia wsparcia (phone)"),
    ],
)
def test_every_event_is_an_opening_mops_hours_shows(run, unit, channel, title):
    first, last = date(2026, 10, 19), date(2027, 4, 4)  # both clock changes
    _text, parsed = calendar_of(run, unit, "--from", first.isoformat(), "--to", last.isoformat())
    events = [e for e in parsed.walk("VEVENT") if str(e["CATEGORIES"].cats[0]) == channel]
    assert all(str(e["SUMMARY"]) == title for e in events)
    exported = {(e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
                for e in events}  # fmt: skip
    assert len(exported) == len(events)  # no event twice
    assert exported == _hours_intervals(run, unit, channel, first, last)
    assert exported  # a test that cannot fail is a defect: there are events to compare


@pytest.mark.parametrize(
    ("unit", "channel"), [("kasy", "in-person"), ("karta-rodzina-plus", "in-person"),
                          ("niebieska-linia", "phone")]
)  # fmt: skip
def test_the_shipped_directory_agrees_with_mops_hours(run, unit, channel):
    from conftest import DATA as SHIPPED

    first, last = date(2026, 10, 19), date(2027, 4, 4)
    _text, parsed = calendar_of(
        run, unit, "--from", first.isoformat(), "--to", last.isoformat(), data=SHIPPED
    )
    exported = {(e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
                for e in parsed.walk("VEVENT")}  # fmt: skip
    assert exported == _hours_intervals(run, unit, channel, first, last, data=SHIPPED)
    assert exported


def test_events_stay_at_local_opening_time_across_the_clock_changes(run):
    _text, parsed = calendar_of(run, "biuro", "--from", "2026-10-23", "--to", "2026-10-26")
    starts = sorted(
        e.decoded("DTSTART") for e in parsed.walk("VEVENT") if str(e["SUMMARY"]).endswith("ców")
    )
    assert [s.isoformat() for s in starts] == [
        "2026-10-23T08:00:00+02:00",  # Friday, summer time
        "2026-10-26T08:00:00+01:00",  # Monday, winter time: the same local hour
    ]


def test_the_timezone_is_defined_in_the_file(run):
    text, parsed = calendar_of(run, "biuro", "--from", "2026-10-19", "--to", "2027-04-04")
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Warsaw"
    observances = [
        (c.name, c.decoded("DTSTART").isoformat(), str(c["TZNAME"])) for c in zone.subcomponents
    ]
    assert observances == [
        ("DAYLIGHT", "2026-10-18T00:00:00", "CEST"),  # in force when the range starts
        ("STANDARD", "2026-10-25T03:00:00", "CET"),
        ("DAYLIGHT", "2027-03-28T02:00:00", "CEST"),
    ]
    assert "DTSTART;TZID=Europe/Warsaw:20261026T080000\r\n" in text


def test_holidays_and_closures_are_left_out_and_named(run):
    _text, parsed = calendar_of(run, "biuro", "sezon", "--from", "2026-10-30", "--to", "2026-11-12")
    days = {e.decoded("DTSTART").date().isoformat() for e in parsed.walk("VEVENT")}
    assert "2026-11-11" not in days  # Narodowe Święto Niepodległości
    assert "2026-11-10" in days
    description = str(parsed["DESCRIPTION"])
    assert description == (
        "Opening hours, 2026-10-30 – 2026-11-12.\n"
        "No events on these days:\n"
        "2026-11-11 Biuro Obsługi Mieszkańców: closed (holiday: Narodowe Święto Niepodległości)\n"
        "2026-11-11 Biuro Obsługi Mieszkańców (phone): closed (holiday: Narodowe Święto Niepodległości)\n"
        "2026-11-02 Punkt sezonowy: closed (closure: szkolenie)\n"
        "2026-11-03 Punkt sezonowy: closed (closure: szkolenie)\n"
        "2026-11-11 Punkt sezonowy: closed (holiday: Narodowe Święto Niepodległości)"
    )
    # icalendar 7 leaves an X- property's value TEXT-escaped as written; 6 unescapes it.
    calendar_description = str(parsed["X-WR-CALDESC"])
    assert calendar_description.replace("\\,", ",").replace("\\n", "\n") == description


def test_one_event_in_full(run):
    text, _parsed = calendar_of(run, "kasa", "--from", "2026-11-30", "--to", "2026-11-30")
    event = text[text.index("BEGIN:VEVENT") : text.index("END:VEVENT")]
    assert event.split("\r\n") == [
        "BEGIN:VEVENT",
        "UID:kasa/in-person/20261130T1000@mops-cli",
        "DTSTAMP:20261130T000000Z",
        "DTSTART;TZID=Europe/Warsaw:20261130T100000",
        "DTEND;TZID=Europe/Warsaw:20261130T120000",
        "SUMMARY:Kasa",
        "DESCRIPTION:ostatni dzień miesiąca",
        "LOCATION:ul. Źródlana 5\\, 50-001 Wrocław",
        "CATEGORIES:in-person",
        "TRANSP:TRANSPARENT",
        "",
    ]


def test_lines_are_folded_and_end_in_crlf(run):
    text, _parsed = calendar_of(run)
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert "\n" not in "".join(lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # the description is long enough


def test_the_default_range_is_the_next_90_days(run):
    _text, parsed = calendar_of(run, "linia")
    days = sorted({e.decoded("DTSTART").date() for e in parsed.walk("VEVENT")})
    assert days[0] == date(2026, 10, 19)
    assert days[-1] == date(2026, 10, 19) + timedelta(days=89)
    assert len(days) == 89  # every day but the directory's closure on 2027-01-02
