"""One run of `mops`: where the data comes from, what time it is, and the loaded directory.

The environment (clock, variables) is an object the tests can swap, as in httpie.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from mops_cli.errors import UsageError
from mops_cli.hours import HolidayCalendar, Schedule, Status, schedule_for
from mops_cli.model import CHANNELS, Directory, Unit


@dataclass
class Environment:
    """What a run depends on besides its arguments."""

    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def now(self) -> datetime:
        """The current instant; MOPS_NOW (ISO 8601 with offset) pins it for tests and demos."""
        pinned = self.environ.get("MOPS_NOW")
        if pinned:
            try:
                moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
            except ValueError:
                raise UsageError(f"MOPS_NOW is not an ISO 8601 time: {pinned!r}") from None
            if moment.tzinfo is None:
                raise UsageError(f"MOPS_NOW needs a UTC offset: {pinned!r}")
            return moment.astimezone(timezone.utc)
        return datetime.now(timezone.utc)


class Session:
    """The directory a command works on, loaded once, with its calendar."""

    def __init__(self, data_path: Path | None, env: Environment) -> None:
        self.env = env
        self.data_path = data_path

    @cached_property
    def path(self) -> Path:
        from mops_cli.loader import default_data_path

        if self.data_path is not None:
            return self.data_path
        configured = self.env.environ.get("MOPS_DATA")
        return Path(configured) if configured else default_data_path()

    @cached_property
    def directory(self) -> Directory:
        from mops_cli.loader import load

        return load(self.path)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.directory.timezone)

    @cached_property
    def holidays(self) -> HolidayCalendar:
        return HolidayCalendar(self.directory.holiday_country, language="pl")

    @cached_property
    def now(self) -> datetime:
        return self.env.now()

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def at(self, when: str | None) -> datetime:
        """The instant of `--at`, or now."""
        if when is None:
            return self.now
        from mops_cli.when import parse_when

        return parse_when(when, self.zone, self.now)

    def day(self, text: str) -> date:
        """The local date `text` names (a date, or anything `--at` takes)."""
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            return self.at(text).astimezone(self.zone).date()

    def resolve(self, query: str) -> Unit:
        from mops_cli.search import resolve

        return resolve(self.directory, query)

    def check_channel(self, channel: str | None) -> None:
        if channel is None:
            return
        known = dict.fromkeys(CHANNELS)
        known.update(dict.fromkeys(r.channel for u in self.directory.units for r in u.hours))
        if channel not in known:
            raise UsageError(f"unknown channel {channel!r} (known: {', '.join(known)})")

    def schedule(self, unit: Unit, channel: str | None = None) -> Schedule:
        return schedule_for(unit, self.directory, self.holidays, channel)

    def status(self, unit: Unit, channel: str | None, at: datetime) -> tuple[Schedule, Status]:
        schedule = self.schedule(unit, channel)
        return schedule, schedule.status(at)
