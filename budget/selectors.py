"""Reads. Staff querysets start from `ward_portal.access`; every figure (estimate, actual,
% execution) is defined here once and summed by PostgreSQL. Each function costs a fixed number
of queries whatever the number of units, lines or entries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_visible_to
from ward_portal.formatting import percent
from ward_portal.models import User

from .choices import AdjustmentStatus, Direction, DisclosurePeriod, TargetGroup, YearStatus
from .models import (
    Adjustment,
    AuditEvent,
    BudgetLine,
    Category,
    CategoryMapping,
    Classification,
    Disclosure,
    Entry,
    FiscalYear,
    ImportBatch,
    MonthlyActual,
    Target,
)

# --- scoped querysets (every staff view fetches through these) ---------------------------


def fiscal_years_visible_to(user: User) -> QuerySet[FiscalYear]:
    return FiscalYear.objects.filter(unit__in=units_visible_to(user)).select_related("unit")


def lines_visible_to(user: User) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(fiscal_year__unit__in=units_visible_to(user)).select_related(
        "fiscal_year__unit", "category"
    )


def entries_visible_to(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(line__fiscal_year__unit__in=units_visible_to(user)).select_related(
        "line__fiscal_year__unit", "line__category"
    )


def adjustments_visible_to(user: User) -> QuerySet[Adjustment]:
    return Adjustment.objects.filter(
        line__fiscal_year__unit__in=units_visible_to(user)
    ).select_related("line__fiscal_year__unit", "line__category")


def targets_visible_to(user: User) -> QuerySet[Target]:
    return Target.objects.filter(fiscal_year__unit__in=units_visible_to(user)).select_related(
        "fiscal_year__unit"
    )


def import_batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(fiscal_year__unit__in=units_visible_to(user)).select_related(
        "fiscal_year__unit", "created_by"
    )


# --- the classification in force (versioned by budget year) --------------------------------


def _in_force(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}first_year__lte": year}) & (
        Q(**{f"{prefix}last_year__isnull": True}) | Q(**{f"{prefix}last_year__gte": year})
    )


def classification_for_year(year: int) -> Classification | None:
    """The version of the category tree in force for a budget year (None: no version yet)."""
    return Classification.objects.filter(_in_force(year)).first()


def categories_for_year(year: int) -> QuerySet[Category]:
    """The categories a book of this budget year may use: those of the version in force."""
    return Category.objects.filter(_in_force(year, "classification__"))


@dataclass
class MappingRow:
    source: Category
    targets: list[Category]


@dataclass
class CategoryMappingTable:
    """How the categories of `from_year`'s version carry over to `to_year`'s. Same version:
    every category maps to itself. `unmapped` are old categories without a mapping row,
    `no_counterpart` those mapped explicitly to nothing, `new_unmapped` new categories that
    no old one maps to."""

    source: Classification | None
    target: Classification | None
    rows: list[MappingRow] = field(default_factory=list)
    unmapped: list[Category] = field(default_factory=list)
    no_counterpart: list[Category] = field(default_factory=list)
    new_unmapped: list[Category] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.source != self.target

    @property
    def without_counterpart(self) -> list[Category]:
        return sorted(
            self.unmapped + self.no_counterpart, key=lambda c: (c.direction, c.sort_order, c.code)
        )


def category_mapping(from_year: int, to_year: int) -> CategoryMappingTable:
    """The mapping table between the versions in force in two budget years. Five queries at
    most (the versions, the old categories, the mappings, the new categories)."""
    source = classification_for_year(from_year)  # 1
    target = classification_for_year(to_year)  # 2
    table = CategoryMappingTable(source=source, target=target)
    if source is None or target is None:
        return table
    order = ("direction", "sort_order", "code")
    old = list(Category.objects.filter(classification=source).order_by(*order))  # 3
    if source == target:
        table.rows = [MappingRow(source=c, targets=[c]) for c in old]
        return table
    targets: dict[int, list[Category]] = defaultdict(list)
    explicit: set[int] = set()
    reached: set[int] = set()
    for mapping in CategoryMapping.objects.filter(  # 4
        source__classification=source
    ).select_related("target"):
        explicit.add(mapping.source_id)
        if mapping.target is not None and mapping.target.classification_id == target.pk:
            targets[mapping.source_id].append(mapping.target)
            reached.add(mapping.target_id)
    for category in old:
        if category.pk not in explicit:
            table.unmapped.append(category)
        elif not targets[category.pk]:
            table.no_counterpart.append(category)
        table.rows.append(MappingRow(source=category, targets=targets[category.pk]))
    table.new_unmapped = [
        c
        for c in Category.objects.filter(classification=target).order_by(*order)  # 5
        if c.pk not in reached
    ]
    return table


def line_entries(line: BudgetLine) -> QuerySet[Entry]:
    return line.entries.select_related("recorded_by", "reverses").annotate(
        reversal_count=Count("reversed_by")
    )


def line_adjustments(line: BudgetLine) -> QuerySet[Adjustment]:
    return line.adjustments.select_related("proposed_by", "decided_by")


def line_history(line: BudgetLine) -> QuerySet[AuditEvent]:
    return line.audit_events.select_related("user")


def fiscal_year_history(fiscal_year: FiscalYear) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(fiscal_year=fiscal_year, line__isnull=True).select_related(
        "user"
    )


@dataclass(frozen=True)
class LineTotals:
    initial: int
    approved_adjustments: int
    pending_adjustments: int
    actual: int

    @property
    def current(self) -> int:
        return self.initial + self.approved_adjustments

    @property
    def pct(self) -> Decimal | None:
        return percent(self.actual, self.current)

    @property
    def remaining(self) -> int:
        return self.current - self.actual


def line_totals(line: BudgetLine) -> LineTotals:
    adjustments = line.adjustments.aggregate(
        approved=Sum("amount", filter=Q(status=AdjustmentStatus.APPROVED)),
        pending=Sum("amount", filter=Q(status=AdjustmentStatus.PROPOSED)),
    )
    actual = line.entries.aggregate(total=Sum("amount"))["total"] or 0
    return LineTotals(
        initial=line.initial_estimate,
        approved_adjustments=adjustments["approved"] or 0,
        pending_adjustments=adjustments["pending"] or 0,
        actual=actual,
    )


# --- periods -----------------------------------------------------------------------------

PERIOD_YEAR = ""
PERIOD_TO_DATE = "ytd"


def period_choices() -> list[tuple[str, str]]:
    choices = [
        (PERIOD_YEAR, _("Cả năm")),
        (PERIOD_TO_DATE, _("Lũy kế đến hôm nay")),
    ]
    choices += [(f"q{q}", _("Quý %(q)s") % {"q": q}) for q in range(1, 5)]
    choices += [(f"m{m}", _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]
    return choices


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_range(
    year: int, period: str, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The dates [start, end] of a period of the year: "" (whole year), "ytd" (1 January to
    today, capped to the year), "q1".."q4", "m1".."m12"."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period == PERIOD_TO_DATE:
        today = today or timezone.localdate()
        return first, min(max(today, first), last)
    if len(period) >= 2 and period[0] in "qm" and period[1:].isascii() and period[1:].isdigit():
        n = int(period[1:])
        if period[0] == "q" and 1 <= n <= 4:
            return datetime.date(year, 3 * n - 2, 1), _month_end(year, 3 * n)
        if period[0] == "m" and 1 <= n <= 12:
            return datetime.date(year, n, 1), _month_end(year, n)
    return first, last


def _last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --- contract with the dashboards and reports --------------------------------------------


@dataclass(frozen=True)
class BudgetFigures:
    revenue_estimate: int = 0
    revenue_actual: int = 0
    expenditure_estimate: int = 0
    expenditure_actual: int = 0

    @property
    def revenue_pct(self) -> Decimal | None:
        return percent(self.revenue_actual, self.revenue_estimate)

    @property
    def expenditure_pct(self) -> Decimal | None:
        return percent(self.expenditure_actual, self.expenditure_estimate)

    @property
    def has_budget(self) -> bool:
        return any(
            (
                self.revenue_estimate,
                self.revenue_actual,
                self.expenditure_estimate,
                self.expenditure_actual,
            )
        )


def _split_months(
    start: datetime.date, end: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """[start, end] as the first days of its whole months (or None) and the day ranges of the
    months it only partly covers (at most two)."""
    if end < start:
        return None, []
    first_whole = start if start.day == 1 else _next_month(start)
    after_end = end + datetime.timedelta(days=1)
    end_whole = after_end if after_end.day == 1 else after_end.replace(day=1)  # exclusive
    if first_whole >= end_whole:  # no whole month inside
        return None, [(start, end)]
    partial = []
    if start < first_whole:
        partial.append((start, first_whole - datetime.timedelta(days=1)))
    if end_whole <= end:
        partial.append((end_whole, end))
    last_whole = (end_whole - datetime.timedelta(days=1)).replace(day=1)
    return (first_whole, last_whole), partial


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def execution_by_unit(
    *,
    unit_ids: Iterable[int],
    year: int,
    end: datetime.date | None = None,
    start: datetime.date | None = None,
) -> dict[int, BudgetFigures]:
    """Estimate (initial + approved adjustments dated ≤ end) and actual (entries dated in
    [start or 1 January, end or 31 December]) per unit and direction. Three queries, and one
    more for each month the period cuts in two (none for a month, quarter or year)."""
    unit_ids = list(unit_ids)
    start = start or datetime.date(year, 1, 1)
    end = end or datetime.date(year, 12, 31)
    sums: dict[int, dict[str, int]] = {uid: defaultdict(int) for uid in unit_ids}
    in_year = {"fiscal_year__unit_id__in": unit_ids, "fiscal_year__year": year}
    # 1: initial estimates per unit and direction
    for row in (
        BudgetLine.objects.filter(**in_year)
        .values("fiscal_year__unit_id", "category__direction")
        .annotate(total=Sum("initial_estimate"))
        .order_by()
    ):
        sums[row["fiscal_year__unit_id"]][f"{row['category__direction']}_estimate"] += (
            row["total"] or 0
        )
    # 2: approved adjustments dated up to the end
    for row in (
        Adjustment.objects.filter(
            line__fiscal_year__unit_id__in=unit_ids,
            line__fiscal_year__year=year,
            status=AdjustmentStatus.APPROVED,
            date__lte=end,
        )
        .values("line__fiscal_year__unit_id", "line__category__direction")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        sums[row["line__fiscal_year__unit_id"]][f"{row['line__category__direction']}_estimate"] += (
            row["total"] or 0
        )
    # 3: actuals in the period: whole months from the monthly summary (kept by PostgreSQL
    # triggers), the days of a month cut in two (a window ending on the 14th) from the vouchers.
    whole, partial = _split_months(start, end)
    actual_queries = []
    if whole:
        actual_queries.append(
            MonthlyActual.objects.filter(
                line__fiscal_year__unit_id__in=unit_ids,
                line__fiscal_year__year=year,
                month__gte=whole[0],
                month__lte=whole[1],
            )
        )
    for first, last in partial:
        actual_queries.append(
            Entry.objects.filter(
                line__fiscal_year__unit_id__in=unit_ids,
                line__fiscal_year__year=year,
                date__gte=first,
                date__lte=last,
            )
        )
    for queryset in actual_queries:
        for row in (
            queryset.values("line__fiscal_year__unit_id", "line__category__direction")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            key = f"{row['line__category__direction']}_actual"
            sums[row["line__fiscal_year__unit_id"]][key] += row["total"] or 0
    return {
        uid: BudgetFigures(
            revenue_estimate=values["revenue_estimate"],
            revenue_actual=values["revenue_actual"],
            expenditure_estimate=values["expenditure_estimate"],
            expenditure_actual=values["expenditure_actual"],
        )
        for uid, values in sums.items()
    }


@dataclass(frozen=True)
class MonthFigures:
    month: int
    revenue_actual: int
    expenditure_actual: int
    cumulative_expenditure: int
    expenditure_estimate: int


def monthly_execution(*, unit_id: int, year: int) -> list[MonthFigures]:
    """Month by month: actuals, cumulative expenditure and the expenditure estimate in force
    at the end of the month. Three queries."""
    scope = {"line__fiscal_year__unit_id": unit_id, "line__fiscal_year__year": year}
    actual: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        MonthlyActual.objects.filter(**scope)
        .annotate(number=ExtractMonth("month"))
        .values("number", "line__category__direction")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        actual[row["number"], row["line__category__direction"]] = row["total"] or 0
    initial = (
        BudgetLine.objects.filter(
            fiscal_year__unit_id=unit_id,
            fiscal_year__year=year,
            category__direction=Direction.EXPENDITURE,
        ).aggregate(total=Sum("initial_estimate"))["total"]
        or 0
    )
    adjusted: dict[int, int] = defaultdict(int)
    for row in (
        Adjustment.objects.filter(
            **scope,
            status=AdjustmentStatus.APPROVED,
            line__category__direction=Direction.EXPENDITURE,
        )
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        adjusted[row["month"]] = row["total"] or 0
    months, cumulative, estimate = [], 0, initial
    for month in range(1, 13):
        spent = actual[month, Direction.EXPENDITURE]
        cumulative += spent
        estimate += adjusted[month]
        months.append(
            MonthFigures(
                month=month,
                revenue_actual=actual[month, Direction.REVENUE],
                expenditure_actual=spent,
                cumulative_expenditure=cumulative,
                expenditure_estimate=estimate,
            )
        )
    return months


@dataclass(frozen=True)
class TargetResult:
    group: str
    group_label: str
    name: str
    unit_of_measure: str
    planned: Decimal
    actual: Decimal | None
    pct: Decimal | None


def target_results(*, unit_id: int, year: int) -> list[TargetResult]:
    """The year's targets (chỉ tiêu) in group order. One query."""
    order = {value: i for i, value in enumerate(TargetGroup.values)}
    targets = Target.objects.filter(fiscal_year__unit_id=unit_id, fiscal_year__year=year)
    results = [
        TargetResult(
            group=t.group,
            group_label=str(TargetGroup(t.group).label),
            name=t.name,
            unit_of_measure=t.unit_of_measure,
            planned=t.planned,
            actual=t.actual,
            pct=t.pct,
        )
        for t in targets
    ]
    # sorted() is stable: within a group the stored sort_order stands.
    return sorted(results, key=lambda r: order[r.group])


