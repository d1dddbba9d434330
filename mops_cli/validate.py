"""`mops validate`: every problem in a directory file, errors and warnings."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from mops_cli.hours import Calendar
from mops_cli.i18n import _, holiday_language
from mops_cli.loader import Problem, read
from mops_cli.model import Directory
from mops_cli.text import fold

STALE_AFTER = timedelta(days=365)


def validate(path: Path, today: date, raw: bytes | None = None) -> list[Problem]:
    """Errors from reading the file (or `raw`, its bytes as read already), then warnings that
    need today's date."""
    directory, problems = read(path, raw, today=today)
    if directory is not None and not any(p.severity == "error" for p in problems):
        problems += stale_units(directory, today)
        problems += untraceable_sources(directory)
        problems += saturday_holidays(directory, today)
    return problems


def stale_units(directory: Directory, today: date) -> list[Problem]:
    problems = []
    for unit in directory.units:
        if unit.verified is None:
            problems.append(
                Problem(
                    "warning",
                    unit.id,
                    "verified",
                    _("never verified: add the date the facts were checked"),
                )
            )
        elif today - unit.verified > STALE_AFTER:
            problems.append(
                Problem(
                    "warning",
                    unit.id,
                    "verified",
                    _("last verified {date}, over 12 months ago").format(date=unit.verified),
                )
            )
    return problems


# A source someone can find again: a web address, or a document named by its title in quotes
# („Regulamin organizacyjny”) or an issue of this project ("issue #4"), which names its own.
TRACEABLE = re.compile(r"https?://\S+|„[^”]+”|“[^”]+”|\"[^\"]+\"|\bissue #\d+", re.IGNORECASE)


def untraceable_sources(directory: Directory) -> list[Problem]:
    """Every source of a unit, a phone or an hours rule must say where to look again."""
    problems = []
    for unit in directory.units:
        cited = [(f"source[{i}]", s) for i, s in enumerate(unit.source)]
        cited += [(f"phones[{i}].source", p.source) for i, p in enumerate(unit.phones) if p.source]
        cited += [(f"hours[{i}].source", r.source) for i, r in enumerate(unit.hours) if r.source]
        for field, source in cited:
            if not TRACEABLE.search(source):
                message = _(
                    "source {value!r} is neither a URL nor a named document: "
                    "give the page's address (and its date) or the document's title in quotes"
                )
                problems.append(Problem("warning", unit.id, field, message.format(value=source)))
    return problems


def saturday_holidays(
    directory: Directory, today: date, calendar: Calendar | None = None
) -> list[Problem]:
    """A public holiday on a Saturday gives employees a substitute day off, which the centre
    announces: until a closure for it is in the file (its reason naming the holiday or its
    date), remind the editor."""
    # Reasons in the file are in Polish: match them on the Polish names, show the chosen ones.
    calendar = calendar or Calendar(directory.holiday_country, language="pl")
    shown = Calendar(directory.holiday_country, language=holiday_language())
    end = today + timedelta(days=365)
    reasons = [fold(closure.reason) for closure in directory.closures]
    problems = []
    for year in range(today.year, end.year + 1):
        for day, name in sorted(calendar.year(year).items()):
            if not (today <= day <= end) or day.weekday() != 5:
                continue
            if any(day.isoformat() in reason or fold(name) in reason for reason in reasons):
                continue
            problems.append(
                Problem(
                    "warning",
                    None,
                    "closures",
                    _(
                        "{date} ({name}) falls on a Saturday: employers owe a substitute day off; "
                        "once the centre announces it, add it as a closure whose reason names "
                        "the holiday"
                    ).format(date=day, name=shown.name(day) or name),
                )
            )
    return problems
