"""Who may do what to petitions and the reception book. Each rule is a predicate (pages use it
to offer an action or not) and its require_ counterpart (services refuse with the reason); both
read the roles through the kernel's unit predicates. Whether a person may see a petitioner's
personal data is decided with the petition's reads (selectors.may_see_personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ward_portal.access import can_change_unit, can_lead_unit, require
from ward_portal.models import User

from .choices import Kind
from .models import Petition


def can_change_petition(user: User, petition: Petition) -> bool:
    """Handle a petition (classify, assign, answer, close…): the staff of its unit. Those who
    see it from above only read it."""
    return can_change_unit(user, petition.unit_id)


def require_can_change_petition(user: User, petition: Petition) -> None:
    require(can_change_petition(user, petition), _("Bạn chỉ được xem hồ sơ này."))


def can_assign_petition(user: User, petition: Petition) -> bool:
    """Choose who handles a petition: the staff of its unit. For a denunciation, its leaders
    only: the handler and the person who assigns learn the denouncer's identity
    (selectors.may_see_personal_data), so a clerk must not be able to give it to themselves."""
    if petition.kind == Kind.DENUNCIATION:
        return can_lead_unit(user, petition.unit_id)
    return can_change_petition(user, petition)


def require_can_assign_petition(user: User, petition: Petition) -> None:
    require(
        can_assign_petition(user, petition),
        _("Chỉ lãnh đạo đơn vị giao người giải quyết đơn tố cáo."),
    )


def can_keep_reception_book(user: User, unit_id: int) -> bool:
    """Open sessions and write lines in a unit's reception book: the unit's staff."""
    return can_change_unit(user, unit_id)


def require_can_keep_reception_book(user: User, unit_id: int) -> None:
    require(
        can_keep_reception_book(user, unit_id),
        _("Bạn chỉ được xem sổ tiếp công dân của đơn vị này."),
    )
