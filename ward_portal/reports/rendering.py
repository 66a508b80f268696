"""The two renderings of a report's sections: PDF (WeasyPrint, from an HTML template) and
XLSX (openpyxl: one sheet per section, real numbers with number formats, never text)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ward_portal.formatting import (
    formal_date_line,
    format_money,
    format_number,
    format_percent,
    format_quantity,
)

from .data import INT, MONEY, NUMBER, PCT, ReportData, Section

# Excel shows these with the reader's separators: 3.124.335.200 in a Vietnamese Excel.
XLSX_FORMATS = {MONEY: "#,##0", INT: "#,##0", NUMBER: "#,##0.##", PCT: "0.00%"}


def display(value, column_type: str) -> str:
    if value is None:
        return "–"
    if column_type == MONEY:
        return format_money(value)
    if column_type == INT:
        return format_number(value)
    if column_type == NUMBER:
        return format_quantity(value)
    if column_type == PCT:
        return format_percent(value)
    return str(value)


def _rows_for_display(section: Section) -> dict:
    types = [c.type for c in section.columns]
    return {
        "section": section,
        "rows": [
            [(display(v, t), t) for v, t in zip(row, types, strict=False)] for row in section.rows
        ],
        "total": [(display(v, t), t) for v, t in zip(section.total, types, strict=False)]
        if section.total
        else None,
    }


def render_html(data: ReportData) -> str:
    unit = data.report.unit
    return render_to_string(
        "reports/report_pdf.html",
        {
            "data": data,
            "date_line": formal_date_line(unit.display_place, data.generated_on),
            "sections": [_rows_for_display(s) for s in data.sections],
        },
    )


def render_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(data)).write_pdf()


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def render_xlsx(data: ReportData) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    used: set[str] = set()
    summary.title = _sheet_title(_("Tóm tắt"), used)
    bold = Font(bold=True)
    lines = [
        (data.issuing_body, bold),
        (f"{_('BÁO CÁO')}: {data.title}", Font(bold=True, size=13)),
        (data.subtitle, bold),
        (data.period_line, None),
        (data.budget_line, None),
        ("", None),
        *[(sentence, None) for sentence in data.narrative],
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = summary.cell(row=row, column=1, value=text)
        if font:
            cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 120
    for section in data.sections:
        sheet = workbook.create_sheet(_sheet_title(section.sheet or section.title, used))
        sheet.cell(row=1, column=1, value=section.title).font = Font(bold=True, size=12)
        if section.note:
            sheet.cell(row=2, column=1, value=section.note)
        header_row = 4
        for col, column in enumerate(section.columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=column.label)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            sheet.column_dimensions[get_column_letter(col)].width = 36 if col == 1 else 18
        body = list(section.rows) + ([section.total] if section.total else [])
        for r, values in enumerate(body, start=header_row + 1):
            for col, (value, column) in enumerate(zip(values, section.columns, strict=False), 1):
                if column.type == PCT and value is not None:
                    value = float(Decimal(value) / 100)  # a real fraction shown as 98,68%
                elif isinstance(value, Decimal):
                    value = float(value) if value != value.to_integral() else int(value)
                cell = sheet.cell(row=r, column=col, value=value)
                if column.type in XLSX_FORMATS:
                    cell.number_format = XLSX_FORMATS[column.type]
                if section.total and values is section.total:
                    cell.font = bold
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