# --- the category tree with figures (overview, reports, disclosure) ----------------------


@dataclass
class CategoryRow:
    direction: str
    category_id: int
    code: str
    name: str
    depth: int
    line_id: int | None = None
    initial: int = 0
    estimate: int = 0  # the current estimate at the end of the period
    period_actual: int = 0
    actual: int = 0  # cumulative from `start` (or 1 January) to the end of the period
    last_year: int = 0  # last year's actual over the same dates
    has_line: bool = False
    children: list[CategoryRow] = field(default_factory=list, repr=False)

    @property
    def pct(self) -> Decimal | None:
        return percent(self.actual, self.estimate)

    @property
    def remaining(self) -> int:
        return self.estimate - self.actual

    @property
    def vs_last_year_pct(self) -> Decimal | None:
        return percent(self.period_actual, self.last_year)

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def as_json(self) -> dict:
        return {
            "direction": self.direction,
            "code": self.code,
            "name": self.name,
            "depth": self.depth,
            "estimate": self.estimate,
            "actual": self.actual,
            "pct": None if self.pct is None else str(self.pct),
        }


@dataclass
class Overview:
    year: int
    start: datetime.date
    end: datetime.date
    revenue: list[CategoryRow]
    expenditure: list[CategoryRow]
    revenue_total: CategoryRow
    expenditure_total: CategoryRow
    classification: Classification | None = None


