import csv
import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from budget import services
from budget.choices import YearStatus
from budget.models import BudgetLine, Category, Entry
from tests.factories import UserFactory
from tests.helpers import assert_not_found_for, client_for, count_queries, records

from .factories import EntryFactory, FiscalYearFactory, LineFactory, category

pytestmark = pytest.mark.django_db
D = datetime.date


def _overview(client, unit, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2022, **params}.items())
    return client.get(f"/budget/units/{unit.pk}/?{query}")


def test_overview_shows_totals_and_the_tree(
    clerk_a_client, ward_a, line_a, revenue_line_a, clerk_a
):
    EntryFactory(line=line_a, amount=3_124_335_200, recorded_by=clerk_a)
    response = _overview(clerk_a_client, ward_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3.124.335.200" in html and "5.000.000.000" in html
    assert "Quản lý nhà nước" in html and f"/budget/lines/{line_a.pk}/" in html
    assert "62,49%" in html  # 3.124.335.200 / 5.000.000.000


def test_overview_filters_period_and_category(
    clerk_a_client, ward_a, line_a, revenue_line_a, clerk_a
):
    EntryFactory(line=line_a, date=D(2022, 2, 1), amount=111_000_000, recorded_by=clerk_a)
    EntryFactory(line=line_a, date=D(2022, 8, 1), amount=222_000_000, recorded_by=clerk_a)
    html = _overview(clerk_a_client, ward_a, period="q3").content.decode()
    assert "222.000.000" in html and "111.000.000" not in html.split("Lũy kế")[0]
    c2 = category("C2")
    html = _overview(clerk_a_client, ward_a, category=c2.pk).content.decode()
    assert "Phí, lệ phí" not in html
    assert _overview(clerk_a_client, ward_a, period="bogus").status_code == 404


def test_other_ward_gets_404_everywhere(clerk_b_client, ward_a, line_a, clerk_a, year_a):
    entry = EntryFactory(line=line_a, recorded_by=clerk_a)
    for url in [
        f"/budget/units/{ward_a.pk}/?year=2022",
        f"/budget/units/{ward_a.pk}/export.xlsx?year=2022",
        f"/budget/lines/{line_a.pk}/",
        f"/budget/entries/{entry.pk}/reverse/",
        f"/budget/years/{year_a.pk}/targets/",
        f"/budget/years/{year_a.pk}/import/",
    ]:
        assert_not_found_for(clerk_b_client, url)
    assert_not_found_for(
        clerk_b_client,
        f"/budget/lines/{line_a.pk}/entries/",
        method="post",
        data={"date": "2022-03-01", "voucher_number": "X", "description": "x", "amount": "1"},
    )
    assert_not_found_for(clerk_b_client, f"/budget/years/{year_a.pk}/close/", method="post")
    assert not Entry.objects.filter(voucher_number="X").exists()


def test_upper_level_reads_but_does_not_write(upper_leader_client, ward_a, line_a):
    assert _overview(upper_leader_client, ward_a).status_code == 200
    html = upper_leader_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    assert 'id="entry-form"' not in html
    response = upper_leader_client.post(
        f"/budget/lines/{line_a.pk}/entries/",
        {"date": "2022-03-01", "voucher_number": "X", "description": "x", "amount": "1"},
    )
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_clerk_records_an_entry_through_the_form(clerk_a_client, line_a, clerk_a):
    response = clerk_a_client.post(
        f"/budget/lines/{line_a.pk}/entries/",
        {
            "date": "2022-04-05",
            "voucher_number": "PC-0412",
            "description": "Chi văn phòng phẩm",
            "amount": "12.500.000",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.amount == 12_500_000 and entry.recorded_by == clerk_a
    html = clerk_a_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    assert "PC-0412" in html and "12.500.000" in html and "Ghi chứng từ thực hiện" in html


def test_bad_amount_shows_the_message_and_writes_nothing(clerk_a_client, line_a):
    response = clerk_a_client.post(
        f"/budget/lines/{line_a.pk}/entries/",
        {"date": "2022-04-05", "voucher_number": "PC-1", "description": "x", "amount": "12,5"},
    )
    assert response.status_code == 400
    assert "không có phần lẻ" in response.content.decode()
    assert not Entry.objects.exists()


def test_leader_approves_an_adjustment_through_the_page(clerk_a_client, leader_a_client, line_a):
    clerk_a_client.post(
        f"/budget/lines/{line_a.pk}/adjustments/",
        {
            "date": "2022-06-01",
            "decision_number": "77/QĐ-UBND",
            "reason": "Bổ sung",
            "amount": "-200.000.000",
        },
    )
    adjustment = line_a.adjustments.get()
    assert adjustment.amount == -200_000_000
    clerk_a_client.post(f"/budget/adjustments/{adjustment.pk}/decide/", {"decision": "approve"})
    adjustment.refresh_from_db()
    assert adjustment.status == "proposed"  # the clerk cannot approve
    leader_a_client.post(f"/budget/adjustments/{adjustment.pk}/decide/", {"decision": "approve"})
    adjustment.refresh_from_db()
    assert adjustment.status == "approved"
    html = leader_a_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    assert "4.800.000.000" in html and "77/QĐ-UBND" in html


def test_closed_year_refuses_the_form(clerk_a_client, line_a):
    line_a.fiscal_year.status = YearStatus.CLOSED
    line_a.fiscal_year.save()
    html = clerk_a_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    assert 'id="entry-form"' not in html
    response = clerk_a_client.post(
        f"/budget/lines/{line_a.pk}/entries/",
        {"date": "2022-04-05", "voucher_number": "PC-1", "description": "x", "amount": "1.000"},
    )
    assert response.status_code == 400 and "khóa sổ" in response.content.decode()
    assert not Entry.objects.exists()


def _big_books(year_a, clerk_a, lines: int, entries_per_line: int, prefix: str):
    parent = category("C2.13", year_a.year)
    categories = Category.objects.bulk_create(
        [
            Category(
                classification=parent.classification,
                direction="expenditure",
                code=f"{prefix}{i}",
                name=f"Mục thử {prefix}{i}",
                parent=parent,
            )
            for i in range(lines)
        ]
    )
    made = BudgetLine.objects.bulk_create(
        [BudgetLine(fiscal_year=year_a, category=c, initial_estimate=1_000_000) for c in categories]
    )
    Entry.objects.bulk_create(
        [
            Entry(
                line=line,
                date=D(2022, 1 + n % 12, 1 + n % 28),
                voucher_number=f"V{n}",
                description="x",
                amount=1000,
                recorded_by=clerk_a,
            )
            for line in made
            for n in range(entries_per_line)
        ],
        batch_size=5000,
    )


def test_overview_query_count_does_not_grow(
    clerk_a_client, ward_a, year_a, clerk_a, django_assert_num_queries
):
    def render():
        response = _overview(clerk_a_client, ward_a)
        assert response.status_code == 200
        return response

    _big_books(year_a, clerk_a, lines=10, entries_per_line=1, prefix="X")
    # 1 session, 2 user, 3 the unit (scoped), 4 the unit's fiscal years (scoped),
    # 5 categories, 6 lines, 7 approved adjustments, 8 entries (grouped sums),
    # 9 category filter choices, 10 can record, 11 can lead, 12 disclosures, 13 year history,
    # 14 header roles, 15-17 session save
    with django_assert_num_queries(17):
        render()
    _big_books(year_a, clerk_a, lines=990, entries_per_line=101, prefix="Y")
    assert Entry.objects.count() == 10 + 990 * 101 and BudgetLine.objects.count() == 1000
    with django_assert_num_queries(17):
        response = render()
    assert "100.000.000" in response.content.decode()  # 100.000 entries of 1.000 đồng


def test_export_xlsx_and_csv_read_back(clerk_a_client, ward_a, line_a, revenue_line_a, clerk_a):
    EntryFactory(line=line_a, amount=3_124_335_200, recorded_by=clerk_a)
    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.xlsx?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert "Phường Nguyễn Thái Bình" in rows[0][0]
    assert rows[1][2] == "Nội dung" and rows[1][3] == "Dự toán đầu năm"
    table = records(rows, header=2)
    line_row = next(r for r in table if r["Mã"] == "C2.11.1")
    assert line_row["Dự toán hiện hành"] == 5_000_000_000
    assert isinstance(line_row["Dự toán hiện hành"], int)
    assert line_row["Lũy kế thực hiện"] == 3_124_335_200
    total = next(r for r in table if r["Nội dung"] == "Tổng chi ngân sách")
    assert total["Lũy kế thực hiện"] == 3_124_335_200
    # 62,49% as a percentage-formatted number
    assert total["% thực hiện dự toán"] == pytest.approx(0.6249)
    line_cell = sheet.cell(
        row=3 + table.index(line_row), column=rows[1].index("% thực hiện dự toán") + 1
    )
    assert line_cell.number_format == "0.00%"

    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.csv?year=2022")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    line_row = next(r for r in records(rows, header=2) if r["Mã"] == "C2.11.1")
    assert line_row["Lũy kế thực hiện"] == "3124335200"
    assert line_row["% thực hiện dự toán"] == "62,49%"
    assert "Quản lý nhà nước" in line_row["Nội dung"]


def test_public_disclosure_shows_only_what_was_published(
    citizen_client, ward_a, year_a, line_a, clerk_a, leader_a_client
):
    EntryFactory(line=line_a, date=D(2022, 2, 1), amount=9_000_000, recorded_by=clerk_a)
    assert citizen_client.get("/public/26746/").status_code == 404
    assert citizen_client.get("/public/26746/2022/Q1/").status_code == 404
    assert "Nguyễn Thái Bình" not in citizen_client.get("/public/").content.decode()
    leader_a_client.post(f"/budget/years/{year_a.pk}/publish/", {"period": "Q1"})
    html = citizen_client.get("/public/").content.decode()
    assert "Nguyễn Thái Bình" in html
    html = citizen_client.get("/public/26746/2022/Q1/").content.decode()
    assert "9.000.000" in html and "5.000.000.000" in html
    assert clerk_a.username not in html and str(clerk_a) not in html  # no personal data
    assert citizen_client.get("/public/26746/2022/Q2/").status_code == 404
    # Entries recorded after publication do not change what was posted.
    EntryFactory(line=line_a, date=D(2022, 3, 1), amount=1_000_000, recorded_by=clerk_a)
    assert "10.000.000" not in citizen_client.get("/public/26746/2022/Q1/").content.decode()


def test_index_lists_years_in_scope(upper_leader_client, clerk_b_client, year_a, line_a):
    html = upper_leader_client.get("/budget/?year=2022").content.decode()
    assert "Phường Nguyễn Thái Bình" in html and "5.000.000.000" in html
    html = clerk_b_client.get("/budget/?year=2022").content.decode()
    assert "Phường Nguyễn Thái Bình" not in html


def test_targets_page(clerk_a_client, year_a):
    response = clerk_a_client.post(
        f"/budget/years/{year_a.pk}/targets/",
        {
            "group": "defence",
            "name": "Giao quân",
            "unit_of_measure": "người",
            "planned": "11",
            "actual": "18",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    html = clerk_a_client.get(f"/budget/years/{year_a.pk}/targets/").content.decode()
    assert "Giao quân" in html and "163,64%" in html


def test_line_in_another_year_unit_category_helper():
    assert category("C3").name == "Dự phòng ngân sách"


def test_a_line_without_vouchers_shows_its_estimate_and_nothing_spent(clerk_a_client, line_a):
    html = clerk_a_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    assert 'data-value="current">5.000.000.000 đ' in html
    assert 'data-value="actual">0 đ' in html
    assert "Chưa có chứng từ." in html


@pytest.mark.parametrize("year", ["1e9", "99999999999999999999", "-1", "2022.5", "abc", "0"])
def test_year_list_survives_any_year_typed(clerk_a_client, year_a, year):
    assert clerk_a_client.get("/budget/", {"year": year}).status_code == 200


def test_line_page_costs_the_same_with_3_or_300_vouchers(clerk_a_client, line_a, clerk_a):
    def cost():
        response, queries = count_queries(lambda: clerk_a_client.get(f"/budget/lines/{line_a.pk}/"))
        assert response.status_code == 200
        return queries, response.content.decode()

    for n in range(3):
        services.entry_record(line=line_a, date=D(2022, 2, 1), voucher_number=f"PC-A{n}",
                              description="Chi", amount=1_000, user=clerk_a)  # fmt: skip
    small, _ = cost()
    Entry.objects.bulk_create(
        Entry(line=line_a, date=D(2022, 3, 1 + n % 28), voucher_number=f"PC-B{n}",
              description="Chi", amount=1_000, recorded_by=clerk_a)
        for n in range(300)
    )  # fmt: skip
    large, html = cost()
    assert large == small
    assert html.count("PC-B") == 50 and "Trang 1/7 · 303 chứng từ" in html
    older = clerk_a_client.get(f"/budget/lines/{line_a.pk}/", {"page": 7}).content.decode()
    assert "PC-A0" in older  # the oldest, on the last page
    assert clerk_a_client.get(f"/budget/lines/{line_a.pk}/", {"page": "abc"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 60])
def test_year_list_costs_the_same_whatever_its_size(
    upper_leader_client, district, rows, django_assert_num_queries
):
    from tests.factories import UnitFactory

    for _ in range(rows):
        year = FiscalYearFactory(unit=UnitFactory(parent=district), year=2022)
        LineFactory(fiscal_year=year, category=category("C2.11.1"), initial_estimate=7_000_000)
    # 1 session, 2 user, 3 the years on offer (for the default ?year=), 4 COUNT (the table's
    # paginator), 5 the page of rows (unit joined), 6-8 the page's figures (estimates,
    # adjustments, actuals grouped by unit), 9 the user's roles (menu), 10-12 session save.
    # The page's figures are those of its 50 rows, no longer of every year in scope.
    with django_assert_num_queries(12):
        response = upper_leader_client.get("/budget/")
    assert response.status_code == 200
    assert response.content.decode().count("7.000.000") == min(rows, 50)


@pytest.mark.django_db
def test_public_pages_tell_apart_two_units_that_held_one_code(citizen_client, province):
    """The new Phường Bến Thành kept the old one's code 26743 on 01/7/2025: each half of 2025
    is published by its own unit under the same address, and neither page is a server error."""
    from tests.factories import RoleFactory, UnitFactory
    from ward_portal.models import Role

    old = UnitFactory(
        code="26743", name="Phường Bến Thành (cũ)", parent=province, valid_to=D(2025, 6, 30)
    )
    new = UnitFactory(
        code="26743", name="Phường Bến Thành", parent=province, valid_from=D(2025, 7, 1)
    )
    for unit, estimate, period in [(old, 1_111_000_000, "Q1"), (new, 2_222_000_000, "Q3")]:
        year = FiscalYearFactory(unit=unit, year=2025)
        LineFactory(fiscal_year=year, category=category("C2.11.1"), initial_estimate=estimate)
        leader = RoleFactory(unit=unit, role=Role.LEADER).user
        # each published while it was in force (an ended unit is changed by no one)
        with time_machine.travel(D(2025, 4, 20) if unit == old else D(2025, 10, 10), tick=False):
            services.disclosure_publish(fiscal_year=year, period=period, user=leader)
    page = citizen_client.get("/public/26743/")
    assert page.status_code == 200
    assert "Phường Bến Thành" in page.content.decode()
    assert "1.111.000.000" in citizen_client.get("/public/26743/2025/Q1/").content.decode()
    assert "2.222.000.000" in citizen_client.get("/public/26743/2025/Q3/").content.decode()
    # their exports do not share a file name
    names = set()
    for unit in (old, new):
        admin = client_for(UserFactory(is_superuser=True))
        response = admin.get(f"/budget/units/{unit.pk}/export.xlsx", {"year": 2025})
        assert response.status_code == 200
        names.add(response["Content-Disposition"])
    assert len(names) == 2 and any("26743-20250701" in name for name in names)
