"""Every figure a dashboard or a report shows, defined once.

The apps define their own figures in their selectors (budget execution %, petition on-time and
satisfaction rates, directive on-time rate); this module only puts them side by side for a set
of units and a window of time, so the ward dashboard, the leadership table and the reports read
the same numbers from the same functions.

A period's figures are what happened in it and where things stood at its end, computed from
the history the apps keep (petition events, task dates, dated vouchers), never from the
current state: the 2022 report reads the same in 2023 and in 2026. Only the running period
shows counts that still change, labelled "hiện nay (dd/mm/yyyy)" (`Window.standing`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from budget.selectors import BudgetFigures, execution_by_unit
from citizens.selectors import PetitionFigures, petition_figures_by_unit
from meetings.selectors import DirectiveFigures, directive_figures_by_unit, meeting_counts_by_unit
from ward_portal.models import AdministrativeUnit, units_during
from ward_portal.periods import Period, standing_day, standing_label


@dataclass(frozen=True)
class Window:
    """What a figure counts: activity between `start` and `end` (petitions, meetings,
    directives), and budget execution of `budget_year` cumulated up to `budget_end`; the
    standing figures (open, overdue) as they stood at the end of `as_of`."""

    start: date
    end: date
    budget_year: int
    budget_end: date
    today: date

    @property
    def as_of(self) -> date:
        """The day the standing figures are counted on: `end`, or today while it runs."""
        return standing_day(self.end, self.today)

    @property
    def ended(self) -> bool:
        return self.end < self.today

    @property
    def standing(self) -> str:
        """ "tại ngày 14/12/2022", or "hiện nay (02/12/2026)" while the period runs."""
        return standing_label(self.end, self.today)

    @classmethod
    def for_period(cls, period: Period, *, today: date, legal_cutoff: bool = True) -> Window:
        """Reports count activity by the legal cut-off (15th → 14th) and the budget by the
        calendar; the dashboard may choose calendar dates for activity too."""
        start, end = (
            (period.cutoff_start, period.cutoff_end)
            if legal_cutoff
            else (period.calendar_start, period.calendar_end)
        )
        return cls(
            start=start,
            end=end,
            budget_year=period.year,
            budget_end=period.calendar_end,
            today=today,
        )


@dataclass(frozen=True)
class UnitFigures:
    unit: AdministrativeUnit
    budget: BudgetFigures
    petitions: PetitionFigures
    directives: DirectiveFigures
    meetings: int

    @property
    def on_time_rank_score(self) -> float:
        return wilson_lower_bound(self.petitions.resolved_on_time, self.petitions.resolved)


def wilson_lower_bound(successes: int, trials: int, z: float = 1.96) -> float:
    """The lower end of the 95% Wilson interval of a proportion.

    Ranking by it, not by the raw rate, keeps a ward with 3 of 3 cases on time from topping a
    ward with 480 of 500: small samples are ranked by what they can show with confidence.
    """
    if trials == 0:
        return 0.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = p + z * z / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return (centre - margin) / denominator


def figures_for_units(units: list[AdministrativeUnit], window: Window) -> list[UnitFigures]:
    """The figures of each unit, in the order given. A fixed number of queries for any number
    of units: each app's selector aggregates all units in one go."""
    ids = [unit.pk for unit in units]
    budget = execution_by_unit(unit_ids=ids, year=window.budget_year, end=window.budget_end)
    petitions = petition_figures_by_unit(
        unit_ids=ids, start=window.start, end=window.end, today=window.today
    )
    directives = directive_figures_by_unit(
        unit_ids=ids, start=window.start, end=window.end, today=window.today
    )
    meetings = meeting_counts_by_unit(unit_ids=ids, start=window.start, end=window.end)
    return [
        UnitFigures(
            unit=unit,
            budget=budget[unit.pk],
            petitions=petitions[unit.pk],
            directives=directives[unit.pk],
            meetings=meetings.get(unit.pk, 0),
        )
        for unit in units
    ]


def ranked_by_on_time(figures: list[UnitFigures]) -> list[tuple[int | None, UnitFigures]]:
    """1022-style ranking by petition on-time rate; units without resolved cases are unranked."""
    ranked = sorted(
        (f for f in figures if f.petitions.resolved),
        key=lambda f: (-f.on_time_rank_score, -f.petitions.resolved, f.unit.name),
    )
    unranked = [f for f in figures if not f.petitions.resolved]
    return [(i, f) for i, f in enumerate(ranked, start=1)] + [(None, f) for f in unranked]


def units_of_window(unit: AdministrativeUnit, window: Window) -> list[AdministrativeUnit]:
    """The communes a leadership view or a consolidated report counts for the window: every
    one that existed during it (activity and the budget year alike)."""
    return units_during(unit, window.start, max(window.end, window.budget_end))


def reorganisation_note(units: list[AdministrativeUnit], window: Window) -> str:
    """A sentence saying which units existed in which part of a window that spans a
    reorganisation (01/7/2025), or "" when every unit existed throughout."""
    end = max(window.end, window.budget_end)
    ended = [u for u in units if u.valid_to and window.start <= u.valid_to < end]
    began = [u for u in units if u.valid_from and window.start < u.valid_from <= end]
    if not ended and not began:
        return ""
    days = sorted({u.valid_from for u in began} | {u.valid_to + timedelta(days=1) for u in ended})
    return _(
        "Trong kỳ có sắp xếp đơn vị hành chính (từ ngày %(day)s): %(ended)s đơn vị thôi tồn tại, "
        "số liệu của các đơn vị này tính đến ngày thôi tồn tại; %(began)s đơn vị mới, số liệu "
        "tính từ ngày thành lập. Mỗi số liệu thuộc đơn vị đã thực hiện, không tính trùng."
    ) % {"day": days[0].strftime("%d/%m/%Y"), "ended": len(ended), "began": len(began)}
