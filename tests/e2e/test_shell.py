import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def nav_labels(page):
    return (
        page.get_by_role("navigation", name="Điều hướng chính")
        .get_by_role("link")
        .all_inner_texts()
    )


@pytest.mark.parametrize(
    ("username", "home", "admin_link"),
    [
        # every commune of the city in 2025 (the latest closed year: the new Bến Thành and Sài
        # Gòn closed their half-year 2025 books), side by side: the official list has 273 wards
        # until 30/6/2025 and 168 communes from 01/7/2025, each with its own part of the year
        ("admin", "Thành phố Hồ Chí Minh", True),
        ("lanhdao.hcm", "Thành phố Hồ Chí Minh", False),
        ("lanhdao.q1", "Quận 1", False),  # its 10 wards, side by side
        ("pbt.q1", "Quận 1", False),
        ("lanhdao.ntb", "Phường Nguyễn Thái Bình", False),
        ("canbo.ntb", "Phường Nguyễn Thái Bình", False),
        ("canbo.bn", "Phường Bến Nghé", False),
        ("lanhdao.bt", "Phường Bến Thành", False),
        ("canbo.bt", "Phường Bến Thành", False),
        ("canbo.sg", "Phường Sài Gòn", False),
        ("lanhdao.sg", "Phường Sài Gòn", False),
        ("thuky.hcm", "Thành phố Hồ Chí Minh", False),
        ("thuky.q1", "Quận 1", False),  # a role kept at an ended unit: its history, read-only
    ],
)
def test_each_demo_user_logs_in_and_sees_their_navigation(
    page, demo_data, username, home, admin_link
):
    login(page, username)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    labels = nav_labels(page)
    assert labels[:5] == ["Tổng quan", "Ngân sách", "Cuộc họp", "Phản ánh, kiến nghị", "Báo cáo"]
    assert ("Quản trị hệ thống" in labels) is admin_link
    expect(page.get_by_role("heading", level=1)).to_contain_text(home)
    if username in ("admin", "lanhdao.hcm", "thuky.hcm", "lanhdao.q1", "pbt.q1", "thuky.q1"):
        rows = page.get_by_test_id("leadership-table").locator("tbody tr")
        expect(rows).to_have_count(10 if username.endswith(".q1") else 273 + 168)
    else:
        expect(page.get_by_test_id("leadership-table")).to_have_count(0)


def test_wrong_password_shows_a_clear_error(page, demo_data):
    login(page, "canbo.ntb", "sai-mat-khau")
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_switching_language_to_english_and_back(page, demo_data):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường lắng nghe người dân")
    page.get_by_label("Ngôn ngữ").select_option("en")  # submits itself (JavaScript)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ward is listening")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường lắng nghe người dân")


def test_landing_page_on_a_phone_has_no_horizontal_scroll(phone_page, demo_data):
    phone_page.goto("/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    expect(phone_page.get_by_role("link", name="Gửi phản ánh").first).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/dashboard/"])
def test_no_serious_accessibility_violations(page, demo_data, path):
    if path == "/dashboard/":
        login(page, "canbo.ntb")
    page.goto(path)
    assert axe_violations(page) == []


def test_every_main_page_passes_axe(page, demo_data):
    """axe-core on the pages people use daily, staff and public, with the demo data: no
    moderate, serious or critical violation (labels, names, contrast, landmarks)."""
    from budget.models import BudgetLine
    from citizens.models import Petition, Reception
    from meetings.models import Minutes, Task
    from ward_portal.models import AdministrativeUnit

    ntb = AdministrativeUnit.objects.get(code="26746")
    petition = Petition.objects.filter(unit=ntb).order_by("pk").first()
    line = BudgetLine.objects.filter(fiscal_year__unit=ntb, fiscal_year__year=2022).first()
    minutes = Minutes.objects.order_by("pk").first()
    staff = [
        "/dashboard/?year=2022",
        f"/budget/units/{ntb.pk}/?year=2022",
        f"/budget/lines/{line.pk}/",
        "/citizens/",
        f"/citizens/{petition.pk}/",
        "/citizens/new/",
        "/citizens/receptions/",
        f"/citizens/receptions/{Reception.objects.filter(unit=ntb).first().pk}/",
        "/meetings/",
        f"/meetings/{minutes.meeting_id}/",
        f"/meetings/minutes/{minutes.pk}/edit/",
        "/meetings/tasks/",
        f"/meetings/tasks/{Task.objects.filter(assignee_unit=ntb).first().pk}/",
        "/reports/",
    ]
    public = [
        "/feedback/?ward=26746",
        "/feedback/track/",
        f"/feedback/case/{petition.code}/{petition.secret}/",
        "/public/",
        "/public/26746/2022/Q1/",
    ]
    login(page, "canbo.ntb")
    found = {}
    for path in staff + public:
        page.goto(path)
        violations = axe_violations(page, impacts=("moderate", "serious", "critical"))
        if violations:
            found[path] = violations
    assert found == {}


def test_staff_pages_fit_a_phone_screen(phone_page, demo_data):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways on a
    375-pixel screen (long select options and hidden labels included)."""
    from citizens.models import Petition
    from meetings.models import Meeting
    from ward_portal.models import AdministrativeUnit

    ntb = AdministrativeUnit.objects.get(code="26746")
    login(phone_page, "canbo.ntb")
    paths = [
        "/dashboard/?year=2022",
        f"/budget/units/{ntb.pk}/?year=2022",
        "/citizens/",
        f"/citizens/{Petition.objects.filter(unit=ntb).first().pk}/",
        "/meetings/",
        f"/meetings/{Meeting.objects.filter(host_unit=ntb).first().pk}/",
        "/meetings/tasks/",
        "/reports/",
    ]
    widths = {}
    for path in paths:
        phone_page.goto(path)
        widths[path] = phone_page.evaluate("document.documentElement.scrollWidth")
    assert {path: w for path, w in widths.items() if w > 375} == {}
