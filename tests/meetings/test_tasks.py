"""Celery tasks: queued on commit (not on rollback), idempotent when run twice."""

from datetime import date
from unittest import mock

import pytest
import time_machine
from django.core import mail

from meetings import services, tasks
from meetings.models import Task
from tests.helpers import queued, rolled_back
from tests.meetings.factories import approved_minutes, make_meeting


@pytest.fixture
def planned(frozen, ward_a, leader_a, clerk_a):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 4, 15))
    services.attendee_add(
        user=leader_a, meeting=meeting, name="Khách mời", email="khach@example.vn"
    )
    services.attendee_add(user=leader_a, meeting=meeting, name="Không có thư")
    return meeting


def test_invitations_are_queued_on_commit_and_sent_once_each(
    planned, leader_a, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        count = services.invitations_issue(user=leader_a, meeting=planned)
    assert count == 3  # chair, secretary and the guest have addresses
    ids = [args[0] for args in queued(apply_async)]
    assert len(ids) == 3
    for attendee_id in ids + ids:  # run every task twice
        tasks.send_invitation(attendee_id)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [planned.chair.email, planned.secretary.email, "khach@example.vn"]
    )


def test_invitations_are_not_queued_when_the_transaction_rolls_back(
    planned, leader_a, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        rolled_back(),
    ):
        assert services.invitations_issue(user=leader_a, meeting=planned) == 3
    assert callbacks == [] and apply_async.call_count == 0
    planned.refresh_from_db()
    assert planned.invitations_issued_at is None


def test_invitations_need_three_working_days(frozen, ward_a, leader_a, clerk_a):
    # today is Wednesday 1/4/2026; a meeting on Friday 3/4 is too soon
    soon = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 4, 3))
    with pytest.raises(services.MeetingError, match="3 ngày làm việc"):
        services.invitations_issue(user=leader_a, meeting=soon)
    with mock.patch.object(tasks.send_invitation, "apply_async"):
        assert services.invitations_issue(user=leader_a, meeting=soon, urgent=True) == 2


def test_broker_down_does_not_fail_the_request_and_the_sweep_catches_up(
    planned, leader_a, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.send_invitation, "apply_async", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invitations_issue(user=leader_a, meeting=planned)
    with mock.patch.object(tasks.send_invitation, "apply_async") as apply_async:
        assert tasks.sweep_invitations() == 3
    assert apply_async.call_count == 3


def test_reminders_and_overdue_notices_are_sent_once_each(frozen, ward_a, leader_a, clerk_a):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 10))
    approved_minutes(
        meeting,
        directives=[
            ("Sắp đến hạn", ward_a, date(2026, 4, 3)),
            ("Đã quá hạn", ward_a, date(2026, 3, 31)),
            ("Còn xa", ward_a, date(2026, 6, 30)),
        ],
    )
    mail.outbox.clear()
    assert tasks.send_task_reminders("2026-04-01") == {"reminded": 1, "overdue": 1}
    assert tasks.send_task_reminders("2026-04-01") == {"reminded": 0, "overdue": 0}
    assert len(mail.outbox) == 2
    # the reminded one becomes overdue later: one more notice, once
    assert tasks.send_task_reminders("2026-04-06") == {"reminded": 0, "overdue": 1}
    assert tasks.send_task_reminders("2026-04-06") == {"reminded": 0, "overdue": 0}
    assert Task.objects.filter(overdue_notice_sent_at__isnull=False).count() == 2


def test_the_data_migration_creates_the_beat_rows(db):
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Run the migration's function again (a browser test's flush may have removed its rows):
    # it is idempotent and must leave exactly one row per schedule.
    migration = import_module("meetings.migrations.0002_rules_and_schedules")
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    assert PeriodicTask.objects.filter(task="meetings.send_task_reminders").count() == 1

    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"meetings.send_task_reminders", "meetings.sweep_invitations"} <= names


def test_a_done_task_gets_no_overdue_notice(frozen, ward_a, leader_a, clerk_a):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 10))
    approved_minutes(meeting, directives=[("Việc", ward_a, date(2026, 3, 20))])
    task = Task.objects.get()
    services.task_submit(user=clerk_a, task=task, on=date(2026, 3, 19))
    services.task_accept(user=leader_a, task=task)
    with time_machine.travel("2026-04-10 09:00 +0700", tick=False):
        assert tasks.send_task_reminders() == {"reminded": 0, "overdue": 0}


def _issue_and_send(planned, leader_a, capture):
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        capture(execute=True),
    ):
        services.invitations_issue(user=leader_a, meeting=planned)
    for args in queued(apply_async):
        tasks.send_invitation(*args)
    sent = len(mail.outbox)
    mail.outbox.clear()
    return sent


