import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from citizens import services
from citizens.choices import Conclusion, NotificationKind, NotificationState, Status
from citizens.models import Notification, Petition, PetitionEvent
from tests.citizens.factories import submit
from tests.helpers import queued, rolled_back

pytestmark = pytest.mark.django_db


def test_submit_commits_petition_event_due_date_and_pending_notifications(ward_a, clerk_a):
    with time_machine.travel(date(2026, 11, 27), tick=False):  # a Friday
        petition = submit(ward_a)
    assert petition.code == "NTB-2026-000001"
    assert petition.status == Status.RECEIVED
    # feedback/classify: 10 working days after Fri 27/11 → Fri 11/12
    assert petition.due_date == date(2026, 12, 11)
    assert petition.events.get().action == "received"
    kinds = set(petition.notifications.values_list("kind", "state"))
    assert kinds == {
        (NotificationKind.CONFIRMATION, NotificationState.PENDING),
        (NotificationKind.STAFF_NEW, NotificationState.PENDING),
    }


def test_submit_is_one_transaction(ward_a, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("notification table unavailable")

    monkeypatch.setattr(services, "_notify", boom)
    with pytest.raises(RuntimeError):
        submit(ward_a)
    assert not Petition.objects.exists()
    assert not PetitionEvent.objects.exists()


def test_codes_are_per_ward_and_year(ward_a, ward_b):
    first = submit(ward_a, when=date(2026, 3, 2))
    second = submit(ward_a, when=date(2026, 3, 3))
    other_ward = submit(ward_b, when=date(2026, 3, 3))
    last_year = submit(ward_a, when=date(2025, 12, 31))
    assert [first.code, second.code, other_ward.code, last_year.code] == [
        "NTB-2026-000001",
        "NTB-2026-000002",
        "BN-2026-000001",
        "NTB-2025-000001",
    ]


def test_code_allocation_survives_a_rolled_back_submission(ward_a):
    with rolled_back():
        assert submit(ward_a).code.startswith("NTB-")
    assert submit(ward_a).code.startswith("NTB-")
    assert Petition.objects.count() == 1


def test_same_idempotency_key_makes_one_petition(ward_a):
    key = uuid.uuid4()
    first = submit(ward_a, idempotency_key=key)
    second = submit(ward_a, idempotency_key=key)
    assert first.pk == second.pk
    assert Petition.objects.count() == 1


def test_anonymous_denunciation_is_recorded_as_a_report_to_check(ward_a):
    petition = submit(
        ward_a,
        kind="denunciation",
        name="",
        phone="",
        email="",
        address="",
        accept_as_report=True,
    )
    assert petition.anonymous
    assert "Điều 25" in petition.events.get().public_note


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("complaint", {"name": ""}, "name"),
        ("complaint", {"address": "  "}, "address"),
        ("complaint", {"phone": "", "email": ""}, "phone"),
        ("denunciation", {"name": ""}, "__all__"),
    ],
)
def test_who_must_be_named_is_the_services_rule_whatever_the_way_in(ward_a, kind, fields, field):
    """Open311, imports and the forms all reach petition_submit: the rule holds there."""
    with pytest.raises(ValidationError) as refused:
        submit(ward_a, kind=kind, **fields)
    assert field in refused.value.message_dict
    assert not Petition.objects.exists()


def test_full_flow_accept_assign_start_resolve_close(ward_a, clerk_a, leader_a):
    petition = submit(ward_a)
    petition = services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    assert petition.stage == "resolve" and petition.due_date
    petition = services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    assert petition.status == Status.ASSIGNED and petition.assigned_by == leader_a
    petition = services.petition_start(petition=petition, user=clerk_a)
    petition = services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xử lý.")
    assert petition.status == Status.RESOLVED and petition.resolved_on_time is True
    assert Notification.objects.filter(petition=petition, kind=NotificationKind.ANSWER).exists()
    petition = services.petition_close(petition=petition, user=clerk_a)
    assert petition.status == Status.CLOSED
    actions = list(petition.events.values_list("action", flat=True))
    assert actions == ["received", "classified", "assigned", "started", "resolved", "closed"]


