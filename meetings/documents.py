"""Generated documents: minutes (Nghị định 30/2020 form 1.9) as PDF and DOCX, the conclusion
notice and the invitation as PDF, and the iCalendar feed.

PDF: a Django template rendered by WeasyPrint, with DejaVu Serif (shipped in
ward_portal/fonts, full Vietnamese coverage) embedded, so the file reads the same anywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from django.conf import settings
from django.utils import timezone

from ward_portal.documents import MOTTO, NATIONAL_NAME, render_pdf
from ward_portal.formatting import formal_date, formal_date_line

from .choices import Attendance, ItemKind, MeetingState
from .models import ConclusionNotice, Meeting, Minutes


def _time_text(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M}, {formal_date(local.date())}"


def minutes_context(minutes: Minutes) -> dict:
    meeting = minutes.meeting
    items = list(minutes.items.all())
    attendees = list(meeting.attendees.all())
    signed_day = minutes.approved_on or timezone.localtime(meeting.ends_at).date()
    recipients = [line.strip() for line in meeting.recipients.splitlines() if line.strip()]
    return {
        "minutes": minutes,
        "meeting": meeting,
        "date_line": formal_date_line(meeting.host_unit.display_place, signed_day),
        "start_text": _time_text(meeting.starts_at),
        "end_text": _time_text(meeting.ends_at),
        "present": [
            a for a in attendees if a.attendance in (Attendance.PRESENT, Attendance.INVITED)
        ],
        "absent": [a for a in attendees if a.attendance.startswith("absent")],
        "sections": [(kind.label, [i for i in items if i.kind == kind]) for kind in ItemKind],
        "recipients": recipients,
    }


def _in_vietnamese(function):
    """Legal documents are written in Vietnamese whatever the reader's interface language."""
    from functools import wraps

    from django.utils import translation

    @wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return function(*args, **kwargs)

    return wrapper


@_in_vietnamese
def minutes_pdf(minutes: Minutes) -> bytes:
    return render_pdf("meetings/documents/minutes.html", minutes_context(minutes))


@_in_vietnamese
def conclusion_notice_pdf(notice: ConclusionNotice, minutes: Minutes) -> bytes:
    context = minutes_context(minutes)
    context.update(
        notice=notice,
        date_line=formal_date_line(notice.meeting.host_unit.display_place, notice.issued_on),
    )
    return render_pdf("meetings/documents/conclusion_notice.html", context)


@_in_vietnamese
def invitation_pdf(meeting: Meeting, deadline) -> bytes:
    context = {
        "meeting": meeting,
        "date_line": formal_date_line(
            meeting.host_unit.display_place,
            timezone.localtime(meeting.invitations_issued_at or timezone.now()).date(),
        ),
        "start_text": _time_text(meeting.starts_at),
        "attendees": meeting.attendees.all(),
        "agenda": meeting.agenda_items.all(),
        "deadline": deadline,
    }
    return render_pdf("meetings/documents/invitation.html", context)


@_in_vietnamese
def minutes_docx(minutes: Minutes) -> bytes:
    """The same form 1.9 layout in Word: a borderless two-column header table, the body, and a
    two-column signature table (secretary left, chair right)."""
    from docx import Document
    from docx.shared import Pt

    ctx = minutes_context(minutes)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    _docx_heading(doc, minutes, ctx)
    _docx_body(doc, minutes.meeting, ctx)
    _docx_signatures(doc, minutes.meeting, ctx)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell_lines(cell, lines: list[str], *, bold_from: int = 0) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.paragraphs[0].text = ""
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = n >= bold_from


