"""Two beats (one restarted, or a second started by mistake) fire the same periodic task at
the same moment: each report and each message for the period exists, and is queued, once.
The tasks run for real in two threads at once (each its own database connection), publishing
to a private Redis whose queue is then read back."""

import threading
from collections import Counter
from datetime import date

import pytest
import time_machine
from django.db import connection

from citizens import services as citizens
from citizens.models import Notification
from reports.models import Report
from tests.citizens.factories import submit
from tests.support.services import PrivateRedis, celery_broker
from ward_portal.celery import app

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def queue():
    """A private Redis as this process's broker; yields a function reading back what was
    published: a Counter of (task name, arguments)."""
    server = PrivateRedis().start()

    def published() -> Counter:
        seen: Counter = Counter()
        with app.connection_for_read() as conn:
            simple = conn.SimpleQueue("celery")
            while True:
                try:
                    message = simple.get(block=True, timeout=0.5)
                except simple.Empty:
                    break
                args, _kwargs, _embed = message.decode()
                seen[(message.headers["task"], tuple(args))] += 1
                message.ack()
            simple.close()
        return seen

    try:
        with celery_broker(server.broker_url):
            yield published
    finally:
        server.stop()


def twice_at_once(task_name: str, *args) -> None:
    """What two beats do: send the same task at the same moment; two workers run it."""
    task = app.tasks[task_name]
    barrier = threading.Barrier(2)
    errors = []

    def run() -> None:
        try:
            barrier.wait()
            task(*args)
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


@time_machine.travel("2026-12-17 06:00 +07:00")
def test_two_beats_request_each_report_of_the_period_once(
    queue, ward_a, ward_b, district, clerk_a, clerk_b, upper_leader
):
    app.loader.import_default_modules()
    twice_at_once("reports.request_scheduled", "year")
    # A ward report and a petitions report for each ward and for the district.
    reports = Report.objects.filter(period_kind="year", year=2026)
    assert reports.count() == 6
    published = queue()
    assert sorted(published) == sorted(("reports.generate", (r.pk, 1)) for r in reports)
    assert set(published.values()) == {1}


def test_two_beats_send_each_deadline_reminder_once(queue, ward_a, clerk_a, leader_a):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        petition = submit(ward_a)
        citizens.petition_classify(petition=petition, user=clerk_a, decision="accepted")
        citizens.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    petition.refresh_from_db()
    before = set(Notification.objects.values_list("pk", flat=True))
    queue()  # what the submission queued
    with time_machine.travel(petition.due_date, tick=False):
        app.loader.import_default_modules()
        twice_at_once("citizens.deadline_reminders")
    reminders = Notification.objects.exclude(pk__in=before)
    assert list(reminders.values_list("kind", "recipient")) == [("reminder", clerk_a.email)]
    published = queue()
    assert published == Counter({("citizens.send_notification", (reminders.get().pk,)): 1})
