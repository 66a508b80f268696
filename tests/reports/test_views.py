from unittest import mock

import pytest

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from tests.helpers import assert_not_found_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(ward_a):
    return Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)


def test_list_shows_only_reports_of_visible_units(clerk_b_client, report_a, ward_b):
    Report.objects.create(unit=ward_b, kind=ReportKind.WARD, period_kind="year", year=2022)
    html = clerk_b_client.get("/reports/").content.decode()
    assert "Phường Bến Nghé" in html
    assert f"/reports/{report_a.pk}/" not in html


def test_request_from_the_page_creates_one_report_and_redirects(clerk_a_client, ward_a):
    form = {"unit": ward_a.pk, "kind": "ward", "period_kind": "year", "year": 2022, "number": 1}
    with mock.patch.object(services, "enqueue_generation"):
        first = clerk_a_client.post("/reports/request/", form)
        second = clerk_a_client.post("/reports/request/", form)
    report = Report.objects.get()
    assert first["Location"] == second["Location"] == f"/reports/{report.pk}/"
    assert report.requested_by.username == "clerk_a"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "consolidated"}, "Báo cáo tổng hợp chỉ lập cho đơn vị cấp trên"),
        ({"period_kind": "quarter", "number": 7}, "Kỳ báo cáo không hợp lệ"),
        ({"year": "hai nghìn"}, "Nhập năm bằng chữ số"),
        ({"year": 2099}, "Kỳ báo cáo này chưa bắt đầu"),
    ],
)
def test_bad_requests_say_why_and_create_nothing(clerk_a_client, ward_a, change, message):
    form = {"unit": ward_a.pk, "kind": "ward", "period_kind": "year", "year": 2022, "number": 1}
    response = clerk_a_client.post("/reports/request/", form | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_cannot_request_for_another_ward(clerk_b_client, ward_a):
    form = {"unit": ward_a.pk, "kind": "ward", "period_kind": "year", "year": 2022, "number": 1}
    assert clerk_b_client.post("/reports/request/", form).status_code == 400
    assert not Report.objects.exists()


def test_another_wards_report_is_a_404_everywhere(clerk_b_client, report_a):
    for suffix in ["", "status.json", "download/pdf/"]:
        assert_not_found_for(clerk_b_client, f"/reports/{report_a.pk}/{suffix}")
    for suffix in ["regenerate/", "subscribe/"]:
        assert_not_found_for(clerk_b_client, f"/reports/{report_a.pk}/{suffix}", method="post")


def test_download_serves_the_finished_file(clerk_a_client, report_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.write_atomically("reports/26746/x.pdf", b"%PDF-1.7 test")
    Report.objects.filter(pk=report_a.pk).update(
        status=ReportStatus.DONE, pdf_file="reports/26746/x.pdf"
    )
    response = clerk_a_client.get(f"/reports/{report_a.pk}/download/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert clerk_a_client.get(f"/reports/{report_a.pk}/download/xlsx/").status_code == 404


def test_subscription_toggles(clerk_a_client, clerk_a, report_a):
    clerk_a_client.post(f"/reports/{report_a.pk}/subscribe/")
    assert clerk_a.report_subscriptions.count() == 1
    clerk_a_client.post(f"/reports/{report_a.pk}/subscribe/")
    assert clerk_a.report_subscriptions.count() == 0


def test_failed_report_shows_its_error(clerk_a_client, report_a):
    Report.objects.filter(pk=report_a.pk).update(
        status=ReportStatus.FAILED, error="ValueError: boom"
    )
    html = clerk_a_client.get(f"/reports/{report_a.pk}/").content.decode()
    assert "ValueError: boom" in html


def test_request_form_opens_with_a_report_that_fits_the_persons_unit(
    upper_leader_client, clerk_a_client, district
):
    form = upper_leader_client.get("/reports/").context["request_form"]
    assert form["unit"].value() == district.pk
    assert form["kind"].value() == ReportKind.CONSOLIDATED
    assert clerk_a_client.get("/reports/").context["request_form"]["kind"].value() in (None, "")


def test_upper_leader_reads_a_wards_report_but_cannot_regenerate_it(upper_leader_client, report_a):
    Report.objects.filter(pk=report_a.pk).update(status=ReportStatus.DONE)
    page = upper_leader_client.get(f"/reports/{report_a.pk}/")
    assert page.status_code == 200
    assert f"/reports/{report_a.pk}/regenerate/" not in page.content.decode()
    with mock.patch.object(services, "enqueue_generation") as enqueue:
        response = upper_leader_client.post(f"/reports/{report_a.pk}/regenerate/", follow=True)
        again = upper_leader_client.post(
            "/reports/request/",
            {
                "unit": report_a.unit_id,
                "kind": "ward",
                "period_kind": "year",
                "year": 2022,
                "number": 1,
                "regenerate": "1",
            },
        )
    assert "cấp trên chỉ xem" in response.content.decode()
    assert again.status_code == 400 and "cấp trên chỉ xem" in again.content.decode()
    report_a.refresh_from_db()
    assert (report_a.status, report_a.generation) == (ReportStatus.DONE, 1)
    enqueue.assert_not_called()


def test_ward_clerk_regenerates_a_draft(clerk_a_client, report_a):
    Report.objects.filter(pk=report_a.pk).update(status=ReportStatus.DONE)
    with mock.patch.object(services, "enqueue_generation"):
        clerk_a_client.post(f"/reports/{report_a.pk}/regenerate/")
    report_a.refresh_from_db()
    assert (report_a.status, report_a.generation) == (ReportStatus.PENDING, 2)
