"""Parse the moment a question is about (`--at`) and the week to show (`--week`), as people
say them, in Polish or English, in the directory's time zone.

A day and a time come in either order, with filler words ("jutro o 9:00", "tomorrow at 9");
a day alone (`2026-12-07`, `pon`, `jutro`) asks about that whole day. What could be read two
ways ("5.12": 5 December or 5:12?) is refused with an example of what works.
"""

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from itertools import pairwise, product
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mops_cli.errors import BadTimeError
from mops_cli.i18n import _
from mops_cli.text import fold


def _numbered(groups: tuple[str, ...], start: int = 0) -> dict[str, int]:
    """{name: number} from one string of names per number."""
    return {name: index for index, names in enumerate(groups, start) for name in names.split()}


# English and Polish names and abbreviations of the weekdays, folded (no diacritics).
WEEKDAY_NAMES = _numbered(
    (
        "mo mon monday pn pon pon. poniedzialek poniedzialku",
        "tu tue tues tuesday wt wt. wto wtorek",
        "we wed wednesday sr sr. sro sroda srode",
        "th thu thur thurs thursday cz czw czw. czwartek",
        "fr fri friday pt pt. pia piatek",
        "sa sat saturday so sob sob. sobota sobote",
        "su sun sunday nd nd. ndz niedz niedziela niedziele",
    )
)
# Month names and abbreviations, English and Polish (nominative and genitive: "5 grudnia").
MONTH_NAMES = _numbered(
    (
        "jan january sty styczen stycznia",
        "feb february lut luty lutego",
        "mar march marzec marca",
        "apr april kwi kwiecien kwietnia",
        "may maj maja",
        "jun june cze czerwiec czerwca",
        "jul july lip lipiec lipca",
        "aug august sie sierpien sierpnia",
        "sep sept september wrz wrzesien wrzesnia",
        "oct october paz pazdziernik pazdziernika",
        "nov november lis listopad listopada",
        "dec december gru grudzien grudnia",
    ),
    start=1,
)

RELATIVE_DAYS = {
    "today": 0, "dzis": 0, "dzisiaj": 0, "tomorrow": 1, "jutro": 1, "pojutrze": 2,
    "yesterday": -1, "wczoraj": -1,
}  # fmt: skip
PHRASES = {"the day after tomorrow": "pojutrze", "day after tomorrow": "pojutrze"}
# Words that only join a day and a time ("jutro o 9", "tomorrow at 9", "w poniedziałek").
FILLERS = {"o", "at", "on", "w", "the", "godz", "godz.", "godzina", "godzinie", "g.", "na"}
# "next Monday": the coming one, or the one after? Refused, with both dates.
NEXT_WORDS = {"next", "przyszly", "przyszla", "nastepny", "nastepna"}
CLOCK_WORDS = {"o", "at", "godz", "godz.", "godzina", "godzinie", "g."}  # an hour follows

WEEKS = {
    "this week": 0, "ten tydzien": 0, "biezacy tydzien": 0, "obecny tydzien": 0,
    "next week": 1, "przyszly tydzien": 1, "nastepny tydzien": 1, "kolejny tydzien": 1,
    "za tydzien": 1, "w przyszlym tygodniu": 1,
    "last week": -1, "previous week": -1, "poprzedni tydzien": -1, "zeszly tydzien": -1,
    "ubiegly tydzien": -1, "w zeszlym tygodniu": -1,
}  # fmt: skip


# Days the calendar names, in any grammatical form ("w wigilię", "w Boże Ciało", "drugiego
# dnia świąt", "Christmas Eve"): (folded pattern, the date in a year). The first pattern that
# matches wins, so a longer name comes before a name it contains ("wigilia Bożego Narodzenia"
# before "Boże Narodzenie"). Movable feasts come from dateutil's Easter, as the holiday
# calendar's do.
def _easter(offset: int) -> Callable[[int], date]:
    def day(year: int) -> date:
        from dateutil.easter import easter

        return easter(year) + timedelta(days=offset)

    return day


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


