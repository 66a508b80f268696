"""Redis (the broker and the cache) refused, frozen (SIGSTOP: the kernel still accepts
connections, nothing answers) or replaced by a TCP server that accepts and never answers,
while a citizen submits, a clerk acts and a report is requested: each answers within 2
seconds, and once Redis is back the beat sweeps hand the pending rows to a real worker, which
sends each notification and builds the report exactly once. A private redis-server
(tests/support/services.py); the machine's Redis is never touched."""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.test import Client

from citizens import services as citizens
from citizens.choices import NotificationState
from citizens.models import Notification, Petition, Topic
from reports import services as reports
from reports.models import Report, ReportStatus
from tests.citizens.conftest import valid_form_data
from tests.faults.services import Blackhole, freeze_process, thaw_process
from tests.helpers import client_for, wait_for
from tests.support.services import PrivateRedis, Worker, celery_broker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 2.0  # seconds: what a person waits at most for an answer while Redis is in trouble


@pytest.fixture
def own_redis(settings):
    """This process's cache and broker on a private Redis, with the settings' own timeouts."""
    server = PrivateRedis().start()
    cache = dict(django_settings.CACHES["default"])
    settings.CACHES = {"default": {**cache, "LOCATION": server.url}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    try:
        with celery_broker(server.broker_url):
            yield server
    finally:
        thaw_process(server.process)
        server.stop()


@contextmanager
def redis_out(fault: str, server: PrivateRedis, settings) -> Iterator[None]:
    """Redis in trouble meanwhile; back (the same server) afterwards."""
    if fault == "refused":
        server.stop()
    elif fault == "frozen":
        freeze_process(server.process)
    if fault != "blackhole":
        yield
    else:
        blackhole = Blackhole()
        cache = settings.CACHES["default"]
        settings.CACHES = {"default": {**cache, "LOCATION": blackhole.url}}
        try:
            with celery_broker(blackhole.url):
                yield
        finally:
            settings.CACHES = {"default": {**cache}}
            blackhole.close()
    if fault == "refused":
        server.start()
    elif fault == "frozen":
        thaw_process(server.process)


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def act_while_redis_is_out(ward_a, clerk_a):
    """The three kinds of request a Redis outage must not hold up; each within BUDGET."""
    topic = Topic.objects.get(code="moi-truong")
    response, seconds = timed(lambda: Client().post("/feedback/", valid_form_data(ward_a, topic)))
    assert response.status_code == 302 and seconds < BUDGET, (response.status_code, seconds)
    petition = Petition.objects.get()

    clerk = client_for(clerk_a)
    citizens.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    citizens.petition_assign(petition=petition, user=clerk_a, handler=clerk_a)
    response, seconds = timed(
        lambda: clerk.post(f"/citizens/{petition.pk}/resolve/", {"answer": "Đã dọn sạch rác."})
    )
    assert response.status_code == 302 and seconds < BUDGET, (response.status_code, seconds)
    petition.refresh_from_db()
    assert petition.status == "resolved"

    form = {"unit": ward_a.pk, "kind": "ward", "period_kind": "year", "year": 2022, "number": 1}
    response, seconds = timed(lambda: clerk.post("/reports/request/", form))
    assert response.status_code == 302 and seconds < BUDGET, (response.status_code, seconds)
    return petition


@pytest.mark.parametrize("fault", ["refused", "frozen", "blackhole"])
def test_redis_out_answers_in_time_and_loses_nothing(
    own_redis, ward_a, clerk_a, tmp_path, fault, settings
):
    clerk_a.email = "clerk_a@example.vn"
    clerk_a.save()
    with redis_out(fault, own_redis, settings):
        act_while_redis_is_out(ward_a, clerk_a)
        notifications = list(Notification.objects.values_list("state", flat=True))
        assert len(notifications) >= 3  # confirmation, new case for the staff, answer
        assert set(notifications) == {NotificationState.PENDING}
        report = Report.objects.get()
        assert report.status == ReportStatus.PENDING

    log = tmp_path / "worker.log"
    worker = Worker(own_redis, log, MEDIA_ROOT=str(tmp_path / "media"))
    try:
        worker.wait_ready()
        # Beat's sweeps, twice (two minutes pass before the worker catches up).
        for _ in range(2):
            citizens.notifications_sweep()
            reports.reports_sweep()
        wait_for(
            lambda: (
                set(Notification.objects.values_list("state", flat=True))
                == {NotificationState.SENT}
            ),
            60,
            lambda: f"notifications not sent:\n{log.read_text()[-3000:]}",
        )
        wait_for(
            lambda: Report.objects.get().status == ReportStatus.DONE,
            90,
            lambda: f"report not built:\n{log.read_text()[-3000:]}",
        )
        time.sleep(2)  # any second delivery would have run by now
    finally:
        worker.stop()

    # Exactly once: each notification claimed once, each email sent once, one build.
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
    sent = re.findall(r"^To: (\S+)", log.read_text(), flags=re.MULTILINE)
    assert sorted(sent) == sorted(Notification.objects.values_list("recipient", flat=True))
    assert Report.objects.get().attempts == 1
