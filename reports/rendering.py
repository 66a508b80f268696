"""The two renderings of a report's sections: PDF (WeasyPrint, from an HTML template) and
XLSX (openpyxl: one sheet per section, real numbers with number formats, never text)."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ward_portal import documents
from ward_portal.formatting import (
    formal_date_line,
    format_money,
    format_number,
    format_percent,
    format_quantity,
)
from ward_portal.spreadsheets import xlsx_bytes

from .data import INT, MONEY, NUMBER, PCT, TEXT, ReportData, Section

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


# Portrait A4 between the margins of report_pdf.html, and a table cell's padding and borders,
# in points; table cells are set in DejaVu Serif Condensed at 9pt.
PORTRAIT_WIDTH_PT = 165 * 72 / 25.4
CELL_PADDING_PT = 6.5
TEXT_COLUMN_MIN_PT = 22 * 72 / 25.4
TABLE_FONT_PT = 9


@functools.cache
def _advances(font_file: str) -> tuple[dict[int, float], float]:
    """Advance widths of a table font per code point, in em, and the widest of them."""
    from fontTools.ttLib import TTFont

    font = TTFont(documents.FONT_DIR / font_file)
    em = font["head"].unitsPerEm
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    return widths, max(widths.values())


def _text_width(text: str, bold: bool = False) -> float:
    widths, widest = _advances(f"DejaVuSerifCondensed{'-Bold' if bold else ''}.ttf")
    return sum(widths.get(ord(c), widest) for c in text) * TABLE_FONT_PT


def _minimum_width(columns: list[tuple[str, str, list[tuple[str, bool]]]]) -> float:
    """The narrowest a table can be laid out: figures never wrap, text wraps between words.

    columns: (label, type, [(shown value, bold)]); labels are bold (th), totals too.
    """
    width = CELL_PADDING_PT + _text_width("000")  # STT
    for label, kind, values in columns:
        if kind == TEXT:
            values = [(word, bold) for value, bold in values for word in value.split()]
        pieces = [(word, True) for word in label.split()] + values
        longest = max((_text_width(text, bold) for text, bold in pieces), default=0)
        width += (max(longest, TEXT_COLUMN_MIN_PT) if kind == TEXT else longest) + CELL_PADDING_PT
    return width


def _rows_for_display(section: Section) -> dict:
    types = [c.type for c in section.columns]
    rows = [[(display(v, t), t) for v, t in zip(row, types, strict=False)] for row in section.rows]
    total = (
        [(display(v, t), t) for v, t in zip(section.total, types, strict=False)]
        if section.total
        else None
    )
    shown = [(row, False) for row in rows] + ([(total, True)] if total else [])
    columns = [
        (str(c.label), c.type, [(row[i][0], bold) for row, bold in shown if i < len(row)])
        for i, c in enumerate(section.columns)
    ]
    return {
        "section": section,
        "rows": rows,
        "total": total,
        # A table too wide for a portrait page gets a landscape one, as appendices do.
        "landscape": _minimum_width(columns) > PORTRAIT_WIDTH_PT,
    }


def _pdf_context(data: ReportData) -> dict:
    return {
        "data": data,
        "date_line": formal_date_line(data.report.unit.display_place, data.generated_on),
        "sections": [_rows_for_display(s) for s in data.sections],
    }


def render_document(data: ReportData):
    return documents.render_document("reports/report_pdf.html", _pdf_context(data))


def render_pdf(data: ReportData) -> bytes:
    return render_document(data).write_pdf()


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
        (f"Số: {data.report.number_label}", None),
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
    return xlsx_bytes(workbook)