def test_a_transition_from_the_wrong_state_is_refused(ward_a, clerk_a):
    petition = submit(ward_a)
    with pytest.raises(ValidationError):
        services.petition_resolve(petition=petition, user=clerk_a, answer="x")
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.petition_start(petition=petition, user=clerk_a)
    assert refused.value.messages == [
        "Không thể bắt đầu giải quyết hồ sơ đang ở trạng thái “Đã tiếp nhận”."
    ]


def test_forwarded_once_with_the_receiving_body(ward_a, clerk_a):
    petition = submit(ward_a)
    with pytest.raises(ValidationError):
        services.petition_classify(petition=petition, user=clerk_a, decision="forwarded")
    petition = services.petition_classify(
        petition=petition, user=clerk_a, decision="forwarded", forwarded_to="Công an phường"
    )
    assert petition.status == Status.FORWARDED and petition.due_date is None
    with pytest.raises(ValidationError):
        services.petition_classify(
            petition=petition, user=clerk_a, decision="forwarded", forwarded_to="Khác"
        )


def test_ineligible_needs_a_reason(ward_a, clerk_a):
    petition = submit(ward_a)
    with pytest.raises(ValidationError):
        services.petition_classify(petition=petition, user=clerk_a, decision="ineligible")
    petition = services.petition_classify(
        petition=petition, user=clerk_a, decision="ineligible", reason="Không ký tên"
    )
    assert petition.status == Status.INELIGIBLE


def test_denunciation_needs_a_conclusion(ward_a, clerk_a, leader_a):
    petition = submit(ward_a, kind="denunciation")
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    with pytest.raises(ValidationError):
        services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xác minh.")
    petition = services.petition_resolve(
        petition=petition, user=clerk_a, answer="Đã xác minh.", conclusion=Conclusion.WRONG
    )
    assert petition.conclusion == Conclusion.WRONG


def test_withdraw_any_time_before_the_end_and_reopen_on_appeal(ward_a, clerk_a):
    petition = submit(ward_a)
    with pytest.raises(ValidationError):
        services.petition_withdraw(petition=petition, user=clerk_a, reason="")
    petition = services.petition_withdraw(petition=petition, user=clerk_a, reason="Đã tự hòa giải")
    assert petition.status == Status.WITHDRAWN

    other = submit(ward_a)
    services.petition_classify(petition=other, user=clerk_a, decision="accepted")
    services.petition_assign(petition=other, user=clerk_a, handler=clerk_a)
    services.petition_resolve(petition=other, user=clerk_a, answer="Đã xử lý.")
    with pytest.raises(ValidationError):
        services.petition_reopen(petition=other, user=clerk_a, reason="")
    other = services.petition_reopen(
        petition=other, user=clerk_a, reason="Người dân khiếu nại tiếp"
    )
    assert other.status == Status.IN_PROGRESS and other.resolved_on is None
    assert other.events.last().public_note == "Người dân khiếu nại tiếp"


def test_upper_leader_and_other_ward_cannot_change(ward_a, upper_leader, clerk_b):
    petition = submit(ward_a)
    for user in (upper_leader, clerk_b):
        with pytest.raises(PermissionDenied):
            services.petition_classify(petition=petition, user=user, decision="accepted")


def test_handler_must_belong_to_the_ward(ward_a, clerk_a, clerk_b):
    petition = submit(ward_a)
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    with pytest.raises(ValidationError):
        services.petition_assign(petition=petition, user=clerk_a, handler=clerk_b)


def test_rating_once_and_only_after_resolution(ward_a, clerk_a):
    petition = submit(ward_a)
    assert services.petition_rate(petition=petition, satisfied=True) is False
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=clerk_a, handler=clerk_a)
    services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xử lý.")
    assert services.petition_rate(petition=petition, satisfied=False, comment="Chưa ổn") is True
    assert services.petition_rate(petition=petition, satisfied=True) is False
    petition.refresh_from_db()
    assert petition.satisfied is False and petition.rating_comment == "Chưa ổn"


