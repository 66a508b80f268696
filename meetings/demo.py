"""Demo meetings (idempotent: meetings are found by host unit and start time, and rebuilt only
when missing). The centrepiece is the working session of 17/02/2022 from the article."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from ward_portal.demo import BEN_THANH, DEMO_PASSWORD, NEW_UNITS_ON, SAI_GON, demo_units
from ward_portal.models import AdministrativeUnit, DeadlineRule, Role, RoleAssignment, User

from . import services
from .choices import Attendance, ItemKind, MeetingKind, MeetingState
from .models import Meeting, Task
from .rules import ensure_rules

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _on(day: date, hour: int = 9):
    """Past records are made on their own day, through the same services, so their history and
    the rules of that day (who could change which unit) are those of the day."""
    return time_machine.travel(_at(day, hour), tick=False)


def _user(username: str, full_name: str, position: str, unit: AdministrativeUnit, role: str):
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.position, user.email = full_name, position, f"{username}@demo.phuong.vn"
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    RoleAssignment.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"title": position}
    )
    return user


ARTICLE_OPINIONS = [
    (
        "Đại diện Ban Tuyên giáo Quận ủy",
        "",
        "Phường cần chú trọng công tác truyền thông trong các hoạt động, phát huy các mô hình "
        "giáo dục truyền thống, quy chế dân chủ ở cơ sở.",
    ),
    (
        "Đại diện Ủy ban MTTQ Việt Nam Quận 1",
        "",
        "Phát triển thêm hội viên; xây dựng thêm nhiều mô hình để thu hút hội viên, bồi dưỡng "
        "nâng cao năng lực giám sát; tiếp tục phát triển mảng xanh tại khu dân cư.",
    ),
    (
        "Đại diện Văn phòng HĐND và UBND Quận 1",
        "",
        "Nghiên cứu mở rộng mô hình nâng chất lượng cải cách hành chính, dịch vụ công trực "
        "tuyến mức độ 3, 4.",
    ),
    (
        "Đại diện Ủy ban Kiểm tra Quận ủy",
        "",
        "Trong phòng, chống tham nhũng cần kiểm soát được tham nhũng vặt; phát động có hiệu quả "
        "các phong trào thi đua yêu nước trong khu dân cư.",
    ),
    (
        "Đại diện Phòng Quản lý đô thị Quận 1",
        "",
        "Quan tâm đến công tác trật tự xây dựng và trật tự đô thị trên địa bàn phường.",
    ),
    (
        "Hoàng Thị Tố Nga",
        "Phó Bí thư Thường trực Quận ủy Quận 1",
        "Ghi nhận những nỗ lực của Phường Nguyễn Thái Bình đã hoàn thành xuất sắc nhiệm vụ năm "
        "2022. Đề nghị năm 2023 địa phương tiếp thu các ý kiến xây dựng của các Ban xây dựng "
        "Đảng, MTTQ, đoàn thể quận; quan tâm công tác quản lý đảng viên; đào tạo, bồi dưỡng "
        "nguồn cán bộ; rà soát việc phân tích, đánh giá đảng viên; đảm bảo hoàn thành chỉ tiêu "
        "thu ngân sách 2023; bồi dưỡng nguồn kết nạp đảng viên; đảm bảo công tác phòng cháy "
        "chữa cháy; công tác dân vận chính quyền.",
    ),
]

ARTICLE_CONCLUSIONS = [
    "Phường tiếp tục phát huy những kết quả đạt được trong năm 2022; để giữ vững kết quả, "
    "phường cần có những giải pháp mới hơn trong công tác.",
    "Tập trung công tác xây dựng Đảng, phát triển Đảng, nâng cao chất lượng sinh hoạt chi bộ và "
    "đảng viên sinh hoạt tại các chi bộ; tập trung vào công tác dân vận chính quyền.",
    "Trên địa bàn Phường Nguyễn Thái Bình, đồng bào dân tộc Hoa có tỷ lệ cao nhất Quận 1: "
    "công tác dân tộc, phương pháp vận động phải có đặc thù riêng.",
]

# (text, due date, outcome): outcome is "on_time", "late", "submitted", "in_progress", "open".
# The session of 17/02/2022 sets the ward's 2023 programme: its directives fall due within 2023,
# and all were finished before the ward was merged on 01/7/2025 (two of them late).
ARTICLE_DIRECTIVES = [
    (
        "Tăng cường công tác quản lý đảng viên; rà soát việc phân tích, đánh giá, xếp loại "
        "đảng viên; bồi dưỡng nguồn kết nạp đảng viên.",
        date(2023, 12, 31),
        ("on_time", date(2023, 12, 20)),
    ),
    (
        "Đào tạo, bồi dưỡng nguồn cán bộ; tham khảo kế hoạch của Quận ủy về sơ kết giữa nhiệm kỳ.",
        date(2023, 9, 30),
        ("on_time", date(2023, 9, 26)),
    ),
    (
        "Đảm bảo hoàn thành chỉ tiêu thu ngân sách năm 2023 được giao.",
        date(2023, 12, 31),
        ("late", date(2024, 1, 15)),
    ),
    (
        "Đảm bảo công tác phòng cháy chữa cháy tại khu dân cư và cơ sở kinh doanh.",
        date(2023, 3, 31),
        ("on_time", date(2023, 3, 28)),
    ),
    (
        "Đẩy mạnh công tác dân vận chính quyền; giới thiệu các tập thể, gương “dân vận khéo”, "
        "nhất là ở lực lượng vũ trang, bảo vệ dân phố, Công an; chấn chỉnh thái độ tiếp xúc với "
        "dân của cán bộ, công chức.",
        date(2023, 6, 30),
        ("on_time", date(2023, 6, 28)),
    ),
    (
        "Tiếp tục giải quyết trật tự đô thị, xử lý tình trạng bến cóc, xe dù trên địa bàn.",
        date(2023, 10, 31),
        ("on_time", date(2023, 10, 27)),
    ),
    (
        "Quan tâm công tác dân tộc, vận động đồng bào người Hoa với phương pháp phù hợp đặc thù "
        "(phối hợp Ban Dân vận Quận ủy).",
        date(2023, 12, 31),
        ("on_time", date(2023, 12, 22)),
    ),
    (
        "Giữ gìn vệ sinh môi trường; vận động các cơ sở kinh doanh, dịch vụ cho du khách đi vệ "
        "sinh miễn phí.",
        date(2023, 8, 31),
        ("late", date(2023, 10, 13)),
    ),
    (
        "Công tác giảm nghèo thực chất, không hình thức; có giải pháp cụ thể cho từng hộ.",
        date(2023, 12, 15),
        ("on_time", date(2023, 12, 12)),
    ),
]


def seed() -> None:
    ensure_rules(DeadlineRule)
    units = demo_units(["760", "26746"])
    q1, ntb = units["760"], units["26746"]
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["lanhdao.q1", "pbt.q1", "lanhdao.ntb", "canbo.ntb", "lanhdao.hcm"]
        )
    }
    # Hoàng Thị Tố Nga is the district's Phó Bí thư Thường trực (a Quận 1 user), not the ward's.
    chau, nga, leader_ntb = users["lanhdao.q1"], users["pbt.q1"], users["lanhdao.ntb"]
    canbo_ntb = users["canbo.ntb"]
    with _on(date(2022, 2, 10)):  # Quận 1's secretary, while Quận 1 existed
        secretary_q1 = _user(
            "thuky.q1", "Lê Minh Khoa", "Chuyên viên Văn phòng Quận ủy Quận 1", q1, Role.CLERK
        )
    _article_session(q1, ntb, chau, nga, canbo_ntb, secretary_q1)
    _ward_meetings_ntb(ntb, leader_ntb, canbo_ntb)
    # Since 01/7/2025: the city and the communes in force.
    new = demo_units(["79", BEN_THANH, SAI_GON], on=NEW_UNITS_ON)
    city, bt, sg = new["79"], new[BEN_THANH], new[SAI_GON]
    secretary_hcm = _user(
        "thuky.hcm", "Lê Minh Khoa", "Chuyên viên Văn phòng UBND Thành phố", city, Role.CLERK
    )
    chair_sg, clerk_sg = (User.objects.get(username=n) for n in ("lanhdao.sg", "canbo.sg"))
    _recent_session(city, bt, users["lanhdao.hcm"], secretary_hcm)
    _ward_meetings(sg, chair_sg, clerk_sg)
    _new_ward_meetings()


def _existing(host, starts_at) -> Meeting | None:
    return Meeting.objects.filter(host_unit=host, starts_at=starts_at).first()


def _article_session(q1, ntb, chau, nga, canbo_ntb, secretary) -> None:
    day = date(2022, 2, 17)
    if _existing(q1, _at(day, 8)):
        return
    with _on(day, 12):
        meeting = _article_meeting(day, q1, ntb, chau, nga, canbo_ntb, secretary)
    with _on(date(2022, 2, 18), 10):
        services.minutes_approve(user=chau, minutes=meeting.minutes.get(), on=date(2022, 2, 18))
        services.meeting_publish(user=chau, meeting=meeting)
    with _on(date(2022, 2, 22), 10):
        services.conclusion_notice_issue(user=chau, meeting=meeting, on=date(2022, 2, 22))
    for task in meeting.tasks.all():
        outcome, finished = next(o for t, _, o in ARTICLE_DIRECTIVES if t == task.title)
        _play(task, outcome, finished, canbo_ntb, chau)


def _article_meeting(day, q1, ntb, chau, nga, canbo_ntb, secretary) -> Meeting:
    """The session as held on 17/02/2022: attendance, the minutes written and signed by the
    secretary."""
    meeting = services.meeting_save(
        user=chau,
        kind=MeetingKind.WORKING_SESSION,
        title="Buổi làm việc của Thường trực Quận ủy Quận 1 với Đảng ủy Phường Nguyễn Thái Bình "
        "về chương trình công tác năm 2023",
        starts_at=_at(day, 8),
        ends_at=_at(day, 11, 30),
        place="Hội trường Đảng ủy Phường Nguyễn Thái Bình, Quận 1",
        host_unit=q1,
        parent_body="ĐẢNG BỘ TP. HỒ CHÍ MINH",
        issuing_body="QUẬN ỦY QUẬN 1",
        body_symbol="QU",
        chair=chau,
        chair_position="Ủy viên Ban Thường vụ Thành ủy, Bí thư Quận ủy Quận 1",
        secretary=secretary,
        secretary_position="Chuyên viên Văn phòng Quận ủy Quận 1",
        recipients=(
            "Thường trực Quận ủy\nĐảng ủy Phường Nguyễn Thái Bình\nCác Ban xây dựng Đảng Quận ủy"
        ),
        participating_units=[ntb],
        agenda=[
            "Đảng ủy phường báo cáo kết quả năm 2022 và chương trình công tác năm 2023",
            "Ý kiến của các Ban xây dựng Đảng, MTTQ, đoàn thể quận",
            "Kết luận của đồng chí Bí thư Quận ủy",
        ],
    )
    services.attendee_add(
        user=chau,
        meeting=meeting,
        person=nga,
        position="Phó Bí thư Thường trực Quận ủy Quận 1",
        organisation="Quận ủy Quận 1",
    )
    services.attendee_add(
        user=chau, meeting=meeting, person=canbo_ntb, organisation="Phường Nguyễn Thái Bình"
    )
    services.attendee_add(
        user=chau,
        meeting=meeting,
        name="Đại diện Ban Dân vận Quận ủy",
        organisation="Quận ủy Quận 1",
    )
    services.attendee_add(
        user=chau,
        meeting=meeting,
        name="Đại diện Ủy ban MTTQ Việt Nam Quận 1",
        organisation="Ủy ban MTTQ Việt Nam Quận 1",
    )
    for attendee in meeting.attendees.all():
        services.attendance_record(user=chau, attendee=attendee, attendance=Attendance.PRESENT)
    _hold(meeting)
    minutes = services.minutes_start(user=chau, meeting=meeting)
    items = [
        {
            "kind": ItemKind.REPORT,
            "speaker": "Đại diện Đảng ủy Phường Nguyễn Thái Bình",
            "speaker_position": "",
            "text": "Báo cáo kết quả năm 2022: thu ngân sách 3.124.335.200 đồng; chi ngân sách "
            "11.756.978.705/11.914.837.000 đồng, đạt 98,68%; an ninh chính trị, trật tự an toàn "
            "xã hội được đảm bảo; hoàn thành vượt chỉ tiêu giao quân 18/11 thanh niên; tuyên "
            "truyền cho 4.600 trường hợp hộ dân, cơ quan, đơn vị; 100% ý kiến đánh giá hài lòng "
            "về cải cách hành chính; phát triển 11 đảng viên mới. Chương trình năm 2023: hoàn "
            "thành chỉ tiêu thu ngân sách, nếp sống văn minh, mỹ quan đô thị, phòng chống tham "
            "nhũng, kiểm tra giám sát theo Quy định 1374-QĐ/TU.",
        }
    ]
    items += [
        {"kind": ItemKind.OPINION, "speaker": s, "speaker_position": p, "text": t}
        for s, p, t in ARTICLE_OPINIONS
    ]
    items += [
        {
            "kind": ItemKind.CONCLUSION,
            "speaker": chau.full_name,
            "speaker_position": "Bí thư Quận ủy Quận 1",
            "text": t,
        }
        for t in ARTICLE_CONCLUSIONS
    ]
    items += [
        {"kind": ItemKind.DIRECTIVE, "text": text, "assignee_unit": ntb, "due_date": due}
        for text, due, _ in ARTICLE_DIRECTIVES
    ]
    services.minutes_save_items(user=chau, minutes=minutes, items=items)
    services.minutes_sign_secretary(user=secretary, minutes=minutes)
    return meeting


def _play(task: Task, outcome: str, finished: date | None, assignee, director) -> None:
    """A directive's course, each step on its own day."""
    planned = (finished or task.due_date) - timedelta(days=10)
    if outcome in ("in_progress", "submitted", "on_time", "late"):
        with _on(planned):
            services.task_progress(user=assignee, task=task, note="Đã xây dựng kế hoạch thực hiện.")
    if outcome in ("submitted", "on_time", "late"):
        with _on(finished, 16):
            services.task_submit(user=assignee, task=task, note="Đã hoàn thành.", on=finished)
    if outcome in ("on_time", "late"):
        with _on(finished + timedelta(days=3)):
            services.task_accept(user=director, task=task, at=_at(finished + timedelta(days=3), 9))


