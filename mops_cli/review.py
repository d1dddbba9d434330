"""`mops review`: what to re-check first, oldest facts first.

A unit's facts are as old as the newest page that states them (sources.py). Help lines and
units with hours come first, since a caller acts on them at once; within each group the units
whose newest page is oldest (or that have no dated page at all) lead. Each item lists the pages
to open, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mops_cli import sources
from mops_cli.model import DirectoryData, Unit

VERIFIED_STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    unit: Unit
    first: bool  # a help line or a unit with hours: checked before the others
    newest: sources.Source | None  # the newest page its facts come from
    pages: tuple[sources.Source, ...]  # every dated source, newest first
    undated: tuple[str, ...]  # source strings that are not sources (mops validate refuses them)
    old: bool  # its newest page is older than the directory's limit
    unverified: bool  # never verified, or verified more than 12 months ago

    @property
    def stale(self) -> bool:
        return self.old or self.unverified


def review(directory: DirectoryData, today: date) -> tuple[ReviewItem, ...]:
    """Every unit, in the order to re-check them."""
    items = []
    for unit in directory.units:
        texts = dict.fromkeys(
            [*unit.source, *(p.source for p in unit.phones), *(r.source for r in unit.hours)]
        )
        dated = sources.unit_sources(unit)
        undated = tuple(t for t in texts if t and sources.check(t) is not None)
        found = sources.newest(dated)
        items.append(
            ReviewItem(
                unit=unit,
                first=unit.category == "helpline" or bool(unit.hours),
                newest=found,
                pages=tuple(sorted(dated, key=lambda s: s.newest, reverse=True)),
                undated=undated,
                old=found is None or found.age(today) >= directory.stale_after_years,
                unverified=unit.verified is None or today - unit.verified > VERIFIED_STALE_AFTER,
            )
        )
    return tuple(
        sorted(
            items,
            key=lambda item: (
                not item.first,
                item.newest.newest if item.newest else date.min,
                item.unit.verified or date.min,
                item.unit.id,
            ),
        )
    )
