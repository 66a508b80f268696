"""Working days: weekends, Vietnamese public holidays (Tết included, from the maintained
`holidays` library) and the exceptions an administrator records (bridges, make-up days)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .models import CalendarException, CalendarKind, DeadlineRule

logger = logging.getLogger(__name__)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


class WorkingCalendar:
    """Loads the administrator's exceptions once, then answers without queries."""

    def __init__(self) -> None:
        self.exceptions = dict(CalendarException.objects.values_list("date", "is_working_day"))

    def is_working_day(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (start itself does not count)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, end: date, count: int) -> date:
        day = end
        remaining = count
        while remaining > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(n))
        )

    def add(self, start: date, days: int, kind: str) -> date:
        if kind == CalendarKind.WORKING_DAYS:
            return self.add_working_days(start, days)
        return start + timedelta(days=days)


def find_rule(
    *,
    domain: str,
    stage: str,
    kind: str = "",
    on: date,
    default: tuple[int, str] | None = None,
) -> DeadlineRule:
    """The rule in force on `on`: the latest effective_from not after it.

    `default` (days, calendar) is the legal value to fall back on, with a warning, when an
    administrator has deleted every rule for the stage: a page must not fail for it."""
    rule = (
        DeadlineRule.objects.filter(domain=domain, kind=kind, stage=stage, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rule is None and default is not None:
        logger.warning(
            "no deadline rule for %s/%s/%s on %s; using %s", domain, kind, stage, on, default
        )
        return DeadlineRule(
            domain=domain, kind=kind, stage=stage, days=default[0], calendar=default[1]
        )
    if rule is None:
        raise DeadlineRule.DoesNotExist(f"no deadline rule for {domain}/{kind}/{stage} on {on}")
    return rule


def deadline(*, domain: str, stage: str, kind: str = "", start: date) -> date:
    rule = find_rule(domain=domain, kind=kind, stage=stage, on=start)
    return WorkingCalendar().add(start, rule.days, rule.calendar)
