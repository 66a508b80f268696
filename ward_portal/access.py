"""The one place that answers "which units may this user see / change".

Every staff selector in every app starts from these functions, so another unit's object is simply
not in the queryset: fetching it gives a 404, never a 403.

- A system administrator (superuser) sees and changes every unit.
- A role in a unit lets the person see that unit and everything below it (a leader of Quận 1
  sees its ten wards), and change the unit where the role is held (read-mostly below it).
- Succession carries history, not work: the staff of a unit in force also see the units it
  took over on 01/7/2025 (Phường Bến Thành's staff read Phường Nguyễn Thái Bình's 2022 budget),
  read-only.
- Roles belong to units in force: a unit that has ended (Quận 1, the old wards, on 30/6/2025)
  can no longer be changed by anyone but a system administrator. A role kept there is a
  read-only window on its history; no new role can be given there (RoleAssignment.clean).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone

from .models import AdministrativeUnit, Role, RoleAssignment, UnitSuccession, User


def _roles(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user_id=user.pk)


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Units the user may read: where they hold a role, and all units below those."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return _units_seen_through(_roles(user))


def units_seen_as_leader(user: User) -> QuerySet[AdministrativeUnit]:
    """Units the user sees through a leader's role: whose audit log they may read."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return _units_seen_through(_roles(user).filter(role=Role.LEADER))


def _units_seen_through(roles: QuerySet[RoleAssignment]) -> QuerySet[AdministrativeUnit]:
    # EXISTS (a role whose unit's path is a prefix of this unit's path), or this unit went
    # (wholly or in part) into a unit in force that the user serves.
    outer_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    held_above = roles.filter(StartsWith(outer_path, F("unit__path")))
    successor_path = ExpressionWrapper(OuterRef("successor__path"), output_field=CharField())
    held_at_successor = roles.filter(StartsWith(successor_path, F("unit__path")))
    taken_over = UnitSuccession.objects.filter(predecessor_id=OuterRef("pk")).filter(
        Exists(held_at_successor)
    )
    return AdministrativeUnit.objects.filter(Exists(held_above) | Exists(taken_over))


def _in_force_today() -> Q:
    today = timezone.localdate()
    return Q(valid_to__isnull=True) | Q(valid_to__gte=today)


def units_changeable_by(user: User) -> QuerySet[AdministrativeUnit]:
    """Units whose records the user may create and change: where they hold a role, while the
    unit is in force."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return AdministrativeUnit.objects.filter(
        _in_force_today(), Exists(_roles(user).filter(unit_id=OuterRef("pk")))
    )


def units_led_by(user: User) -> QuerySet[AdministrativeUnit]:
    """Units where the user holds a leader's role (approvals, assignments, closing a year)."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return AdministrativeUnit.objects.filter(
        _in_force_today(), Exists(_roles(user).filter(unit_id=OuterRef("pk"), role=Role.LEADER))
    )


def units_of_roles(user: User) -> QuerySet[AdministrativeUnit]:
    """The units where the user holds a role, in force or not (a home page for a person whose
    unit has ended shows its history)."""
    return AdministrativeUnit.objects.filter(Exists(_roles(user).filter(unit_id=OuterRef("pk"))))


# --- predicates on one unit: each app's permissions.py names its rules with these ------------


def can_change_unit(user: User, unit_id: int) -> bool:
    """May the user create and change records of this unit (a role held in it)?"""
    return units_changeable_by(user).filter(pk=unit_id).exists()


def can_lead_unit(user: User, unit_id: int) -> bool:
    """Does the user lead this unit (approvals, assignments, issuing, closing a year)?"""
    return units_led_by(user).filter(pk=unit_id).exists()


def require(
    allowed: bool, message: str, *, error_class: type[Exception] = PermissionDenied
) -> None:
    """Refuses an action the user may not take, with a message in the user's language. Views
    show it; another unit's object never gets this far (its selector gives a 404). An app whose
    pages show every refusal the same way raises its own error instead (meetings: MeetingError)."""
    if not allowed:
        raise error_class(message)
