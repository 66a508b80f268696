"""Budget changes, state changes and exports in the audit log (ward_portal/audit.py); the
budget's own history in words (budget/history.py) is kept as before."""

import pytest

from budget.models import AuditEvent, FiscalYear
from ward_portal.models import AuditEntry, AuditSource

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("pk")


def test_opening_a_year_from_the_page_is_a_create_by_the_clerk(clerk_a_client, clerk_a, ward_a):
    response = clerk_a_client.post(
        f"/budget/units/{ward_a.pk}/years/new/", {"year": 2026, "budget_mode": "budget_level"}
    )
    assert response.status_code == 302
    year = FiscalYear.objects.get(unit=ward_a, year=2026)
    entry = entries_for(year).get()
    assert (entry.action, entry.actor_id, entry.source, entry.unit_id) == (
        "create",
        clerk_a.pk,
        AuditSource.STAFF,
        ward_a.pk,
    )
    assert entry.before is None and entry.after["year"] == 2026


def test_closing_a_year_is_a_state_change_with_before_and_after(
    leader_a_client, leader_a, year_a, line_a
):
    response = leader_a_client.post(f"/budget/years/{year_a.pk}/close/")
    assert response.status_code == 302
    entry = entries_for(year_a).get(action="state")
    assert entry.actor_id == leader_a.pk and entry.unit_id == year_a.unit_id
    assert entry.before["status"] == "execution" and entry.after["status"] == "closed"
    assert entry.after["closed_by_id"] == leader_a.pk
    # the history in words is still written by the service
    assert AuditEvent.objects.filter(fiscal_year=year_a, action="fiscal_year_close").exists()


def test_a_line_is_logged_under_its_years_unit(clerk_a_client, clerk_a, line_a, ward_a):
    assert entries_for(line_a).get().unit_id == ward_a.pk


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_is_logged(clerk_a_client, clerk_a, ward_a, year_a, line_a, fmt):
    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.{fmt}?year=2022")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert (entry.actor_id, entry.unit_id, entry.object_type, entry.object_id) == (
        clerk_a.pk,
        ward_a.pk,
        "budget.fiscalyear",
        str(year_a.pk),
    )
    assert entry.after == {"format": fmt}


def test_another_wards_export_is_refused_and_not_logged(clerk_b_client, ward_a, year_a):
    assert clerk_b_client.get(f"/budget/units/{ward_a.pk}/export.csv?year=2022").status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()
