"""A figure is defined once: the ward dashboard, the list each figure links to, the
leadership table and the generated report must show the same numbers."""

import pytest
from django.core.management import call_command

from reports.data import build_report_data
from reports.models import Report, ReportKind
from tests.helpers import client_for, column
from ward_portal.models import AdministrativeUnit, User

pytestmark = pytest.mark.django_db


def logged_in(username):
    return client_for(User.objects.get(username=username))


def list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["filter"].qs.count()


@pytest.mark.parametrize("year", [2022, 2026])
def test_dashboard_lists_leadership_table_and_report_agree(year):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ntb = AdministrativeUnit.objects.get(code="26746")
    leader = logged_in("lanhdao.ntb")

    response = leader.get(f"/dashboard/?year={year}")
    figures, links = response.context["figures"], response.context["links"]
    p, d, b = figures.petitions, figures.directives, figures.budget

    # The lists behind the figures.
    assert list_count(leader, links["petitions_received"]) == p.received
    assert list_count(leader, links["petitions_resolved"]) == p.resolved
    assert list_count(leader, links["petitions_open"]) == p.open_at_end
    assert list_count(leader, links["petitions_overdue"]) == p.overdue_at_end
    assert list_count(leader, links["tasks_overdue"]) == d.overdue_at_end
    assert list_count(leader, links["tasks_open"]) == d.open_at_end

    # The leadership table of Quận 1 shows the same row for the ward.
    table = logged_in("lanhdao.q1").get(f"/dashboard/?year={year}").context["table"]
    row = next(r for r in table.data if r["unit_name"] == ntb.name)
    assert row["expenditure_pct"] == b.expenditure_pct
    assert (row["revenue_actual"] or 0) == b.revenue_actual
    assert row["received"] == p.received
    assert row["on_time_rate"] == p.on_time_rate
    assert row["overdue_petitions"] == p.overdue_at_end
    assert row["overdue_directives"] == d.overdue_at_end

    # The annual ward report's tables.
    report = Report(unit=ntb, kind=ReportKind.WARD, period_kind="year", year=year)
    data = build_report_data(report)
    sections = {s.sheet: s for s in data.sections}
    budget = sections["Ngân sách"]
    assert column(budget, "Đơn vị") == [ntb.name]
    # (a unit without revenue books shows a blank, None, where the figures hold 0)
    assert [v or 0 for v in column(budget, "Thực hiện thu")] == [b.revenue_actual]
    assert column(budget, "Thực hiện chi") == [b.expenditure_actual]
    assert column(budget, "Dự toán chi") == [b.expenditure_estimate]
    assert column(budget, "Tỷ lệ chi (%)") == [b.expenditure_pct]
    petitions = sections["Phản ánh kiến nghị"]
    assert column(petitions, "Đơn vị") == [ntb.name]
    assert column(petitions, "Tiếp nhận") == [p.received]
    assert column(petitions, "Đã giải quyết") == [p.resolved]
    assert column(petitions, "Tỷ lệ đúng hạn") == [p.on_time_rate]
    assert column(petitions, "Tỷ lệ hài lòng") == [p.satisfaction_rate]
    if year == 2022:
        assert (b.revenue_actual, b.expenditure_actual, b.expenditure_estimate) == (
            3_124_335_200,
            11_756_978_705,
            11_914_837_000,
        )
        assert str(b.expenditure_pct) == "98.68"
