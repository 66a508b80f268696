import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget import services
from budget.choices import AdjustmentStatus, BudgetMode, YearStatus
from budget.models import AuditEvent, Entry
from budget.selectors import line_totals

from .factories import FiscalYearFactory, category

pytestmark = pytest.mark.django_db
D = datetime.date


def _record(line, user, amount=2_500_000, voucher="PC-001", day=None):
    day = day or D(2022, 3, 1)
    return services.entry_record(
        line=line, date=day, voucher_number=voucher, description="Chi", amount=amount, user=user
    )


def test_clerk_records_an_entry_with_an_audit_event(line_a, clerk_a):
    entry = _record(line_a, clerk_a)
    assert entry.recorded_by == clerk_a
    event = AuditEvent.objects.get(action="entry_record")
    assert event.user == clerk_a and event.line == line_a
    assert event.after["amount"] == 2_500_000 and event.before is None


def test_same_voucher_on_the_same_day_is_refused(line_a, clerk_a):
    _record(line_a, clerk_a)
    with pytest.raises(ValidationError) as info:
        _record(line_a, clerk_a)
    assert "voucher_number" in info.value.error_dict


def test_entry_date_must_be_in_the_year_and_amount_positive(line_a, clerk_a):
    with pytest.raises(ValidationError):
        _record(line_a, clerk_a, day=D(2023, 1, 2))
    with pytest.raises(ValidationError):
        _record(line_a, clerk_a, amount=-5)


def test_correction_is_a_reversing_entry_and_the_original_stays(line_a, clerk_a):
    entry = _record(line_a, clerk_a, amount=7_000_000)
    reversal = services.entry_reverse(
        entry=entry, date=D(2022, 3, 5), voucher_number="PC-001-ĐC", reason="Ghi nhầm", user=clerk_a
    )
    assert reversal.amount == -7_000_000 and reversal.reverses == entry
    entry.refresh_from_db()
    assert entry.amount == 7_000_000
    assert line_totals(line_a).actual == 0
    with pytest.raises(ValidationError):  # only once
        services.entry_reverse(
            entry=entry, date=D(2022, 3, 6), voucher_number="X", reason="again", user=clerk_a
        )
    assert AuditEvent.objects.filter(action="entry_reverse", reason="Ghi nhầm").exists()


def test_adjustment_counts_only_once_the_leader_approves(line_a, clerk_a, leader_a):
    adjustment = services.adjustment_propose(
        line=line_a,
        date=D(2022, 7, 1),
        decision_number="123/QĐ-UBND",
        reason="Bổ sung",
        amount=200_000_000,
        user=clerk_a,
    )
    assert line_totals(line_a).current == 5_000_000_000
    with pytest.raises(PermissionDenied):
        services.adjustment_decide(adjustment=adjustment, user=clerk_a, approve=True)
    services.adjustment_decide(adjustment=adjustment, user=leader_a, approve=True)
    totals = line_totals(line_a)
    assert totals.current == 5_200_000_000 and totals.initial == 5_000_000_000
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED and adjustment.decided_by == leader_a
    with pytest.raises(ValidationError):
        services.adjustment_decide(adjustment=adjustment, user=leader_a, approve=False)


def test_outsiders_and_the_upper_level_cannot_write(line_a, clerk_b, upper_leader):
    for user in (clerk_b, upper_leader):
        with pytest.raises(PermissionDenied):
            _record(line_a, user)
    assert not Entry.objects.exists()


def test_closed_year_is_read_only_for_everyone(line_a, clerk_a, leader_a, admin_user):
    entry = _record(line_a, clerk_a)
    services.fiscal_year_close(fiscal_year=line_a.fiscal_year, user=leader_a)
    line_a.fiscal_year.refresh_from_db()
    for user in (clerk_a, leader_a, admin_user):
        with pytest.raises(ValidationError, match="khóa sổ"):
            _record(line_a, user, voucher=f"PC-{user.pk}")
        with pytest.raises(ValidationError):
            services.adjustment_propose(
                line=line_a,
                date=D(2022, 8, 1),
                decision_number="1",
                reason="r",
                amount=1,
                user=user,
            )
        with pytest.raises(ValidationError):
            services.entry_reverse(
                entry=entry, date=D(2022, 8, 1), voucher_number="R", reason="r", user=user
            )
        with pytest.raises(ValidationError):
            services.target_save(
                fiscal_year=line_a.fiscal_year,
                user=user,
                group="defence",
                name="x",
                unit_of_measure="người",
                planned=1,
            )