def _hold(meeting: Meeting) -> None:
    # Demo meetings are in the past; marking them held is the same service users call.
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.PLANNED)
    meeting.state = MeetingState.PLANNED
    services.meeting_mark_held(user=meeting.chair, meeting=meeting)


def _recent_session(city, bt, leader, secretary) -> None:
    """A city working session with Phường Bến Thành held last week, minutes not yet written
    (the journey starts here); and Bến Thành's party committee planned for next month."""
    today = timezone.localdate()
    held_day = today - timedelta(days=(today.weekday() + 3) % 7 + 1)
    if not _existing(city, _at(held_day, 14)):
        meeting = services.meeting_save(
            user=leader,
            kind=MeetingKind.WORKING_SESSION,
            title=f"Làm việc với Phường Bến Thành về công tác dân vận quý IV năm {today.year}",
            starts_at=_at(held_day, 14),
            ends_at=_at(held_day, 16, 30),
            place="Phòng họp số 2, Trụ sở UBND Thành phố",
            host_unit=city,
            parent_body="",
            issuing_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            body_symbol="UBND",
            chair=leader,
            chair_position="Phó Chủ tịch UBND Thành phố",
            secretary=secretary,
            secretary_position="Chuyên viên Văn phòng UBND Thành phố",
            recipients="UBND Phường Bến Thành\nBan Dân vận Thành ủy",
            participating_units=[bt],
            agenda=[
                "Kết quả công tác dân vận chính quyền quý IV",
                f"Nhiệm vụ quý I năm {today.year + 1}",
            ],
        )
        _hold(meeting)
    upcoming = today + timedelta(days=21)
    chair, clerk = User.objects.get(username="lanhdao.bt"), User.objects.get(username="canbo.bt")
    if not _existing(bt, _at(upcoming, 8)):
        services.meeting_save(
            user=chair,
            kind=MeetingKind.PARTY_COMMITTEE,
            title=f"Hội nghị Ban Chấp hành Đảng bộ Phường Bến Thành tổng kết năm {today.year}",
            starts_at=_at(upcoming, 8),
            ends_at=_at(upcoming, 11),
            place="Hội trường Đảng ủy Phường Bến Thành",
            host_unit=bt,
            parent_body="ĐẢNG BỘ TP. HỒ CHÍ MINH",
            issuing_body="ĐẢNG ỦY PHƯỜNG BẾN THÀNH",
            body_symbol="ĐU",
            chair=chair,
            chair_position="Chủ tịch UBND phường",
            secretary=clerk,
            secretary_position="Công chức Tài chính - Kế toán",
            agenda=[f"Báo cáo tổng kết năm {today.year}", f"Phương hướng năm {today.year + 1}"],
        )


