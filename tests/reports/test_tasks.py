from unittest import mock

import pytest
import time_machine
from django.core import mail

from reports import services, tasks
from reports.models import Report, ReportKind, ReportStatus, ReportSubscription
from tests.helpers import queued
from tests.reports.factories import generate
from ward_portal.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(ward_a):
    return Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)


def test_running_the_task_twice_builds_once(report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert generate(report) == "done"
    assert generate(report) == "skipped"
    assert (report.status, report.attempts) == (ReportStatus.DONE, 1)
    assert (tmp_path / report.pdf_file).exists() and (tmp_path / report.xlsx_file).exists()


def test_a_failure_is_recorded_and_retried_with_backoff_then_final(report):
    boom = RuntimeError("no data")
    with (
        mock.patch.object(services, "report_build", side_effect=boom),
        mock.patch.object(
            tasks.generate_report, "retry", side_effect=RuntimeError("retry")
        ) as retry,
    ):
        with pytest.raises(RuntimeError, match="retry"):
            tasks.generate_report.apply(args=[report.pk, 1], throw=True).get()
        assert retry.call_args.kwargs["countdown"] == 30
        report.refresh_from_db()
        assert report.status == ReportStatus.PENDING and "no data" in report.error

        # The last allowed attempt marks the report failed, visibly, and stops retrying.
        result = tasks.generate_report.apply(
            args=[report.pk, 1], retries=tasks.MAX_RETRIES, throw=True
        ).get()
    assert result == "failed"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "RuntimeError: no data" in report.error


def test_subscribers_are_emailed_once_per_generation(report, clerk_a, leader_a):
    ReportSubscription.objects.create(user=clerk_a, unit=report.unit, kind=report.kind)
    ReportSubscription.objects.create(user=leader_a, unit=report.unit, kind=report.kind)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)
    assert tasks.notify_subscribers(report.pk, 1) == 2
    assert tasks.notify_subscribers(report.pk, 1) == 0
    assert len(mail.outbox) == 2
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others


@time_machine.travel("2026-12-17 06:00 +07:00")
def test_schedule_requests_each_units_reports_once(
    ward_a, ward_b, district, province, clerk_a, clerk_b, upper_leader
):
    with mock.patch.object(services, "enqueue_generation"):
        tasks.request_scheduled("year")
        tasks.request_scheduled("year")  # a second beat, or a retry
    period = Period("year", 2026)
    # Two reports each for the two wards and the district, where staff work; none for the
    # province, where nobody does (the official tree holds every unit of the country).
    assert Report.objects.filter(period_kind="year", year=2026).count() == 6
    assert not Report.objects.filter(unit=province).exists()
    assert Report.objects.filter(unit=ward_a, kind=ReportKind.WARD, year=period.year).count() == 1
    assert Report.objects.filter(unit=district, kind=ReportKind.CONSOLIDATED).count() == 1


@time_machine.travel("2026-11-17 06:00 +07:00")
def test_schedule_skips_periods_that_did_not_close_this_month(ward_a):
    assert tasks.request_scheduled("quarter") == 0
    assert not Report.objects.exists()


def test_sweep_queues_pending_reports_left_behind(report):
    with mock.patch.object(tasks.generate_report, "apply_async") as apply_async:
        assert tasks.sweep() == 1
    assert queued(apply_async) == [(report.pk, 1)]
    report.refresh_from_db()
    assert report.queued_at is not None
    with mock.patch.object(tasks.generate_report, "apply_async") as apply_async:
        assert tasks.sweep() == 0  # queued a moment ago: give the worker time


@time_machine.travel("2026-12-17 06:00 +07:00")
def test_schedule_skips_units_that_no_longer_exist(
    ward_a, district, clerk_a, clerk_b, upper_leader
):
    from datetime import date

    from ward_portal.models import AdministrativeUnit

    # Districts were abolished on 01/7/2025: no 2026 report for them or their old wards.
    AdministrativeUnit.objects.filter(pk__in=[ward_a.pk, district.pk]).update(
        valid_to=date(2025, 6, 30)
    )
    with mock.patch.object(services, "enqueue_generation"):
        tasks.request_scheduled("year")
    assert not Report.objects.filter(unit__in=[ward_a, district]).exists()
    assert Report.objects.filter(year=2026, unit__code="26740").exists()  # ward B still reports