def test_cancelling_tells_those_invited_once_each_with_the_reason(
    planned, leader_a, clerk_b, django_capture_on_commit_callbacks
):
    from meetings.choices import MeetingState
    from meetings.selectors import upcoming_meetings

    assert _issue_and_send(planned, leader_a, django_capture_on_commit_callbacks) == 3
    with pytest.raises(services.MeetingError):
        services.meeting_cancel(user=leader_a, meeting=planned, reason="  ")
    with pytest.raises(services.MeetingError):  # only the host unit cancels
        services.meeting_cancel(user=clerk_b, meeting=planned, reason="Không phải của tôi")
    with (
        mock.patch.object(tasks.send_cancellation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        count = services.meeting_cancel(
            user=leader_a, meeting=planned, reason="Trùng lịch tiếp công dân của Quận ủy"
        )
    planned.refresh_from_db()
    assert count == 3 and planned.state == MeetingState.CANCELLED
    for args in queued(apply_async) + queued(apply_async):  # every task twice
        tasks.send_cancellation(*args)
    assert len(mail.outbox) == 3
    assert "Trùng lịch tiếp công dân của Quận ủy" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Thông báo hủy cuộc họp")
    assert planned not in upcoming_meetings(leader_a)
    with pytest.raises(services.MeetingError):  # neither held nor edited any more
        services.meeting_mark_held(user=leader_a, meeting=planned)
    with pytest.raises(services.MeetingError):
        services.meeting_save(user=leader_a, meeting=planned, title="Khác")
    with pytest.raises(services.MeetingError, match="đã hủy"):
        services.attendee_add(user=leader_a, meeting=planned, name="Người đến muộn")


def test_a_queued_invitation_is_not_sent_once_the_meeting_is_cancelled(
    planned, leader_a, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invitations_issue(user=leader_a, meeting=planned)
    with mock.patch.object(tasks.send_cancellation, "apply_async"):
        assert services.meeting_cancel(user=leader_a, meeting=planned, reason="Hoãn") == 0
    assert len(queued(apply_async)) == 3
    for args in queued(apply_async):
        assert tasks.send_invitation(*args) is False
    assert mail.outbox == []


def test_new_time_or_place_sends_the_invitation_again_marked_as_a_change(
    planned, leader_a, django_capture_on_commit_callbacks
):
    import datetime

    assert _issue_and_send(planned, leader_a, django_capture_on_commit_callbacks) == 3
    # Changing only the title sends nothing.
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.meeting_save(user=leader_a, meeting=planned, title="Họp UBND phường tháng 4")
    apply_async.assert_not_called()
    later = planned.starts_at + datetime.timedelta(days=1)
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.meeting_save(
            user=leader_a,
            meeting=planned,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
        )
    for args in queued(apply_async) + queued(apply_async):
        tasks.send_invitation(*args)
    assert len(mail.outbox) == 3
    assert "thay đổi" in mail.outbox[0].subject
    assert "16/04/2026" in mail.outbox[0].body


def test_sweep_queues_exactly_the_invitations_and_notices_not_yet_sent(
    planned, ward_a, leader_a, clerk_a
):
    from django.utils import timezone

    from meetings.models import Attendee, Meeting

    # Invitations issued while the broker was down: nothing was published.
    with mock.patch.object(tasks.send_invitation, "apply_async"):
        services.invitations_issue(user=leader_a, meeting=planned)
    invited = planned.attendees.exclude(email="").order_by("pk")
    sent, *unsent = invited.values_list("pk", flat=True)
    Attendee.objects.filter(pk=sent).update(invitation_sent_at=timezone.now())

    # A cancelled meeting: one invitee told, the others' notices were never published.
    cancelled = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 4, 20))
    with mock.patch.object(tasks.send_invitation, "apply_async"):
        services.invitations_issue(user=leader_a, meeting=cancelled)
    cancelled.attendees.update(invitation_sent_at=timezone.now())
    with mock.patch.object(tasks.send_cancellation, "apply_async"):
        services.meeting_cancel(user=leader_a, meeting=cancelled, reason="Hoãn")
    invitees = cancelled.attendees.exclude(email="").order_by("pk")
    told, *untold = invitees.values_list("pk", flat=True)
    Attendee.objects.filter(pk=told).update(cancellation_sent_at=timezone.now())

    # A meeting already past is not chased any more.
    past = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 20))
    Meeting.objects.filter(pk=past.pk).update(invitations_issued_at=timezone.now())

    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as invitations,
        mock.patch.object(tasks.send_cancellation, "apply_async") as cancellations,
    ):
        assert services.invitations_sweep() == len(unsent) + len(untold) == 3
    assert sorted(queued(invitations)) == [(pk,) for pk in unsent]
    assert sorted(queued(cancellations)) == [(pk,) for pk in untold]
