"""Who may do what to a report. Each rule is a predicate (pages use it to offer an action or
not) and its require_ counterpart (services refuse with the reason); both read the roles
through the kernel's unit predicates. Who may see a report: selectors.reports_visible_to."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ward_portal.access import can_change_unit, can_lead_unit, require
from ward_portal.models import User

from .models import Report


def can_issue_report(user: User, report: Report) -> bool:
    """Issue (ban hành) the unit's report under the next number: the unit's leaders."""
    return can_lead_unit(user, report.unit_id)


def require_can_issue_report(user: User, report: Report) -> None:
    require(can_issue_report(user, report), _("Chỉ lãnh đạo của đơn vị được ban hành báo cáo."))


def can_regenerate_report(user: User, report: Report) -> bool:
    """Make a draft again with the latest figures (replacing its files): the unit's own staff.
    The levels above read their wards' reports but never change them."""
    return can_change_unit(user, report.unit_id)


def require_can_regenerate_report(user: User, report: Report) -> None:
    require(
        can_regenerate_report(user, report),
        _("Chỉ cán bộ của đơn vị được tạo lại báo cáo; cấp trên chỉ xem."),
    )
