from datetime import date

import pytest

from tests.factories import RoleFactory, UnitFactory
from tests.helpers import assert_not_found_for, count_queries
from ward_portal.models import AdministrativeUnit, Role, UnitLevel
from ward_portal.periods import Period

pytestmark = pytest.mark.django_db


def test_ward_staff_land_on_their_ward_dashboard(clerk_a_client, ward_a):
    response = clerk_a_client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Phường Nguyễn Thái Bình</h1>" in html
    assert 'data-testid="budget-figures"' in html


def test_upper_leader_lands_on_the_leadership_table(upper_leader_client, ward_a, ward_b):
    html = upper_leader_client.get("/dashboard/").content.decode()
    assert 'data-testid="leadership-table"' in html
    assert "Phường Nguyễn Thái Bình" in html and "Phường Bến Nghé" in html


def test_upper_leader_drills_down_read_only(upper_leader_client, ward_a):
    html = upper_leader_client.get(f"/dashboard/unit/{ward_a.pk}/").content.decode()
    assert "<h1>Phường Nguyễn Thái Bình</h1>" in html
    assert "Chỉ xem" in html


def test_another_wards_dashboard_is_a_404(clerk_b_client, ward_a):
    assert_not_found_for(clerk_b_client, f"/dashboard/unit/{ward_a.pk}/")


def test_bad_period_input_falls_back_instead_of_failing(clerk_a_client, ward_a):
    default = clerk_a_client.get("/dashboard/").context["period"]
    assert default.kind == "year"
    for query, expected in [
        ("?period=quarter&number=9&year=2022", Period("year", 2022)),  # no 9th quarter
        ("?year=abc", default),
        ("?period=week", default),
        ("?number=-1", default),
    ]:
        response = clerk_a_client.get(f"/dashboard/{query}")
        assert response.status_code == 200, query
        assert response.context["period"] == expected, query


def dashboard_queries(client) -> int:
    response, queries = count_queries(lambda: client.get("/dashboard/?year=2022"))
    assert response.status_code == 200
    return queries


def test_leadership_dashboard_costs_the_same_for_2_and_40_units(
    upper_leader_client, district, ward_a, ward_b
):
    small = dashboard_queries(upper_leader_client)
    for _ in range(38):
        UnitFactory(parent=district, level=UnitLevel.COMMUNE)
    assert dashboard_queries(upper_leader_client) == small


def test_ward_dashboard_costs_the_same_with_more_roles_and_units(
    clerk_a_client, clerk_a, district, ward_a
):
    small = dashboard_queries(clerk_a_client)
    for _ in range(10):
        RoleFactory(unit=UnitFactory(parent=district), role=Role.CLERK)
    assert dashboard_queries(clerk_a_client) == small


def test_units_without_resolved_cases_are_listed_apart_from_the_ranking(
    upper_leader_client, ward_a, ward_b
):
    html = upper_leader_client.get("/dashboard/?year=2022").content.decode()
    ranking = html.split('data-testid="ranking"', 1)[1].split("</ol>")[0]
    assert "<li>" not in ranking
    unranked = html.split("Chưa xếp hạng", 1)[1].split("</p>")[0]
    names = sorted(n.strip() for n in unranked.split(":", 1)[1].split(","))
    assert names == sorted([ward_a.name, ward_b.name])


def test_a_spending_unit_shows_no_revenue_and_every_column_sorts(
    upper_leader_client, ward_a, ward_b
):
    from budget.choices import BudgetMode
    from tests.budget.factories import EntryFactory, FiscalYearFactory, LineFactory, category

    spending = FiscalYearFactory(unit=ward_b, year=2022, budget_mode=BudgetMode.SPENDING_UNIT)
    EntryFactory(line=LineFactory(fiscal_year=spending, category=category("C2.11.1")))
    full = FiscalYearFactory(unit=ward_a, year=2022)
    EntryFactory(line=LineFactory(fiscal_year=full, category=category("T1.1")), amount=5_000)
    html = upper_leader_client.get("/dashboard/?year=2022").content.decode()
    import re

    columns = html.split("<thead", 1)[1].split("</thead>")[0]
    names = re.findall(
        r'<th[^>]*class="[^"]*orderable[^"]*"[^>]*>\s*<a href="[^"]*sort=([\w-]+)', columns
    )
    column = names.index("revenue_actual")

    def cells(unit):
        row = html.split(unit.name, 2)[1].split("</tr>")[0]
        return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]

    # cells() starts after the unit's own cell
    assert cells(ward_b)[column - 1] == "—" and cells(ward_a)[column - 1] == "5.000"
    for sort in ["revenue_actual", "-revenue_actual", "revenue_pct", "expenditure_pct", "rank"]:
        assert (
            upper_leader_client.get("/dashboard/", {"year": 2022, "sort": sort}).status_code == 200
        )
    assert "revenue_actual" in columns


