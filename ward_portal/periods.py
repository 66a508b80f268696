"""Reporting periods, in both styles the law uses.

- Calendar periods: the budget year (fiscal year = calendar year) and its months and quarters.
- Cut-off periods (Nghị định 09/2019 Điều 12, TT 02/2021/TT-TTCP): a month runs from the 15th
  of the previous month to the 14th; a quarter from the 15th of the month before it to the
  14th of its last month (Q1: 15/12 of the previous year → 14/3); 6 months 15/12 → 14/6;
  9 months 15/12 → 14/9; the year 15/12 → 14/12.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CUTOFF_DAY = 14  # the last day counted; the period starts the day after (the 15th)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The last month of each period kind's period `number`.
_LAST_MONTH = {
    PeriodKind.MONTH: lambda n: n,
    PeriodKind.QUARTER: lambda n: 3 * n,
    PeriodKind.HALF: lambda n: 6,
    PeriodKind.NINE_MONTHS: lambda n: 9,
    PeriodKind.YEAR: lambda n: 12,
}
_FIRST_MONTH = {
    PeriodKind.MONTH: lambda n: n,
    PeriodKind.QUARTER: lambda n: 3 * n - 2,
    PeriodKind.HALF: lambda n: 1,
    PeriodKind.NINE_MONTHS: lambda n: 1,
    PeriodKind.YEAR: lambda n: 1,
}
_MAX_NUMBER = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 1,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind not in PeriodKind.values:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.number <= _MAX_NUMBER[PeriodKind(self.kind)]:
            raise ValueError(f"{self.kind} has no period number {self.number}")
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"year {self.year} is out of range")

    @property
    def first_month(self) -> int:
        return _FIRST_MONTH[PeriodKind(self.kind)](self.number)

    @property
    def last_month(self) -> int:
        return _LAST_MONTH[PeriodKind(self.kind)](self.number)

    # calendar style (budget)
    @property
    def calendar_start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def calendar_end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    # cut-off style (Nghị định 09/2019, TT 02/2021)
    @property
    def cutoff_start(self) -> date:
        if self.kind in (PeriodKind.HALF, PeriodKind.NINE_MONTHS, PeriodKind.YEAR):
            return date(self.year - 1, 12, CUTOFF_DAY + 1)
        year, month = _previous_month(self.year, self.first_month)
        return date(year, month, CUTOFF_DAY + 1)

    @property
    def cutoff_end(self) -> date:
        return date(self.year, self.last_month, CUTOFF_DAY)

    @property
    def label(self) -> str:
        kind = PeriodKind(self.kind)
        if kind == PeriodKind.MONTH:
            return _("Tháng %(month)s năm %(year)s") % {"month": self.number, "year": self.year}
        if kind == PeriodKind.QUARTER:
            return _("Quý %(quarter)s năm %(year)s") % {
                "quarter": ROMAN[self.number],
                "year": self.year,
            }
        if kind == PeriodKind.HALF:
            return _("6 tháng đầu năm %(year)s") % {"year": self.year}
        if kind == PeriodKind.NINE_MONTHS:
            return _("9 tháng năm %(year)s") % {"year": self.year}
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.kind}-{self.number:02d}"

    def __str__(self) -> str:
        return str(self.label)


def period_ending_on_cutoff(kind: str, on: date) -> Period | None:
    """The period of `kind` whose cut-off (the 14th) falls in the month of `on`, if any.

    The scheduler runs a few days after each cut-off and asks which periods just closed.
    """
    month = on.month
    if kind == PeriodKind.MONTH:
        return Period(kind, on.year, month)
    if kind == PeriodKind.QUARTER and month % 3 == 0:
        return Period(kind, on.year, month // 3)
    if kind == PeriodKind.HALF and month == 6:
        return Period(kind, on.year)
    if kind == PeriodKind.NINE_MONTHS and month == 9:
        return Period(kind, on.year)
    if kind == PeriodKind.YEAR and month == 12:
        return Period(kind, on.year)
    return None


def current_period(kind: str, today: date) -> Period:
    """The calendar period of `kind` containing `today` (for the dashboard's default)."""
    if kind == PeriodKind.MONTH:
        return Period(kind, today.year, today.month)
    if kind == PeriodKind.QUARTER:
        return Period(kind, today.year, (today.month - 1) // 3 + 1)
    return Period(kind, today.year)


def standing_day(end: date, today: date) -> date:
    """The day a period's standing figures (open, overdue) are counted on: its last day once it
    has ended; today while it runs, since the rest of it has not happened yet."""
    return min(end, today)


def day_start(day: date) -> datetime:
    """The first moment of `day`, local time: a history read "up to the end of a day" takes
    what happened before `day_start(day + 1)` (a range on the timestamp, which an index serves;
    a cast to a date would not)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def after(day: date) -> datetime:
    """The first moment after `day`, local time."""
    return day_start(day + timedelta(days=1))


def standing_label(end: date, today: date) -> str:
    """When a standing figure was counted, as its label says it: "tại ngày 14/12/2022" for a
    period that has ended (a fixed value), "hiện nay (02/12/2026)" for the running period (a
    live count that will still change)."""
    day = standing_day(end, today).strftime("%d/%m/%Y")
    if end < today:
        return _("tại ngày %(day)s") % {"day": day}
    return _("hiện nay (%(day)s)") % {"day": day}


def latest_closed_month(today: date) -> Period:
    """The latest monthly period already past its cut-off (the 14th): on 30/11 that is
    November (15/10–14/11); on 10/01 it is December of the year before."""
    year, month = today.year, today.month
    if today.day <= 14:
        year, month = _previous_month(year, month)
    return Period(PeriodKind.MONTH, year, month)
