"""Writes to the books. Each service checks who may do it, refuses to touch a closed year, keeps
the audit trail (who, when, before, after) and runs in one transaction."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ward_portal.idempotency import once
from ward_portal.models import AdministrativeUnit, User
from ward_portal.states import require_state

from . import permissions
from .choices import (
    AdjustmentStatus,
    BudgetMode,
    Direction,
    DisclosurePeriod,
    TargetGroup,
    YearStatus,
)
from .models import (
    Adjustment,
    AuditEvent,
    BudgetLine,
    Category,
    Disclosure,
    Entry,
    FiscalYear,
    Target,
)

# --- rules shared by the services (who may do what: permissions.py) ----------------------

OPEN_YEAR = (YearStatus.PLANNING, YearStatus.EXECUTION)


def ensure_open(fiscal_year: FiscalYear) -> None:
    """A closed year (quyết toán) is read-only for everyone, administrators included."""
    require_state(
        fiscal_year,
        OPEN_YEAR,
        message=_("Năm ngân sách %(year)s đã khóa sổ (quyết toán): không thể thay đổi.")
        % {"year": fiscal_year.year},
    )


def _ensure_status(fiscal_year: FiscalYear, status: str, message: str) -> None:
    ensure_open(fiscal_year)
    require_state(fiscal_year, [status], message=message)


def _ensure_in_year(fiscal_year: FiscalYear, day: datetime.date, field: str) -> None:
    if day.year != fiscal_year.year:
        raise ValidationError(
            {field: _("Ngày phải thuộc năm ngân sách %(year)s.") % {"year": fiscal_year.year}}
        )


def audit(
    *,
    fiscal_year: FiscalYear,
    user: User,
    action: str,
    obj: object | None = None,
    line: BudgetLine | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        fiscal_year=fiscal_year,
        line=line,
        object_type=type(obj).__name__ if obj is not None else "FiscalYear",
        object_id=getattr(obj, "pk", None) if obj is not None else fiscal_year.pk,
        action=action,
        user=user,
        before=before,
        after=after,
        reason=reason,
    )


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# --- fiscal years ------------------------------------------------------------------------


@transaction.atomic
def fiscal_year_create(
    *,
    unit: AdministrativeUnit,
    year: int,
    budget_mode: str = BudgetMode.BUDGET_LEVEL,
    user: User,
) -> FiscalYear:
    permissions.require_can_create_year(user, unit.pk)
    fiscal_year = FiscalYear(unit=unit, year=year, budget_mode=budget_mode)
    fiscal_year.full_clean()
    fiscal_year.save()
    audit(
        fiscal_year=fiscal_year,
        user=user,
        action="fiscal_year_create",
        after={"year": year, "budget_mode": budget_mode, "status": fiscal_year.status},
    )
    return fiscal_year


@transaction.atomic
def fiscal_year_start_execution(
    *,
    fiscal_year: FiscalYear,
    user: User,
    decision: str,
    approved_on: datetime.date,
) -> FiscalYear:
    """The estimate is assigned (giao dự toán): from now on it changes only by adjustments."""
    permissions.require_can_lead(user, fiscal_year)
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    _ensure_status(
        fiscal_year, YearStatus.PLANNING, _("Chỉ năm đang lập dự toán mới chuyển sang thực hiện.")
    )
    if not decision.strip():
        raise ValidationError({"decision": _("Hãy ghi số quyết định giao dự toán.")})
    before = {"status": fiscal_year.status}
    fiscal_year.status = YearStatus.EXECUTION
    fiscal_year.estimate_decision = decision.strip()
    fiscal_year.estimate_approved_on = approved_on
    fiscal_year.full_clean()
    fiscal_year.save()
    audit(
        fiscal_year=fiscal_year,
        user=user,
        action="fiscal_year_start_execution",
        before=before,
        after={
            "status": fiscal_year.status,
            "estimate_decision": fiscal_year.estimate_decision,
            "estimate_approved_on": _iso(approved_on),
        },
    )
    return fiscal_year


@transaction.atomic
def fiscal_year_close(*, fiscal_year: FiscalYear, user: User) -> FiscalYear:
    permissions.require_can_lead(user, fiscal_year)
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    _ensure_status(fiscal_year, YearStatus.EXECUTION, _("Chỉ năm đang thực hiện mới được khóa sổ."))
    if Adjustment.objects.filter(
        line__fiscal_year=fiscal_year, status=AdjustmentStatus.PROPOSED
    ).exists():
        raise ValidationError(_("Còn điều chỉnh dự toán chờ phê duyệt: hãy xử lý trước."))
    before = {"status": fiscal_year.status}
    fiscal_year.status = YearStatus.CLOSED
    fiscal_year.closed_at = timezone.now()
    fiscal_year.closed_by = user
    fiscal_year.save()
    audit(
        fiscal_year=fiscal_year,
        user=user,
        action="fiscal_year_close",
        before=before,
        after={"status": fiscal_year.status},
    )
    return fiscal_year


@transaction.atomic
def fiscal_year_reopen(*, fiscal_year: FiscalYear, user: User, reason: str) -> FiscalYear:
    """Only a system administrator reopens a closed year, and must say why."""
    permissions.require_can_reopen(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại sổ.")})
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    require_state(fiscal_year, [YearStatus.CLOSED], message=_("Năm này chưa khóa sổ."))
    fiscal_year.status = YearStatus.EXECUTION
    fiscal_year.closed_at = None
    fiscal_year.closed_by = None
    fiscal_year.save()
    audit(
        fiscal_year=fiscal_year,
        user=user,
        action="fiscal_year_reopen",
        before={"status": YearStatus.CLOSED},
        after={"status": fiscal_year.status},
        reason=reason.strip(),
    )
    return fiscal_year


# --- lines and estimates -----------------------------------------------------------------


def check_category_version(fiscal_year: FiscalYear, category: Category) -> None:
    """A book uses the categories of the classification in force for its budget year (TT 344
    and TT 324/2016 up to 2025, TT 130/2025 from 2026)."""
    version = category.classification
    if version.first_year <= fiscal_year.year and (
        version.last_year is None or fiscal_year.year <= version.last_year
    ):
        return
    raise ValidationError(
        {
            "category": _(
                "Mục “%(code)s” thuộc mục lục “%(version)s” (%(years)s), không dùng được cho "
                "năm ngân sách %(year)s: sổ năm %(year)s phải dùng mục lục áp dụng cho năm đó."
            )
            % {
                "code": category.code,
                "version": version.name,
                "years": version.years_label,
                "year": fiscal_year.year,
            }
        }
    )


def _check_category(fiscal_year: FiscalYear, category: Category) -> None:
    check_category_version(fiscal_year, category)
    if category.direction == Direction.REVENUE and not fiscal_year.has_revenue:
        raise ValidationError(
            {"category": _("Đơn vị dự toán của cấp trên chỉ có chi ngân sách, không có dòng thu.")}
        )
    if not category.is_active:
        raise ValidationError({"category": _("Mục này đã ngừng sử dụng.")})


@transaction.atomic
def line_set_initial_estimate(
    *, fiscal_year: FiscalYear, category: Category, amount: int, user: User
) -> BudgetLine:
    """Creates the line or changes its initial estimate, while the year is being planned."""
    permissions.require_can_record(user, fiscal_year)
    _ensure_status(
        fiscal_year,
        YearStatus.PLANNING,
        _("Dự toán đầu năm chỉ sửa khi đang lập dự toán; sau khi giao dự toán hãy lập điều chỉnh."),
    )
    _check_category(fiscal_year, category)
    if amount < 0:
        raise ValidationError({"amount": _("Số tiền không được là số âm.")})
    line, created = BudgetLine.objects.select_for_update().get_or_create(
        fiscal_year=fiscal_year, category=category
    )
    before = None if created else {"initial_estimate": line.initial_estimate}
    line.initial_estimate = amount
    line.full_clean()
    line.save()
    audit(
        fiscal_year=fiscal_year,
        line=line,
        obj=line,
        user=user,
        action="line_set_initial_estimate",
        before=before,
        after={"initial_estimate": amount},
    )
    return line


@transaction.atomic
def adjustment_propose(
    *,
    line: BudgetLine,
    date: datetime.date,
    decision_number: str,
    reason: str,
    amount: int,
    user: User,
    idempotency_key: uuid.UUID | None = None,
) -> Adjustment:
    """Proposes an adjustment of the line's estimate; the same form sent twice proposes it
    once."""
    permissions.require_can_record(user, line.fiscal_year)
    adjustment, _created = once(
        Adjustment.objects.filter(line=line, proposed_by=user),
        idempotency_key,
        lambda: _adjustment_new(
            line=line,
            date=date,
            decision_number=decision_number,
            reason=reason,
            amount=amount,
            user=user,
            idempotency_key=idempotency_key,
        ),
    )
    return adjustment


def _adjustment_new(
    *,
    line: BudgetLine,
    date: datetime.date,
    decision_number: str,
    reason: str,
    amount: int,
    user: User,
    idempotency_key: uuid.UUID | None,
) -> Adjustment:
    fiscal_year = line.fiscal_year
    _ensure_status(
        fiscal_year,
        YearStatus.EXECUTION,
        _("Chỉ điều chỉnh dự toán khi năm ngân sách đang thực hiện."),
    )
    _ensure_in_year(fiscal_year, date, "date")
    adjustment = Adjustment(
        line=line,
        date=date,
        decision_number=decision_number.strip(),
        reason=reason.strip(),
        amount=amount,
        proposed_by=user,
        idempotency_key=idempotency_key,
    )
    adjustment.full_clean()
    adjustment.save()
    audit(
        fiscal_year=fiscal_year,
        line=line,
        obj=adjustment,
        user=user,
        action="adjustment_propose",
        after={
            "date": _iso(date),
            "decision_number": adjustment.decision_number,
            "amount": amount,
            "status": adjustment.status,
        },
        reason=adjustment.reason,
    )
    return adjustment


@transaction.atomic
def adjustment_decide(*, adjustment: Adjustment, user: User, approve: bool) -> Adjustment:
    adjustment = (
        Adjustment.objects.select_for_update()
        .select_related("line__fiscal_year")
        .get(pk=adjustment.pk)
    )
    fiscal_year = adjustment.line.fiscal_year
    permissions.require_can_lead(user, fiscal_year)
    ensure_open(fiscal_year)
    require_state(
        adjustment, [AdjustmentStatus.PROPOSED], message=_("Điều chỉnh này đã được xử lý.")
    )
    if approve:
        current = line_current_estimate(adjustment.line)
        if current + adjustment.amount < 0:
            raise ValidationError(_("Sau điều chỉnh, dự toán không được âm."))
    before = {"status": adjustment.status}
    adjustment.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    adjustment.decided_by = user
    adjustment.decided_at = timezone.now()
    adjustment.save()
    audit(
        fiscal_year=fiscal_year,
        line=adjustment.line,
        obj=adjustment,
        user=user,
        action="adjustment_approve" if approve else "adjustment_reject",
        before=before,
        after={"status": adjustment.status},
    )
    return adjustment


def line_current_estimate(line: BudgetLine) -> int:
    from django.db.models import Sum

    approved = line.adjustments.filter(status=AdjustmentStatus.APPROVED).aggregate(
        total=Sum("amount")
    )["total"]
    return line.initial_estimate + (approved or 0)


# --- entries -----------------------------------------------------------------------------


@transaction.atomic
def entry_record(
    *,
    line: BudgetLine,
    date: datetime.date,
    voucher_number: str,
    description: str,
    amount: int,
    user: User,
    idempotency_key: uuid.UUID | None = None,
) -> Entry:
    """Records a voucher on the line; the same form sent twice records it once."""
    permissions.require_can_record(user, line.fiscal_year)
    entry, _created = once(
        Entry.objects.filter(line=line, recorded_by=user),
        idempotency_key,
        lambda: _entry_new(
            line=line,
            date=date,
            voucher_number=voucher_number,
            description=description,
            amount=amount,
            user=user,
            idempotency_key=idempotency_key,
        ),
    )
    return entry


def _entry_new(
    *,
    line: BudgetLine,
    date: datetime.date,
    voucher_number: str,
    description: str,
    amount: int,
    user: User,
    idempotency_key: uuid.UUID | None,
) -> Entry:
    fiscal_year = line.fiscal_year
    _ensure_status(
        fiscal_year,
        YearStatus.EXECUTION,
        _("Chỉ ghi chứng từ khi năm ngân sách đang thực hiện."),
    )
    _ensure_in_year(fiscal_year, date, "date")
    if amount <= 0:
        raise ValidationError(
            {"amount": _("Số tiền phải lớn hơn 0; để sửa sai hãy lập bút toán đảo.")}
        )
    voucher_number = voucher_number.strip()
    if Entry.objects.filter(line=line, voucher_number=voucher_number, date=date).exists():
        raise ValidationError(
            {"voucher_number": _("Chứng từ này đã được ghi vào dòng này trong ngày đó.")}
        )
    entry = Entry(
        line=line,
        date=date,
        voucher_number=voucher_number,
        description=description.strip(),
        amount=amount,
        recorded_by=user,
        idempotency_key=idempotency_key,
    )
    entry.full_clean()
    entry.save()
    audit(
        fiscal_year=fiscal_year,
        line=line,
        obj=entry,
        user=user,
        action="entry_record",
        after={
            "date": _iso(date),
            "voucher_number": voucher_number,
            "amount": amount,
            "description": entry.description,
        },
    )
    return entry


@transaction.atomic
def entry_reverse(
    *,
    entry: Entry,
    date: datetime.date,
    voucher_number: str,
    reason: str,
    user: User,
) -> Entry:
    """A correction: a new entry of the opposite amount. The original stays as it was."""
    entry = Entry.objects.select_for_update().select_related("line__fiscal_year").get(pk=entry.pk)
    line = entry.line
    fiscal_year = line.fiscal_year
    permissions.require_can_record(user, fiscal_year)
    _ensure_status(
        fiscal_year,
        YearStatus.EXECUTION,
        _("Chỉ ghi chứng từ khi năm ngân sách đang thực hiện."),
    )
    _ensure_in_year(fiscal_year, date, "date")
    if entry.reverses_id or Entry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Chứng từ này đã được đảo hoặc là một bút toán đảo."))
    if date < entry.date:
        raise ValidationError({"date": _("Ngày bút toán đảo không được trước chứng từ gốc.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do đảo chứng từ.")})
    voucher_number = voucher_number.strip()
    if Entry.objects.filter(line=line, voucher_number=voucher_number, date=date).exists():
        raise ValidationError({"voucher_number": _("Số chứng từ này đã có trong ngày đó.")})
    reversal = Entry(
        line=line,
        date=date,
        voucher_number=voucher_number,
        description=_("Đảo chứng từ %(voucher)s: %(reason)s")
        % {"voucher": entry.voucher_number, "reason": reason.strip()},
        amount=-entry.amount,
        reverses=entry,
        recorded_by=user,
    )
    reversal.full_clean()
    reversal.save()
    audit(
        fiscal_year=fiscal_year,
        line=line,
        obj=reversal,
        user=user,
        action="entry_reverse",
        before={"entry": entry.pk, "voucher_number": entry.voucher_number, "amount": entry.amount},
        after={"voucher_number": voucher_number, "amount": reversal.amount, "date": _iso(date)},
        reason=reason.strip(),
    )
    return reversal


# --- targets -----------------------------------------------------------------------------


def _target_values(target: Target) -> dict:
    return {
        "group": target.group,
        "name": target.name,
        "unit_of_measure": target.unit_of_measure,
        "planned": str(target.planned),
        "actual": None if target.actual is None else str(target.actual),
    }


@transaction.atomic
def target_save(
    *,
    fiscal_year: FiscalYear,
    user: User,
    target: Target | None = None,
    group: str,
    name: str,
    unit_of_measure: str,
    planned,
    actual=None,
    sort_order: int = 0,
) -> Target:
    permissions.require_can_record(user, fiscal_year)
    ensure_open(fiscal_year)
    if group not in TargetGroup.values:
        raise ValidationError({"group": _("Nhóm chỉ tiêu không hợp lệ.")})
    before = None
    if target is None:
        target = Target(fiscal_year=fiscal_year)
    else:
        if target.fiscal_year_id != fiscal_year.pk:
            raise ValidationError(_("Chỉ tiêu không thuộc năm này."))
        before = _target_values(target)
    target.group = group
    target.name = name.strip()
    target.unit_of_measure = unit_of_measure.strip()
    target.planned = planned
    target.actual = actual
    target.sort_order = sort_order
    twins = Target.objects.filter(fiscal_year=fiscal_year, name=target.name).exclude(pk=target.pk)
    if twins.exists():  # the unique constraint, said on the field
        raise ValidationError(
            {"name": _("Năm này đã có chỉ tiêu “%(name)s”.") % {"name": target.name[:80]}}
        )
    target.full_clean()
    target.save()
    audit(
        fiscal_year=fiscal_year,
        obj=target,
        user=user,
        action="target_save",
        before=before,
        after=_target_values(target),
    )
    return target


# --- public disclosure -------------------------------------------------------------------


@transaction.atomic
def disclosure_publish(
    *, fiscal_year: FiscalYear, period: str, user: User, note: str = ""
) -> Disclosure:
    """Publishes (công khai) the approved estimate or a period's execution: the figures are
    frozen as posted, with the time of posting. Only category figures: no personal data."""
    from .selectors import disclosure_dates, execution_by_category

    permissions.require_can_lead(user, fiscal_year)
    if period not in DisclosurePeriod.values:
        raise ValidationError({"period": _("Kỳ công khai không hợp lệ.")})
    require_state(
        fiscal_year,
        [YearStatus.EXECUTION, YearStatus.CLOSED],
        message=_("Chưa giao dự toán: chưa có số liệu để công khai."),
    )
    start, end = disclosure_dates(fiscal_year.year, period)
    if period != DisclosurePeriod.ESTIMATE and end >= timezone.localdate():
        raise ValidationError({"period": _("Kỳ này chưa kết thúc: chưa thể công khai.")})
    if Disclosure.objects.filter(fiscal_year=fiscal_year, period=period).exists():
        raise ValidationError({"period": _("Kỳ này đã được công khai.")})
    if period == DisclosurePeriod.ESTIMATE:
        rows = execution_by_category(
            unit_id=fiscal_year.unit_id, year=fiscal_year.year, initial_only=True
        )
    else:
        rows = execution_by_category(
            unit_id=fiscal_year.unit_id, year=fiscal_year.year, end=end, start=start
        )
    disclosure = Disclosure.objects.create(
        fiscal_year=fiscal_year,
        period=period,
        published_at=timezone.now(),
        published_by=user,
        period_start=start,
        period_end=end,
        rows=[row.as_json() for row in rows],
        note=note.strip(),
    )
    audit(
        fiscal_year=fiscal_year,
        obj=disclosure,
        user=user,
        action="disclosure_publish",
        after={"period": period, "published_at": disclosure.published_at.isoformat()},
    )
    return disclosure
