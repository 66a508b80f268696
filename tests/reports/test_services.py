from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from tests.helpers import queued, rolled_back
from ward_portal.periods import Period

pytestmark = pytest.mark.django_db
YEAR_2022 = Period("year", 2022)


def test_a_second_request_returns_the_first(ward_a, clerk_a):
    with mock.patch.object(services, "enqueue_generation"):
        with transaction.atomic():
            first = services.report_request(unit=ward_a, kind=ReportKind.WARD, period=YEAR_2022)
        with transaction.atomic():
            second = services.report_request(
                unit=ward_a, kind=ReportKind.WARD, period=YEAR_2022, user=clerk_a
            )
    assert first.pk == second.pk
    assert Report.objects.count() == 1


def test_queued_on_commit_not_on_rollback(ward_a, django_capture_on_commit_callbacks):
    with mock.patch.object(services, "enqueue_generation") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(unit=ward_a, kind=ReportKind.WARD, period=YEAR_2022)
        enqueue.assert_called_once_with(report.pk, 1)
        enqueue.reset_mock()
        with django_capture_on_commit_callbacks(execute=True) as callbacks, rolled_back():
            services.report_request(unit=ward_a, kind=ReportKind.PETITIONS, period=YEAR_2022)
        assert callbacks == []
        enqueue.assert_not_called()
    assert not Report.objects.filter(kind=ReportKind.PETITIONS).exists()


def test_regenerating_a_finished_report_bumps_its_generation(
    ward_a, django_capture_on_commit_callbacks
):
    report = Report.objects.create(
        unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022, status=ReportStatus.DONE
    )
    with (
        mock.patch.object(services, "enqueue_generation") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.report_request(
            unit=ward_a, kind=ReportKind.WARD, period=YEAR_2022, regenerate=True
        )
    report.refresh_from_db()
    assert (report.status, report.generation) == (ReportStatus.PENDING, 2)
    enqueue.assert_called_once_with(report.pk, 2)


def test_a_request_while_running_does_not_queue_twice(ward_a, django_capture_on_commit_callbacks):
    Report.objects.create(
        unit=ward_a,
        kind=ReportKind.WARD,
        period_kind="year",
        year=2022,
        status=ReportStatus.RUNNING,
    )
    with (
        mock.patch.object(services, "enqueue_generation") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = services.report_request(
            unit=ward_a, kind=ReportKind.WARD, period=YEAR_2022, regenerate=True
        )
    assert report.generation == 1
    enqueue.assert_not_called()


def test_broker_down_leaves_the_report_pending_for_the_sweep(ward_a):
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    with mock.patch(
        "reports.tasks.generate_report.apply_async", side_effect=ConnectionError("down")
    ):
        assert services.enqueue_generation(report.pk, 1) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and report.queued_at is None


def test_claim_is_once_per_generation_and_never_after_done(ward_a):
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    assert services.report_claim(report_id=report.pk, generation=1)
    # A redelivered message after a worker died may claim a running report again...
    assert services.report_claim(report_id=report.pk, generation=1)
    # ...but not an older generation, and never a finished one.
    assert not services.report_claim(report_id=report.pk, generation=0)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)
    assert not services.report_claim(report_id=report.pk, generation=1)


def test_write_atomically_replaces_whole_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.write_atomically("reports/x/a.pdf", b"old")
    services.write_atomically("reports/x/a.pdf", b"new")
    target = Path(tmp_path) / "reports/x/a.pdf"
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]  # no temporary left behind


def test_demo_reports_are_requested_once(ward_a, district):
    from reports import demo

    with mock.patch.object(services, "enqueue_generation"):
        demo.seed()
        demo.seed()
    assert Report.objects.count() == 4
    assert Report.objects.filter(unit=district, kind=ReportKind.CONSOLIDATED, year=2022).exists()


def test_sweep_queues_exactly_the_reports_left_behind(ward_a, settings):
    from datetime import timedelta

    from django.utils import timezone

    from reports import tasks

    now = timezone.now()
    long_ago = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)

    def report(year, status, **fields):
        return Report.objects.create(
            unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=year, status=status,
            **fields,
        ).pk  # fmt: skip

    never_queued = report(2020, ReportStatus.PENDING)
    lost = report(2021, ReportStatus.PENDING, queued_at=now - timedelta(minutes=10))
    dead_worker = report(2022, ReportStatus.RUNNING, started_at=long_ago)
    report(2023, ReportStatus.PENDING, queued_at=now - timedelta(minutes=1))  # give it time
    report(2024, ReportStatus.RUNNING, started_at=now)
    report(2025, ReportStatus.DONE)
    report(2019, ReportStatus.FAILED)
    with mock.patch.object(tasks.generate_report, "apply_async") as apply_async:
        assert services.reports_sweep() == 3
    assert sorted(queued(apply_async)) == sorted([(never_queued, 1), (lost, 1), (dead_worker, 1)])
    assert Report.objects.get(pk=dead_worker).status == ReportStatus.PENDING
    assert Report.objects.filter(queued_at__gte=now).count() == 3
