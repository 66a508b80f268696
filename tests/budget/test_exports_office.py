"""The overview exports opened by a real office suite: LibreOffice (headless) reads the XLSX
and the CSV, and what it reads holds the Vietnamese text and the figures as numbers.

Skipped where LibreOffice is not installed, unless REQUIRE_OFFICE_TESTS=1 (set by .ci/run, which
installs Debian's libreoffice-calc-nogui)."""

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import records

from .factories import EntryFactory

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    reason = "LibreOffice not found: install Debian's libreoffice-calc-nogui to run these"
    if os.environ.get("REQUIRE_OFFICE_TESTS") == "1":
        raise RuntimeError(reason)
    pytestmark = [pytestmark, pytest.mark.skip(reason=reason)]

# CSV filter options: comma, double quote, UTF-8 (76), first line 1; as LibreOffice's import
# dialog offers for a UTF-8 file. Export: the same, cells as shown.
CSV_IN = "CSV:44,34,76,1"
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"


def convert(source: Path, to: str, out: Path, infilter: str | None = None) -> Path:
    profile = out / "profile"
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", to, "--outdir", str(out / "converted"), str(source)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    extension = to.split(":")[0]
    return out / "converted" / f"{source.stem}.{extension}"


def test_libreoffice_reads_the_exports(
    clerk_a_client, ward_a, line_a, revenue_line_a, clerk_a, tmp_path
):
    EntryFactory(line=line_a, amount=3_124_335_200, recorded_by=clerk_a)
    for fmt in ("xlsx", "csv"):
        response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.{fmt}?year=2022")
        (tmp_path / f"tong-quan.{fmt}").write_bytes(response.content)

    # The XLSX, read by LibreOffice and written out as shown on screen.
    shown = convert(tmp_path / "tong-quan.xlsx", CSV_OUT, tmp_path).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(shown)))
    assert "Phường Nguyễn Thái Bình" in rows[0][0]
    line = next(r for r in records(rows, header=2) if r["Mã"] == "C2.11.1")
    assert "Quản lý nhà nước" in line["Nội dung"]
    # a number, grouped
    assert line["Lũy kế thực hiện"].replace(".", "").replace(",", "") == "3124335200"
    assert line["% thực hiện dự toán"].endswith("%")

    # The CSV, imported as UTF-8: the amounts arrive as numbers, the text intact.
    workbook = load_workbook(convert(tmp_path / "tong-quan.csv", "xlsx", tmp_path, CSV_IN))
    rows = list(workbook.active.values)
    assert "Phường Nguyễn Thái Bình" in rows[0][0]
    line = next(r for r in records(rows, header=2) if r["Mã"] == "C2.11.1")
    assert "Quản lý nhà nước" in line["Nội dung"]
    assert line["Dự toán hiện hành"] == 5_000_000_000
    assert line["Lũy kế thực hiện"] == 3_124_335_200
