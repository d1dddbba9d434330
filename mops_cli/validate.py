"""`mops validate`: every problem in a directory file, errors and warnings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from mops_cli import sources
from mops_cli.hours import Calendar
from mops_cli.i18n import _, holiday_language, ngettext
from mops_cli.loader import Problem, read
from mops_cli.model import DirectoryData
from mops_cli.text import fold

STALE_AFTER = timedelta(days=365)


def validate(path: Path, today: date, raw: bytes | None = None) -> list[Problem]:
    """Errors from reading the file (or `raw`, its bytes as read already), then warnings that
    need today's date."""
    directory, problems = read(path, raw, today=today)
    if not any(p.severity == "error" for p in problems):
        problems += stale_units(directory, today)
        problems += source_grammar(directory)
        problems += old_facts(directory, today)
        problems += saturday_holidays(directory, today)
    return problems


def stale_units(directory: DirectoryData, today: date) -> list[Problem]:
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


def source_grammar(directory: DirectoryData) -> list[Problem]:
    """Every source of a unit, a phone or an hours rule is a dated page, a seed or a staff
    confirmation (docs/data-format.md, "Sources"): anything else is an error."""
    problems = []
    for unit in directory.units:
        cited = [(f"source[{i}]", s) for i, s in enumerate(unit.source)]
        cited += [(f"phones[{i}].source", p.source) for i, p in enumerate(unit.phones) if p.source]
        cited += [(f"hours[{i}].source", r.source) for i, r in enumerate(unit.hours) if r.source]
        for field, source in cited:
            reason = sources.check(source)
            if reason is not None:
                message = _("not a source ({reason}): {value!r}")
                problems.append(
                    Problem("error", unit.id, field, message.format(reason=reason, value=source))
                )
    return problems


def old_facts(directory: DirectoryData, today: date) -> list[Problem]:
    """A unit whose facts come only from pages older than the directory's limit."""
    years = directory.stale_after_years
    problems = []
    for unit in directory.units:
        year = sources.old_year(sources.unit_sources(unit), today, years)
        if year is not None:
            message = ngettext(
                "its facts come only from pages of {year} or older (over {years} year ago): "
                "re-read them or find newer ones",
                "its facts come only from pages of {year} or older (over {years} years ago): "
                "re-read them or find newer ones",
                years,
            )
            problems.append(
                Problem("warning", unit.id, "source", message.format(year=year, years=years))
            )
    return problems


def saturday_holidays(
    directory: DirectoryData, today: date, calendar: Calendar | None = None
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
