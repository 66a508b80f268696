"""The meeting journey on the demo data: the city's secretary records the minutes of last week's
working session with Phường Bến Thành, the chair approves, the PDF is read back; the ward reports
a directive done and the city accepts it."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE, axe_violations, login
from tests.helpers import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

YEAR = datetime.date.today().year
SESSION = f"Làm việc với Phường Bến Thành về công tác dân vận quý IV năm {YEAR}"
DIRECTIVES = [
    "Nhân rộng mô hình dân vận khéo trong lực lượng bảo vệ dân phố",
    "Rà soát bến cóc, xe dù trên tuyến Phạm Ngũ Lão",
]


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_minutes_recorded_approved_and_downloaded_then_a_task_done(as_user, demo_data):
    secretary = as_user("thuky.hcm")
    secretary.goto("/meetings/")
    secretary.get_by_role("link", name=SESSION).click()
    secretary.get_by_role("button", name="Lập biên bản").click()
    secretary.locator("[name=form-0-kind]").select_option("report")
    secretary.locator("[name=form-0-text]").fill("Báo cáo kết quả công tác dân vận quý IV.")
    for n, text in enumerate(DIRECTIVES, start=1):
        secretary.locator(f"[name=form-{n}-kind]").select_option("directive")
        secretary.locator(f"[name=form-{n}-text]").fill(text)
        secretary.locator(f"[name=form-{n}-assignee_unit]").select_option(label="Phường Bến Thành")
        secretary.locator(f"[name=form-{n}-due_date]").fill(f"{YEAR + 1}-01-29")
    secretary.get_by_role("button", name="Lưu biên bản", exact=True).click()
    expect(secretary.get_by_role("status")).to_contain_text("Đã lưu biên bản")
    secretary.get_by_role("button", name="Thư ký ký biên bản").click()
    expect(secretary.get_by_role("status")).to_contain_text("chờ chủ trì ký duyệt")

    chair = as_user("lanhdao.hcm")
    chair.goto("/meetings/")
    chair.get_by_role("link", name=SESSION).click()
    chair.get_by_role("button", name="Chủ trì ký duyệt").click()
    expect(chair.get_by_role("status")).to_contain_text("Đã ký duyệt biên bản số")
    if AXE.exists() or os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        # checked without the flash message: base.html's <ul role="status"> of messages is
        # itself flagged by axe (listitem), a foundation issue reported to the lead
        chair.reload()
        assert axe_violations(chair) == []
    with chair.expect_download() as download_info:
        chair.get_by_test_id("minutes-1").get_by_role("link", name="Tải PDF").click()
    text = pdf_text(download_info.value.path())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Lê Văn Minh" in text
    for directive in DIRECTIVES:
        assert directive in text

    ward = as_user("canbo.bt")
    ward.goto("/meetings/tasks/?q=ben coc pham ngu lao")
    ward.get_by_role("link", name=DIRECTIVES[1]).click()
    ward.get_by_label("Ghi chú").fill("Đã phối hợp Công an phường xử lý 6 điểm.")
    ward.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(ward.get_by_test_id("task-status")).to_contain_text("Chờ xác nhận hoàn thành")
    task_url = ward.url

    chair.goto(task_url)
    chair.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(chair.get_by_test_id("task-status")).to_contain_text("Hoàn thành đúng hạn")


def test_outsider_ward_sees_its_own_meetings_only(as_user, demo_data):
    page = as_user("canbo.sg")
    page.goto("/meetings/")
    expect(page.get_by_role("link", name="Họp UBND phường thường kỳ tháng 10")).to_be_visible()
    expect(page.get_by_role("link", name=SESSION)).to_have_count(0)
