"""The overview as XLSX and CSV. Money is written as integers (never floats, never text), so a
spreadsheet sums it; the CSV starts with a UTF-8 BOM so that Excel reads Vietnamese correctly."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ward_portal.formatting import format_percent
from ward_portal.spreadsheets import csv_row, xlsx_bytes
from ward_portal.text import fold

from .choices import Direction
from .imports import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("Chiều"),
        _("Mã"),
        _("Nội dung"),
        _("Dự toán đầu năm"),
        _("Dự toán hiện hành"),
        _("Thực hiện trong kỳ"),
        _("Lũy kế thực hiện"),
        _("% thực hiện dự toán"),
        _("Còn lại"),
        _("Cùng kỳ năm trước"),
        _("So cùng kỳ (%)"),
    ]


def _sections(context):
    overview = context["overview"]
    sections = []
    if context["fiscal_year"].has_revenue:
        sections.append((Direction.REVENUE, overview.revenue, overview.revenue_total))
    sections.append((Direction.EXPENDITURE, overview.expenditure, overview.expenditure_total))
    return sections


def _values(direction, row, *, total=False):
    label = str(Direction(direction).label)
    name = (_("Tổng %(d)s") % {"d": label.lower()}) if total else "  " * row.depth + row.name
    return [
        label,
        row.code,
        name,
        row.initial,
        row.estimate,
        row.period_actual,
        row.actual,
        row.pct,
        row.remaining,
        row.last_year,
        row.vs_last_year_pct,
    ]


def _filename(context, ext: str) -> str:
    # name and dated code: the old and the new Phường Bến Thành share a name and a code
    unit = f"{slugify(fold(context['unit'].name))}-{context['unit'].dated_code}"
    return f"ngan-sach-{unit}-{context['fiscal_year'].year}-{context['period']}.{ext}"


def _title(context) -> str:
    overview = context["overview"]
    return _("%(unit)s · năm %(year)s · từ %(start)s đến %(end)s") % {
        "unit": context["unit"].name,
        "year": overview.year,
        "start": overview.start.strftime("%d/%m/%Y"),
        "end": overview.end.strftime("%d/%m/%Y"),
    }


def overview_xlsx(context) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(context["fiscal_year"].year)
    sheet.append([_title(context)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for direction, rows, total in _sections(context):
        for row in rows:
            sheet.append(_values(direction, row))
        sheet.append(_values(direction, total, total=True))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3):
        for cell in row[3:7] + row[8:10]:
            cell.number_format = "#,##0"
        for cell in (row[7], row[10]):
            if cell.value is not None:
                # Percentages as numbers with two decimals (98.68 shown per the locale).
                cell.value = cell.value / 100  # a Decimal: no float anywhere
                cell.number_format = "0.00%"
    for letter, width in zip(
        "ABCDEFGHIJK", [14, 9, 48, 18, 18, 18, 18, 12, 18, 18, 12], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "D3"
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "xlsx")}"'
    return response


def overview_csv(context) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row([_title(context)]))
    writer.writerow(csv_row(_headers()))
    for direction, rows, total in _sections(context):
        for row in [*rows, total]:
            values = _values(direction, row, total=row is total)
            # Percentages as text "98,68%": a bare 98.68 would be misread in a Vietnamese locale.
            values[7] = format_percent(values[7])
            values[10] = format_percent(values[10])
            writer.writerow(csv_row(values))
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "csv")}"'
    return response


def import_template(kind: str) -> HttpResponse:
    from openpyxl import Workbook

    if kind not in COLUMNS:
        from django.http import Http404

        raise Http404
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(label) for _name, label in COLUMNS[kind]])
    if kind == "entries":
        sheet.append(["15/01/2023", "PC-0001", "C2.11.1", "Chi lương tháng 01", 125000000])
    else:
        sheet.append(["C2.11.1", 5200000000])
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
