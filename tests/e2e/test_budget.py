"""The clerk's journey: read the predecessor ward's 2022 book (read-only), record an entry in
the ward's own book, see the overview change, export it, read the file."""

import datetime
import os

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import AXE, axe_violations, login
from tests.helpers import records
from ward_portal.models import AdministrativeUnit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _money(text: str) -> int:
    return int(text.replace(".", "").replace("đ", "").strip())


def test_clerk_records_an_entry_and_exports_the_overview(page, demo_data, tmp_path):
    # Phường Bến Thành's clerk reads the 2022 book of Phường Nguyễn Thái Bình, which it partly
    # took over on 01/7/2025: the article's figures, read-only.
    ntb = AdministrativeUnit.objects.get(code="26746")
    bt = AdministrativeUnit.objects.get(code="26743", valid_from__isnull=False)
    login(page, "canbo.bt")
    page.goto(f"/budget/units/{ntb.pk}/?year=2022")
    assert page.locator("[data-value=revenue-actual]").inner_text() == "3.124.335.200"
    assert page.locator("[data-value=expenditure-actual]").inner_text() == "11.756.978.705"
    assert page.locator("[data-value=expenditure-estimate]").inner_text() == "11.914.837.000"
    assert page.locator("[data-value=expenditure-pct]").inner_text() == "98,68%"
    page.get_by_role("link", name="Quản lý nhà nước").click()
    assert page.get_by_label("Số chứng từ").count() == 0  # nothing to record in a closed past

    year = datetime.date.today().year
    page.goto(f"/budget/units/{bt.pk}/?year={year}")
    before = _money(page.locator("[data-value=expenditure-actual]").inner_text())
    page.get_by_role("link", name="Quản lý nhà nước").click()
    page.get_by_label("Ngày chứng từ").fill(datetime.date.today().isoformat())
    page.get_by_label("Số chứng từ").fill("PC-26-9001")
    page.get_by_label("Nội dung").fill("Chi mua văn phòng phẩm quý IV")
    page.get_by_label("Số tiền (đồng)").fill("12.345.000")
    page.get_by_role("button", name="Ghi chứng từ").click()
    page.get_by_text("Đã ghi chứng từ.").wait_for()
    assert page.get_by_role("cell", name="PC-26-9001", exact=True).is_visible()

    page.goto(f"/budget/units/{bt.pk}/?year={year}")
    after = _money(page.locator("[data-value=expenditure-actual]").inner_text())
    assert after == before + 12_345_000

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (.xlsx)").click()
    path = tmp_path / "overview.xlsx"
    download.value.save_as(path)
    rows = records(list(load_workbook(path).active.values), header=2)
    total = next(r for r in rows if r["Nội dung"] == "Tổng chi ngân sách")
    assert total["Lũy kế thực hiện"] == after
    line = next(r for r in rows if r["Mã"] == "C2.11.1")
    assert line["Lũy kế thực hiện"] >= 12_345_000
    # axe-core comes from npm; without it the rest of the journey still runs (but not in CI)
    if AXE.exists() or os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        assert axe_violations(page) == []
