"""A worker killed (SIGKILL, the whole worker: a machine lost) while it builds a report: the
report's lease runs out, the sweep queues it again, the restarted worker builds it, and it is
finished exactly once. Within 2 minutes with the default lease (60 s) and the sweep every
minute; here the lease is short so that the test is quick. The broker's visibility timeout
stays at its hour: the report does not wait for Redis to hand the task on."""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from reports.tasks import generate_report
from tests.helpers import wait_for
from tests.support.services import PrivateRedis, Worker, celery_broker
from ward_portal.celery import app

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEASE = 3  # seconds


def fresh(report):
    report.refresh_from_db()
    return report


def test_killed_worker_report_is_built_again_once_after_its_lease(ward_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_LEASE_SECONDS = LEASE
    redis = PrivateRedis().start()
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    common = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "REPORT_LEASE_SECONDS": str(LEASE)}
    assert app.conf.broker_transport_options["visibility_timeout"] >= 3600
    first = Worker(redis, tmp_path / "w1.log", entry="tests.support.slow_report_worker", **common)
    second = None
    try:
        first.wait_ready()
        with app.connection_for_write(redis.broker_url) as connection:
            generate_report.apply_async(args=[report.pk, 1], connection=connection)
        wait_for(lambda: fresh(report).status == ReportStatus.RUNNING, 60, "never started")
        # Alive, the builder keeps its lease: the sweep leaves it alone.
        time.sleep(2 * LEASE)
        assert fresh(report).lease_until > timezone.now()
        with celery_broker(redis.broker_url):
            assert services.reports_sweep() == 0

        first.kill()  # mid-report: its files are not written yet
        killed = time.monotonic()
        assert fresh(report).status == ReportStatus.RUNNING
        second = Worker(redis, tmp_path / "w2.log", **common)
        second.wait_ready()
        # Beat's sweep, every second here (every minute in production).
        running_again = None
        with celery_broker(redis.broker_url):
            while fresh(report).status != ReportStatus.DONE:
                assert time.monotonic() - killed < 120, (tmp_path / "w2.log").read_text()[-3000:]
                if running_again is None and report.attempts == 2:
                    running_again = time.monotonic() - killed
                services.reports_sweep()
                time.sleep(1)
            assert services.reports_sweep() == 0
    finally:
        first.stop()
        if second:
            second.stop()
        redis.stop()

    # Lease (3 s) and a sweep: seconds, not the task time limit (15 min) or the visibility
    # timeout (1 h).
    assert running_again is None or running_again < 4 * LEASE
    assert Report.objects.filter(status=ReportStatus.DONE).count() == 1
    assert report.attempts == 2  # the killed worker's claim, then the second worker's
    assert len(list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))) == 1
    assert len(list(Path(settings.MEDIA_ROOT).rglob("*.xlsx"))) == 1
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.tmp"))
