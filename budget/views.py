"""Staff pages. Each view fetches through a scoped selector (another unit's object is a 404) and
writes through one service; permissions.py says who may do what."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from ward_portal import audit
from ward_portal.access import units_visible_to
from ward_portal.actions import run_service
from ward_portal.tables import ScopedTableView

from . import exports, imports, permissions, selectors, services
from .choices import AdjustmentStatus, Direction, YearStatus
from .filters import FiscalYearFilterSet, OverviewFilterSet
from .forms import (
    AdjustmentForm,
    EntryForm,
    EstimateForm,
    FiscalYearCreateForm,
    ImportForm,
    PublishForm,
    ReopenForm,
    ReverseForm,
    StartExecutionForm,
    TargetForm,
)
from .history import describe_all
from .models import Category, Target
from .tables import FiscalYearTable, OverviewTable

# --- list of years -----------------------------------------------------------------------


@method_decorator(login_required, name="dispatch")
class FiscalYearListView(ScopedTableView):
    """The years of every unit the user may see, with the execution of the chosen year."""

    selector = staticmethod(selectors.fiscal_years_visible_to)
    table_class = FiscalYearTable
    filterset_class = FiscalYearFilterSet
    template_name = "budget/index.html"
    # A year typed that is not a year is ignored (every year listed), not an empty page.
    strict = False

    def get_queryset(self):
        return super().get_queryset().order_by("unit__code")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        if not data.get("year"):
            # Without ?year= the list opens on this year, or on the latest the books hold.
            years = set(kwargs["queryset"].order_by().values_list("year", flat=True).distinct())
            if years:
                today = timezone.localdate().year
                data["year"] = str(today if today in years else max(years))
        kwargs["data"] = data
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        if year:
            # The figures of the page's rows only (the page's query is evaluated once here
            # and reused when the table renders).
            unit_ids = [row.record.unit_id for row in table.paginated_rows]
            table.figures = selectors.execution_by_unit(unit_ids=unit_ids, year=int(year))
        return table


index = FiscalYearListView.as_view()


# --- the year overview of a unit ---------------------------------------------------------


def _overview_context(request, unit_id: int):
    unit = get_object_or_404(units_visible_to(request.user), pk=unit_id)
    fiscal_years = {
        fy.year: fy for fy in selectors.fiscal_years_visible_to(request.user).filter(unit=unit)
    }
    data = request.GET.copy()
    if not data.get("year") and fiscal_years:
        current = timezone.localdate().year
        data["year"] = str(current if current in fiscal_years else max(fiscal_years))
    if not data.get("period"):
        data["period"] = "year"
    filterset = OverviewFilterSet(
        data, queryset=selectors.FiscalYear.objects.none(), years=sorted(fiscal_years)
    )
    if not filterset.is_valid():
        raise Http404
    cleaned = filterset.form.cleaned_data
    fiscal_year = fiscal_years.get(int(cleaned["year"])) if cleaned.get("year") else None
    context = {
        "unit": unit,
        "filter": filterset,
        "fiscal_year": fiscal_year,
        "years": set(fiscal_years),
    }
    if fiscal_year is None:
        return context
    period = cleaned.get("period") or "year"
    overview = selectors.year_overview(unit_id=unit.pk, year=fiscal_year.year, period=period)
    category = cleaned.get("category")
    if category is not None:
        overview.revenue = _subtree(overview.revenue, category)
        overview.expenditure = _subtree(overview.expenditure, category)
    context.update(overview=overview, period=period, category=category)
    return context


def _subtree(rows, category: Category):
    out, inside, depth = [], False, 0
    for row in rows:
        if row.category_id == category.pk:
            inside, depth = True, row.depth
            out.append(row)
        elif inside and row.depth > depth:
            out.append(row)
        else:
            inside = False
    return out


@login_required
def unit_overview(request, unit_id: int):
    context = _overview_context(request, unit_id)
    fiscal_year = context["fiscal_year"]
    if fiscal_year is not None:
        overview = context["overview"]
        tables = []
        directions = [(Direction.EXPENDITURE, overview.expenditure, overview.expenditure_total)]
        if fiscal_year.has_revenue:
            directions.insert(0, (Direction.REVENUE, overview.revenue, overview.revenue_total))
        for direction, rows, totals in directions:
            table = OverviewTable(rows, totals=totals, prefix=f"{direction[:3]}-")
            RequestConfig(request, paginate=False).configure(table)
            tables.append((Direction(direction).label, table, totals))
        can_record = permissions.can_record(request.user, fiscal_year)
        can_lead = permissions.can_lead(request.user, fiscal_year)
        schedule = selectors.disclosure_schedule(fiscal_year)
        classification = overview.classification
        mapping = None
        if (
            classification is not None
            and classification.first_year == fiscal_year.year
            and fiscal_year.year - 1 in context["years"]
        ):
            # The first year of a new classification, after a book kept under another one.
            mapping = selectors.category_mapping(
                from_year=fiscal_year.year - 1, to_year=fiscal_year.year
            )
            mapping = mapping if mapping.changed and mapping.source is not None else None
        publishable = [
            (item.period, item.label)
            for item in sorted(schedule, key=lambda item: item.state != "overdue")
            if item.state in ("open", "overdue")
        ]
        context.update(
            tables=tables,
            can_record=can_record and fiscal_year.status != YearStatus.CLOSED,
            can_lead=can_lead,
            query=request.GET.urlencode(),
            estimate_form=EstimateForm(fiscal_year=fiscal_year)
            if can_record and fiscal_year.status == YearStatus.PLANNING
            else None,
            start_form=StartExecutionForm()
            if can_lead and fiscal_year.status == YearStatus.PLANNING
            else None,
            publish_form=PublishForm(periods=publishable)
            if can_lead and fiscal_year.status != YearStatus.PLANNING and publishable
            else None,
            reopen_form=ReopenForm()
            if permissions.can_reopen(request.user) and fiscal_year.status == YearStatus.CLOSED
            else None,
            disclosure_schedule=schedule,
            classification=classification,
            mapping=mapping,
            history=describe_all(selectors.fiscal_year_history(fiscal_year)[:20]),
        )
    else:
        context["create_form"] = (
            FiscalYearCreateForm(initial={"year": timezone.localdate().year})
            if permissions.can_create_year(request.user, unit_id)
            else None
        )
    return render(request, "budget/overview.html", context)


@login_required
def unit_export(request, unit_id: int, fmt: str):
    context = _overview_context(request, unit_id)
    if context["fiscal_year"] is None:
        raise Http404
    if fmt not in ("xlsx", "csv"):
        raise Http404
    audit.record(audit.EXPORT, context["fiscal_year"], format=fmt)
    if fmt == "xlsx":
        return exports.overview_xlsx(context)
    return exports.overview_csv(context)


@login_required
@require_POST
def fiscal_year_create(request, unit_id: int):
    unit = get_object_or_404(units_visible_to(request.user), pk=unit_id)
    form = FiscalYearCreateForm(request.POST)
    return run_service(
        request,
        form,
        lambda: services.fiscal_year_create(
            unit=unit,
            year=form.cleaned_data["year"],
            budget_mode=form.cleaned_data["budget_mode"],
            user=request.user,
        ),
        success_url=_year_url,
        success_message=lambda fiscal_year: (
            _("Đã lập năm ngân sách %(y)s.") % {"y": fiscal_year.year}
        ),
        error_url=reverse("budget:unit", args=[unit.pk]),
        invalid_message=_("Năm không hợp lệ."),
    )


def _year_url(fiscal_year) -> str:
    return reverse("budget:unit", args=[fiscal_year.unit_id]) + f"?year={fiscal_year.year}"


def _fiscal_year(request, pk: int):
    return get_object_or_404(selectors.fiscal_years_visible_to(request.user), pk=pk)


@login_required
@require_POST
def estimate_set(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    form = EstimateForm(request.POST, fiscal_year=fiscal_year)
    return run_service(
        request,
        form,
        lambda: services.line_set_initial_estimate(
            fiscal_year=fiscal_year,
            category=form.cleaned_data["category"],
            amount=form.cleaned_data["amount"],
            user=request.user,
        ),
        success_url=_year_url(fiscal_year),
        success_message=_("Đã ghi dự toán đầu năm."),
        error_url=_year_url(fiscal_year),
    )


@login_required
@require_POST
def year_start_execution(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    form = StartExecutionForm(request.POST)
    return run_service(
        request,
        form,
        lambda: services.fiscal_year_start_execution(
            fiscal_year=fiscal_year,
            user=request.user,
            decision=form.cleaned_data["decision"],
            approved_on=form.cleaned_data["approved_on"],
        ),
        success_url=_year_url(fiscal_year),
        success_message=_("Đã giao dự toán; năm ngân sách đang thực hiện."),
        error_url=_year_url(fiscal_year),
        invalid_message=_("Hãy ghi số và ngày quyết định giao dự toán."),
    )


@login_required
@require_POST
def year_close(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    return run_service(
        request,
        None,
        lambda: services.fiscal_year_close(fiscal_year=fiscal_year, user=request.user),
        success_url=_year_url(fiscal_year),
        success_message=_("Đã khóa sổ năm %(y)s.") % {"y": fiscal_year.year},
        error_url=_year_url(fiscal_year),
    )


@login_required
@require_POST
def year_reopen(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    form = ReopenForm(request.POST)
    return run_service(
        request,
        form,
        lambda: services.fiscal_year_reopen(
            fiscal_year=fiscal_year, user=request.user, reason=form.cleaned_data["reason"]
        ),
        success_url=_year_url(fiscal_year),
        success_message=_("Đã mở lại sổ năm %(y)s.") % {"y": fiscal_year.year},
        error_url=_year_url(fiscal_year),
        invalid_message=_("Hãy ghi lý do mở lại sổ."),
    )


@login_required
@require_POST
def year_publish(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    form = PublishForm(request.POST)
    return run_service(
        request,
        form,
        lambda: services.disclosure_publish(
            fiscal_year=fiscal_year,
            period=form.cleaned_data["period"],
            note=form.cleaned_data["note"],
            user=request.user,
        ),
        success_url=_year_url(fiscal_year),
        success_message=_("Đã công khai số liệu."),
        error_url=_year_url(fiscal_year),
    )


# --- a line ------------------------------------------------------------------------------


def _line(request, pk: int):
    return get_object_or_404(selectors.lines_visible_to(request.user), pk=pk)


LINE_PAGE_SIZE = 50
IMPORT_ERRORS_PAGE = 200


def _line_page(request, line, *, entry_form=None, adjustment_form=None, status=200):
    fiscal_year = line.fiscal_year
    is_open = fiscal_year.status == YearStatus.EXECUTION
    can_record = is_open and permissions.can_record(request.user, fiscal_year)
    history = list(selectors.line_history(line)[: LINE_PAGE_SIZE + 1])
    context = {
        "line": line,
        "fiscal_year": fiscal_year,
        "totals": selectors.line_totals(line),
        # A line may hold tens of thousands of vouchers (imports): a page of them, newest
        # first, and the latest changes; both cost the same whatever the line holds.
        "entries": Paginator(
            selectors.line_entries(line).order_by("-date", "-pk"), LINE_PAGE_SIZE
        ).get_page(request.GET.get("page")),
        "adjustments": selectors.line_adjustments(line),
        "history": describe_all(history[:LINE_PAGE_SIZE]),
        "history_more": len(history) > LINE_PAGE_SIZE,
        "can_record": can_record,
        "can_lead": is_open and permissions.can_lead(request.user, fiscal_year),
        "entry_form": entry_form or (EntryForm() if can_record else None),
        "adjustment_form": adjustment_form or (AdjustmentForm() if can_record else None),
        "year_url": _year_url(fiscal_year),
        "proposed": AdjustmentStatus.PROPOSED,
    }
    return render(request, "budget/line.html", context, status=status)


@login_required
def line_detail(request, pk: int):
    return _line_page(request, _line(request, pk))


@login_required
@require_POST
def entry_create(request, pk: int):
    line = _line(request, pk)
    form = EntryForm(request.POST)
    response = run_service(
        request,
        form,
        lambda: services.entry_record(line=line, user=request.user, **form.cleaned_data),
        success_url=reverse("budget:line", args=[line.pk]),
        success_message=_("Đã ghi chứng từ."),
    )
    return response or _line_page(request, line, entry_form=form, status=400)


@login_required
@require_POST
def adjustment_create(request, pk: int):
    line = _line(request, pk)
    form = AdjustmentForm(request.POST)
    response = run_service(
        request,
        form,
        lambda: services.adjustment_propose(line=line, user=request.user, **form.cleaned_data),
        success_url=reverse("budget:line", args=[line.pk]),
        success_message=_("Đã lập điều chỉnh dự toán, chờ lãnh đạo phê duyệt."),
    )
    return response or _line_page(request, line, adjustment_form=form, status=400)


@login_required
@require_POST
def adjustment_decide(request, pk: int):
    adjustment = get_object_or_404(selectors.adjustments_visible_to(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    line_url = reverse("budget:line", args=[adjustment.line_id])
    return run_service(
        request,
        None,
        lambda: services.adjustment_decide(
            adjustment=adjustment, user=request.user, approve=approve
        ),
        success_url=line_url,
        success_message=_("Đã phê duyệt điều chỉnh.") if approve else _("Đã từ chối điều chỉnh."),
        error_url=line_url,
    )


@login_required
def entry_reverse(request, pk: int):
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    if not permissions.can_record(request.user, entry.line.fiscal_year):
        raise PermissionDenied
    form = ReverseForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "voucher_number": f"{entry.voucher_number}-ĐC"},
    )
    if request.method == "POST":
        response = run_service(
            request,
            form,
            lambda: services.entry_reverse(entry=entry, user=request.user, **form.cleaned_data),
            success_url=reverse("budget:line", args=[entry.line_id]),
            success_message=_("Đã lập bút toán đảo."),
        )
        if response is not None:
            return response
    return render(request, "budget/entry_reverse.html", {"entry": entry, "form": form})


# --- targets -----------------------------------------------------------------------------


@login_required
def targets(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    editable = fiscal_year.status != YearStatus.CLOSED and permissions.can_record(
        request.user, fiscal_year
    )
    target = None
    if request.GET.get("edit") and editable:
        if not request.GET["edit"].isascii() or not request.GET["edit"].isdigit():
            raise Http404  # a typed address, not a target's number
        target = get_object_or_404(
            selectors.targets_visible_to(request.user).filter(fiscal_year=fiscal_year),
            pk=request.GET["edit"],
        )
    form = TargetForm(request.POST or None, instance=target) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        response = run_service(
            request,
            form,
            lambda: services.target_save(
                fiscal_year=fiscal_year, user=request.user, target=target, **form.cleaned_data
            ),
            success_url=reverse("budget:targets", args=[fiscal_year.pk]),
            success_message=_("Đã lưu chỉ tiêu."),
        )
        if response is not None:
            return response
    results = selectors.target_results(unit_id=fiscal_year.unit_id, year=fiscal_year.year)
    rows = Target.objects.filter(fiscal_year=fiscal_year)
    ids = {(t.group, t.name): t.pk for t in rows}
    return render(
        request,
        "budget/targets.html",
        {
            "fiscal_year": fiscal_year,
            "results": [(r, ids.get((r.group, r.name))) for r in results],
            "form": form,
            "editing": target,
            "year_url": _year_url(fiscal_year),
        },
    )


# --- imports -----------------------------------------------------------------------------


@login_required
def import_upload(request, pk: int):
    fiscal_year = _fiscal_year(request, pk)
    if not permissions.can_record(request.user, fiscal_year):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        response = run_service(
            request,
            form,
            lambda: imports.import_upload(
                fiscal_year=fiscal_year,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                user=request.user,
            ),
            success_url=lambda batch: reverse("budget:import", args=[batch.pk]),
        )
        if response is not None:
            return response
    batches = selectors.import_batches_visible_to(request.user).filter(fiscal_year=fiscal_year)
    return render(
        request,
        "budget/import_upload.html",
        {
            "fiscal_year": fiscal_year,
            "form": form,
            "batches": batches[:20],
            "year_url": _year_url(fiscal_year),
            "columns": imports.COLUMNS,
        },
    )


@login_required
def import_detail(request, pk: int):
    batch = get_object_or_404(selectors.import_batches_visible_to(request.user), pk=pk)
    progress = imports.progress(batch)
    return render(
        request,
        "budget/import_detail.html",
        {
            "batch": batch,
            # Every problem is listed, a page at a time (a bad file may have one per row).
            "errors": Paginator(batch.errors, IMPORT_ERRORS_PAGE).get_page(request.GET.get("page")),
            "progress": progress,
            "can_apply": batch.status == "valid"
            and permissions.can_record(request.user, batch.fiscal_year),
            "year_url": _year_url(batch.fiscal_year),
            "refresh": batch.status in ("validating", "queued", "running"),
        },
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    batch = get_object_or_404(selectors.import_batches_visible_to(request.user), pk=pk)
    batch_url = reverse("budget:import", args=[batch.pk])
    return run_service(
        request,
        None,
        lambda: imports.import_confirm(batch=batch, user=request.user),
        success_url=batch_url,
        error_url=batch_url,
    )


@login_required
def import_template(request, kind: str):
    return exports.import_template(kind)
