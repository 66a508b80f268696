"""A figure is defined once: the ward dashboard, the list each figure links to, the
leadership table and the generated report must show the same numbers."""

import pytest
from django.core.management import call_command
from django.test import Client

from reports.data import build_report_data
from reports.models import Report, ReportKind
from ward_portal.models import AdministrativeUnit, User

pytestmark = pytest.mark.django_db


def logged_in(username):
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


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
    budget_row = data.sections[0].rows[0]
    # (a unit without revenue books shows a blank, None, where the figures hold 0)
    assert (budget_row[2] or 0) == b.revenue_actual and budget_row[5] == b.expenditure_actual
    assert budget_row[4] == b.expenditure_estimate and budget_row[6] == b.expenditure_pct
    petitions_row = next(s for s in data.sections if s.sheet == "Phản ánh kiến nghị").rows[0]
    assert petitions_row[1:3] == [p.received, p.resolved]
    assert petitions_row[-2:] == [p.on_time_rate, p.satisfaction_rate]
    if year == 2022:
        assert (b.revenue_actual, b.expenditure_actual, b.expenditure_estimate) == (
            3_124_335_200,
            11_756_978_705,
            11_914_837_000,
        )
        assert str(b.expenditure_pct) == "98.68"
