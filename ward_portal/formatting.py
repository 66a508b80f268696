"""Vietnamese formats, defined once: money 3.124.335.200, percent 98,68%, formal date lines."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _


def format_number(value: int | Decimal | float | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_quantity(value: int | Decimal | float | None) -> str:
    """A measured quantity: whole numbers without decimals, others with up to two
    (104,84 but 18, not 18,00)."""
    if value is None:
        return "–"
    exact = Decimal(str(value))
    if exact == exact.to_integral():
        return format_number(exact, 0)
    return format_number(exact.quantize(Decimal("0.01"), ROUND_HALF_UP), 2)


def format_money(value: int | Decimal | None) -> str:
    """Whole đồng with the locale's grouping: 3.124.335.200 (vi) / 3,124,335,200 (en)."""
    return format_number(value, 0)


def percent(
    numerator: int | Decimal, denominator: int | Decimal, places: int = 2
) -> Decimal | None:
    """numerator ÷ denominator × 100, rounded half-up; None when the denominator is zero."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, ROUND_HALF_UP)


def format_percent(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return "–"
    return f"{format_number(value, places)}%"


def formal_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a leading zero
    (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def formal_date_line(place: str, day: date) -> str:
    """ "TP. Hồ Chí Minh, ngày 17 tháng 02 năm 2022"."""
    return f"{place}, {formal_date(day)}"
