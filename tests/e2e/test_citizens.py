import re

import pytest
from playwright.sync_api import expect

from tests.citizens.conftest import jpeg_with_gps
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(autouse=True)
def private_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "e2e-citizens",
        }
    }


def test_citizen_submits_on_a_phone_staff_resolve_citizen_rates(
    phone_page, page, demo_data, tmp_path
):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(jpeg_with_gps())
    p = phone_page
    # The poster of the old Phường Nguyễn Thái Bình (ended 30/6/2025) still carries its address:
    # the citizen chooses between the two wards that took it over.
    p.goto("/feedback/26746/")
    expect(p.get_by_text("hoạt động đến ngày 30/06/2025")).to_be_visible()
    p.get_by_role("link", name="Gửi đến Phường Bến Thành").click()
    assert p.url.endswith("/feedback/26743/")
    assert p.evaluate("document.documentElement.scrollWidth") <= 375
    expect(p.get_by_role("combobox", name="Phường, xã")).to_have_value("26743")
    p.get_by_label("Phản ánh, kiến nghị").check()
    p.get_by_label("Lĩnh vực").select_option(label="Môi trường, vệ sinh")
    p.get_by_label("Tiêu đề").fill("Rác tràn ra vỉa hè đường Ký Con")
    p.get_by_label("Nội dung").fill("Rác để tràn ra vỉa hè trước số 20 Ký Con từ hôm qua.")
    p.get_by_label("Ảnh, tài liệu").set_input_files(str(photo))
    p.get_by_role("textbox", name="Số điện thoại").fill("0903123456")
    p.get_by_label(re.compile("Tôi đồng ý")).check()
    p.get_by_role("button", name="Gửi").click()
    code = p.get_by_test_id("tracking-code").inner_text()
    assert re.fullmatch(r"BT-\d{4}-\d{6}", code)
    p.get_by_role("link", name="Xem hồ sơ").click()
    expect(p.get_by_test_id("case-status")).to_have_text("Đã tiếp nhận")
    case_url = p.url

    login(page, "lanhdao.bt")
    page.goto("/citizens/?q=ky+con")
    page.get_by_role("link", name=code).click()
    page.get_by_label("Kết quả phân loại").select_option("accepted")
    page.get_by_role("button", name="Lưu phân loại").click()
    page.get_by_label("Người xử lý").select_option(label="Đỗ Minh Tuấn")
    page.get_by_role("button", name="Giao", exact=True).click()
    page.get_by_role("button", name="Bắt đầu giải quyết").click()
    page.get_by_label("Trả lời người dân").fill("Phường đã thu gom rác và nhắc nhở các hộ.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã giải quyết")

    p.goto(case_url)
    expect(p.get_by_role("region", name="Trả lời của phường")).to_contain_text(
        "Phường đã thu gom rác"
    )
    p.get_by_label("Hài lòng", exact=True).check()
    p.get_by_role("button", name="Gửi đánh giá").click()
    expect(p.get_by_text("Bạn đã đánh giá:")).to_be_visible()
