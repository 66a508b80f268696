"""The audit history as people read it: what was done, and each changed value by its name,
before and after, in Vietnamese formats (3.124.335.200; 17/02/2022; "Đang thực hiện").

AuditEvent keeps the raw values (JSON) so the record never depends on how it is shown; this
module is the one place that turns them into words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.formatting import format_money, format_number, format_quantity

from .choices import (
    AdjustmentStatus,
    BudgetMode,
    DisclosurePeriod,
    ImportKind,
    TargetGroup,
    YearStatus,
)
from .models import AuditEvent

ACTIONS = {
    "fiscal_year_create": _("Lập năm ngân sách"),
    "fiscal_year_start_execution": _("Giao dự toán, chuyển sang thực hiện"),
    "fiscal_year_close": _("Khóa sổ (quyết toán)"),
    "fiscal_year_reopen": _("Mở lại năm đã khóa sổ"),
    "line_set_initial_estimate": _("Ghi dự toán đầu năm"),
    "adjustment_propose": _("Đề nghị điều chỉnh dự toán"),
    "adjustment_approve": _("Phê duyệt điều chỉnh dự toán"),
    "adjustment_reject": _("Không phê duyệt điều chỉnh dự toán"),
    "entry_record": _("Ghi chứng từ thực hiện"),
    "entry_reverse": _("Ghi chứng từ điều chỉnh giảm (đảo bút toán)"),
    "target_save": _("Cập nhật chỉ tiêu"),
    "disclosure_publish": _("Công khai ngân sách"),
    "import_upload": _("Tải lên tệp nhập liệu"),
    "import_apply": _("Ghi sổ từ tệp nhập liệu"),
}

MONEY, NUMBER, QUANTITY = "money", "number", "quantity"
DATE, MOMENT, TEXT = "date", "moment", "text"

# key: (label, how it is shown, the choices its codes come from)
FIELDS = {
    "year": (_("Năm"), TEXT, None),
    "budget_mode": (_("Hình thức ngân sách"), TEXT, BudgetMode),
    "estimate_decision": (_("Quyết định giao dự toán"), TEXT, None),
    "estimate_approved_on": (_("Ngày giao dự toán"), DATE, None),
    "initial_estimate": (_("Dự toán đầu năm"), MONEY, None),
    "date": (_("Ngày"), DATE, None),
    "decision_number": (_("Số quyết định"), TEXT, None),
    "amount": (_("Số tiền"), MONEY, None),
    "voucher_number": (_("Số chứng từ"), TEXT, None),
    "description": (_("Nội dung"), TEXT, None),
    "entry": (_("Chứng từ gốc (mã)"), TEXT, None),
    "group": (_("Nhóm"), TEXT, TargetGroup),
    "name": (_("Chỉ tiêu"), TEXT, None),
    "unit_of_measure": (_("Đơn vị tính"), TEXT, None),
    "planned": (_("Kế hoạch"), QUANTITY, None),
    "actual": (_("Thực hiện"), QUANTITY, None),
    "period": (_("Kỳ công khai"), TEXT, DisclosurePeriod),
    "published_at": (_("Thời điểm công khai"), MOMENT, None),
    "file": (_("Tệp"), TEXT, None),
    "import": (_("Từ tệp"), TEXT, None),
    "kind": (_("Loại dữ liệu"), TEXT, ImportKind),
    "rows": (_("Số dòng"), NUMBER, None),
    "rows_written": (_("Số dòng đã ghi"), NUMBER, None),
    "amount_total": (_("Tổng số tiền"), MONEY, None),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryItem:
    at: datetime.datetime
    user: object
    action: str
    changes: list[Change]
    reason: str


def _status_choices(action: str):
    return AdjustmentStatus if action.startswith("adjustment") else YearStatus


def show(key: str, value, action: str = "") -> str:
    if value is None or value == "":
        return ""
    _label, kind, choices = FIELDS.get(key, (key, TEXT, None))
    if key == "status":
        choices = _status_choices(action)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    try:
        if kind == MONEY:
            return format_money(int(value))
        if kind == NUMBER:
            return format_number(int(value))
        if kind == QUANTITY:
            return format_quantity(Decimal(str(value)))
        if kind == DATE:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        if kind == MOMENT:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
            return moment.strftime("%H:%M %d/%m/%Y")
    except (TypeError, ValueError, InvalidOperation):
        pass
    return str(value)


def describe(event: AuditEvent) -> HistoryItem:
    before, after = event.before or {}, event.after or {}
    keys = list(before) + [k for k in after if k not in before]
    changes = []
    for key in keys:
        old, new = show(key, before.get(key), event.action), show(key, after.get(key), event.action)
        if old == new and key in before and key in after:
            continue  # unchanged
        label = _("Trạng thái") if key == "status" else FIELDS.get(key, (key,))[0]
        changes.append(Change(str(label), old, new))
    return HistoryItem(
        at=event.at,
        user=event.user,
        action=str(ACTIONS.get(event.action, event.action)),
        changes=changes,
        reason=event.reason,
    )


def describe_all(events) -> list[HistoryItem]:
    return [describe(event) for event in events]
