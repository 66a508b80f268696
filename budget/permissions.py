"""Who may do what to a unit's budget books. Each rule is a predicate (pages use it to offer an
action or not) and its require_ counterpart (services refuse with the reason); both read the
roles through the kernel's unit predicates."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ward_portal.access import can_change_unit, can_lead_unit, require
from ward_portal.models import User

from .models import FiscalYear


def can_create_year(user: User, unit_id: int) -> bool:
    """Open a new fiscal year's books: the unit's staff."""
    return can_change_unit(user, unit_id)


def require_can_create_year(user: User, unit_id: int) -> None:
    require(can_create_year(user, unit_id), _("Chỉ cán bộ của đơn vị mới được lập năm ngân sách."))


def can_record(user: User, fiscal_year: FiscalYear) -> bool:
    """Write to the year's books (estimates, entries, adjustments to propose, targets,
    imports): the unit's staff."""
    return can_change_unit(user, fiscal_year.unit_id)


def require_can_record(user: User, fiscal_year: FiscalYear) -> None:
    require(can_record(user, fiscal_year), _("Chỉ cán bộ của đơn vị mới được ghi sổ."))


def can_lead(user: User, fiscal_year: FiscalYear) -> bool:
    """Decide for the year (assign the estimate, approve adjustments, publish, close): the
    unit's leaders."""
    return can_lead_unit(user, fiscal_year.unit_id)


def require_can_lead(user: User, fiscal_year: FiscalYear) -> None:
    require(can_lead(user, fiscal_year), _("Chỉ lãnh đạo đơn vị mới được thực hiện thao tác này."))


def can_reopen(user: User) -> bool:
    """Reopen a closed year: a system administrator only."""
    return user.is_superuser


def require_can_reopen(user: User) -> None:
    require(can_reopen(user), _("Chỉ quản trị hệ thống mới được mở lại năm đã khóa sổ."))