def test_the_leadership_table_shows_the_units_as_they_stood_at_the_end_of_the_period(
    admin_client_, province, district, ward_a, ward_b
):
    # Before 01/7/2025 the city had Quận 1 and its wards; since then, communes directly below.
    ended = {"valid_to": date(2025, 6, 30)}
    for unit in (district, ward_a, ward_b):
        AdministrativeUnit.objects.filter(pk=unit.pk).update(**ended)
    UnitFactory(code="26743", name="Phường Bến Thành", parent=province, valid_from=date(2025, 7, 1))

    def names(year):
        response = admin_client_.get(f"/dashboard/?year={year}")
        assert response.context["unit"] == province
        return sorted(row["unit_name"] for row in response.context["table"].data)

    assert names(2022) == ["Phường Bến Nghé", "Phường Nguyễn Thái Bình"]
    assert names(2026) == ["Phường Bến Thành"]


@pytest.mark.django_db
def test_a_ward_without_this_years_book_opens_on_its_latest_year_and_says_so(
    ward_a, clerk_a_client
):
    """Phường Nguyễn Thái Bình ended on 30/6/2025: in 2026 its staff land on its last book
    (here 2022), told why, instead of an empty 2026; a chosen period is never overridden."""
    import time_machine

    from tests.budget.factories import FiscalYearFactory

    FiscalYearFactory(unit=ward_a, year=2021)
    FiscalYearFactory(unit=ward_a, year=2022)
    with time_machine.travel("2026-12-02 09:00 +07:00"):
        html = clerk_a_client.get("/dashboard/").content.decode()
        assert "Đang xem năm 2022" in html
        assert "Số liệu tính từ ngày 15/12/2021 đến ngày 14/12/2022" in html
        chosen = clerk_a_client.get("/dashboard/?period=year&year=2026").content.decode()
        assert "Đang xem năm" not in chosen
        assert "14/12/2026" in chosen


@pytest.mark.django_db
def test_a_successor_ward_leads_to_its_predecessors_history(province, district, client):
    """Phường Bến Thành (since 01/7/2025) took part of Phường Nguyễn Thái Bình: its page names
    the old ward, marked as shared, and links to it: the city's leader and the new ward's own
    clerk read its history (read-only), a clerk of another commune does not; the old ward's page
    names its successors."""
    from datetime import date

    from tests.factories import RoleFactory, UnitFactory
    from tests.helpers import client_for
    from ward_portal.models import UnitSuccession

    old = UnitFactory(
        code="26746", name="Phường Nguyễn Thái Bình", parent=district, valid_to=date(2025, 6, 30)
    )
    new = UnitFactory(
        code="26743", name="Phường Bến Thành", parent=province, valid_from=date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        predecessor=old, successor=new, effective_on=date(2025, 7, 1), partial=True
    )
    city = client_for(RoleFactory(unit=province, role=Role.LEADER).user)
    html = city.get(f"/dashboard/unit/{new.pk}/").content.decode()
    assert f'href="/dashboard/unit/{old.pk}/"' in html
    assert "nhập một phần" in html
    clerk = client_for(RoleFactory(unit=new, role=Role.CLERK).user)
    html = clerk.get("/dashboard/").content.decode()
    assert "Phường Nguyễn Thái Bình" in html
    assert f'href="/dashboard/unit/{old.pk}/"' in html
    assert clerk.get(f"/dashboard/unit/{old.pk}/").status_code == 200
    other = UnitFactory(code="26734", name="Phường Tân Định", parent=province)
    outsider = client_for(RoleFactory(unit=other, role=Role.CLERK).user)
    assert outsider.get(f"/dashboard/unit/{old.pk}/").status_code == 404
    html = city.get(f"/dashboard/unit/{old.pk}/").content.decode()
    assert f'href="/dashboard/unit/{new.pk}/"' in html and "kế thừa" in html


@pytest.mark.django_db
def test_a_year_across_the_reorganisation_counts_old_and_new_wards_once_each(province, district):
    """2025: Phường Nguyễn Thái Bình until 30/6, Phường Bến Thành from 01/7. The city's table
    and its consolidated report count each ward's own part, say so, and lose nothing."""
    from datetime import date

    from reports.data import build_report_data
    from reports.models import Report, ReportKind
    from tests.citizens.factories import submit
    from tests.factories import RoleFactory, UnitFactory
    from tests.helpers import client_for

    old = UnitFactory(
        code="26746", name="Phường Nguyễn Thái Bình", parent=district, valid_to=date(2025, 6, 30)
    )
    new = UnitFactory(
        code="26743", name="Phường Bến Thành", parent=province, valid_from=date(2025, 7, 1)
    )
    district.valid_to = date(2025, 6, 30)
    district.save()
    for day in (date(2025, 2, 10), date(2025, 5, 5)):
        submit(old, when=day)
    for day in (date(2025, 8, 1), date(2025, 9, 9), date(2025, 10, 10)):
        submit(new, when=day)
    city = client_for(RoleFactory(unit=province, role=Role.LEADER).user)
    response = city.get("/dashboard/?period=year&year=2025&basis=calendar")
    received = {row["unit_name"]: row["received"] for row in response.context["table"].data}
    assert received == {"Phường Nguyễn Thái Bình": 2, "Phường Bến Thành": 3}
    assert "sắp xếp đơn vị hành chính (từ ngày 01/07/2025)" in response.content.decode()
    report = Report.objects.create(
        unit=province, kind=ReportKind.CONSOLIDATED, period_kind="year", year=2025
    )
    data = build_report_data(report)
    assert "2 đơn vị" in data.narrative[0] and "tiếp nhận 5 đơn" in data.narrative[0]
    assert "1 đơn vị thôi tồn tại" in data.narrative[1] and "1 đơn vị mới" in data.narrative[1]


