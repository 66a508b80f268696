from datetime import date

import pytest
from django.utils import translation

from ward_portal.periods import (
    Period,
    PeriodKind,
    current_period,
    latest_closed_month,
    period_ending_on_cutoff,
)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(PeriodKind.MONTH, 2026, 3), date(2026, 2, 15), date(2026, 3, 14)),
        (Period(PeriodKind.MONTH, 2026, 1), date(2025, 12, 15), date(2026, 1, 14)),
        (Period(PeriodKind.QUARTER, 2026, 1), date(2025, 12, 15), date(2026, 3, 14)),
        (Period(PeriodKind.QUARTER, 2026, 2), date(2026, 3, 15), date(2026, 6, 14)),
        (Period(PeriodKind.QUARTER, 2026, 4), date(2026, 9, 15), date(2026, 12, 14)),
        (Period(PeriodKind.HALF, 2026), date(2025, 12, 15), date(2026, 6, 14)),
        (Period(PeriodKind.NINE_MONTHS, 2026), date(2025, 12, 15), date(2026, 9, 14)),
        (Period(PeriodKind.YEAR, 2022), date(2021, 12, 15), date(2022, 12, 14)),
    ],
)
def test_cutoff_periods_follow_nghi_dinh_09_2019(period, start, end):
    assert (period.cutoff_start, period.cutoff_end) == (start, end)


def test_calendar_periods():
    assert Period(PeriodKind.QUARTER, 2024, 1).calendar_end == date(2024, 3, 31)
    assert Period(PeriodKind.MONTH, 2024, 2).calendar_end == date(2024, 2, 29)
    assert Period(PeriodKind.YEAR, 2022).calendar_start == date(2022, 1, 1)


def test_labels_in_vietnamese():
    with translation.override("vi"):
        assert str(Period(PeriodKind.QUARTER, 2026, 3).label) == "Quý III năm 2026"
        assert str(Period(PeriodKind.YEAR, 2022).label) == "Năm 2022"
        assert str(Period(PeriodKind.HALF, 2026).label) == "6 tháng đầu năm 2026"


def test_invalid_periods_are_refused():
    with pytest.raises(ValueError):
        Period(PeriodKind.QUARTER, 2026, 5)
    with pytest.raises(ValueError):
        Period("week", 2026, 1)


def test_periods_that_close_in_a_month():
    assert period_ending_on_cutoff(PeriodKind.QUARTER, date(2026, 6, 17)) == Period(
        "quarter", 2026, 2
    )
    assert period_ending_on_cutoff(PeriodKind.QUARTER, date(2026, 5, 17)) is None
    assert period_ending_on_cutoff(PeriodKind.YEAR, date(2026, 12, 17)) == Period("year", 2026)
    assert period_ending_on_cutoff(PeriodKind.MONTH, date(2026, 1, 17)) == Period("month", 2026, 1)
    assert current_period(PeriodKind.QUARTER, date(2026, 11, 29)) == Period("quarter", 2026, 4)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 30), (2026, 11)),  # November's period (15/10–14/11) has closed
        (date(2026, 11, 14), (2026, 10)),  # the cut-off day itself still belongs to it
        (date(2026, 11, 15), (2026, 11)),
        (date(2027, 1, 10), (2026, 12)),  # across the new year
    ],
)
def test_latest_closed_month(today, expected):
    period = latest_closed_month(today)
    assert (period.year, period.number) == expected
    assert period.cutoff_end < today
