"""/dashboard/: the ward dashboard for ward staff and leaders, the leadership dashboard (every
unit below side by side) for upper-level leaders, and a read-only drill-down into any ward."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tables2 import RequestConfig

from budget.selectors import fiscal_years_of_unit, latest_closed_year, target_results
from figures import (
    Window,
    figures_for_units,
    ranked_by_on_time,
    reorganisation_note,
    units_of_window,
)
from figures.charts import budget_chart, petitions_chart
from ward_portal.access import (
    can_change_unit,
    units_changeable_by,
    units_led_by,
    units_of_roles,
    units_visible_to,
)
from ward_portal.models import AdministrativeUnit, UnitLevel
from ward_portal.units import predecessors, successors, successors_of

from . import links
from .forms import PeriodForm
from .tables import LeadershipTable


def _period_and_window(request, default_year=None):
    form = PeriodForm(request.GET or None, default_year=default_year)
    period, legal = form.selected_period(today=timezone.localdate())
    window = Window.for_period(period, today=timezone.localdate(), legal_cutoff=legal)
    # Links to other dashboards carry the period explicitly, so a drill-down shows the same one.
    query = urlencode(
        {
            "period": period.kind,
            "year": period.year,
            "number": period.number,
            "basis": "cutoff" if legal else "calendar",
        }
    )
    return form, period, window, query


def _home_unit(user) -> AdministrativeUnit | None:
    """The unit whose dashboard is the person's home: the highest unit in force they lead that
    has units below it, else the first commune in force where they hold a role, else (a role
    kept at a unit that has ended, such as Quận 1) the highest such unit: its history."""
    led_upper = units_led_by(user).exclude(level=UnitLevel.COMMUNE).order_by("path").first()
    if led_upper:
        return led_upper
    if user.is_superuser:
        return AdministrativeUnit.objects.filter(parent__isnull=True).order_by("code").first()
    return (
        units_changeable_by(user).order_by("code").first()
        or units_of_roles(user).order_by(Length("path"), "code").first()
    )


@login_required
def dashboard(request):
    unit = _home_unit(request.user)
    if unit is None:
        return render(request, "dashboards/no_unit.html")
    return _render_unit(request, unit)


@login_required
def unit_dashboard(request, pk):
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    return _render_unit(request, unit)


def _render_unit(request, unit: AdministrativeUnit):
    if unit.level == UnitLevel.COMMUNE:
        return _ward(request, unit)
    return _leadership(request, unit)


def _ward(request, unit: AdministrativeUnit):
    budget_years = fiscal_years_of_unit(unit_id=unit.pk)
    # Opened without a chosen period, a ward whose current year has no book (a ward that ended
    # on 30/6/2025, or one that has not opened this year's book) shows its latest year that has
    # one, and says so, instead of an empty year.
    today = timezone.localdate()
    fallback_year = None
    if not request.GET and budget_years and today.year not in budget_years:
        fallback_year = max((y for y in budget_years if y <= today.year), default=None)
    form, period, window, query = _period_and_window(request, default_year=fallback_year)
    (figures,) = figures_for_units([unit], window)
    can_change = can_change_unit(request.user, unit.pk)
    lineage = _lineage(request.user, unit)
    return render(
        request,
        "dashboards/ward.html",
        {
            "unit": unit,
            "period": period,
            "window": window,
            "form": form,
            "figures": figures,
            "targets": target_results(unit_id=unit.pk, year=window.budget_year),
            "budget_chart": budget_chart(unit, window.budget_year),
            "petitions_chart": petitions_chart(unit, window),
            "read_only": not can_change,
            "links": links.for_unit(unit, window),
            "period_query": query,
            "budget_years": budget_years,
            "fallback_year": fallback_year,
            "lineage": lineage,
            "before_table": _predecessors_table(request, unit, lineage, window, query),
            "before_only": unit.valid_from is not None and window.end < unit.valid_from,
        },
    )


def _predecessors_table(
    request, unit: AdministrativeUnit, lineage: dict, window: Window, query: str
):
    """For a period (or the part of one) before the ward existed: the figures of the units it
    took over (`lineage`, from `_lineage`), each under the unit that held it then, a unit taken
    over in part marked as shared with its other successors (its figures belong to it once, not
    to either successor). Only the predecessors the person may see."""
    if unit.valid_from is None or window.start >= unit.valid_from:
        return None
    links = [link for link, visible in lineage["predecessors"] if visible]
    if not links:
        return None
    shared = {link.unit.pk for link in links if link.partial}
    rows = [
        LeadershipTable.row(f, None, query, shared=f.unit.pk in shared, until=f.unit.valid_to)
        for f in figures_for_units([link.unit for link in links], window)
    ]
    table = LeadershipTable(rows, standing=window.standing, prefix="before-")
    table.columns.hide("rank")
    table.columns.hide("now_in")
    RequestConfig(request, paginate=False).configure(table)
    return table


def _lineage(user, unit: AdministrativeUnit) -> dict:
    """The units this ward took over on 01/7/2025 (their history stays theirs, each figure
    under the unit that held it) and the units it went into; each links to its own dashboard
    where the person may see it. Two queries, three when there is a lineage."""
    before, after = predecessors(unit), successors(unit)
    ids = [link.unit.pk for link in before + after]
    visible = (
        set(units_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else ()
    )
    return {
        "predecessors": [(link, link.unit.pk in visible) for link in before],
        "successors": [(link, link.unit.pk in visible) for link in after],
    }


def _leadership(request, unit: AdministrativeUnit):
    # Upper levels compare their units on the latest closed year unless they choose another:
    # a running year is still partial. Any commune that was ever below counts (the city's wards
    # closed 2022, its communes since 01/7/2025 may have closed none yet).
    ever_below = AdministrativeUnit.objects.below(unit).filter(level=UnitLevel.COMMUNE)
    default_year = latest_closed_year(unit_ids=ever_below.values_list("pk", flat=True))
    form, period, window, query = _period_and_window(request, default_year=default_year)
    # Every commune that existed during the period: across 01/7/2025 the old wards with their
    # part and the new communes with theirs, each figure once.
    units = units_of_window(unit, window)
    figures = figures_for_units(units, window)
    ranking = ranked_by_on_time(figures)
    rank_of = {f.unit.pk: rank for rank, f in ranking}
    heirs = successors_of([f.unit for f in figures if f.unit.valid_to])
    table = LeadershipTable(
        [
            LeadershipTable.row(f, rank_of[f.unit.pk], query, heirs=heirs.get(f.unit.pk))
            for f in figures
        ],
        standing=window.standing,
    )
    if not heirs:
        table.columns.hide("now_in")
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "dashboards/leadership.html",
        {
            "unit": unit,
            "period": period,
            "window": window,
            "form": form,
            "table": table,
            "ranked": [(rank, f) for rank, f in ranking if rank],
            "unranked": [f for rank, f in ranking if not rank],
            "unit_count": len(figures),
            "reorganisation": reorganisation_note(units, window),
            "period_query": query,
        },
    )