def _ward_meetings(bn, chair, clerk) -> None:
    """Phường Sài Gòn's monthly people's committee meetings: October approved, December
    planned, one called off."""
    today = timezone.localdate()
    october = date(today.year, 10, 5)
    common = {
        "kind": MeetingKind.PEOPLES_COMMITTEE,
        "place": "Phòng họp UBND Phường Sài Gòn",
        "host_unit": bn,
        "parent_body": "UBND TP. HỒ CHÍ MINH",
        "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
        "body_symbol": "UBND",
        "chair": chair,
        "chair_position": "Chủ tịch UBND phường",
        "secretary": clerk,
        "secretary_position": "Công chức Văn phòng - Thống kê",
        "recipients": "UBND Thành phố\nThường trực Đảng ủy phường\nCác thành viên UBND phường",
    }
    if not _existing(bn, _at(october, 8)):
        meeting = services.meeting_save(
            user=chair,
            title="Họp UBND phường thường kỳ tháng 10",
            starts_at=_at(october, 8),
            ends_at=_at(october, 10, 30),
            agenda=["Kết quả tháng 9, nhiệm vụ tháng 10", "Công tác chuẩn bị mùa mưa"],
            **common,
        )
        services.attendee_add(
            user=chair,
            meeting=meeting,
            name="Nguyễn Thị Lan",
            position="Phó Chủ tịch UBND phường",
            organisation="UBND Phường Sài Gòn",
        )
        _hold(meeting)
        minutes = services.minutes_start(user=chair, meeting=meeting)
        services.minutes_save_items(
            user=chair,
            minutes=minutes,
            items=[
                {
                    "kind": ItemKind.REPORT,
                    "speaker": "Nguyễn Thị Lan",
                    "speaker_position": "Phó Chủ tịch UBND phường",
                    "text": "Báo cáo kết quả kinh tế - xã hội tháng 9; thu ngân sách đạt tiến độ.",
                },
                {
                    "kind": ItemKind.VOTE,
                    "text": "Thông qua kế hoạch chỉnh trang vỉa hè đường Đồng Khởi.",
                    "votes_for": 7,
                    "votes_against": 0,
                    "votes_abstain": 1,
                },
                {
                    "kind": ItemKind.CONCLUSION,
                    "speaker": chair.full_name,
                    "speaker_position": "Chủ tịch UBND phường",
                    "text": "Tập trung chuẩn bị phòng chống ngập khi mưa lớn.",
                },
                {
                    "kind": ItemKind.DIRECTIVE,
                    "text": "Khơi thông cống thoát nước các tuyến Hai Bà Trưng, Lê Thánh Tôn.",
                    "assignee_unit": bn,
                    "assignee_user": clerk,
                    "due_date": date(today.year, 12, 10),
                },
            ],
        )
        services.minutes_sign_secretary(user=clerk, minutes=minutes)
        services.minutes_approve(user=chair, minutes=minutes, on=date(today.year, 10, 6))
    december = date(today.year, 12, 7)
    if not _existing(bn, _at(december, 8)):
        services.meeting_save(
            user=chair,
            title="Họp UBND phường thường kỳ tháng 12",
            starts_at=_at(december, 8),
            ends_at=_at(december, 10, 30),
            agenda=["Tổng kết năm", "Kế hoạch Tết Nguyên đán"],
            **common,
        )
    # A meeting called off, with its reason: it stays listed, struck out in calendars.
    called_off = today + timedelta(days=9)
    if not _existing(bn, _at(called_off, 14)):
        meeting = services.meeting_save(
            user=chair,
            title="Giao ban công tác dân vận quý IV",
            starts_at=_at(called_off, 14),
            ends_at=_at(called_off, 16),
            agenda=["Kết quả vận động nhân dân chỉnh trang vỉa hè"],
            **{**common, "kind": MeetingKind.OTHER},
        )
        services.meeting_cancel(
            user=chair,
            meeting=meeting,
            reason="Trùng lịch làm việc của Thường trực Đảng ủy phường; sẽ bố trí lại sau.",
        )