def test_only_an_administrator_reopens_with_a_reason(year_a, leader_a, admin_user, clerk_a):
    services.fiscal_year_close(fiscal_year=year_a, user=leader_a)
    with pytest.raises(PermissionDenied):
        services.fiscal_year_reopen(fiscal_year=year_a, user=leader_a, reason="x")
    with pytest.raises(ValidationError):
        services.fiscal_year_reopen(fiscal_year=year_a, user=admin_user, reason="  ")
    services.fiscal_year_reopen(fiscal_year=year_a, user=admin_user, reason="Sai số liệu quý IV")
    year_a.refresh_from_db()
    assert year_a.status == YearStatus.EXECUTION
    event = AuditEvent.objects.get(action="fiscal_year_reopen")
    assert event.reason == "Sai số liệu quý IV" and event.user == admin_user
    assert event.before == {"status": "closed"}


def test_clerk_cannot_close_the_year(year_a, clerk_a):
    with pytest.raises(PermissionDenied):
        services.fiscal_year_close(fiscal_year=year_a, user=clerk_a)


def test_initial_estimate_only_while_planning(ward_a, clerk_a, leader_a):
    year = FiscalYearFactory(unit=ward_a, year=2024, status=YearStatus.PLANNING)
    line = services.line_set_initial_estimate(
        fiscal_year=year, category=category("C2.01"), amount=700_000_000, user=clerk_a
    )
    services.line_set_initial_estimate(
        fiscal_year=year, category=category("C2.01"), amount=750_000_000, user=clerk_a
    )
    event = AuditEvent.objects.filter(line=line).first()
    assert event.before == {"initial_estimate": 700_000_000}
    assert event.after == {"initial_estimate": 750_000_000}
    services.fiscal_year_start_execution(
        fiscal_year=year, user=leader_a, decision="6001/QĐ-UBND", approved_on=D(2023, 12, 28)
    )
    year.refresh_from_db()
    with pytest.raises(ValidationError):
        services.line_set_initial_estimate(
            fiscal_year=year, category=category("C2.01"), amount=1, user=clerk_a
        )


def test_spending_unit_has_no_revenue_lines(ward_a, clerk_a):
    year = FiscalYearFactory(
        unit=ward_a, year=2024, status=YearStatus.PLANNING, budget_mode=BudgetMode.SPENDING_UNIT
    )
    with pytest.raises(ValidationError):
        services.line_set_initial_estimate(
            fiscal_year=year, category=category("T1.1"), amount=1, user=clerk_a
        )


def test_publish_only_by_the_leader_after_the_period(year_a, line_a, clerk_a, leader_a):
    _record(line_a, clerk_a, amount=9_000_000, day=D(2022, 2, 1))
    _record(line_a, clerk_a, amount=4_000_000, voucher="PC-2", day=D(2022, 5, 1))
    with pytest.raises(PermissionDenied):
        services.disclosure_publish(fiscal_year=year_a, period="Q1", user=clerk_a)
    disclosure = services.disclosure_publish(fiscal_year=year_a, period="Q1", user=leader_a)
    assert disclosure.period_end == D(2022, 3, 31)
    row = next(r for r in disclosure.rows if r["code"] == "C2.11.1")
    assert row["actual"] == 9_000_000 and row["estimate"] == 5_000_000_000
    assert disclosure.published_at is not None
    with pytest.raises(ValidationError):  # once per period
        services.disclosure_publish(fiscal_year=year_a, period="Q1", user=leader_a)
