"""Properties of the hours engine over generated schedules and instants (hypothesis).

For any schedule and instant: if open at t, it is open just before `closes_at` and closed at it;
if closed, nothing opens between t and `opens_at`, and it is open at `opens_at`; the state agrees
with the open intervals. Instants cluster around the DST changes and the Christmas holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mops_cli.hours import Calendar, Schedule
from mops_cli.model import Closure, DirectoryData, Rule, Unit

CALENDAR = Calendar("PL", language="pl")
UTC = timezone.utc
SECOND = timedelta(seconds=1)

# Moments worth being near: DST changes (UTC), Christmas, a last day of a month.
LANDMARKS = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
    datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
    datetime(2026, 12, 23, 23, 0, tzinfo=UTC),
    datetime(2026, 11, 30, 11, 0, tzinfo=UTC),
]

PATTERNS = [
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
    "FREQ=WEEKLY;BYDAY=SA",
]

quarter_hours = st.integers(0, 95).map(lambda q: q * 15)


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    opens = draw(quarter_hours)
    closes = opens + draw(st.integers(1, 96)) * 15  # up to 24 hours, may pass midnight
    channel = draw(st.sampled_from(["in-person", "phone"]))
    valid_from = draw(st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    valid_to = (
        None if valid_from is None else draw(st.none() | st.dates(valid_from, date(2028, 1, 1)))
    )
    if draw(st.integers(0, 3)) == 0:
        closed = draw(st.booleans())
        return Rule(
            channel, 0 if closed else opens, 0 if closed else closes,
            rrule=draw(st.sampled_from(PATTERNS)), closed=closed,
            valid_from=valid_from, valid_to=valid_to,
        )  # fmt: skip
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return Rule(channel, opens, closes, weekdays=days, valid_from=valid_from, valid_to=valid_to)


@st.composite
def closures(draw: st.DrawFn) -> Closure:
    start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 20)))
    return Closure(start, end, "zamknięte")


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    unit = Unit(
        id="x",
        name="X",
        hours=tuple(draw(st.lists(rules(), min_size=1, max_size=4))),
        closures=tuple(draw(st.lists(closures(), max_size=2))),
        on_holidays=draw(st.sampled_from(("closed", "open", "unknown"))),
    )
    directory = DirectoryData(
        name="T", closures=tuple(draw(st.lists(closures(), max_size=1))), units=(unit,)
    )
    channel = draw(st.sampled_from(unit.channels))
    return Schedule(unit, channel, directory, CALENDAR)


instants = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)),
    st.builds(
        lambda landmark, minutes: landmark + timedelta(minutes=minutes),
        st.sampled_from(LANDMARKS),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    ),
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(schedules(), instants)
def test_open_means_open_until_closes_at_and_closed_at_it(schedule: Schedule, at: datetime):
    status = schedule.status(at)
    if status.state != "open" or status.closes_at is None:
        return
    assert status.closes_at > at
    assert schedule.status(max(at, status.closes_at - SECOND)).state == "open"
    assert schedule.status(status.closes_at).state != "open"
    assert schedule.intervals(at, status.closes_at) == [
        schedule.intervals(at, status.closes_at)[0]
    ]  # one unbroken interval up to the closing


@SETTINGS
@given(schedules(), instants)
def test_no_open_interval_is_empty_or_backwards(schedule: Schedule, at: datetime):
    """A range the spring change skips whole is no opening; one it cuts is shorter, never
    reversed (an empty interval would be announced as an opening that never comes)."""
    day = schedule.local_date(at)
    for offset in (-1, 0, 1):
        for interval in schedule.day_intervals(schedule.plan(day + timedelta(days=offset))):
            assert interval.start < interval.end
    for interval in schedule.intervals(at, at + timedelta(days=3)):
        assert interval.start < interval.end


@SETTINGS
@given(schedules(), instants)
def test_closed_means_nothing_opens_before_opens_at(schedule: Schedule, at: datetime):
    status = schedule.status(at)
    if status.state != "closed":
        return
    if status.opens_at is None:
        # Either nothing within the horizon, or the hours become unknown before anything opens.
        return
    assert status.opens_at > at
    assert schedule.intervals(at, status.opens_at) == []
    assert schedule.status(status.opens_at).state == "open"


@SETTINGS
@given(schedules(), instants)
def test_closed_without_an_opening_means_none_comes_or_the_hours_turn_unknown_first(
    schedule: Schedule, at: datetime
):
    """No `opens_at` on a closed answer: nothing opens within the horizon, or a day of unknown
    hours comes before the next opening (nothing after it can be said to come next)."""
    status = schedule.status(at)
    if status.state != "closed" or status.opens_at is not None:
        return
    coming = schedule.intervals(at, at + timedelta(days=14))
    if not coming:
        return
    day = schedule.local_date(at)
    while day <= schedule.local_date(coming[0].start):
        if not schedule.plan(day).known:
            return
        day += timedelta(days=1)
    raise AssertionError(f"closed with no opening, but it opens at {coming[0].start}")


@SETTINGS
@given(schedules(), instants)
def test_state_agrees_with_the_intervals(schedule: Schedule, at: datetime):
    status = schedule.status(at)
    around = schedule.intervals(at - timedelta(days=2), at + timedelta(days=2))
    inside = any(i.start <= at < i.end for i in around)
    assert (status.state == "open") == inside
    if status.state == "unknown":
        assert not inside


@SETTINGS
@given(schedules(), instants)
def test_openings_fall_at_a_rules_wall_clock_time(schedule: Schedule, at: datetime):
    """An opening away from a DST-change day is at some rule's `opens`, in local time: the UTC
    offset used is the one in force on that day, not the one at `at`."""
    status = schedule.status(at)
    if status.opens_at is None:
        return
    local = status.opens_at.astimezone(schedule.zone)
    day_start = datetime.combine(local.date(), datetime.min.time(), schedule.zone)
    next_day = datetime.combine(
        local.date() + timedelta(days=1), datetime.min.time(), schedule.zone
    )
    # In UTC: aware datetimes sharing a tzinfo subtract as wall clocks, ignoring the change.
    if next_day.astimezone(UTC) - day_start.astimezone(UTC) != timedelta(hours=24):
        return  # a DST-change day: a time in the gap is moved
    openings = {rule.opens for rule in schedule.rules} | {
        0
    }  # 0: a range running on from the day before
    assert local.hour * 60 + local.minute in openings


round_the_clock = st.builds(
    lambda channel: Rule(channel, 0, 1440, weekdays=frozenset(range(7))),
    st.sampled_from(["in-person", "phone"]),
)


@st.composite
def shared_schedules(draw: st.DrawFn) -> tuple[Unit, DirectoryData]:
    """A unit often open round the clock (the stretches a long run shares), with closures and
    holidays to break its stretches."""
    unit = Unit(
        id="x",
        name="X",
        hours=tuple(draw(st.lists(round_the_clock | rules(), min_size=1, max_size=3))),
        closures=tuple(draw(st.lists(closures(), max_size=2))),
        on_holidays=draw(st.sampled_from(("closed", "open", "unknown"))),
    )
    return unit, DirectoryData(name="T", units=(unit,))


@SETTINGS
@given(shared_schedules(), st.lists(instants, min_size=2, max_size=8), st.data())
def test_a_shared_memo_answers_as_a_fresh_schedule_in_any_order(
    shared: tuple[Unit, DirectoryData], asked: list[datetime], data: st.DataObject
):
    """A long run (mops ask) shares each day's plan, the round-the-clock stretches and each
    day's walk between its questions: asked in any order, a schedule over the shared memo says
    what a fresh one says."""
    from mops_cli.hours import Memo

    unit, directory = shared
    channel = data.draw(st.sampled_from(unit.channels))
    memo = Memo()
    for at in asked:
        fresh = Schedule(unit, channel, directory, CALENDAR).status(at)
        assert Schedule(unit, channel, directory, CALENDAR, memo).status(at) == fresh, at
