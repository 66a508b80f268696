"""The reception book (sổ tiếp công dân, Mẫu số 06-TCD, TT 06/2014) as XLSX."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from ward_portal.models import AdministrativeUnit
from ward_portal.spreadsheets import xlsx_bytes

from .models import ReceptionEntry

COLUMNS = [
    ("STT", 6),
    ("Ngày tiếp", 12),
    ("Họ tên, địa chỉ, số CCCD của người được tiếp", 34),
    ("Số lượng người", 10),
    ("Nội dung sự việc", 40),
    ("Quá trình xem xét giải quyết của cơ quan có thẩm quyền (nếu có)", 30),
    ("Yêu cầu, đề nghị của người đến", 30),
    ("Việc tiếp nhận, xử lý; tóm tắt kết quả tiếp", 34),
    ("Hình thức tiếp; người tiếp", 24),
    ("Ghi chú", 16),
]


def reception_book_xlsx(*, unit: AdministrativeUnit, year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"So TCD {year}"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = chr(ord("A") + len(COLUMNS) - 1)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = unit.name.upper()
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = f"SỔ TIẾP CÔNG DÂN NĂM {year}"
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = center
    for index, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=4, column=index, value=title)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = border
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
        numbered = sheet.cell(row=5, column=index, value=f"({index})")
        numbered.alignment = center
        numbered.border = border
    entries = (
        ReceptionEntry.objects.filter(reception__unit=unit, reception__date__year=year)
        .select_related("reception", "reception__receiver", "petition")
        .order_by("reception__date", "reception_id", "number")
    )
    for number, entry in enumerate(entries, start=1):
        person = ", ".join(p for p in [entry.citizen_name, entry.address, entry.id_number] if p)
        if entry.representatives:
            person += f"\nĐại diện: {entry.representatives}"
        reception = entry.reception
        row = [
            number,
            reception.date.strftime("%d/%m/%Y"),
            person,
            entry.group_size,
            entry.content,
            entry.prior_handling,
            entry.request,
            entry.handling + (f"\nHồ sơ: {entry.petition.code}" if entry.petition else ""),
            f"{reception.get_kind_display()}; {reception.receiver}",
            entry.documents,
        ]
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=5 + number, column=column, value=value)
            cell.alignment = wrap
            cell.border = border
    sheet.freeze_panes = "A6"
    return xlsx_bytes(workbook)
