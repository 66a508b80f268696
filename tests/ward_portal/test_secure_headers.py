"""Headers on every response (ward_portal.middleware.SecureHeadersMiddleware and Django's
SecurityMiddleware): Permissions-Policy everywhere; no-store on staff pages and file downloads,
not on the public budget pages or static files; HSTS over TLS."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from reports import services as report_services
from reports.models import Report, ReportKind, ReportStatus
from tests.budget.factories import FiscalYearFactory

pytestmark = pytest.mark.django_db

POLICY = "camera=(), microphone=(), geolocation=()"


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response.headers
    assert response["Pragma"] == "no-cache"


def assert_cacheable(response):
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def test_staff_page_is_not_stored_and_denies_camera_microphone_location(clerk_a_client):
    response = clerk_a_client.get("/citizens/")
    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY
    assert_not_stored(response)


def test_report_download_is_not_stored(clerk_a_client, ward_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report_services.write_atomically("reports/x.pdf", b"%PDF-1.7 test")
    report = Report.objects.create(
        unit=ward_a,
        kind=ReportKind.WARD,
        period_kind="year",
        year=2022,
        status=ReportStatus.DONE,
        pdf_file="reports/x.pdf",
    )
    response = clerk_a_client.get(f"/reports/{report.pk}/download/pdf/")
    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY
    assert_not_stored(response)


def test_budget_export_is_not_stored(clerk_a_client, ward_a):
    FiscalYearFactory(unit=ward_a, year=2022)
    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.csv?year=2022")
    assert response.status_code == 200, response.status_code
    assert_not_stored(response)


def test_citizens_case_page_and_login_are_not_stored(citizen_client):
    assert_not_stored(citizen_client.get("/feedback/"))
    assert_not_stored(citizen_client.get("/accounts/login/"))


def test_public_budget_page_may_be_cached_but_has_the_policy(citizen_client, ward_a):
    response = citizen_client.get("/public/")
    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY
    assert_cacheable(response)


def test_public_page_seen_by_staff_is_not_stored(clerk_a_client):
    assert_not_stored(clerk_a_client.get("/public/"))


def test_static_file_may_be_cached(citizen_client):
    response = citizen_client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY
    assert_cacheable(response)


def test_hsts_only_over_tls(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert "Strict-Transport-Security" not in Client().get("/healthz")
    response = Client().get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    ("site_url", "extra", "seconds"),
    [
        ("https://phuong.example.vn", {}, "31536000"),
        ("http://localhost:8000", {}, "0"),
        ("https://phuong.example.vn", {"SECURE_HSTS_SECONDS": "600"}, "600"),
    ],
)
def test_hsts_is_on_by_default_when_the_site_is_https(site_url, extra, seconds):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_HSTS")}
    env |= {"SITE_URL": site_url, **extra}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from ward_portal import settings; print(settings.SECURE_HSTS_SECONDS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == seconds, result.stderr