def _tree_figures(
    *,
    unit_id: int,
    year: int,
    start: datetime.date,
    end: datetime.date,
    cumulative_from: datetime.date,
) -> Overview:
    """Four queries: categories (of the version in force, with it), lines of this year and
    last, approved adjustments, entries. A fifth when last year used another version: its
    mapping table carries last year's actuals over to this year's categories."""
    categories = list(
        categories_for_year(year)
        .select_related("classification")
        .order_by("direction", "sort_order", "code")
    )  # 1
    per_category = _sums_per_category(  # 2, 3, 4
        unit_id=unit_id, year=year, start=start, end=end, cumulative_from=cumulative_from
    )
    _carry_over_last_year(per_category, {c.pk for c in categories})  # 5, if needed
    # Roll the sums up the tree. The loops run over categories (tens, not entries): the money
    # was summed by PostgreSQL.
    roots = _category_tree(categories, per_category)
    totals = {}
    for direction, nodes in roots.items():
        for node in nodes:
            _roll_up(node, 0)
        totals[direction] = _direction_total(direction, nodes)
    return Overview(
        year=year,
        start=start,
        end=end,
        revenue=_shown(roots[Direction.REVENUE]),
        expenditure=_shown(roots[Direction.EXPENDITURE]),
        revenue_total=totals[Direction.REVENUE],
        expenditure_total=totals[Direction.EXPENDITURE],
        classification=categories[0].classification if categories else None,
    )


