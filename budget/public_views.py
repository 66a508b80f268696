"""Public disclosure (công khai ngân sách), no login: only what a leader published, as it was
posted, with category figures only (no names of the people who recorded anything)."""

from django.shortcuts import get_object_or_404, render

from . import selectors
from .choices import Direction


def index(request):
    return render(
        request, "budget/public/index.html", {"units": selectors.units_with_disclosures()}
    )


def unit(request, code: str):
    disclosures = selectors.published_disclosures().filter(fiscal_year__unit__code=code)
    unit = get_object_or_404(selectors.units_with_disclosures(), code=code)
    return render(
        request,
        "budget/public/unit.html",
        {"unit": unit, "disclosures": disclosures.order_by("-fiscal_year__year", "-period_end")},
    )


def disclosure(request, code: str, year: int, period: str):
    item = get_object_or_404(
        selectors.published_disclosures(),
        fiscal_year__unit__code=code,
        fiscal_year__year=year,
        period=period,
    )
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
        from ward_portal.formatting import percent

        section["pct"] = percent(section["actual"], section["estimate"])
    return render(
        request,
        "budget/public/disclosure.html",
        {"item": item, "unit": item.fiscal_year.unit, "sections": sections},
    )
