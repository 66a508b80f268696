"""A real Celery worker generates a report; killed mid-report, the next worker finishes it,
and there is exactly one finished report."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.models import Report, ReportKind, ReportStatus
from reports.tasks import generate_report
from tests.helpers import pdf_text, wait_for
from tests.support.services import PrivateRedis, Worker
from ward_portal.celery import app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.xdist_group("worker"),
    pytest.mark.django_db(transaction=True),
]


def status(report):
    report.refresh_from_db()
    return report.status


def test_killed_worker_leaves_exactly_one_finished_report(ward_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    redis = PrivateRedis().start()
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    # A short visibility timeout so the killed worker's task comes back within seconds.
    common = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "CELERY_VISIBILITY_TIMEOUT": "6",
              "CELERY_RESTORE_INTERVAL": "1"}  # fmt: skip
    # The first worker pauses each report between rendering and writing its files.
    first = Worker(
        redis, tmp_path / "worker1.log", entry="tests.support.slow_report_worker", **common
    )
    second = None
    try:
        first.wait_ready()
        with app.connection_for_write(redis.broker_url) as connection:
            generate_report.apply_async(args=[report.pk, 1], connection=connection)
        wait_for(lambda: status(report) == ReportStatus.RUNNING, 30, "the report never started")
        first.kill()  # mid-report: the files are not written yet
        assert status(report) == ReportStatus.RUNNING
        assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

        second = Worker(redis, tmp_path / "worker2.log", **common)
        second.wait_ready()
        wait_for(
            lambda: status(report) == ReportStatus.DONE,
            60,
            f"the task was not redelivered:\n{(tmp_path / 'worker2.log').read_text()[-3000:]}",
        )
    finally:
        first.stop()
        if second:
            second.stop()
        redis.stop()

    assert Report.objects.filter(status=ReportStatus.DONE).count() == 1
    assert report.attempts == 2  # claimed by the killed worker, then by the second
    pdfs = list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    xlsxs = list(Path(settings.MEDIA_ROOT).rglob("*.xlsx"))
    assert len(pdfs) == 1 and len(xlsxs) == 1
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.tmp"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(pdfs[0])
    assert load_workbook(xlsxs[0]).sheetnames == [
        "Tóm tắt", "Ngân sách", "Chỉ tiêu", "Phản ánh kiến nghị", "Cuộc họp nhiệm vụ"
    ]  # fmt: skip
