"""Work queued after commit (ward_portal/queueing.py): published only once the transaction
commits, never on rollback; a broker that refuses is logged, never raised, and fast."""

import logging
import time
from unittest import mock

import pytest
from celery import shared_task
from django.db import transaction

from tests.helpers import queued
from tests.support.services import celery_broker
from ward_portal.queueing import enqueue_now, enqueue_on_commit

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: the connection is refused at once, as by a Redis that is down.
REFUSING_BROKER = "redis://127.0.0.1:1/0"


@shared_task(name="tests.queueing.record")
def record(*args, **kwargs):
    """Never run: only published."""


def test_queued_on_commit_with_its_arguments(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(record, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with transaction.atomic():
            enqueue_on_commit(record, 7, "x", kind="invitation")
        apply_async.assert_not_called()  # the outer transaction has not committed yet
    assert queued(apply_async) == [(7, "x")]
    assert apply_async.call_args.kwargs["kwargs"] == {"kind": "invitation"}


def test_not_queued_on_rollback(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(record, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_on_commit(record, 7)
        raise RuntimeError
    assert callbacks == [] and not apply_async.called


def test_a_refusing_broker_is_logged_not_raised_and_does_not_keep_anyone_waiting(
    django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.WARNING, logger="ward_portal.queueing")
    started = time.monotonic()
    with celery_broker(REFUSING_BROKER), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(record, 41)
        enqueue_on_commit(record, 42, kind="reminder")
    # The publish retry policy fails fast; with retry=False kombu would first retry its
    # connection for about 6 s, per message, while the user waits for the page.
    assert time.monotonic() - started < 2
    assert "tests.queueing.record(41): broker unavailable, left pending for the sweep" in (
        caplog.text
    )
    assert "tests.queueing.record(42, kind='reminder')" in caplog.text


def test_enqueue_now_tells_the_sweep_whether_the_broker_took_it():
    with mock.patch.object(record, "apply_async") as apply_async:
        assert enqueue_now(record, 5) is True
    assert queued(apply_async) == [(5,)]
    with celery_broker(REFUSING_BROKER):
        assert enqueue_now(record, 5) is False


def test_a_bug_is_not_mistaken_for_a_broker_that_is_down():
    with (
        mock.patch.object(record, "apply_async", side_effect=TypeError("not JSON")),
        pytest.raises(TypeError),
    ):
        enqueue_now(record, object())


def test_a_citizen_submits_while_the_broker_refuses_and_the_rows_wait_for_the_sweep(
    ward_a, clerk_a, django_capture_on_commit_callbacks, caplog
):
    from citizens import services, tasks
    from citizens.choices import NotificationState
    from citizens.models import Notification
    from tests.citizens.factories import submit

    with celery_broker(REFUSING_BROKER), django_capture_on_commit_callbacks(execute=True):
        petition = submit(ward_a)  # raises nothing
    pending = set(petition.notifications.values_list("pk", flat=True))
    assert len(pending) == 2  # the citizen's confirmation and the clerk's notice
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.PENDING}
    assert caplog.text.count("citizens.send_notification(") == 2
    with mock.patch.object(tasks.send_notification, "apply_async") as apply_async:
        assert services.notifications_sweep() == 2
    assert {pk for (pk,) in queued(apply_async)} == pending


def test_after_a_broker_failure_requests_skip_it_but_the_sweep_tries_and_closes_the_breaker(
    django_capture_on_commit_callbacks,
):
    with celery_broker(REFUSING_BROKER):
        assert enqueue_now(record, 1) is False
    # The broker is back, but a request does not know it yet: it does not try.
    with (
        mock.patch.object(record, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_on_commit(record, 2)
    assert not apply_async.called
    # The sweep tries, succeeds, and requests publish again.
    with mock.patch.object(record, "apply_async") as apply_async:
        assert enqueue_now(record, 3) is True
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record, 4)
    assert queued(apply_async) == [(3,), (4,)]
