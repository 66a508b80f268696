"""Administrative units over time: which unit a code names on a day, what became of a unit and
what it came from, and the units below one on a day.

A code alone is not enough since 01/7/2025 (the new Phường Bến Thành has the old one's code
26743; the new Phường Sài Gòn has the old Phường Bến Nghé's 26740): every lookup here takes a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from .models import AdministrativeUnit, AdministrativeUnitQuerySet, UnitSuccession


@dataclass(frozen=True)
class Succession:
    """One end of a succession seen from the other: the unit, and whether only part of the
    predecessor went to the successor."""

    unit: AdministrativeUnit
    partial: bool
    effective_on: date


def unit_in_force(code: str, on: date | None = None) -> AdministrativeUnit | None:
    """The unit that held the code on the day (default today), or None. One query."""
    day = on or timezone.localdate()
    return AdministrativeUnit.objects.in_force_on(day).filter(code=code).first()


def unit_for_code(
    code: str, on: date | None = None, *, level: str | None = None
) -> AdministrativeUnit | None:
    """The unit a code names on the day (default today): the one in force, or else the last
    one to hold the code before that day, since people keep using an abolished ward's code (the
    demo's Phường Nguyễn Thái Bình, 26746, ended on 30/6/2025). One query."""
    day = on or timezone.localdate()
    units = AdministrativeUnit.objects.filter(code=code)
    if level is not None:
        units = units.filter(level=level)
    return (
        units.exclude(valid_from__gt=day)
        .order_by(F("valid_to").desc(nulls_first=True), F("valid_from").desc(nulls_last=True))
        .first()
    )


def successors(unit: AdministrativeUnit) -> list[Succession]:
    """The units that took over `unit`, with whether each took only a part. One query."""
    links = (
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("successor__code", "successor__pk")
    )
    return [Succession(link.successor, link.partial, link.effective_on) for link in links]


def successors_of(units: list[AdministrativeUnit]) -> dict[int, list[Succession]]:
    """What became of each of these units, by unit id (those with no successor are left out).
    One query whatever the number of units."""
    if not units:
        return {}
    found: dict[int, list[Succession]] = {}
    links = (
        UnitSuccession.objects.filter(predecessor__in=units)
        .select_related("successor")
        .order_by("successor__code", "successor__pk")
    )
    for link in links:
        found.setdefault(link.predecessor_id, []).append(
            Succession(link.successor, link.partial, link.effective_on)
        )
    return found


def predecessors(unit: AdministrativeUnit) -> list[Succession]:
    """The units `unit` took over, with whether it took only a part of each. One query."""
    links = (
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor")
        .order_by("predecessor__code", "predecessor__pk")
    )
    return [Succession(link.predecessor, link.partial, link.effective_on) for link in links]


def units_in_force_below(
    unit: AdministrativeUnit, on: date | None = None
) -> AdministrativeUnitQuerySet:
    """Every unit under `unit` (at any depth, not the unit itself) in force on the day
    (default today): on 01/01/2022 Thành phố Hồ Chí Minh had districts and their wards, on
    01/01/2026 only communes."""
    return AdministrativeUnit.objects.below(unit).in_force_on(on or timezone.localdate())