def _ward_meetings_ntb(ntb, leader, clerk) -> None:
    """A citizen dialogue of the old ward, in its last year."""
    day = date(2024, 11, 3)
    if _existing(ntb, _at(day, 14)):
        return
    with _on(day, 17):
        _ntb_dialogue(ntb, leader, clerk, day)


def _ntb_dialogue(ntb, leader, clerk, day) -> None:
    meeting = services.meeting_save(
        user=leader,
        kind=MeetingKind.CITIZEN_DIALOGUE,
        title="Đối thoại với nhân dân khu phố 3 về trật tự đô thị",
        starts_at=_at(day, 14),
        ends_at=_at(day, 16),
        place="Nhà văn hóa khu phố 3, Phường Nguyễn Thái Bình",
        host_unit=ntb,
        parent_body="ĐẢNG BỘ QUẬN 1",
        issuing_body="ĐẢNG ỦY PHƯỜNG NGUYỄN THÁI BÌNH",
        body_symbol="ĐU",
        chair=leader,
        chair_position="Bí thư Đảng ủy phường",
        secretary=clerk,
        secretary_position="Công chức Tài chính - Kế toán",
        agenda=["Ý kiến của người dân về lấn chiếm vỉa hè", "Trả lời của lãnh đạo phường"],
    )
    _hold(meeting)


