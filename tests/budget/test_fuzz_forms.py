"""Any input to the budget's voucher, adjustment and target forms: never a 500, nothing
half-saved."""

import pytest
from hypothesis import given

from budget.models import Adjustment, AuditEvent, Entry, Target
from tests.fuzzing import fuzz, overrides, post_safely

pytestmark = pytest.mark.django_db


@fuzz(25)
@given(changed=overrides(["date", "voucher_number", "description", "amount", "idempotency_key"]))
def test_fuzz_entry_form(clerk_a_client, line_a, changed):
    data = {
        "date": "2022-04-05",
        "voucher_number": "PC-0412",
        "description": "Chi văn phòng phẩm",
        "amount": "12.500.000",
        **changed,
    }
    post_safely(clerk_a_client, f"/budget/lines/{line_a.pk}/entries/", data, Entry, AuditEvent)


@fuzz(20)
@given(changed=overrides(["date", "decision_number", "reason", "amount"]))
def test_fuzz_adjustment_form(clerk_a_client, line_a, changed):
    data = {
        "date": "2022-06-01",
        "decision_number": "77/QĐ-UBND",
        "reason": "Bổ sung",
        "amount": "-200.000.000",
        **changed,
    }
    post_safely(
        clerk_a_client, f"/budget/lines/{line_a.pk}/adjustments/", data, Adjustment, AuditEvent
    )


@fuzz(20)
@given(changed=overrides(["group", "name", "unit_of_measure", "planned", "actual", "sort_order"]))
def test_fuzz_target_form(clerk_a_client, year_a, changed):
    data = {
        "group": "defence",
        "name": "Giao quân",
        "unit_of_measure": "người",
        "planned": "11",
        "actual": "18",
        "sort_order": "0",
        **changed,
    }
    post_safely(clerk_a_client, f"/budget/years/{year_a.pk}/targets/", data, Target)


@pytest.mark.parametrize("edit", ["abc", "1.5", "-1", "99999999999999999999"])
def test_a_target_page_with_an_odd_edit_parameter_is_a_404(clerk_a_client, year_a, edit):
    response = clerk_a_client.get(f"/budget/years/{year_a.pk}/targets/", {"edit": edit})
    assert response.status_code == 404


def test_a_target_named_twice_is_refused_on_its_name(clerk_a_client, year_a):
    data = {
        "group": "defence",
        "name": "Giao quân",
        "unit_of_measure": "người",
        "planned": "11",
        "actual": "18",
        "sort_order": "0",
    }
    url = f"/budget/years/{year_a.pk}/targets/"
    assert clerk_a_client.post(url, data).status_code == 302
    again = clerk_a_client.post(url, data)
    assert again.context["form"].errors["name"] == ["Năm này đã có chỉ tiêu “Giao quân”."]
    assert Target.objects.count() == 1
