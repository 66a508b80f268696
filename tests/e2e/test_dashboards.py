"""A leader opens the dashboard, drills into a ward, generates a report with a real Celery
worker, and downloads it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login
from tests.helpers import pdf_text
from tests.support.services import PrivateRedis, Worker, celery_broker

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def celery_worker_process(demo_data, tmp_path, settings):
    """A real worker and a private Redis; the live server publishes to it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    redis = PrivateRedis().start()
    worker = Worker(redis, tmp_path / "worker.log", MEDIA_ROOT=str(settings.MEDIA_ROOT))
    try:
        with celery_broker(redis.broker_url):
            worker.wait_ready()
            yield worker
    finally:
        worker.stop()
        redis.stop()


def test_leader_compares_wards_drills_down_and_downloads_a_report(
    page, celery_worker_process, tmp_path
):
    login(page, "lanhdao.q1")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    table = page.get_by_test_id("leadership-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    ntb = table.locator("tbody tr", has_text="Phường Nguyễn Thái Bình")
    expect(ntb).to_contain_text("98,68%")
    assert axe_violations(page) == []

    ntb.get_by_role("link", name="Phường Nguyễn Thái Bình").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Nguyễn Thái Bình")
    expect(page.get_by_test_id("expenditure-pct")).to_have_text("98,68%")
    expect(page.get_by_text("Chỉ xem").first).to_be_visible()

    page.goto("/reports/")
    form = page.locator("form[action='/reports/request/']")
    form.get_by_label("Đơn vị").select_option(label="Phường Nguyễn Thái Bình")
    form.get_by_label("Loại báo cáo").select_option("ward")
    form.get_by_label("Kỳ báo cáo").select_option("year")
    form.get_by_label("Năm").fill("2022")
    form.get_by_role("button", name="Tạo báo cáo").click()
    # The page follows the report's progress and shows the downloads when the worker is done.
    download_link = page.get_by_role("link", name="Tải PDF")
    expect(download_link).to_be_visible(timeout=90_000)
    with page.expect_download() as download_info:
        download_link.click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path)
    for figure in ["3.124.335.200", "11.756.978.705", "11.914.837.000", "98,68%"]:
        assert figure in text


def test_city_leader_reaches_a_predecessor_wards_2022_budget_through_its_history(page, demo_data):
    """lanhdao.hcm opens the city's units for 2026, drills into Phường Bến Thành (since
    01/7/2025), and reaches Phường Nguyễn Thái Bình's 2022 budget through the ward's history."""
    login(page, "lanhdao.hcm")
    page.goto("/dashboard/?period=year&year=2026")
    expect(page.locator("h1")).to_contain_text("Thành phố Hồ Chí Minh")
    assert page.locator("table tbody tr").count() == 168
    page.locator("table a", has_text=re.compile(r"^Phường Bến Thành$")).click()
    expect(page.locator("h1")).to_have_text("Phường Bến Thành")
    history = page.locator("#lineage + p + ul")
    expect(history).to_contain_text("nhập một phần")
    history.get_by_role("link", name="Phường Nguyễn Thái Bình").click()
    expect(page.locator("h1")).to_have_text("Phường Nguyễn Thái Bình")
    expect(page.locator(".message")).to_contain_text("năm gần nhất có số liệu")
    page.get_by_role("link", name="2022", exact=True).click()
    expect(page.get_by_test_id("expenditure-pct")).to_have_text("98,68%")
    assert axe_violations(page) == []
