"""Issuing (ban hành) a finished report: only the unit's leader, numbered in the unit's register
from 01 each year without gaps or repeats, the files made again with the number and the day of
issue, and final afterwards (no regeneration)."""

from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from tests.helpers import pdf_text
from tests.reports.factories import finished_report, generate

pytestmark = pytest.mark.django_db


def test_leader_issues_with_the_next_number_and_the_pdf_carries_it(
    ward_a, leader_a, clerk_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    first, second = finished_report(ward_a, year=2021), finished_report(ward_a, year=2022)
    with pytest.raises(PermissionDenied):
        services.report_issue(report=first, user=clerk_a)
    with (
        time_machine.travel("2026-12-03 10:00 +0700", tick=False),
        mock.patch.object(services, "enqueue_generation") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.report_issue(report=first, user=leader_a)
        second = services.report_issue(report=second, user=leader_a)
    assert (first.document_number, second.document_number) == (1, 2)
    assert first.status == ReportStatus.PENDING and enqueue.call_count == 2
    with pytest.raises(services.ValidationError):  # once
        services.report_issue(report=first, user=leader_a)

    assert generate(first) == "done"
    text = pdf_text(tmp_path / first.pdf_file)
    assert "Số: 01/BC-UBND" in text
    assert "ngày 03 tháng 12 năm 2026" in text  # the day of issue

    # Final: a regeneration request leaves it as issued.
    with (
        mock.patch.object(services, "enqueue_generation") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = services.report_request(
            unit=ward_a, kind=first.kind, period=first.period, regenerate=True
        )
    assert again.pk == first.pk and again.status == ReportStatus.DONE
    enqueue.assert_not_called()


def test_only_a_finished_report_is_issued_and_the_page_offers_it_to_the_leader_only(
    ward_a, leader_a_client, clerk_a_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pending = Report.objects.create(
        unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2021
    )
    leader_a_client.post(f"/reports/{pending.pk}/issue/")
    pending.refresh_from_db()
    assert pending.document_number is None

    report = finished_report(ward_a)
    assert (
        "Ban hành (cấp số văn bản)"
        not in clerk_a_client.get(f"/reports/{report.pk}/").content.decode()
    )
    assert (
        "Ban hành (cấp số văn bản)"
        in leader_a_client.get(f"/reports/{report.pk}/").content.decode()
    )
    clerk_a_client.post(f"/reports/{report.pk}/issue/")
    report.refresh_from_db()
    assert report.document_number is None
    with mock.patch.object(services, "enqueue_generation"):
        leader_a_client.post(f"/reports/{report.pk}/issue/")
    report.refresh_from_db()
    assert report.document_number == 1 and report.issued_at
    page = leader_a_client.get(f"/reports/{report.pk}/").content.decode()
    assert "Số 01/BC-UBND" in page and "Tạo lại với số liệu mới nhất" not in page


def test_an_unfinished_report_is_refused_in_words(ward_a, leader_a):
    pending = Report.objects.create(
        unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2021
    )
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.report_issue(report=pending, user=leader_a)
    assert refused.value.messages == ["Chỉ ban hành báo cáo đã tạo xong."]


def test_report_numbers_given_before_the_registers_wrote_them_are_written_out(ward_a):
    """Migration reports/0004 writes "05/BC-UBND" for reports issued before number_text."""
    from importlib import import_module

    from django.apps import apps

    report = finished_report(ward_a, year=2022)
    Report.objects.filter(pk=report.pk).update(document_number=5, number_text="")
    import_module("reports.migrations.0004_number_text").written_numbers(apps, None)
    report.refresh_from_db()
    assert report.number_label == "05/BC-UBND"
