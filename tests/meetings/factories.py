"""Meeting fixtures built through the services, the way users build them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetings import services
from meetings.choices import ItemKind, MeetingKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def make_meeting(*, host, chair, secretary, day=date(2026, 3, 10), participants=(), **extra):
    fields = {
        "kind": MeetingKind.PEOPLES_COMMITTEE,
        "title": "Họp UBND phường thường kỳ",
        "starts_at": at(day, 8),
        "ends_at": at(day, 10),
        "place": "Phòng họp UBND phường",
        "host_unit": host,
        "parent_body": "UBND QUẬN 1",
        "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG",
        "body_symbol": "UBND",
        "chair": chair,
        "chair_position": "Chủ tịch UBND phường",
        "secretary": secretary,
        "secretary_position": "Công chức Văn phòng - Thống kê",
        "recipients": "UBND Quận 1",
    }
    fields.update(extra)
    return services.meeting_save(
        user=chair, participating_units=participants, agenda=["Báo cáo tháng"], **fields
    )


def make_district_meeting(*, district, chair, participants, **extra):
    """A session of the district (body symbol QU) with wards taking part; the chair records."""
    return make_meeting(
        host=district,
        chair=chair,
        secretary=chair,
        participants=participants,
        body_symbol="QU",
        **extra,
    )


def held(meeting):
    services.meeting_mark_held(user=meeting.chair, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def approved_minutes(meeting, *, directives, on=None, extra_items=()):
    """Holds the meeting, records minutes with the given directives [(text, unit, due)], signs."""
    if meeting.state == "planned":
        held(meeting)
    minutes = services.minutes_start(user=meeting.chair, meeting=meeting)
    items = [
        {"kind": ItemKind.REPORT, "speaker": "Nguyễn Văn Báo", "text": "Báo cáo tình hình tháng."},
        {
            "kind": ItemKind.OPINION,
            "speaker": "Hoàng Thị Tố Nga",
            "speaker_position": "Bí thư Đảng ủy phường",
            "text": "Đề nghị tăng cường công tác dân vận chính quyền.",
        },
        {"kind": ItemKind.CONCLUSION, "text": "Thống nhất các nhiệm vụ tháng tới."},
        *extra_items,
    ]
    items += [
        {"kind": ItemKind.DIRECTIVE, "text": text, "assignee_unit": unit, "due_date": due}
        for text, unit, due in directives
    ]
    services.minutes_save_items(user=meeting.chair, minutes=minutes, items=items)
    services.minutes_sign_secretary(user=meeting.secretary, minutes=minutes)
    return services.minutes_approve(user=meeting.chair, minutes=minutes, on=on)
