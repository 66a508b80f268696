import io
from datetime import date

import pypdf
from django.utils import translation
from docx import Document

from meetings import documents
from meetings.documents import minutes_context
from meetings.models import Meeting
from tests.helpers import overflowing_boxes, pdf_text
from tests.meetings.factories import approved_minutes, make_meeting
from ward_portal.documents import render_document


def _approved(frozen, ward_a, leader_a, clerk_a):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 2, 5))
    leader_a.full_name = "Tô Thị Bích Châu"
    leader_a.save()
    meeting.refresh_from_db()
    directives = [
        ("Rà soát công tác quản lý đảng viên", ward_a, date(2026, 6, 30)),
        ("Vận động cơ sở kinh doanh cho du khách đi vệ sinh miễn phí", ward_a, date(2026, 7, 31)),
    ]
    return approved_minutes(meeting, directives=directives, on=date(2026, 2, 6)), directives


def test_minutes_pdf_has_the_form_1_9_parts(frozen, ward_a, leader_a, clerk_a):
    minutes, directives = _approved(frozen, ward_a, leader_a, clerk_a)
    text = pdf_text(documents.minutes_pdf(minutes))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/BB-UBND" in text
    assert "ngày 06 tháng 02 năm 2026" in text  # formal date, leading zeros
    assert "BIÊN BẢN" in text and "THƯ KÝ" in text and "CHỦ TỌA" in text
    assert "Tô Thị Bích Châu" in text
    assert "Thời gian bắt đầu: 08 giờ 00, ngày 05 tháng 02 năm 2026" in text
    assert "Nơi nhận" in text
    for directive, _, _ in directives:
        assert directive in text


def test_documents_fit_their_pages(frozen, ward_a, leader_a, clerk_a):
    minutes, _ = _approved(frozen, ward_a, leader_a, clerk_a)
    with translation.override("vi"):
        document = render_document("meetings/documents/minutes.html", minutes_context(minutes))
    assert overflowing_boxes(document) == []
    first_page = pypdf.PdfReader(io.BytesIO(document.write_pdf())).pages[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page.extract_text().splitlines()


def test_pdf_embeds_a_font_with_vietnamese_glyphs(frozen, ward_a, leader_a, clerk_a):
    minutes, _ = _approved(frozen, ward_a, leader_a, clerk_a)
    reader = pypdf.PdfReader(io.BytesIO(documents.minutes_pdf(minutes)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = (
                font.get_object().get("/FontDescriptor")
                or font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            if any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font.get_object()["/BaseFont"]))
    # the @font-face family (DejaVu Serif files shipped in ward_portal/fonts), embedded
    assert any("DocSerif" in name for name in fonts)


def test_minutes_docx_reads_back(frozen, ward_a, leader_a, clerk_a):
    minutes, directives = _approved(frozen, ward_a, leader_a, clerk_a)
    doc = Document(io.BytesIO(documents.minutes_docx(minutes)))
    header = doc.tables[0]
    assert "Số: 01/BB-UBND" in header.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "TP. Hồ Chí Minh, ngày 06 tháng 02 năm 2026" in header.cell(0, 1).text
    signatures = doc.tables[1]
    assert "THƯ KÝ" in signatures.cell(0, 0).text and "CHỦ TỌA" in signatures.cell(0, 1).text
    assert "Tô Thị Bích Châu" in signatures.cell(0, 1).text
    body = "\n".join(p.text for p in doc.paragraphs)
    for directive, _, _ in directives:
        assert directive in body
    assert "Nơi nhận:" in body and "Lưu: VT, Hồ sơ." in body


def test_ics_feed_parses(frozen, ward_a, leader_a, clerk_a):
    make_meeting(
        host=ward_a,
        chair=leader_a,
        secretary=clerk_a,
        day=date(2026, 4, 20),
        title="Họp UBND phường, tháng 4; " + "rất dài " * 12,
    )
    body = documents.meetings_ics(Meeting.objects.all(), calendar_name="Lịch họp")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # unfold and parse the properties of the event
    unfolded = body.replace("\r\n ", "")
    event = dict(line.split(":", 1) for line in unfolded.split("\r\n") if ":" in line)
    assert event["DTSTART"] == "20260420T010000Z"
    assert event["SUMMARY"].startswith("Họp UBND phường\\, tháng 4\\; rất dài")