@pytest.fixture
def merged_2025(province, district, ward_a, ward_b):
    """01/7/2025: Quận 1 ends; ward_a (Nguyễn Thái Bình) goes partly into Bến Thành and partly
    into Sài Gòn, ward_b (Bến Nghé) wholly into Sài Gòn. Each old ward received petitions in
    2022 (two and three)."""
    from tests.citizens.factories import submit
    from ward_portal.models import UnitSuccession

    for n in range(2):
        submit(ward_a, when=date(2022, 3, 1 + n))
    for n in range(3):
        submit(ward_b, when=date(2022, 4, 1 + n))
    AdministrativeUnit.objects.filter(pk__in=[district.pk, ward_a.pk, ward_b.pk]).update(
        valid_to=date(2025, 6, 30)
    )
    day = date(2025, 7, 1)
    ben_thanh = UnitFactory(code="26743", name="Phường Bến Thành", parent=province, valid_from=day)
    sai_gon = UnitFactory(code="26740", name="Phường Sài Gòn", parent=province, valid_from=day)
    for predecessor, successor, partial in [
        (ward_a, ben_thanh, True),
        (ward_a, sai_gon, True),
        (ward_b, sai_gon, False),
    ]:
        UnitSuccession.objects.create(
            predecessor=predecessor, successor=successor, effective_on=day, partial=partial
        )
    return ben_thanh, sai_gon


def test_a_successors_page_shows_its_predecessors_figures_for_a_past_period(
    merged_2025, ward_a, ward_b
):
    from tests.helpers import client_for, table_rows

    ben_thanh, sai_gon = merged_2025
    clerk = client_for(RoleFactory(unit=sai_gon, role=Role.CLERK).user)
    html = clerk.get("/dashboard/?period=year&year=2022&basis=calendar").content.decode()
    assert 'data-testid="predecessors-figures"' in html
    assert "Phường Sài Gòn hoạt động từ ngày 01/07/2025" in html
    rows = table_rows(html, "predecessors-figures")
    by_unit = {row["Đơn vị"]: row for row in rows}
    # each figure under the unit that held it; the partly merged ward marked as shared
    shared_ntb = by_unit["Phường Nguyễn Thái Bình (đến 30/06/2025) một phần, dùng chung"]
    assert shared_ntb["Đơn tiếp nhận"] == "2"
    assert by_unit["Phường Bến Nghé (đến 30/06/2025)"]["Đơn tiếp nhận"] == "3"
    # the ward's own figures are not shown as zeros for a year before it existed
    assert 'data-testid="before-unit"' in html and 'data-testid="budget-figures"' not in html
    # Bến Thành shows only what it took over: Nguyễn Thái Bình (shared), not Bến Nghé
    other = client_for(RoleFactory(unit=ben_thanh, role=Role.CLERK).user)
    html = other.get("/dashboard/?period=year&year=2022&basis=calendar").content.decode()
    names = [row["Đơn vị"] for row in table_rows(html, "predecessors-figures")]
    assert names == ["Phường Nguyễn Thái Bình (đến 30/06/2025) một phần, dùng chung"]
    # a year of its own: no such section
    html = other.get("/dashboard/?period=year&year=2026&basis=calendar").content.decode()
    assert 'data-testid="predecessors-figures"' not in html
    assert 'data-testid="budget-figures"' in html


def test_the_city_table_says_what_each_old_ward_is_now_part_of(province, merged_2025):
    from tests.helpers import client_for, table_rows

    city = client_for(RoleFactory(unit=province, role=Role.LEADER).user)
    html = city.get("/dashboard/?period=year&year=2022&basis=calendar").content.decode()
    rows = {row["Đơn vị"]: row for row in table_rows(html, "leadership-table")}
    assert rows["Phường Nguyễn Thái Bình"]["Nay thuộc"] == (
        "Phường Sài Gòn (một phần), Phường Bến Thành (một phần)"  # by code: 26740, 26743
    )
    assert rows["Phường Bến Nghé"]["Nay thuộc"] == "Phường Sài Gòn"
    # counted once in the city's total of received petitions: 2 + 3
    assert sum(int(row["Đơn tiếp nhận"]) for row in rows.values()) == 5
    html = city.get("/dashboard/?period=year&year=2026&basis=calendar").content.decode()
    assert "Nay thuộc" not in html
