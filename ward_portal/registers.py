"""Number registers (sổ đăng ký số): the one way anything in the portal gets a number.

Minutes, conclusion notices, reports and petition codes all take the next number of a register
(issuing unit + series) here. The count is one INSERT … ON CONFLICT … DO UPDATE … RETURNING, so
two callers at once queue on the count row and never get the same number; a rolled-back caller
gives its number back with its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from .models import (
    AdministrativeUnit,
    NumberRegister,
    NumberRegisterCount,
    NumberReset,
    pattern_problem,
)


@dataclass(frozen=True)
class Allocation:
    number: int
    period: int  # the year, the term's first year, or 0
    text: str  # as written on the document: "01/BB-UBND", "NTB-2026-000123"


def register_period(register: NumberRegister, on: date) -> int:
    """The period a number given on `on` counts in."""
    if register.reset == NumberReset.YEARLY:
        return on.year
    if register.reset == NumberReset.TERM:
        started = register.term_started_on
        if started is None or on < started:
            raise ValidationError(
                _("Sổ %(register)s không có nhiệm kỳ chứa ngày %(day)s.")
                % {"register": register, "day": f"{on:%d/%m/%Y}"}
            )
        return started.year
    return 0


def register_format(
    register: NumberRegister, *, unit: AdministrativeUnit, number: int, period: int
) -> str:
    values = {
        "number": number,
        "period": period,
        "series": register.series,
        "unit": unit.abbreviation or unit.code,
    }
    return register.pattern.format_map(values)


def number_allocate(
    *,
    unit: AdministrativeUnit,
    series: str,
    on: date,
    defaults: dict[str, Any] | None = None,
) -> Allocation:
    """The next number of the unit's register for `series` in the period of `on`, from 1.
    The register is made on first use from `defaults` (reset, pattern, term_started_on);
    an existing register keeps what the admin set."""
    defaults = defaults or {}
    if "pattern" in defaults and (problem := pattern_problem(defaults["pattern"])):
        raise ValidationError(problem)
    register, _created = NumberRegister.objects.get_or_create(
        unit=unit, series=series, defaults=defaults
    )
    period = register_period(register, on)
    table = NumberRegisterCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (register_id, period, last_number)
            VALUES (%s, %s, 1)
            ON CONFLICT (register_id, period)
            DO UPDATE SET last_number = {table}.last_number + 1
            RETURNING last_number
            """,  # noqa: S608 (table name from the model, values are parameters)
            [register.pk, period],
        )
        number = cursor.fetchone()[0]
    text = register_format(register, unit=unit, number=number, period=period)
    return Allocation(number=number, period=period, text=text)
