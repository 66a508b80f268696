"""The generated files, opened and read back: PDF text (pypdf) and XLSX cells (openpyxl),
checked against the database through the same selectors the dashboard uses."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from budget.selectors import execution_by_unit
from reports import rendering
from reports.data import build_report_data
from reports.models import Report, ReportKind
from tests.helpers import overflowing_boxes, pdf_text, records
from tests.reports.factories import finished_report
from ward_portal.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return tmp_path


def generate(unit_code, kind):
    return finished_report(AdministrativeUnit.objects.get(code=unit_code), kind)


def check_ntb_2022_annual_report_states_the_articles_figures(demo):
    report = generate("26746", ReportKind.WARD)
    text = pdf_text(demo / report.pdf_file)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN THÁI BÌNH",
        "Kết quả thu ngân sách 3.124.335.200 đồng",
        "chi ngân sách 11.756.978.705/11.914.837.000 đồng, đạt 98,68%",
        "Số liệu tính từ ngày 15/12/2021 đến ngày 14/12/2022",
        "163,64%",
    ]:
        assert expected in text, expected

    workbook = load_workbook(demo / report.xlsx_file)
    sheet = workbook["Ngân sách"]
    header = [c.value for c in sheet[4]]
    row = [c.value for c in sheet[5]]
    figures = execution_by_unit(unit_ids=[report.unit_id], year=2022)[report.unit_id]
    values = dict(zip(header, row, strict=False))
    # Real numbers, not text, equal to the database's figures.
    assert values["Thực hiện thu"] == figures.revenue_actual == 3_124_335_200
    assert values["Thực hiện chi"] == figures.expenditure_actual == 11_756_978_705
    assert values["Dự toán chi"] == figures.expenditure_estimate == 11_914_837_000
    assert values["Tỷ lệ chi (%)"] == pytest.approx(0.9868)
    assert sheet.cell(row=5, column=header.index("Tỷ lệ chi (%)") + 1).number_format == "0.00%"
    assert sheet.cell(row=5, column=header.index("Thực hiện chi") + 1).number_format == "#,##0"
    summary = " ".join(str(c.value) for c in workbook["Tóm tắt"]["A"] if c.value)
    assert "3.124.335.200" in summary and "98,68%" in summary


def check_consolidated_report_lists_every_ward_of_quan_1(demo):
    report = generate("760", ReportKind.CONSOLIDATED)
    text = pdf_text(demo / report.pdf_file)
    wards = sorted(AdministrativeUnit.objects.filter(parent__code="760").values_list("name"))
    assert len(wards) == 10
    for (ward,) in wards:
        assert ward in text
    sheet = load_workbook(demo / report.xlsx_file)["Ngân sách"]
    names = [row["Đơn vị"] for row in records(list(sheet.values), header=4)]
    assert sorted(names[:-1]) == [ward for (ward,) in wards] and names[-1] == "Tổng cộng"


def check_petition_forms_report_has_the_four_forms_with_the_cutoff_heading(demo):
    report = generate("26746", ReportKind.PETITIONS)
    text = pdf_text(demo / report.pdf_file)
    for form in ["01/TCD", "02/XLD", "03/GQKN", "04/GQTC"]:
        assert form in text
    assert text.count("Số liệu tính từ ngày 15/12/2021 đến ngày 14/12/2022") >= 4
    assert set(load_workbook(demo / report.xlsx_file).sheetnames) >= {
        "01-TCD", "02-XLD", "03-GQKN", "04-GQTC"
    }  # fmt: skip


def check_budget_table_report(demo):
    report = generate("26746", ReportKind.BUDGET)
    text = pdf_text(demo / report.pdf_file)
    assert "11.756.978.705" in text and "3.124.335.200" in text


def check_every_report_fits_its_pages(demo):
    """Whatever the fonts of the machine, every table stays on its page (a table too wide for
    portrait gets a landscape page) and the national header is never broken over two lines."""
    cases = [
        ("26746", ReportKind.WARD),
        ("26746", ReportKind.PETITIONS),
        ("26746", ReportKind.BUDGET),
        ("760", ReportKind.CONSOLIDATED),
        ("760", ReportKind.PETITIONS),
        ("79", ReportKind.CONSOLIDATED),
    ]
    for code, kind in cases:
        unit = AdministrativeUnit.objects.get(code=code)
        data = build_report_data(Report(unit=unit, kind=kind, period_kind="year", year=2022))
        document = rendering.render_document(data)
        assert overflowing_boxes(document) == [], (code, kind)
        lines = PdfReader(io.BytesIO(document.write_pdf())).pages[0].extract_text().splitlines()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines, (code, kind)
        assert "Độc lập - Tự do - Hạnh phúc" in lines, (code, kind)
    # The consolidated budget table (ten wards and the totals) needs the landscape page.
    unit = AdministrativeUnit.objects.get(code="760")
    report = Report(unit=unit, kind=ReportKind.CONSOLIDATED, period_kind="year", year=2022)
    data = build_report_data(report)
    budget = rendering.render_document(data).pages[1]
    assert budget.width > budget.height


def test_generated_documents_state_the_database_figures(demo):
    # One demo seeding (several seconds) serves the four documents.
    check_ntb_2022_annual_report_states_the_articles_figures(demo)
    check_consolidated_report_lists_every_ward_of_quan_1(demo)
    check_petition_forms_report_has_the_four_forms_with_the_cutoff_heading(demo)
    check_budget_table_report(demo)
    check_every_report_fits_its_pages(demo)