def _bt_session(common, chair, clerk, bt, day, title, agenda, directives) -> Meeting:
    meeting = services.meeting_save(
        user=chair,
        title=title,
        starts_at=_at(day, 8),
        ends_at=_at(day, 10, 30),
        agenda=agenda,
        **common,
    )
    _hold(meeting)
    minutes = services.minutes_start(user=chair, meeting=meeting)
    services.minutes_save_items(
        user=chair,
        minutes=minutes,
        items=[
            {
                "kind": ItemKind.REPORT,
                "speaker": clerk.full_name,
                "speaker_position": "Công chức Tài chính - Kế toán",
                "text": "Báo cáo tình hình thu, chi ngân sách và kinh tế - xã hội của phường.",
            },
            {
                "kind": ItemKind.CONCLUSION,
                "speaker": chair.full_name,
                "speaker_position": "Chủ tịch UBND phường",
                "text": "Các bộ phận tập trung hoàn thành nhiệm vụ đúng tiến độ.",
            },
        ]
        + [
            {
                "kind": ItemKind.DIRECTIVE,
                "text": text,
                "assignee_unit": bt,
                "assignee_user": clerk,
                "due_date": due,
            }
            for text, due in directives
        ],
    )
    services.minutes_sign_secretary(user=clerk, minutes=minutes)
    return meeting