NAMED_DAYS: tuple[tuple[str, Callable[[int], date]], ...] = (
    (r"wigili\w*( bozego narodzenia)?|christmas eve", _fixed(12, 24)),
    (r"(drugi\w*|2\.?) (dzien|dnia|dniu) (swiat|swiateczn\w*)( bozego narodzenia)?"
     r"|boxing day|(sw\.?|swiet\w*) szczepana", _fixed(12, 26)),
    (r"(pierwsz\w*|1\.?) (dzien|dnia|dniu) (swiat|swiateczn\w*)( bozego narodzenia)?"
     r"|boz\w* narodzeni\w*|christmas( day)?", _fixed(12, 25)),
    (r"sylwest\w*|new years? eve", _fixed(12, 31)),
    (r"now\w* rok\w*|new years?( day)?", _fixed(1, 1)),
    (r"trzech krol\w*|epiphany", _fixed(1, 6)),
    (r"poniedzial\w* wielkanocn\w*|lany\w* poniedzial\w*|easter monday", _easter(1)),
    (r"wielki\w* piat\w*|good friday", _easter(-2)),
    (r"niedziel\w* wielkanocn\w*|wielkanoc\w*( niedziel\w*)?|easter( sunday)?", _easter(0)),
    (r"zielon\w* swiatk\w*|zeslani\w* ducha swietego|pentecost|whit sunday", _easter(49)),
    (r"boz\w* cial\w*|corpus christi", _easter(60)),
    (r"swiet\w* pracy|labou?r day|may day", _fixed(5, 1)),
    (r"swiet\w* konstytucji( 3 maja)?|constitution day", _fixed(5, 3)),
    (r"wniebowzieci\w*|assumption day", _fixed(8, 15)),
    (r"wszystki\w* swiet\w*|all saints( day)?", _fixed(11, 1)),
    (r"(swiet\w*|dzien|dnia|dniu) niepodleglosci|independence day", _fixed(11, 11)),
)  # fmt: skip

# An hour with the part of the day it is in ("o 8 rano", "8 wieczorem"): (pattern, the hours
# it can be, what to add). "rano" alone and the like name a usual time of that part of the day.
PARTS_OF_DAY: tuple[tuple[str, range, int], ...] = (
    (r"rano|z rana|rankiem|in the morning", range(1, 12), 0),
    (r"wieczorem|wieczor|in the evening", range(5, 12), 12),
    (r"po poludniu|in the afternoon", range(1, 8), 12),
    (r"w nocy|at night", range(1, 6), 0),
    (r"w nocy|at night", range(9, 12), 12),
)
USUAL_TIMES = (
    (r"rano|z rana|rankiem|in the morning|morning", "08:00"),
    (r"po poludniu|in the afternoon|afternoon", "15:00"),
    (r"wieczorem|wieczor|in the evening|evening", "19:00"),
    (r"w poludnie|poludnie|noon|midday", "12:00"),
)


def _named_days(folded: str, today: date) -> str:
    """The text with every day the calendar names written as its date, the next such day
    (today included): "w wigilię o 10" -> "w 2026-12-24 o 10"."""
    folded = folded.replace("'", "").replace("\u2019", "")
    for pattern, day_in in NAMED_DAYS:

        def iso(_match: re.Match[str], day_in: Callable[[int], date] = day_in) -> str:
            day = day_in(today.year)
            return (day if day >= today else day_in(today.year + 1)).isoformat()

        folded = re.sub(rf"(?<![\w-])(?:{pattern})(?![\w-])", iso, folded)
    return folded


def _parts_of_day(folded: str) -> str:
    """'8 wieczorem' -> '20:00', 'o 8 rano' -> 'o 08:00'; 'rano' alone -> '08:00'. An hour
    that the part of the day does not hold ("15 rano") is left, and then refused."""
    for pattern, hours, add in PARTS_OF_DAY:

        def clock(match: re.Match[str], hours: range = hours, add: int = add) -> str:
            hour, minute = int(match[1]), int(match[2] or 0)
            if minute > 59:
                return match[0]
            if hour in hours:
                return f"{hour + add:02d}:{minute:02d}"
            if add and hour - add in hours:  # "20 wieczorem"
                return f"{hour:02d}:{minute:02d}"
            return match[0]

        folded = re.sub(
            rf"(?<![\w:.])(\d{{1,2}})(?::(\d{{2}}))? (?:{pattern})(?!\w)", clock, folded
        )
    for pattern, usual in USUAL_TIMES:
        folded = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", usual, folded)
    return folded


