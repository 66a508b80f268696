"""Public disclosure (công khai ngân sách), no login: only what a leader published, as it was
posted, with category figures only (no names of the people who recorded anything)."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import render

from ward_portal.formatting import percent

from . import selectors
from .choices import Direction


def index(request):
    return render(
        request, "budget/public/index.html", {"units": selectors.units_with_disclosures()}
    )


def unit(request, code: str):
    # Official codes are reused (the new Phường Bến Thành kept 26743): the page lists what every
    # unit that held the code published, under the name of the latest of them.
    unit = (
        selectors.units_with_disclosures()
        .filter(code=code)
        .order_by(F("valid_to").desc(nulls_first=True))
        .first()
    )
    if unit is None:
        raise Http404
    disclosures = selectors.published_disclosures().filter(fiscal_year__unit__code=code)
    return render(
        request,
        "budget/public/unit.html",
        {"unit": unit, "disclosures": disclosures.order_by("-fiscal_year__year", "-period_end")},
    )


def disclosure(request, code: str, year: int, period: str):
    item = _disclosure_of(code, year, period)
    sections = []
    for direction in Direction:
        rows = [r for r in item.rows if r["direction"] == direction.value]
        if rows:
            top = [r for r in rows if r["depth"] == 0]
            sections.append(
                {
                    "label": direction.label,
                    "rows": rows,
                    "estimate": sum(r["estimate"] for r in top),
                    "actual": sum(r["actual"] for r in top),
                }
            )
    for section in sections:
        section["pct"] = percent(section["actual"], section["estimate"])
    return render(
        request,
        "budget/public/disclosure.html",
        {"item": item, "unit": item.fiscal_year.unit, "sections": sections},
    )


def _disclosure_of(code: str, year: int, period: str):
    """The disclosure of the unit that held `code` when the period ended: in 2025 the old and
    the new Phường Bến Thành both published under 26743, each for its own half of the year."""
    candidates = list(
        selectors.published_disclosures()
        .filter(fiscal_year__unit__code=code, fiscal_year__year=year, period=period)
        .select_related("fiscal_year__unit")
    )
    if not candidates:
        raise Http404

    def held_the_code_then(item) -> bool:
        unit, end = item.fiscal_year.unit, item.period_end
        return (unit.valid_from is None or unit.valid_from <= end) and (
            unit.valid_to is None or end <= unit.valid_to
        )

    return next((item for item in candidates if held_the_code_then(item)), candidates[0])