def _carry_over_last_year(per_category: dict[int, dict], known: set[int]) -> None:
    """Last year's actuals booked on another version's categories go to the categories they
    map to one-to-one; a category mapped to several or to none stays out of the comparison
    (the page lists them)."""
    foreign = [pk for pk in per_category if pk not in known]
    if not foreign:
        return
    targets: dict[int, list[int]] = defaultdict(list)
    for source_id, target_id in CategoryMapping.objects.filter(
        source_id__in=foreign, target_id__in=known
    ).values_list("source_id", "target_id"):
        targets[source_id].append(target_id)
    for source_id, target_ids in targets.items():
        if len(target_ids) == 1:
            per_category[target_ids[0]]["last_year"] += per_category[source_id]["last_year"]


def _sums_per_category(
    *,
    unit_id: int,
    year: int,
    start: datetime.date,
    end: datetime.date,
    cumulative_from: datetime.date,
) -> dict[int, dict]:
    """Per category id: line_id, initial, adjusted, period, cumulative, last_year. Three
    queries: lines, approved adjustments, entries of this year and last."""
    ly_start, ly_end = _last_year(start), _last_year(end)
    per_category: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for line in BudgetLine.objects.filter(
        fiscal_year__unit_id=unit_id, fiscal_year__year=year
    ).values("id", "category_id", "initial_estimate"):
        figures = per_category[line["category_id"]]
        figures["line_id"] = line["id"]
        figures["initial"] += line["initial_estimate"]
    for row in (
        Adjustment.objects.filter(
            line__fiscal_year__unit_id=unit_id,
            line__fiscal_year__year=year,
            status=AdjustmentStatus.APPROVED,
            date__lte=end,
        )
        .values("line__category_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        per_category[row["line__category_id"]]["adjusted"] += row["total"] or 0
    for row in (
        Entry.objects.filter(
            line__fiscal_year__unit_id=unit_id, line__fiscal_year__year__in=[year, year - 1]
        )
        .values("line__category_id")
        .annotate(
            period=Sum(
                "amount",
                filter=Q(line__fiscal_year__year=year, date__gte=start, date__lte=end),
            ),
            cumulative=Sum(
                "amount",
                filter=Q(line__fiscal_year__year=year, date__gte=cumulative_from, date__lte=end),
            ),
            last_year=Sum(
                "amount",
                filter=Q(line__fiscal_year__year=year - 1, date__gte=ly_start, date__lte=ly_end),
            ),
        )
        .order_by()
    ):
        figures = per_category[row["line__category_id"]]
        figures["period"] += row["period"] or 0
        figures["cumulative"] += row["cumulative"] or 0
        figures["last_year"] += row["last_year"] or 0
    return per_category


def _category_tree(
    categories: list[Category], per_category: dict[int, dict]
) -> dict[str, list[CategoryRow]]:
    """One row per category with its own sums, hung under its parent; the roots by direction."""
    rows: dict[int, CategoryRow] = {}
    for category in categories:
        figures = per_category.get(category.pk, {})
        rows[category.pk] = CategoryRow(
            direction=category.direction,
            category_id=category.pk,
            code=category.code,
            name=category.name,
            depth=0,
            line_id=figures.get("line_id"),
            has_line="line_id" in figures,
            initial=figures.get("initial", 0),
            estimate=figures.get("initial", 0) + figures.get("adjusted", 0),
            period_actual=figures.get("period", 0),
            actual=figures.get("cumulative", 0),
            last_year=figures.get("last_year", 0),
        )
    roots: dict[str, list[CategoryRow]] = {Direction.REVENUE: [], Direction.EXPENDITURE: []}
    for category in categories:
        row = rows[category.pk]
        if category.parent_id and category.parent_id in rows:
            rows[category.parent_id].children.append(row)
        else:
            roots[category.direction].append(row)
    return roots


def _roll_up(row: CategoryRow, depth: int) -> None:
    """Adds the children's sums into the row, all the way down, and sets the depths."""
    row.depth = depth
    for child in row.children:
        _roll_up(child, depth + 1)
        row.initial += child.initial
        row.estimate += child.estimate
        row.period_actual += child.period_actual
        row.actual += child.actual
        row.last_year += child.last_year
        row.has_line = row.has_line or child.has_line


def _shown(nodes: list[CategoryRow]) -> list[CategoryRow]:
    """The rows in tree order, leaving out branches with no line and nothing last year."""
    out = []
    for node in nodes:
        if node.has_line or node.last_year:
            out.append(node)
            out.extend(_shown(node.children))
    return out


def _direction_total(direction: str, nodes: list[CategoryRow]) -> CategoryRow:
    return CategoryRow(
        direction=direction,
        category_id=0,
        code="",
        name=str(Direction(direction).label),
        depth=0,
        initial=sum(n.initial for n in nodes),
        estimate=sum(n.estimate for n in nodes),
        period_actual=sum(n.period_actual for n in nodes),
        actual=sum(n.actual for n in nodes),
        last_year=sum(n.last_year for n in nodes),
    )


def year_overview(
    *, unit_id: int, year: int, period: str = PERIOD_YEAR, today: datetime.date | None = None
) -> Overview:
    """The overview page: per category, the estimate in force at the end of the period, the
    actual in the period, cumulative to its end, and last year's actual over the same dates."""
    start, end = period_range(year, period, today)
    return _tree_figures(
        unit_id=unit_id,
        year=year,
        start=start,
        end=end,
        cumulative_from=datetime.date(year, 1, 1),
    )


def execution_by_category(
    *,
    unit_id: int,
    year: int,
    end: datetime.date | None = None,
    start: datetime.date | None = None,
    initial_only: bool = False,
) -> list[CategoryRow]:
    """Rows (direction, code, name, depth, estimate, actual, pct) for the report's budget
    table: revenue first, then expenditure, each in tree order. Four queries."""
    start = start or datetime.date(year, 1, 1)
    end = end or datetime.date(year, 12, 31)
    overview = _tree_figures(
        unit_id=unit_id, year=year, start=start, end=end, cumulative_from=start
    )
    rows = overview.revenue + overview.expenditure
    if initial_only:
        for row in rows:
            row.estimate, row.actual, row.period_actual = row.initial, 0, 0
    return rows


# --- public disclosure -------------------------------------------------------------------


def published_disclosures() -> QuerySet[Disclosure]:
    """Only what a leader has published: the public pages read nothing else."""
    return Disclosure.objects.select_related("fiscal_year__unit")


def units_with_disclosures():
    from ward_portal.models import AdministrativeUnit

    return (
        AdministrativeUnit.objects.filter(fiscal_years__disclosures__isnull=False)
        .annotate(disclosure_count=Count("fiscal_years__disclosures"))
        .order_by("name")
    )


def latest_closed_year(*, unit_ids: Iterable[int]) -> int | None:
    """The most recent fiscal year closed (quyết toán) by any of the units: the year an upper
    level compares its units on, since running years are still partial. One query."""
    return FiscalYear.objects.filter(
        unit_id__in=list(unit_ids), status=YearStatus.CLOSED
    ).aggregate(latest=Max("year"))["latest"]


def fiscal_years_of_unit(*, unit_id: int) -> list[int]:
    """The years this unit keeps books for, newest first. One query."""
    return list(
        FiscalYear.objects.filter(unit_id=unit_id).order_by("-year").values_list("year", flat=True)
    )


# --- public disclosure deadlines (TT 343/2016 Điều 18) -------------------------------------

# Days after the period's end (quarters) or after the estimate's approval; the annual
# execution is published when the people's committee submits it to the council: no fixed day.
DISCLOSURE_DAYS_AFTER_QUARTER = 15
DISCLOSURE_DAYS_AFTER_APPROVAL = 30


def disclosure_dates(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    if period in (DisclosurePeriod.ESTIMATE, DisclosurePeriod.YEAR):
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    quarter = int(period[1])
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month_next = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, end_month_next - datetime.timedelta(days=1)


@dataclass(frozen=True)
class DisclosureDue:
    period: str
    label: str
    period_end: datetime.date
    due: datetime.date | None
    disclosure: object | None  # the Disclosure, once published
    state: str  # on_time | late | overdue | open | not_yet

    @property
    def state_label(self) -> str:
        return str(DISCLOSURE_STATES[self.state])


DISCLOSURE_STATES = {
    "on_time": _("Đã công khai đúng hạn"),
    "late": _("Đã công khai, trễ hạn"),
    "overdue": _("Quá hạn công khai"),
    "open": _("Chờ công khai"),
    "not_yet": _("Kỳ chưa kết thúc"),
}


def disclosure_schedule(
    fiscal_year: FiscalYear, today: datetime.date | None = None
) -> list[DisclosureDue]:
    """Each disclosure the year owes: its legal deadline, and whether it was met."""

    today = today or timezone.localdate()
    published = {d.period: d for d in fiscal_year.disclosures.all()}
    schedule = []
    for period in DisclosurePeriod:
        _start, end = disclosure_dates(fiscal_year.year, period)
        if period == DisclosurePeriod.ESTIMATE:
            approved = fiscal_year.estimate_approved_on
            due = (
                approved + datetime.timedelta(days=DISCLOSURE_DAYS_AFTER_APPROVAL)
                if approved
                else None
            )
            ready = fiscal_year.status != YearStatus.PLANNING
        elif period == DisclosurePeriod.YEAR:
            due, ready = None, end < today
        else:
            due = end + datetime.timedelta(days=DISCLOSURE_DAYS_AFTER_QUARTER)
            ready = end < today
        disclosure = published.get(period)
        if disclosure is not None:
            day = timezone.localtime(disclosure.published_at).date()
            state = "late" if due and day > due else "on_time"
        elif not ready:
            state = "not_yet"
        else:
            state = "overdue" if due and today > due else "open"
        schedule.append(DisclosureDue(period, str(period.label), end, due, disclosure, state))
    return schedule
