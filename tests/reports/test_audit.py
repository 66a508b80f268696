"""Reports in the audit log (ward_portal/audit.py): a request from the page and a download."""

import pytest

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from ward_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_requesting_a_report_is_a_create_by_the_clerk(clerk_a_client, clerk_a, ward_a):
    form = {"unit": ward_a.pk, "kind": "ward", "period_kind": "year", "year": 2022, "number": 1}
    clerk_a_client.post("/reports/request/", form)  # queued after commit: never, in a test
    report = Report.objects.get()
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert (entry.action, entry.actor_id, entry.unit_id) == ("create", clerk_a.pk, ward_a.pk)


def test_a_download_is_logged_with_its_format(clerk_a_client, clerk_a, ward_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    services.write_atomically("reports/26746/x.pdf", b"%PDF-1.7 test")
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE, pdf_file="reports/26746/x.pdf"
    )
    assert clerk_a_client.get(f"/reports/{report.pk}/download/pdf/").status_code == 200
    entry = AuditEntry.objects.get(action="download")
    assert (entry.actor_id, entry.unit_id, entry.object_id, entry.after) == (
        clerk_a.pk,
        ward_a.pk,
        str(report.pk),
        {"format": "pdf"},
    )
    assert clerk_a_client.get(f"/reports/{report.pk}/download/xlsx/").status_code == 404
    assert AuditEntry.objects.filter(action="download").count() == 1