def _docx_heading(doc, minutes: Minutes, ctx: dict) -> None:
    """The issuing body and number beside the national name, then the title."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    meeting = minutes.meeting
    header = doc.add_table(rows=1, cols=2)
    left = [meeting.parent_body.upper()] if meeting.parent_body else []
    left += [meeting.issuing_body.upper(), f"Số: {minutes.number_label}"]
    _cell_lines(header.cell(0, 0), left, bold_from=1 if meeting.parent_body else 0)
    _cell_lines(header.cell(0, 1), [NATIONAL_NAME, MOTTO, ctx["date_line"]])

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BIÊN BẢN").bold = True
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(meeting.title).bold = True
    if minutes.previous_id:
        doc.add_paragraph(
            f"(Bản đính chính lần {minutes.version - 1}: {minutes.correction_reason})"
        ).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_body(doc, meeting: Meeting, ctx: dict) -> None:
    """Time, place, who attended and who chaired, then the items section by section."""
    doc.add_paragraph(f"Thời gian bắt đầu: {ctx['start_text']}")
    doc.add_paragraph(f"Địa điểm: {meeting.place}")
    doc.add_paragraph("Thành phần tham dự:")
    for person in ctx["present"]:
        doc.add_paragraph(_person_line(person), style="List Bullet")
    if ctx["absent"]:
        doc.add_paragraph("Vắng mặt:")
        for person in ctx["absent"]:
            doc.add_paragraph(
                f"{_person_line(person)} ({person.get_attendance_display().lower()})",
                style="List Bullet",
            )
    doc.add_paragraph(
        f"Chủ trì (chủ tọa): {meeting.chair.get_full_name()}, {meeting.chair_position}"
    )
    doc.add_paragraph(
        f"Thư ký (người ghi biên bản): {meeting.secretary.get_full_name()}, "
        f"{meeting.secretary_position}"
    )
    doc.add_paragraph().add_run("Nội dung (theo diễn biến cuộc họp):").bold = True
    for label, items in ctx["sections"]:
        if not items:
            continue
        doc.add_paragraph().add_run(label).bold = True
        for n, item in enumerate(items, start=1):
            doc.add_paragraph(_item_text(item, n))
    doc.add_paragraph(f"Cuộc họp kết thúc vào {ctx['end_text']}./.")


def _docx_signatures(doc, meeting: Meeting, ctx: dict) -> None:
    signatures = doc.add_table(rows=1, cols=2)
    _cell_lines(
        signatures.cell(0, 0), ["THƯ KÝ", "", "", meeting.secretary.get_full_name()], bold_from=0
    )
    _cell_lines(
        signatures.cell(0, 1), ["CHỦ TỌA", "", "", meeting.chair.get_full_name()], bold_from=0
    )
    recipients = doc.add_paragraph()
    recipients.add_run("Nơi nhận:").bold = True
    for line in [*ctx["recipients"], "Lưu: VT, Hồ sơ."]:
        doc.add_paragraph(f"- {line}")


def _person_line(person) -> str:
    parts = [person.name]
    if person.position:
        parts.append(person.position)
    if person.organisation:
        parts.append(person.organisation)
    return ", ".join(parts)


def _item_text(item, n: int) -> str:
    text = f"{n}. "
    if item.speaker:
        text += item.speaker
        if item.speaker_position:
            text += f" ({item.speaker_position})"
        text += ": "
    text += item.text
    if item.kind == ItemKind.VOTE and item.votes_for is not None:
        text += (
            f" — Tán thành: {item.votes_for}; không tán thành: {item.votes_against or 0}; "
            f"không biểu quyết: {item.votes_abstain or 0}."
        )
    if item.kind == ItemKind.DIRECTIVE:
        text += f" — Đơn vị thực hiện: {item.assignee_unit.name}"
        if item.assignee_user_id:
            text += f" ({item.assignee_user.get_full_name()})"
        text += f"; thời hạn: {item.due_date:%d/%m/%Y}."
    return text


# --- iCalendar (RFC 5545), written by hand: a few properties, escaped and folded ----------


def _ics_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetings_ics(meetings, *, calendar_name: str) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0] or "ward-portal"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong quan ly phuong//Meetings//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_escape(calendar_name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    stamp = _ics_time(timezone.now())
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(meeting.starts_at)}",
            f"DTEND:{_ics_time(meeting.ends_at)}",
            f"SUMMARY:{_ics_escape(meeting.title)}",
            f"LOCATION:{_ics_escape(meeting.place)}",
            f"DESCRIPTION:{_ics_escape(meeting.host_unit.name)}",
            f"URL:{settings.SITE_URL}/meetings/{meeting.pk}/",
            # A cancelled meeting stays in the feed so that calendars strike it out.
            f"STATUS:{'CANCELLED' if meeting.state == MeetingState.CANCELLED else 'CONFIRMED'}",
            f"SEQUENCE:{meeting.invitation_revision + (meeting.state == MeetingState.CANCELLED)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