# Patterns as strings: `re` compiles (and caches) them on first use, not at every start-up.
_CLOCK = r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$"  # 9, 9:30, 9pm, 9:30am
_DOTTED = r"^(\d{1,2})\.(\d{1,2})\.?$"  # 9.30 (a time) or 5.12 / 5.12. (a date)
_FULL_DATE = r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$"  # 5.12.2026
_ISO_DATE = r"^(\d{4})-(\d{2})-(\d{2})$"
_NUMBER = r"^\d{1,2}\.?$"


class When(NamedTuple):
    """The instant asked about (UTC); `day` is set when the text named a day and no time, and
    then `instant` is that day's start."""

    instant: datetime
    day: date | None = None


FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years mops answers about (holidays, the zone's rules)


class OutOfRange(BadTimeError):
    """A time that reads well but is outside the years `mops` answers about."""


def check_year(day: date, text: str) -> date:
    """`day`, or OutOfRange if it is outside the years `mops` answers about."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        message = _("{text!r} is out of range: mops answers about the years {first} to {last}")
        raise OutOfRange(message.format(text=text, first=FIRST_YEAR, last=LAST_YEAR))
    return day


def _unreadable(text: str) -> BadTimeError:
    message = _(
        "cannot read the time {text!r}: use e.g. 2026-12-07 11:00, 7.12.2026 11:00, "
        "7.12 11:00, 11:30, jutro 9, pon 9:30, tomorrow 9:00 or a date alone (2026-12-07)"
    )
    return BadTimeError(message.format(text=text))


def _ambiguous(text: str, example_day: str, example_time: str) -> BadTimeError:
    message = _("{text!r} could be a date or a time: write {day} for a date, {time} for a time")
    return BadTimeError(message.format(text=text, day=example_day, time=example_time))


def _next_weekday(text: str, weekday: str, today: date) -> BadTimeError:
    """For "next Monday", "w przyszły poniedziałek": the coming one, or the one after? The
    date says."""
    coming = today + timedelta(days=(WEEKDAY_NAMES[weekday] - today.weekday() - 1) % 7 + 1)
    after = coming + timedelta(days=7)
    message = _("{text!r} could mean {coming} or {after}: give the date ({coming_short} or "
                "{after_short}), or the day's name alone for the coming one")  # fmt: skip
    return BadTimeError(
        message.format(
            text=text,
            coming=coming.isoformat(),
            after=after.isoformat(),
            coming_short=f"{coming.day}.{coming.month}",
            after_short=f"{after.day}.{after.month}",
        )
    )


def _ambiguous_word(word: str, today: date) -> BadTimeError:
    """'5.12': write 5.12.2026 or 5:12; '14': write 14.12.2026 or 14:00. Both readings are
    real: the number before the dot is an hour (0-23), so a day every month has."""
    first, _dot, second = word.rstrip(".").partition(".")
    number = int(first)
    # A bare number: the example is the next such day of a month.
    following = today.month if number >= today.day else today.month % 12 + 1
    month = int(second) if second else following
    day = _next(today, month, number)
    year = day.year if day is not None else today.year
    return _ambiguous(word, f"{number}.{month}.{year}", f"{number}:{int(second or 0):02d}")


def _hour_or_day(word: object) -> bool:
    """A bare number that can be an hour and a day of the month: "14" alone, not "0" or "25"."""
    return (
        isinstance(word, str) and bool(re.match(_NUMBER, word)) and 1 <= int(word.rstrip(".")) <= 23
    )


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next(today: date, month: int, day: int) -> date | None:
    """The next such date, today included: the one a caller means by "5.12"."""
    found = _day_or_none(today.year, month, day)
    if found is not None and found < today:
        found = _day_or_none(today.year + 1, month, day)
    return found


def _clock_or_none(hour: int, minute: int, half: str | None) -> time | None:
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# One reading of a word: ("day", date), ("time", time) or ("hour", time): a bare number,
# an hour only next to a day or after "o" / "at".
Reading = tuple[str, "date | time"]


def _readings(word: str, today: date) -> list[Reading]:
    found: list[Reading] = []
    if word in WEEKDAY_NAMES:
        found.append(("day", today + timedelta(days=(WEEKDAY_NAMES[word] - today.weekday()) % 7)))
    if word in RELATIVE_DAYS:
        found.append(("day", today + timedelta(days=RELATIVE_DAYS[word])))
    if match := re.match(_ISO_DATE, word):
        day = _day_or_none(int(match[1]), int(match[2]), int(match[3]))
        found += [("day", day)] if day else []
    if match := re.match(_FULL_DATE, word):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        day = _day_or_none(year, int(match[2]), int(match[1]))
        found += [("day", day)] if day else []
    if match := re.match(_DOTTED, word):
        day = _next(today, int(match[2]), int(match[1]))
        found += [("day", day)] if day else []
        clock = _clock_or_none(int(match[1]), int(match[2]), None)
        if clock and not word.endswith(".") and len(match[2]) == 2:
            found.append(("time", clock))
    if match := re.match(_CLOCK, word):
        clock = _clock_or_none(int(match[1]), int(match[2] or 0), match[3])
        if clock:
            found.append(("time" if match[2] or match[3] else "hour", clock))
    return found


def _merge(words: list[str], today: date) -> list[str | Reading]:
    """Join what belongs together: "5 grudnia [2026]", "dec 5", "9 pm"."""
    merged: list[str | Reading] = []
    index = 0
    while index < len(words):
        word = words[index]
        after = words[index + 1] if index + 1 < len(words) else ""
        third = words[index + 2] if index + 2 < len(words) else ""
        number, month = None, None
        if re.match(_NUMBER, word) and after in MONTH_NAMES:
            number, month, used = int(word.rstrip(".")), MONTH_NAMES[after], 2
        elif word in MONTH_NAMES and re.match(_NUMBER, after):
            number, month, used = int(after.rstrip(".")), MONTH_NAMES[word], 2
        if number is not None and month is not None:
            if re.fullmatch(r"\d{4}", third):
                day = _day_or_none(int(third), month, number)
                used += 1
            else:
                day = _next(today, month, number)
            if day is None:
                return []
            merged.append(("day", day))
            index += used
            continue
        clock = re.match(_CLOCK, word)
        if after in ("am", "pm") and clock and not clock[3]:
            merged.append(word + after)
            index += 2
            continue
        merged.append(word)
        index += 1
    return merged


def parse_moment(text: str, zone: ZoneInfo, now: datetime) -> When:
    """The moment `text` names. Times without an offset are local to `zone`."""
    raw = text.strip()
    folded = fold(raw)
    if not raw or folded in ("now", "teraz"):
        return When(now.astimezone(timezone.utc))
    if re.match(r"^\d{4}-\d{2}-\d{2}[t ]\d", folded) or (folded[:4].isdigit() and ":" in folded):
        iso = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            pass  # "2026-12-07 9:00" and the like: read word by word below
        else:
            check_year(moment.date(), text)
            if moment.tzinfo is not None:
                return When(moment.astimezone(timezone.utc))
            return When(_local(moment.date(), moment.time(), zone))
    today = now.astimezone(zone).date()
    for phrase, word in PHRASES.items():
        folded = folded.replace(phrase, word)
    folded = _parts_of_day(_named_days(folded, today))
    words = folded.split()
    # "we" is Wednesday, or the filler of "we wtorek".
    words = [
        w
        for i, w in enumerate(words)
        if not (w == "we" and i + 1 < len(words) and words[i + 1] in WEEKDAY_NAMES)
    ]
    for first, second in pairwise(words):
        if first in NEXT_WORDS and second in WEEKDAY_NAMES:
            raise _next_weekday(text.strip(), second, today)
    clock_marked = any(w in CLOCK_WORDS for w in words)
    merged = _merge([w for w in words if w not in FILLERS], today)
    if not merged:
        raise _unreadable(text)
    options = [[w] if isinstance(w, tuple) else _readings(w, today) for w in merged]
    answers = set()
    for choice in product(*options):
        kinds = [kind for kind, _value in choice]
        days = [v for k, v in choice if k == "day"]
        clocks = [v for k, v in choice if k != "day"]
        if len(days) > 1 or len(clocks) > 1:
            continue
        if "hour" in kinds and not days and not clock_marked:
            continue  # "14" alone: the 14th, or 14:00?
        answers.add((days[0] if days else None, clocks[0] if clocks else None))
    if len(answers) > 1 or (not answers and len(merged) == 1 and _hour_or_day(merged[0])):
        raise _ambiguous_word(next(str(w) for w in merged if isinstance(w, str)), today)
    if not answers:
        raise _unreadable(text)
    day, clock = answers.pop()
    assert day is None or isinstance(day, date)
    assert clock is None or isinstance(clock, time)
    check_year(day or today, text)
    if clock is None:
        assert day is not None
        return When(_local(day, time(), zone), day)
    return When(_local(day or today, clock, zone))


def moment_of(value: date, zone: ZoneInfo) -> When:
    """The moment a typed time names, as parse_moment reads its ISO text: an aware datetime
    is that instant, a naive one wall-clock time in `zone`, a date that whole day."""
    check_year(value.date() if isinstance(value, datetime) else value, value.isoformat())
    if not isinstance(value, datetime):
        return When(_local(value, time(), zone), value)
    if value.tzinfo is not None and value.utcoffset() is not None:
        return When(value.astimezone(timezone.utc))
    return When(_local(value.date(), value.time(), zone))


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """The UTC instant `text` names (a day alone: its start)."""
    return parse_moment(text, zone, now).instant


def parse_week(text: str, zone: ZoneInfo, now: datetime) -> date:
    """A day of the week `text` names: a date, a day's name, or "next week"."""
    folded = " ".join(fold(text).split())
    today = now.astimezone(zone).date()
    if folded in WEEKS:
        return today + timedelta(weeks=WEEKS[folded])
    message = _(
        "cannot read the week {text!r}: use e.g. 2026-12-07, 7.12.2026, 7.12, pon, "
        "next week or przyszły tydzień"
    )
    return _day(text, zone, now, message)


def parse_date(text: str, zone: ZoneInfo, now: datetime) -> date:
    """The local date `text` names: a date ("7.12" is 7 December), a day's name, "jutro"."""
    message = _("cannot read the date {text!r}: use e.g. 2026-12-07, 7.12.2026, 7.12, jutro or pon")
    return _day(text, zone, now, message)


def _day(text: str, zone: ZoneInfo, now: datetime, message: str) -> date:
    folded = " ".join(fold(text).split())
    today = now.astimezone(zone).date()
    if (match := re.match(_DOTTED, folded)) and (day := _next(today, int(match[2]), int(match[1]))):
        return day  # a day is named: "7.12" is 7 December, not 7:12
    try:
        moment = parse_moment(text, zone, now)
    except OutOfRange:
        raise
    except BadTimeError:
        raise BadTimeError(message.format(text=text)) from None
    return check_year(moment.day or moment.instant.astimezone(zone).date(), text)


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as a UTC instant: a time in the spring-forward gap is an
    error; one in the autumn repeat is its earlier occurrence (fold=0)."""
    wall = datetime.combine(day, clock)
    instant = wall.replace(tzinfo=zone).astimezone(timezone.utc)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        message = _("{time} does not exist in {zone}: the clocks skip it when summer time starts")
        raise BadTimeError(message.format(time=f"{wall:%Y-%m-%d %H:%M}", zone=zone.key))
    return instant
