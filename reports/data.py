"""What a report says, built from the apps' selectors as plain sections.

A section is a titled table (typed columns, rows, an optional total row), optionally with a
chart; the PDF and the XLSX are two renderings of the same sections, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.choices import Direction
from budget.selectors import execution_by_category, target_results
from citizens.selectors import report_form_figures
from figures import (
    UnitFigures,
    Window,
    figures_for_units,
    reorganisation_note,
    units_of_window,
)
from figures.charts import budget_chart, petitions_chart
from ward_portal.formatting import (
    format_money,
    format_number,
    format_percent,
    format_quantity,
    percent,
)
from ward_portal.models import AdministrativeUnit

from .models import Report, ReportKind

TEXT, MONEY, INT, PCT, NUMBER = "text", "money", "int", "pct", "number"


@dataclass
class Column:
    label: str
    type: str = TEXT


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None
    note: str = ""
    chart: str = ""  # SVG
    sheet: str = ""  # XLSX sheet name (≤ 31 characters)


@dataclass
class ReportData:
    report: Report
    issuing_body: str
    parent_body: str
    title: str
    subtitle: str
    period_line: str
    budget_line: str
    narrative: list[str]
    sections: list[Section] = field(default_factory=list)
    generated_on: date = field(default_factory=lambda: timezone.localdate())


def issuing_body(unit: AdministrativeUnit) -> str:
    """ "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN THÁI BÌNH" — the body that signs the report."""
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


def window_for(report: Report) -> Window:
    return Window.for_period(report.period, today=timezone.localdate(), legal_cutoff=True)


def _rate(value) -> Any:
    return value  # Decimal percentage or None; renderers format it


def narrative_for(figures: UnitFigures, targets: list, window: Window) -> list[str]:
    """One paragraph like the article: "Kết quả thu ngân sách 3.124.335.200 đồng, chi ngân
    sách 11.756.978.705/11.914.837.000 đồng, đạt 98,68%; ...". Built from the same figures
    as the tables; the standing figures say when they were counted ("tại ngày 14/12/2022",
    or "hiện nay (…)" for the running period)."""
    b, p, d = figures.budget, figures.petitions, figures.directives
    clauses = []
    if b.has_budget:
        if b.revenue_actual or b.revenue_estimate:
            clauses.append(
                _("Kết quả thu ngân sách %(revenue)s đồng")
                % {"revenue": format_money(b.revenue_actual)}
            )
        clauses.append(
            _("chi ngân sách %(actual)s/%(estimate)s đồng, đạt %(pct)s")
            % {
                "actual": format_money(b.expenditure_actual),
                "estimate": format_money(b.expenditure_estimate),
                "pct": format_percent(b.expenditure_pct),
            }
        )
    for t in targets:
        clauses.append(
            _("%(name)s %(actual)s/%(planned)s %(unit)s, đạt %(pct)s")
            % {
                "name": t.name,
                "actual": format_quantity(t.actual),
                "planned": format_quantity(t.planned),
                "unit": t.unit_of_measure,
                "pct": format_percent(t.pct),
            }
        )
    sentences = []
    if clauses:
        text = ", ".join(clauses[:2])
        if len(clauses) > 2:
            text += "; " + "; ".join(clauses[2:])
        sentences.append(text[0].upper() + text[1:] + ".")
    sentences.append(
        _(
            "Tiếp nhận %(received)s phản ánh, kiến nghị, khiếu nại, tố cáo; đã giải quyết "
            "%(resolved)s, trong đó %(on_time)s đúng hạn (tỷ lệ %(rate)s); %(standing)s còn "
            "%(open)s đang giải quyết, trong đó %(overdue)s quá hạn; tỷ lệ hài lòng "
            "%(satisfaction)s."
        )
        % {
            "received": format_number(p.received),
            "resolved": format_number(p.resolved),
            "on_time": format_number(p.resolved_on_time),
            "rate": format_percent(p.on_time_rate),
            "standing": window.standing,
            "open": format_number(p.open_at_end),
            "overdue": format_number(p.overdue_at_end),
            "satisfaction": format_percent(p.satisfaction_rate),
        }
    )
    sentences.append(
        _(
            "Tổ chức %(meetings)s cuộc họp; hoàn thành %(done)s nhiệm vụ được giao "
            "(%(on_time)s đúng hạn, %(late)s trễ hạn, tỷ lệ đúng hạn %(rate)s); %(standing)s "
            "còn %(open)s nhiệm vụ đang thực hiện, trong đó %(overdue)s nhiệm vụ quá hạn."
        )
        % {
            "meetings": format_number(figures.meetings),
            "done": format_number(d.done),
            "on_time": format_number(d.done_on_time),
            "late": format_number(d.done_late),
            "rate": format_percent(d.on_time_rate),
            "standing": window.standing,
            "open": format_number(d.open_at_end),
            "overdue": format_number(d.overdue_at_end),
        }
    )
    return sentences


def budget_summary_section(figures: list[UnitFigures], *, title: str) -> Section:
    rows = []
    totals = [0, 0, 0, 0]
    for f in figures:
        b = f.budget
        # A spending unit of a higher level has no revenue books: blank, as on the dashboard.
        has_revenue = bool(b.revenue_estimate or b.revenue_actual)
        rows.append(
            [
                f.unit.name,
                b.revenue_estimate if has_revenue else None,
                b.revenue_actual if has_revenue else None,
                _rate(b.revenue_pct),
                b.expenditure_estimate,
                b.expenditure_actual,
                _rate(b.expenditure_pct),
            ]
        )
        for i, v in enumerate(
            [b.revenue_estimate, b.revenue_actual, b.expenditure_estimate, b.expenditure_actual]
        ):
            totals[i] += v
    total = None
    if len(figures) > 1:
        total = [
            _("Tổng cộng"),
            totals[0],
            totals[1],
            percent(totals[1], totals[0]),
            totals[2],
            totals[3],
            percent(totals[3], totals[2]),
        ]
    return Section(
        title=title,
        sheet=_("Ngân sách"),
        columns=[
            Column(_("Đơn vị")),
            Column(_("Dự toán thu"), MONEY),
            Column(_("Thực hiện thu"), MONEY),
            Column(_("Tỷ lệ thu (%)"), PCT),
            Column(_("Dự toán chi"), MONEY),
            Column(_("Thực hiện chi"), MONEY),
            Column(_("Tỷ lệ chi (%)"), PCT),
        ],
        rows=rows,
        total=total,
        note=_("Đơn vị tính: đồng. Dự toán là dự toán hiện hành (đã gồm điều chỉnh)."),
    )


def petitions_section(figures: list[UnitFigures], *, title: str, window: Window) -> Section:
    keys = [
        "received",
        "resolved",
        "resolved_on_time",
        "open_at_end",
        "overdue_at_end",
        "rated",
        "satisfied",
    ]
    rows, totals = [], dict.fromkeys(keys, 0)
    for f in figures:
        p = f.petitions
        values = [getattr(p, k) for k in keys]
        for k, v in zip(keys, values, strict=True):
            totals[k] += v
        rows.append([f.unit.name, *values, p.on_time_rate, p.satisfaction_rate])
    total = None
    if len(figures) > 1:
        total = [
            _("Tổng cộng"),
            *[totals[k] for k in keys],
            percent(totals["resolved_on_time"], totals["resolved"]),
            percent(totals["satisfied"], totals["rated"]),
        ]
    return Section(
        title=title,
        sheet=_("Phản ánh kiến nghị"),
        columns=[
            Column(_("Đơn vị")),
            Column(_("Tiếp nhận"), INT),
            Column(_("Đã giải quyết"), INT),
            Column(_("Đúng hạn"), INT),
            Column(_("Đang giải quyết %(when)s") % {"when": window.standing}, INT),
            Column(_("Quá hạn %(when)s") % {"when": window.standing}, INT),
            Column(_("Lượt đánh giá"), INT),
            Column(_("Hài lòng"), INT),
            Column(_("Tỷ lệ đúng hạn"), PCT),
            Column(_("Tỷ lệ hài lòng"), PCT),
        ],
        rows=rows,
        total=total,
        note=_("Lượt đánh giá: đánh giá của người dân gửi trong kỳ."),
    )


def directives_section(figures: list[UnitFigures], *, title: str, window: Window) -> Section:
    rows = []
    for f in figures:
        d = f.directives
        rows.append(
            [
                f.unit.name,
                f.meetings,
                d.assigned,
                d.done,
                d.done_on_time,
                d.done_late,
                d.open_at_end,
                d.overdue_at_end,
                d.on_time_rate,
            ]
        )
    total = None
    if len(figures) > 1:
        sums = [sum(r[i] for r in rows) for i in range(1, 8)]
        total = [_("Tổng cộng"), *sums, percent(sums[3], sums[2])]
    return Section(
        title=title,
        sheet=_("Cuộc họp nhiệm vụ"),
        columns=[
            Column(_("Đơn vị")),
            Column(_("Cuộc họp"), INT),
            Column(_("Nhiệm vụ được giao"), INT),
            Column(_("Đã hoàn thành"), INT),
            Column(_("Hoàn thành đúng hạn"), INT),
            Column(_("Hoàn thành trễ hạn"), INT),
            Column(_("Đang thực hiện %(when)s") % {"when": window.standing}, INT),
            Column(_("Quá hạn %(when)s") % {"when": window.standing}, INT),
            Column(_("Tỷ lệ đúng hạn"), PCT),
        ],
        rows=rows,
        total=total,
    )


def targets_section(targets: list) -> Section:
    return Section(
        title=_("Kết quả thực hiện các chỉ tiêu"),
        sheet=_("Chỉ tiêu"),
        columns=[
            Column(_("Nhóm")),
            Column(_("Chỉ tiêu")),
            Column(_("Đơn vị tính")),
            Column(_("Kế hoạch"), NUMBER),
            Column(_("Thực hiện"), NUMBER),
            Column(_("Tỷ lệ đạt"), PCT),
        ],
        rows=[
            [t.group_label, t.name, t.unit_of_measure, t.planned, t.actual, t.pct] for t in targets
        ],
    )


FORM_TITLES = {
    "01/TCD": gettext_lazy("Mẫu 01/TCD — Kết quả tiếp công dân"),
    "02/XLD": gettext_lazy("Mẫu 02/XLD — Kết quả xử lý đơn"),
    "03/GQKN": gettext_lazy("Mẫu 03/GQKN — Kết quả giải quyết khiếu nại"),
    "04/GQTC": gettext_lazy("Mẫu 04/GQTC — Kết quả giải quyết tố cáo"),
}
FORM_LABELS = {
    "sessions": gettext_lazy("Lượt tiếp"),
    "regular_sessions": gettext_lazy("Tiếp thường xuyên"),
    "periodic_sessions": gettext_lazy("Tiếp định kỳ"),
    "ad_hoc_sessions": gettext_lazy("Tiếp đột xuất"),
    "people": gettext_lazy("Số người"),
    "cases": gettext_lazy("Số vụ việc"),
    "first_time_cases": gettext_lazy("Vụ việc tiếp lần đầu"),
    "group_cases": gettext_lazy("Đoàn đông người"),
    "group_people": gettext_lazy("Số người trong đoàn"),
    "anonymous": gettext_lazy("Đơn nặc danh"),
    "split": gettext_lazy("Đơn phải tách"),
    "in_person": gettext_lazy("Nhận trực tiếp"),
    "accepted": gettext_lazy("Đã thụ lý"),
    "withdrawn": gettext_lazy("Rút đơn"),
    "received": gettext_lazy("Tiếp nhận"),
    "eligible": gettext_lazy("Đủ điều kiện xử lý"),
    "ineligible": gettext_lazy("Không đủ điều kiện"),
    "forwarded": gettext_lazy("Chuyển cơ quan có thẩm quyền"),
    "within_authority": gettext_lazy("Thuộc thẩm quyền"),
    "feedback": gettext_lazy("Phản ánh, kiến nghị"),
    "complaint": gettext_lazy("Khiếu nại"),
    "denunciation": gettext_lazy("Tố cáo"),
    "resolved": gettext_lazy("Đã giải quyết"),
    "right": gettext_lazy("Đúng"),
    "partly_right": gettext_lazy("Đúng một phần"),
    "wrong": gettext_lazy("Sai"),
    "on_time": gettext_lazy("Đúng hạn"),
}


def form_sections(units: list[AdministrativeUnit], window: Window) -> list[Section]:
    figures = report_form_figures(
        unit_ids=[u.pk for u in units], start=window.start, end=window.end
    )
    sections = []
    for code, title in FORM_TITLES.items():
        per_unit = figures.get(code, {})
        keys: list[str] = []
        for values in per_unit.values():
            keys.extend(k for k in values if k not in keys)
        rows = [[u.name, *[per_unit.get(u.pk, {}).get(k, 0) for k in keys]] for u in units]
        total = (
            [_("Tổng cộng"), *[sum(r[i + 1] for r in rows) for i in range(len(keys))]]
            if len(units) > 1
            else None
        )
        sections.append(
            Section(
                title=str(title),
                sheet=code.replace("/", "-"),
                columns=[Column(_("Đơn vị"))]
                + [Column(str(FORM_LABELS.get(k, k)), INT) for k in keys],
                rows=rows,
                total=total,
                note=range_line(window),
            )
        )
    return sections


def category_section(unit: AdministrativeUnit, year: int, end: date) -> Section:
    rows = execution_by_category(unit_id=unit.pk, year=year, end=end)
    return Section(
        title=_("Tình hình thực hiện dự toán ngân sách theo nội dung"),
        sheet=_("Theo nội dung"),
        columns=[
            Column(_("Thu/Chi")),
            Column(_("Mã")),
            Column(_("Nội dung")),
            Column(_("Dự toán"), MONEY),
            Column(_("Thực hiện"), MONEY),
            Column(_("Tỷ lệ"), PCT),
        ],
        rows=[
            [
                str(Direction(r.direction).label),
                r.code,
                ("    " * r.depth) + r.name,
                r.estimate,
                r.actual,
                r.pct,
            ]
            for r in rows
        ],
        note=_("Đơn vị tính: đồng."),
    )


def range_line(window: Window) -> str:
    """The heading of the TT 02/2021 forms, which count what happened in the period only."""
    return _("Số liệu tính từ ngày %(start)s đến ngày %(end)s") % {
        "start": window.start.strftime("%d/%m/%Y"),
        "end": window.end.strftime("%d/%m/%Y"),
    }


def period_line(window: Window) -> str:
    """The range, and the day the standing figures (open, overdue) were counted on: the end of
    the period, or the day of generation for a period still running."""
    standing = (
        _("đang giải quyết, quá hạn tính tại ngày %(day)s")
        if window.ended
        else _("đang giải quyết, quá hạn tính tại ngày %(day)s (hiện nay)")
    ) % {"day": window.as_of.strftime("%d/%m/%Y")}
    return f"{range_line(window)}; {standing}"


def build_report_data(report: Report) -> ReportData:
    unit = report.unit
    period = report.period
    window = window_for(report)
    # The body the report goes to is the one above the unit when the period ended: a ward's
    # district until 30/6/2025, its province since.
    parent = unit.parent_on(window.end)
    data = ReportData(
        report=report,
        issuing_body=issuing_body(unit),
        parent_body=(f"UBND {parent.name.upper()}" if parent else ""),
        title="",
        subtitle=str(period.label),
        period_line=period_line(window),
        budget_line=_("Ngân sách: lũy kế từ ngày %(start)s đến ngày %(end)s")
        % {
            "start": period.calendar_start.replace(month=1, day=1).strftime("%d/%m/%Y"),
            "end": window.budget_end.strftime("%d/%m/%Y"),
        },
        narrative=[],
    )
    if report.issued_at:  # the heading carries the day of issue, not the day of rendering
        data.generated_on = timezone.localtime(report.issued_at).date()
    if report.kind == ReportKind.WARD:
        _fill_ward_report(data, unit, window)
    elif report.kind == ReportKind.CONSOLIDATED:
        units = units_of_window(unit, window)
        figures = figures_for_units(units, window)
        data.title = _("Tổng hợp kết quả thực hiện nhiệm vụ của các đơn vị trực thuộc")
        totals = _sum_figures(figures)
        data.narrative = [
            _(
                "%(count)s đơn vị; tổng thu ngân sách %(revenue)s đồng; chi "
                "%(actual)s/%(estimate)s đồng, đạt %(pct)s; tiếp nhận %(received)s đơn, "
                "giải quyết đúng hạn %(on_time)s."
            )
            % {
                "count": len(units),
                "revenue": format_money(totals["revenue_actual"]),
                "actual": format_money(totals["expenditure_actual"]),
                "estimate": format_money(totals["expenditure_estimate"]),
                "pct": format_percent(
                    percent(totals["expenditure_actual"], totals["expenditure_estimate"])
                ),
                "received": format_number(totals["received"]),
                "on_time": format_percent(percent(totals["resolved_on_time"], totals["resolved"])),
            }
        ]
        if note := reorganisation_note(units, window):
            data.narrative.append(note)
        data.sections = [
            budget_summary_section(figures, title=_("I. Thu, chi ngân sách")),
            petitions_section(
                figures, title=_("II. Phản ánh, kiến nghị, khiếu nại, tố cáo"), window=window
            ),
            directives_section(
                figures, title=_("III. Hội họp và thực hiện kết luận, chỉ đạo"), window=window
            ),
        ]
    elif report.kind == ReportKind.PETITIONS:
        units = units_of_window(unit, window)
        data.title = _("Công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo")
        data.sections = form_sections(units, window)
    else:
        (figures,) = figures_for_units([unit], window)
        data.title = _("Tình hình thực hiện dự toán ngân sách")
        data.period_line = data.budget_line
        data.narrative = narrative_for(figures, [], window)[:1]
        data.sections = [category_section(unit, period.year, window.budget_end)]
    return data


def _fill_ward_report(data: ReportData, unit: AdministrativeUnit, window: Window) -> None:
    (figures,) = figures_for_units([unit], window)
    targets = target_results(unit_id=unit.pk, year=window.budget_year)
    data.title = _("Kết quả thực hiện nhiệm vụ")
    data.narrative = narrative_for(figures, targets, window)
    budget = budget_summary_section([figures], title=_("I. Thu, chi ngân sách"))
    budget.chart = budget_chart(unit, window.budget_year)
    data.sections = [budget, targets_section(targets)]
    data.sections[1].title = _("II. Kết quả thực hiện các chỉ tiêu")
    petitions = petitions_section(
        [figures],
        title=_("III. Tiếp công dân, giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo"),
        window=window,
    )
    petitions.chart = petitions_chart(unit, window)
    data.sections.append(petitions)
    data.sections.append(
        directives_section(
            [figures], title=_("IV. Hội họp và thực hiện kết luận, chỉ đạo"), window=window
        )
    )


def _sum_figures(figures: list[UnitFigures]) -> dict[str, int]:
    keys = {
        "revenue_actual": lambda f: f.budget.revenue_actual,
        "expenditure_actual": lambda f: f.budget.expenditure_actual,
        "expenditure_estimate": lambda f: f.budget.expenditure_estimate,
        "received": lambda f: f.petitions.received,
        "resolved": lambda f: f.petitions.resolved,
        "resolved_on_time": lambda f: f.petitions.resolved_on_time,
    }
    return {k: sum(get(f) for f in figures) for k, get in keys.items()}
