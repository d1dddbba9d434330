"""The maintainers' answers as words and as JSON: `mops review` and `mops diff`.

Kept apart from present.py (the callers' answers). The JSON shapes are part of the documented
contract (README, "Keeping the directory true").
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from mops_cli.diff import Changes, DayChange, FieldChange
from mops_cli.hours import DayPlan, Schedule
from mops_cli.i18n import _, ngettext
from mops_cli.present import Json, channel_name, day_text, interval_json, ranges_text
from mops_cli.review import ReviewItem
from mops_cli.sources import Source
from mops_cli.text import shown

# -- review -----------------------------------------------------------------------------------


def source_json(source: Source) -> Json:
    return {
        "kind": source.kind,
        "ref": source.ref,
        "date": source.page_date.text,
        "newest": source.newest.isoformat(),
    }


def review_json(item: ReviewItem, today: date) -> Json:
    unit = item.unit
    return {
        "id": unit.id,
        "name": unit.name,
        "category": unit.category,
        "has_hours": bool(unit.hours),
        "first": item.first,
        "facts_newest": item.newest.newest.isoformat() if item.newest else None,
        "facts_year": item.newest.page_date.year if item.newest else None,
        "age_years": item.newest.age(today) if item.newest else None,
        "verified": unit.verified.isoformat() if unit.verified else None,
        "old": item.old,
        "unverified": item.unverified,
        "stale": item.stale,
        "pages": [source_json(s) for s in item.pages],
        "not_sources": list(item.undated),
    }


def source_ref(source: Source) -> str:
    ref = f"[{source.ref}]" if source.kind == "seed" else source.ref
    return shown(f"{ref} ({source.page_date.text})")


def review_lines(item: ReviewItem, today: date) -> list[str]:
    unit = item.unit
    kinds = []
    if unit.category == "helpline":
        kinds.append(_("help line"))
    if unit.hours:
        kinds.append(_("has hours"))
    if item.newest is None:
        kinds.append(_("no dated page"))
    else:
        age = item.newest.age(today)
        years = ngettext("{n} year old", "{n} years old", age).format(n=age)
        kinds.append(
            _("newest page {year} ({age})").format(year=item.newest.page_date.year, age=years)
        )
    if unit.verified is None:
        kinds.append(_("never verified"))
    else:
        kinds.append(_("verified {date}").format(date=unit.verified.isoformat()))
    marker = "! " if item.stale else "  "
    lines = [f"{marker}{shown(unit.id)}: {shown(unit.name)}", "    " + " · ".join(kinds)]
    lines += [f"    {source_ref(s)}" for s in item.pages]
    lines += [
        "    " + _("not a source: {value}").format(value=shown(text)) for text in item.undated
    ]
    return lines


# -- diff -------------------------------------------------------------------------------------


def field_lines(change: FieldChange, indent: str) -> list[str]:
    lines = [f"{indent}{change.field}:"]  # the key as the file names it, in any language
    lines += [f"{indent}  - {shown(line)}" for line in change.removed]
    lines += [f"{indent}  + {shown(line)}" for line in change.added]
    return lines


def day_change_text(change: DayChange, channels: int) -> str:
    where = f"{channel_name(change.channel)}, " if channels > 1 else ""
    return (
        f"{where}{day_text(change.day)}: "
        f"{shown(ranges_text(change.old))} → {shown(ranges_text(change.new))}"
    )


def diff_lines(changes: Changes) -> list[str]:
    last = date.fromordinal(changes.start.toordinal() + changes.days - 1)
    span = _("{first} to {last}").format(first=day_text(changes.start), last=day_text(last))
    lines: list[str] = []
    for change in changes.directory:
        lines += field_lines(change, "")
    for unit in changes.added:
        lines.append(_("added: {id}: {name}").format(id=shown(unit.id), name=shown(unit.name)))
    for unit in changes.removed:
        lines.append(_("removed: {id}: {name}").format(id=shown(unit.id), name=shown(unit.name)))
    for unit_change in changes.changed:
        lines.append(f"{shown(unit_change.id)}: {shown(unit_change.name)}")
        for field in unit_change.fields:
            lines += field_lines(field, "  ")
        if unit_change.days:
            lines.append("  " + _("hours, {span}:").format(span=span))
            channels = len({change.channel for change in unit_change.days})
            lines += [f"    {day_change_text(c, channels)}" for c in unit_change.days]
        elif unit_change.rules_changed:
            lines.append(
                "  "
                + _(
                    "hours: the rules changed, but no day from {span} opens or closes differently"
                ).format(span=span)
            )
    return lines


def diff_summary(changes: Changes) -> str:
    if changes.same:
        return _("the two files say the same")
    added, removed, changed = len(changes.added), len(changes.removed), len(changes.changed)
    parts = [
        ngettext("{n} unit added", "{n} units added", added).format(n=added),
        ngettext("{n} unit removed", "{n} units removed", removed).format(n=removed),
        ngettext("{n} unit changed", "{n} units changed", changed).format(n=changed),
    ]
    return ", ".join(parts)


def _plan_json(plan: DayPlan, schedule: Schedule, zone: ZoneInfo) -> Json:
    return {
        "kind": plan.kind,
        "intervals": [interval_json(i, zone) for i in schedule.day_intervals(plan)],
        "reason": plan.reason,
    }


def field_json(change: FieldChange) -> Json:
    return {"field": change.field, "removed": list(change.removed), "added": list(change.added)}


def diff_json(changes: Changes, old: str, new: str, zone: ZoneInfo) -> Json:
    return {
        "old": old,
        "new": new,
        "same": changes.same,
        "from": changes.start.isoformat(),
        "days": changes.days,
        "directory": [field_json(c) for c in changes.directory],
        "added": [{"id": u.id, "name": u.name} for u in changes.added],
        "removed": [{"id": u.id, "name": u.name} for u in changes.removed],
        "changed": [
            {
                "id": c.id,
                "name": c.name,
                "fields": [field_json(f) for f in c.fields],
                "rules_changed": c.rules_changed,
                "days": [
                    {
                        "channel": d.channel,
                        "date": d.day.isoformat(),
                        "old": _plan_json(d.old, d.old_schedule, zone),
                        "new": _plan_json(d.new, d.new_schedule, zone),
                    }
                    for d in c.days
                ],
            }
            for c in changes.changed
        ],
    }
