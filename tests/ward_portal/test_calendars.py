from datetime import date

import pytest

from ward_portal.calendars import WorkingCalendar, deadline, find_rule
from ward_portal.models import CalendarException, CalendarKind, DeadlineRule

pytestmark = pytest.mark.django_db


def test_weekends_are_not_working_days():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri -> Mon


def test_tet_is_skipped():
    # Tết Bính Ngọ: 17/02/2026. The holidays library gives the official days off around it.
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2026, 2, 17))
    assert not calendar.is_working_day(date(2026, 2, 18))
    start = date(2026, 2, 13)  # Friday before Tết
    due = calendar.add_working_days(start, 1)
    assert due > date(2026, 2, 18)
    assert calendar.is_working_day(due)


def test_national_day_is_skipped():
    assert not WorkingCalendar().is_working_day(date(2025, 9, 2))


def test_administrator_exceptions_win():
    CalendarException.objects.create(date=date(2026, 11, 30), reason="Nghỉ bù")
    CalendarException.objects.create(date=date(2026, 11, 28), is_working_day=True, reason="Làm bù")
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2026, 11, 30))
    assert calendar.is_working_day(date(2026, 11, 28))  # a Saturday worked
    assert calendar.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)


def test_working_days_between_counts_after_start():
    calendar = WorkingCalendar()
    assert calendar.working_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5
    assert calendar.working_days_between(date(2026, 12, 4), date(2026, 11, 27)) == -5


def test_deadline_uses_the_rule_in_force_on_the_start_date():
    DeadlineRule.objects.create(
        domain="test",
        stage="answer",
        days=10,
        calendar=CalendarKind.WORKING_DAYS,
        effective_from=date(2020, 1, 1),
    )
    DeadlineRule.objects.create(
        domain="test",
        stage="answer",
        days=30,
        calendar=CalendarKind.DAYS,
        effective_from=date(2027, 1, 1),
    )
    assert deadline(domain="test", stage="answer", start=date(2026, 11, 27)) == date(2026, 12, 11)
    assert deadline(domain="test", stage="answer", start=date(2027, 1, 4)) == date(2027, 2, 3)


def test_missing_rule_is_an_error():
    with pytest.raises(DeadlineRule.DoesNotExist):
        deadline(domain="test", stage="nothing", start=date(2026, 1, 1))


def test_a_deleted_rule_falls_back_to_the_legal_default_when_one_is_given():
    rule = find_rule(
        domain="test", stage="gone", on=date(2026, 11, 27), default=(5, CalendarKind.WORKING_DAYS)
    )
    assert (rule.days, rule.calendar, rule.pk) == (5, CalendarKind.WORKING_DAYS, None)
