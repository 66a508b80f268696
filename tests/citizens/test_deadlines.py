from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from citizens import services
from citizens.models import Notification
from citizens.selectors import petitions_visible_to
from tests.citizens.factories import submit
from ward_portal.models import CalendarException

pytestmark = pytest.mark.django_db


def test_classification_deadline_skips_weekends_and_tet(ward_a):
    # Tết Bính Ngọ: public holidays 14–20/02/2026 (holidays library, VN).
    with time_machine.travel(date(2026, 2, 12), tick=False):  # Thursday before Tết
        petition = submit(ward_a)
    # 10 working days: 13/02, then 23–27/02, then 02–05/03 → Thursday 05/03/2026
    assert petition.due_date == date(2026, 3, 5)


def test_denunciation_initial_processing_is_7_working_days(ward_a):
    with time_machine.travel(date(2026, 11, 27), tick=False):  # Friday
        petition = submit(ward_a, kind="denunciation")
    assert petition.due_date == date(2026, 12, 8)


def test_administrator_exception_day_counts(ward_a):
    CalendarException.objects.create(date=date(2026, 11, 30), reason="Nghỉ bù")
    with time_machine.travel(date(2026, 11, 27), tick=False):
        petition = submit(ward_a, kind="denunciation")
    assert petition.due_date == date(2026, 12, 9)


def test_complaint_resolution_counts_calendar_days_from_acceptance(ward_a, clerk_a):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        petition = submit(ward_a, kind="complaint")
    with time_machine.travel(date(2026, 11, 5), tick=False):
        petition = services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    assert petition.due_date == date(2026, 12, 5)


def test_denunciation_extended_at_most_twice_by_30_days_with_a_reason(ward_a, clerk_a):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        petition = submit(ward_a, kind="denunciation")
        petition = services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
        assert petition.due_date == date(2026, 12, 2)
        with pytest.raises(ValidationError):
            services.petition_extend(petition=petition, user=clerk_a, reason="")
        petition = services.petition_extend(petition=petition, user=clerk_a, reason="Phức tạp")
        assert petition.due_date == date(2027, 1, 1)
        petition = services.petition_extend(petition=petition, user=clerk_a, reason="Rất phức tạp")
        assert petition.due_date == date(2027, 1, 31)
        with pytest.raises(ValidationError):
            services.petition_extend(petition=petition, user=clerk_a, reason="Lần ba")
    assert petition.events.filter(action="extended").count() == 2


def test_due_date_is_stored_not_recomputed_when_rules_change(ward_a):
    from ward_portal.models import DeadlineRule

    with time_machine.travel(date(2026, 11, 27), tick=False):
        petition = submit(ward_a)
    DeadlineRule.objects.filter(domain="citizens", kind="feedback", stage="classify").update(days=1)
    petition.refresh_from_db()
    assert petition.due_date == date(2026, 12, 11)


def test_overdue_is_a_query_on_the_stored_due_date(ward_a, clerk_a):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        petition = submit(ward_a)
    with time_machine.travel(date(2026, 11, 16), tick=False):  # due 16/11: not yet overdue
        assert not petitions_visible_to(clerk_a).get(pk=petition.pk).is_overdue
    with time_machine.travel(date(2026, 11, 17), tick=False):
        assert petitions_visible_to(clerk_a).get(pk=petition.pk).is_overdue


def test_reminders_go_once_to_the_handler_and_once_to_the_leader(ward_a, clerk_a, leader_a):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        petition = submit(ward_a)
        services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
        services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    petition.refresh_from_db()
    due = petition.due_date
    with time_machine.travel(due, tick=False):
        services.deadline_reminders()
        services.deadline_reminders()
    reminders = Notification.objects.filter(kind="reminder", key=due.isoformat())
    assert list(reminders.values_list("recipient", flat=True)) == [clerk_a.email]
    with time_machine.travel(date(due.year, due.month, due.day + 1), tick=False):
        services.deadline_reminders()
        services.deadline_reminders()
    overdue = Notification.objects.filter(kind="overdue")
    assert list(overdue.values_list("recipient", flat=True)) == [leader_a.email]
