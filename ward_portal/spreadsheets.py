"""Spreadsheets we hand out never run what someone typed (CSV/formula injection, OWASP): a
text starting with =, +, -, @, a tab or a carriage return stays text. The rule is here once;
every export writes its CSV rows through `csv_row` and saves its workbook with `xlsx_bytes`.

- XLSX: every text is a string cell, never a formula (openpyxl makes a formula of any text
  starting with "="), and one starting with a formula character is marked "quote prefix", so
  that Excel keeps it as text when the cell is edited too. The text itself is unchanged.
- CSV: such a text gets a leading apostrophe, as OWASP recommends (a CSV has no cell types).
  A number written as text ("-12,5%", "-1.000") is left alone: it cannot be a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,\s]*%?")


def formula_like(value: Any) -> bool:
    """True for a text a spreadsheet could take for a formula (leading spaces ignored)."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" ")
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    return "'" + value if formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row in which no text can run as a formula."""
    return [csv_cell(value) for value in values]


def xlsx_defuse(workbook: Workbook) -> None:
    """Every formula-like text of the workbook becomes a plain string cell (in place). Our
    exports write no formulas of their own: a formula cell can only be a typed text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file, defused."""
    xlsx_defuse(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