def test_merge_closes_the_duplicate(ward_a, ward_b, clerk_a):
    first = submit(ward_a)
    second = submit(ward_a)
    elsewhere = submit(ward_b)
    with pytest.raises(ValidationError):
        services.petition_merge(petition=second, into=elsewhere, user=clerk_a)
    second = services.petition_merge(petition=second, into=first, user=clerk_a)
    assert second.status == Status.CLOSED and second.duplicate_of == first


def test_notification_is_sent_once_even_if_the_task_runs_twice(ward_a, clerk_a, mailoutbox):
    petition = submit(ward_a)
    ids = list(petition.notifications.values_list("pk", flat=True))
    for pk in ids + ids:
        services.notification_send(notification_id=pk)
    assert len(mailoutbox) == len(ids) == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}
    assert petition.code in mailoutbox[0].subject


def test_failed_send_stays_pending_for_the_sweep(ward_a, monkeypatch):
    petition = submit(ward_a, email="a@example.vn")
    notification = petition.notifications.get(kind=NotificationKind.CONFIRMATION)

    def refuse(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.state == NotificationState.PENDING and notification.attempts == 1


def test_enqueued_on_commit_not_on_rollback(ward_a, django_capture_on_commit_callbacks):
    from citizens import tasks

    with (
        mock.patch.object(tasks.send_notification, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(ward_a)
    assert len(queued(apply_async)) == 1  # ward A has no clerk with email here: confirmation only
    with (
        mock.patch.object(tasks.send_notification, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        rolled_back(),
    ):
        assert submit(ward_a).notifications.count() == 1
    assert queued(apply_async) == [] and callbacks == []


def test_broker_error_is_logged_not_raised(ward_a, monkeypatch, caplog):
    from citizens import tasks

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    submit(ward_a)
    monkeypatch.setattr(tasks.send_notification, "apply_async", down)
    assert services.notifications_sweep() == 1
    assert "left pending" in caplog.text
    assert Notification.objects.get().state == NotificationState.PENDING


def test_sweep_queues_exactly_the_pending_notifications(ward_a, clerk_a):
    from citizens import tasks

    submit(ward_a)
    submit(ward_a, phone="0903000111")
    first, second, third, fourth = Notification.objects.order_by("pk")
    for row, state in [(second, NotificationState.SENT), (third, NotificationState.FAILED)]:
        Notification.objects.filter(pk=row.pk).update(state=state)
    with mock.patch.object(tasks.send_notification, "apply_async") as apply_async:
        assert services.notifications_sweep() == 2
    assert queued(apply_async) == [(first.pk,), (fourth.pk,)]


def test_sweep_hands_on_a_send_whose_worker_died(ward_a, clerk_a, settings, mailoutbox):
    """A row still sending past NOTIFICATION_CLAIM_SECONDS lost its worker: pending again (and
    sent, under the same Message-ID), or failed after MAX_ATTEMPTS; a fresh claim is left alone."""
    settings.NOTIFICATION_CLAIM_SECONDS = 60
    petition = submit(ward_a, email="a@example.vn")
    lost, fresh = petition.notifications.order_by("pk")
    hopeless = Notification.objects.create(
        petition=petition, kind=NotificationKind.ANSWER, recipient="b@example.vn", body="x"
    )
    long_ago = timezone.now() - timedelta(seconds=61)
    Notification.objects.filter(pk__in=[lost.pk, hopeless.pk]).update(
        state=NotificationState.SENDING, claimed_at=long_ago, attempts=1
    )
    Notification.objects.filter(pk=hopeless.pk).update(attempts=services.MAX_ATTEMPTS)
    Notification.objects.filter(pk=fresh.pk).update(
        state=NotificationState.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert services.notifications_reclaim() == 2
    states = dict(Notification.objects.values_list("pk", "state"))
    assert states == {
        lost.pk: NotificationState.PENDING,
        fresh.pk: NotificationState.SENDING,
        hopeless.pk: NotificationState.FAILED,
    }
    assert services.notification_send(notification_id=lost.pk) is True
    assert mailoutbox[0].extra_headers["Message-ID"] == services.message_id(lost)
    expected = f"<notification.{lost.pk}.{petition.pk}@testserver>"
    assert mailoutbox[0].message()["Message-ID"] == expected