def _new_ward_meetings() -> None:
    """The communes in force since 01/7/2025: Bến Thành's first people's committee meeting
    (September 2025) and its October 2026 one, minutes approved and directives tracked; a
    citizen dialogue in Phường Sài Gòn."""
    units = demo_units([BEN_THANH, SAI_GON], on=NEW_UNITS_ON)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["lanhdao.bt", "canbo.bt", "canbo.sg"])
    }
    bt, sg = units.get(BEN_THANH), units.get(SAI_GON)
    chair, clerk, clerk_sg = users.get("lanhdao.bt"), users.get("canbo.bt"), users.get("canbo.sg")
    if bt is None or chair is None or clerk is None:
        return
    common = {
        "kind": MeetingKind.PEOPLES_COMMITTEE,
        "place": "Phòng họp UBND Phường Bến Thành",
        "host_unit": bt,
        "parent_body": "UBND TP. HỒ CHÍ MINH",
        "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH",
        "body_symbol": "UBND",
        "chair": chair,
        "chair_position": "Chủ tịch UBND phường",
        "secretary": clerk,
        "secretary_position": "Công chức Tài chính - Kế toán",
        "recipients": "UBND Thành phố\nThường trực Đảng ủy phường\nCác thành viên UBND phường",
    }
    sessions = [
        (
            date(2025, 9, 8),
            "Họp UBND phường thường kỳ tháng 9 năm 2025",
            ["Ổn định tổ chức bộ máy sau sắp xếp", "Kế hoạch thu ngân sách 6 tháng cuối năm"],
            [
                ("Hoàn thành bàn giao hồ sơ, tài liệu của các phường cũ.", date(2025, 10, 31)),
                ("Rà soát, cập nhật danh sách hộ kinh doanh trên địa bàn.", date(2025, 12, 15)),
            ],
        ),
        (
            date(2026, 10, 5),
            "Họp UBND phường thường kỳ tháng 10 năm 2026",
            ["Kết quả tháng 9, nhiệm vụ tháng 10", "Công tác chuẩn bị mùa mưa"],
            [
                (
                    "Khơi thông cống thoát nước các tuyến Lê Lai, Nguyễn Thái Học.",
                    date(2026, 11, 20),
                ),
                ("Ra quân chỉnh trang vỉa hè phố đi bộ Bùi Viện.", date(2026, 12, 31)),
            ],
        ),
    ]
    for day, title, agenda, directives in sessions:
        if _existing(bt, _at(day, 8)):
            continue
        with _on(day, 11):
            meeting = _bt_session(common, chair, clerk, bt, day, title, agenda, directives)
        with _on(day + timedelta(days=1)):
            services.minutes_approve(
                user=chair, minutes=meeting.minutes.get(), on=day + timedelta(days=1)
            )
        if day.year == 2025:
            for task, finished, outcome in zip(
                meeting.tasks.order_by("due_date"),
                (date(2025, 10, 28), date(2025, 12, 29)),
                ("on_time", "late"),
                strict=True,
            ):
                _play(task, outcome, finished, clerk, chair)
    day = date(2026, 11, 12)
    if sg is not None and clerk_sg is not None and not _existing(sg, _at(day, 14)):
        meeting = services.meeting_save(
            user=clerk_sg,
            kind=MeetingKind.CITIZEN_DIALOGUE,
            title="Đối thoại với nhân dân khu phố 5 về chống ngập",
            starts_at=_at(day, 14),
            ends_at=_at(day, 16),
            place="Nhà văn hóa khu phố 5, Phường Sài Gòn",
            host_unit=sg,
            parent_body="UBND TP. HỒ CHÍ MINH",
            issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
            body_symbol="UBND",
            chair=clerk_sg,
            chair_position="Công chức Tài chính - Kế toán",
            secretary=clerk_sg,
            secretary_position="Công chức Tài chính - Kế toán",
            agenda=["Ý kiến của người dân về ngập sau mưa", "Trả lời của phường"],
        )
        _hold(meeting)
