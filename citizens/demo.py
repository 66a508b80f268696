"""Demo petitions for the Quận 1 wards, through the real services (idempotent: each petition
has a fixed idempotency key, so a second run finds it and changes nothing)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from ward_portal.demo import BEN_THANH, NEW_UNITS_ON, SAI_GON, demo_units
from ward_portal.models import RoleAssignment, User

from . import services
from .choices import Conclusion, ReceptionKind, Status
from .models import Petition, Reception, ReceptionEntry, Topic

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NS = uuid.UUID("6f1c2a52-8f0e-4e53-9a55-3c1f6d7e0b10")

# slug, ward, kind, topic, title, content, place, (name, phone, email), days ago, target
PETITIONS = [
    (
        "ben-coc-ton-that-dam",
        "26746",
        "feedback",
        "trat-tu-do-thi",
        "Bến cóc xe dù trước chợ Tôn Thất Đạm",
        "Mỗi chiều từ 16 giờ, nhiều xe khách dừng đón khách trước chợ Tôn Thất Đạm, lấn hết "
        "làn đường, gây kẹt xe kéo dài. Đề nghị phường kiểm tra, xử lý bến cóc xe dù này.",
        "Đường Tôn Thất Đạm, gần chợ",
        ("Lê Văn Hùng", "0903123456", "hung.le@example.vn"),
        3,
        "received",
    ),
    (
        "xe-du-ham-nghi",
        "26746",
        "feedback",
        "trat-tu-do-thi",
        "Xe dù đón khách trên đường Hàm Nghi",
        "Xe dù đón khách sai quy định trên đường Hàm Nghi đoạn gần bến xe buýt, xe máy phải "
        "leo lề. Tình trạng lặp lại hằng ngày, nhất là cuối tuần.",
        "Đường Hàm Nghi",
        ("Phạm Thị Thu", "0912345678", ""),
        25,
        "in_progress",
    ),
    (
        "rac-hem-91",
        "26746",
        "feedback",
        "moi-truong",
        "Rác tồn đọng trong hẻm 91 Nguyễn Công Trứ",
        "Rác sinh hoạt để trong hẻm 91 Nguyễn Công Trứ ba ngày không được thu gom, bốc mùi, "
        "ruồi nhặng nhiều. Đề nghị phường nhắc đơn vị thu gom.",
        "Hẻm 91 Nguyễn Công Trứ",
        ("Trần Minh Tâm", "0987654321", "tam.tran@example.vn"),
        20,
        "resolved_rated_yes",
    ),
    (
        "nuoc-thai-pho-duc-chinh",
        "26746",
        "feedback",
        "moi-truong",
        "Nước thải chảy tràn ra vỉa hè Phó Đức Chính",
        "Một quán ăn xả nước thải trực tiếp ra vỉa hè, gây trơn trượt và mùi hôi.",
        "Đường Phó Đức Chính",
        ("", "", ""),
        30,
        "assigned_overdue",
    ),
    (
        "xay-dung-sai-phep-calmette",
        "26746",
        "feedback",
        "trat-tu-xay-dung",
        "Công trình xây thêm tầng không phép đường Calmette",
        "Nhà số lẻ trên đường Calmette đang xây thêm tầng 5, không thấy biển báo giấy phép, "
        "vật liệu rơi xuống đường.",
        "Đường Calmette",
        ("Võ Thị Hạnh", "0938111222", ""),
        40,
        "in_progress_overdue",
    ),
    (
        "lan-chiem-via-he-ky-con",
        "26746",
        "feedback",
        "trat-tu-do-thi",
        "Lấn chiếm vỉa hè bán hàng trên đường Ký Con",
        "Các quán bày bàn ghế kín vỉa hè đường Ký Con, người đi bộ phải đi xuống lòng đường.",
        "Đường Ký Con",
        ("Đặng Văn Lợi", "0909555666", ""),
        35,
        "closed_rated_no",
    ),
    (
        "cham-cap-ban-sao",
        "26746",
        "feedback",
        "thu-tuc-hanh-chinh",
        "Chậm trả kết quả chứng thực bản sao",
        "Tôi nộp hồ sơ chứng thực bản sao tại bộ phận một cửa, hẹn 1 ngày nhưng 3 ngày chưa có.",
        "UBND phường",
        ("Ngô Thị Lan", "0977333444", "lan.ngo@example.vn"),
        12,
        "resolved_rated_yes",
    ),
    (
        "khieu-nai-xu-phat",
        "26746",
        "complaint",
        "trat-tu-do-thi",
        "Khiếu nại quyết định xử phạt lấn chiếm vỉa hè",
        "Tôi khiếu nại Quyết định xử phạt vi phạm hành chính số 123/QĐ-XPHC ngày 02/11/2026 "
        "của Chủ tịch UBND phường về lấn chiếm vỉa hè, vì hàng hóa để trong phần đất nhà tôi. "
        "Đề nghị xem xét hủy quyết định.",
        "Số 45 Nguyễn Thái Bình",
        ("Huỳnh Văn Phúc", "0918777888", "phuc.huynh@example.vn"),
        18,
        "accepted",
    ),
    (
        "to-cao-thu-tien",
        "26746",
        "denunciation",
        "thu-tuc-hanh-chinh",
        "Tố cáo cán bộ thu tiền ngoài quy định",
        "Tôi tố cáo một cán bộ bộ phận một cửa yêu cầu nộp thêm 500.000 đồng 'phí nhanh' khi "
        "làm hồ sơ đăng ký hộ kinh doanh ngày 10/11/2026; tôi có tin nhắn làm bằng chứng.",
        "UBND phường",
        ("Trương Quốc Bảo", "0933999000", "bao.truong@example.vn"),
        14,
        "assigned_by_leader",
    ),
    (
        "an-ninh-hem-nguyen-thai-binh",
        "26746",
        "feedback",
        "an-ninh-trat-tu",
        "Thanh niên tụ tập gây ồn ào khuya",
        "Nhóm thanh niên tụ tập uống rượu, nẹt pô sau 23 giờ ở đầu hẻm, đề nghị công an phường "
        "kiểm tra.",
        "Hẻm 120 Nguyễn Thái Bình",
        ("", "0901222333", ""),
        6,
        "forwarded",
    ),
    (
        "via-he-ben-nghe",
        "26740",
        "feedback",
        "trat-tu-do-thi",
        "Xe máy đậu kín vỉa hè Lê Thánh Tôn",
        "Vỉa hè đường Lê Thánh Tôn trước các văn phòng bị xe máy đậu kín, người đi bộ không có "
        "lối đi.",
        "Đường Lê Thánh Tôn",
        ("Lý Thị Mai", "0966444555", ""),
        8,
        "received",
    ),
    (
        "rac-ben-nghe",
        "26740",
        "feedback",
        "moi-truong",
        "Thùng rác công cộng hư hỏng trên đường Đồng Khởi",
        "Thùng rác công cộng bị vỡ, rác tràn ra vỉa hè đã hơn một tuần.",
        "Đường Đồng Khởi",
        ("", "", ""),
        22,
        "resolved_rated_yes",
    ),
]

# 2022, Nguyễn Thái Bình: the year of the article (resolved, mostly satisfied).
PETITIONS_2022 = [
    (
        "2022-ben-coc",
        "feedback",
        "trat-tu-do-thi",
        "Bến cóc xe dù đường Yersin",
        "Xe khách dừng đón khách dọc đường Yersin gây ùn tắc giờ cao điểm.",
        date(2022, 2, 14),
        True,
        True,
    ),
    (
        "2022-rac",
        "feedback",
        "moi-truong",
        "Điểm tập kết rác gây mùi đường Nguyễn Thái Bình",
        "Điểm tập kết rác tạm trên vỉa hè gây mùi và nước rỉ rác ra đường.",
        date(2022, 4, 5),
        True,
        True,
    ),
    (
        "2022-xay-dung",
        "feedback",
        "trat-tu-xay-dung",
        "Sửa nhà lấn ra hẻm chung",
        "Hộ dân sửa nhà, đổ bê tông lấn ra hẻm chung khoảng nửa mét.",
        date(2022, 5, 20),
        True,
        True,
    ),
    (
        "2022-thu-tuc",
        "feedback",
        "thu-tuc-hanh-chinh",
        "Hướng dẫn thủ tục đăng ký tạm trú",
        "Đề nghị hướng dẫn rõ hồ sơ đăng ký tạm trú cho người thuê trọ.",
        date(2022, 7, 11),
        True,
        True,
    ),
    (
        "2022-do-thi",
        "feedback",
        "trat-tu-do-thi",
        "Quảng cáo sai phép trên cột điện",
        "Nhiều tờ quảng cáo dán trên cột điện đường Calmette.",
        date(2022, 9, 2),
        True,
        True,
    ),
    (
        "2022-khieu-nai",
        "complaint",
        "chinh-sach-xa-hoi",
        "Khiếu nại việc xét hộ cận nghèo",
        "Tôi khiếu nại việc gia đình tôi không được xét hộ cận nghèo năm 2022.",
        date(2022, 10, 17),
        True,
        True,
    ),
    (
        "2022-an-ninh",
        "feedback",
        "an-ninh-trat-tu",
        "Camera an ninh hẻm hư hỏng",
        "Camera an ninh đầu hẻm hư đã lâu, đề nghị sửa.",
        date(2022, 11, 21),
        False,
        True,
    ),
]


# 2022 in the other Quận 1 wards: resolved cases (how many, how many late) so that the
# leadership ranking compares something. Cô Giang's 3 of 3 on time ranks below Phạm Ngũ Lão's
# 10 of 10: the ranking weighs the number of cases.
OTHER_WARDS_2022 = {
    "26734": (6, 1),
    "26737": (4, 0),
    "26740": (8, 1),
    "26743": (7, 2),
    "26749": (10, 0),
    "26752": (3, 1),
    "26755": (3, 0),
    "26758": (5, 2),
    "26761": (2, 0),
}
OTHER_WARDS_TOPICS = [
    "trat-tu-do-thi",
    "moi-truong",
    "trat-tu-xay-dung",
    "thu-tuc-hanh-chinh",
    "an-ninh-trat-tu",
]


def _key(slug: str) -> uuid.UUID:
    return uuid.uuid5(NS, slug)


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _at(day: date, hour: int = 9):
    return time_machine.travel(_moment(day, hour), tick=False)


def _advance(petition: Petition, target: str, start: date, clerk: User, leader: User):
    def day(n: int) -> date:
        return min(start + timedelta(days=n), timezone.localdate())

    if target in ("received",):
        return petition
    if target == "forwarded":
        with _at(day(2), 10):
            return services.petition_classify(
                petition=petition,
                user=clerk,
                decision=Status.FORWARDED,
                forwarded_to="Công an " + petition.unit.name.replace("Phường", "phường"),
            )
    with _at(day(1), 10):
        petition = services.petition_classify(
            petition=petition, user=clerk, decision=Status.ACCEPTED
        )
    if target == "accepted":
        return petition
    assigner = leader
    with _at(day(2), 9):
        petition = services.petition_assign(petition=petition, user=assigner, handler=clerk)
    if target in ("assigned_overdue", "assigned_by_leader"):
        return petition
    with _at(day(3), 9):
        petition = services.petition_start(petition=petition, user=clerk)
    if target.startswith("in_progress"):
        return petition
    with _at(day(6), 15):
        petition = services.petition_resolve(
            petition=petition,
            user=clerk,
            answer="Phường đã kiểm tra thực tế, lập biên bản và yêu cầu chấm dứt vi phạm. "
            "Lực lượng trật tự đô thị phường tiếp tục theo dõi.",
            conclusion=Conclusion.RIGHT if petition.kind != "feedback" else "",
        )
    if target.startswith("closed"):
        with _at(day(8), 9):
            petition = services.petition_close(petition=petition, user=clerk)
    if target.endswith("rated_yes") or target.endswith("rated_no"):
        with _at(day(7), 20):
            services.petition_rate(
                petition=petition,
                satisfied=target.endswith("yes"),
                comment=""
                if target.endswith("yes")
                else "Vài hôm sau quán lại bày bàn ghế như cũ.",
            )
    return petition


def seed() -> None:
    # Rules, topics and templates come from the data migration; seeding them again is a no-op
    # normally, and restores them after a test flush.
    from importlib import import_module

    from django.apps import apps

    import_module("citizens.migrations.0002_seed_rules_topics_tasks").seed(apps, None)
    units = demo_units(["26746"])
    # The recent cases are the communes' in force today: the old Nguyễn Thái Bình's streets are
    # Bến Thành's now, the old Bến Nghé's are Sài Gòn's.
    now_units = demo_units([BEN_THANH, SAI_GON], on=NEW_UNITS_ON)
    current = {"26746": now_units[BEN_THANH], "26740": now_units[SAI_GON]}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "canbo.ntb",
                "lanhdao.ntb",
                "canbo.bt",
                "lanhdao.bt",
                "canbo.sg",
                "lanhdao.sg",
            ]
        )
    }
    topics = {t.code: t for t in Topic.objects.all()}
    today = timezone.localdate()
    clerks = {"26746": users["canbo.bt"], "26740": users["canbo.sg"]}
    leaders = {"26746": users["lanhdao.bt"], "26740": users["lanhdao.sg"]}
    for slug, ward, kind, topic, title, content, place, (
        name,
        phone,
        email,
    ), days_ago, target in PETITIONS:
        if Petition.objects.filter(idempotency_key=_key(slug)).exists():
            continue
        start = today - timedelta(days=days_ago)
        with _at(start, 8):
            petition, _ = services.petition_submit(
                unit=current[ward],
                kind=kind,
                topic=topics[topic],
                title=title,
                content=content,
                place=place,
                name=name,
                phone=phone,
                email=email,
                address=current[ward].name if name else "",
                consent=True,
                idempotency_key=_key(slug),
            )
        _advance(petition, target, start, clerks[ward], leaders[ward])
    ntb = units["26746"]
    for slug, kind, topic, title, content, received, on_time, satisfied in PETITIONS_2022:
        if Petition.objects.filter(idempotency_key=_key(slug)).exists():
            continue
        with _at(received, 8):
            petition, _ = services.petition_submit(
                unit=ntb,
                kind=kind,
                topic=topics[topic],
                title=title,
                content=content,
                name="Người dân phường Nguyễn Thái Bình",
                phone="0900000000",
                address="Phường Nguyễn Thái Bình",
                consent=True,
                idempotency_key=_key(slug),
            )
        with _at(received + timedelta(days=1), 10):
            petition = services.petition_classify(
                petition=petition, user=users["canbo.ntb"], decision=Status.ACCEPTED
            )
        with _at(received + timedelta(days=2), 10):
            petition = services.petition_assign(
                petition=petition, user=users["lanhdao.ntb"], handler=users["canbo.ntb"]
            )
        finish = received + timedelta(days=5 if on_time else 60)
        with _at(finish, 15):
            petition = services.petition_resolve(
                petition=petition,
                user=users["canbo.ntb"],
                answer="Phường đã kiểm tra, xử lý và trả lời ông/bà theo quy định.",
                conclusion=Conclusion.PARTLY_RIGHT if kind == "complaint" else "",
            )
        with _at(finish + timedelta(days=1), 19):
            services.petition_rate(petition=petition, satisfied=satisfied)
    _seed_receptions(ntb, users["lanhdao.ntb"], PAST_RECEPTIONS)
    bt = now_units[BEN_THANH]
    _seed_receptions(bt, users["lanhdao.bt"], _recent_thursdays(today))
    Reception.objects.update_or_create(
        unit=bt,
        date=today - timedelta(days=2),
        kind=ReceptionKind.REGULAR,
        defaults={"receiver": users["canbo.bt"], "place": "Bộ phận tiếp công dân"},
    )
    _seed_other_wards_2022(topics)
    _seed_new_wards(topics, today)


def _seed_other_wards_2022(topics) -> None:
    wards = list(demo_units(OTHER_WARDS_2022).values())
    # A person who works in the ward handles its cases (the budget demo gives every ward one).
    staff = {
        r.unit_id: r.user
        for r in RoleAssignment.objects.filter(unit__in=wards).select_related("user")
    }
    for ward in wards:
        clerk = staff.get(ward.pk)
        if clerk is None:
            continue
        count, late = OTHER_WARDS_2022[ward.code]
        for n in range(count):
            slug = f"2022-{ward.code}-{n}"
            if Petition.objects.filter(idempotency_key=_key(slug)).exists():
                continue
            topic = topics.get(OTHER_WARDS_TOPICS[n % len(OTHER_WARDS_TOPICS)])
            if topic is None:
                continue
            received = date(2022, 2 + n, 7 + n)
            with _at(received, 8):
                petition, _ = services.petition_submit(
                    unit=ward,
                    kind="feedback",
                    topic=topic,
                    title=f"Phản ánh về {topic.name.lower()}",
                    content=f"Người dân phản ánh về {topic.name.lower()} trên địa bàn {ward.name}.",
                    consent=True,
                    idempotency_key=_key(slug),
                )
            with _at(received + timedelta(days=1), 10):
                petition = services.petition_classify(
                    petition=petition, user=clerk, decision=Status.ACCEPTED
                )
                petition = services.petition_assign(petition=petition, user=clerk, handler=clerk)
            finish = received + timedelta(days=40 if n < late else 6)
            with _at(finish, 15):
                petition = services.petition_resolve(
                    petition=petition,
                    user=clerk,
                    answer="Phường đã kiểm tra, xử lý và trả lời theo quy định.",
                )
            with _at(finish + timedelta(days=1), 19):
                services.petition_rate(petition=petition, satisfied=n % 4 != 3)


PAST_RECEPTIONS = [date(2022, 3, 17), date(2022, 6, 16), date(2022, 9, 15), date(2022, 12, 15)]


def _recent_thursdays(today: date) -> list[date]:
    day = today - timedelta(days=(today.weekday() - 3) % 7)
    return [day - timedelta(days=7 * n) for n in range(6)]


def _seed_receptions(unit, leader, thursdays):
    """The leader's reception day (Thursday): the old Nguyễn Thái Bình's in 2022, Bến Thành's
    for the last weeks."""
    place = "Trụ sở UBND " + unit.name.replace("Phường", "phường")
    for index, day in enumerate(sorted(thursdays)):
        reception, _ = Reception.objects.update_or_create(
            unit=unit,
            date=day,
            kind=ReceptionKind.PERIODIC,
            defaults={"receiver": leader, "place": place},
        )
        entries = [
            (
                "Nguyễn Văn Tư",
                "Hẻm 91 Nguyễn Công Trứ",
                1,
                "",
                "Phản ánh việc thu gom rác trong hẻm không đúng giờ.",
                "Đề nghị phường nhắc đơn vị thu gom.",
                "Đã tiếp nhận, giao công chức địa chính - môi trường kiểm tra.",
            ),
        ]
        if index % 3 == 0:
            entries.append(
                (
                    "Đoàn hộ dân hẻm 120 Nguyễn Thái Bình",
                    "Hẻm 120 Nguyễn Thái Bình",
                    7,
                    "Trần Văn Sáu, Lê Thị Bảy",
                    "Kiến nghị sửa chữa mặt hẻm bị lún, ngập khi mưa.",
                    "Đề nghị đưa vào kế hoạch duy tu.",
                    "Lãnh đạo phường trả lời trực tiếp; ghi nhận đề xuất đưa vào kế hoạch.",
                )
            )
        for number, (name, address, size, reps, content, request, handling) in enumerate(
            entries, start=1
        ):
            ReceptionEntry.objects.update_or_create(
                reception=reception,
                number=number,
                defaults={
                    "citizen_name": name,
                    "address": address,
                    "group_size": size,
                    "representatives": reps,
                    "content": content,
                    "request": request,
                    "handling": handling,
                },
            )


# Since 01/7/2025, the new Phường Bến Thành (26743) and Phường Sài Gòn (26740): slug, ward,
# kind, topic, title, content, place, name, received (a date, or days before today), target.
NEW_WARD_PETITIONS = [
    (
        "2025-bt-via-he-le-loi",
        BEN_THANH,
        "feedback",
        "trat-tu-do-thi",
        "Lấn chiếm vỉa hè đường Lê Lợi",
        "Các cửa hàng trên đường Lê Lợi bày hàng ra kín vỉa hè, khách du lịch phải đi xuống "
        "lòng đường.",
        "Đường Lê Lợi",
        "Trịnh Văn Khải",
        date(2025, 8, 12),
        "resolved_rated_yes",
    ),
    (
        "2025-bt-rac-cho-ben-thanh",
        BEN_THANH,
        "feedback",
        "moi-truong",
        "Rác tồn đọng quanh chợ Bến Thành sau giờ họp chợ",
        "Sau 19 giờ rác thải quanh chợ Bến Thành không được thu gom kịp, gây mùi.",
        "Quanh chợ Bến Thành",
        "Mai Thị Hồng",
        date(2025, 10, 6),
        "closed_rated_no",
    ),
    (
        "2025-sg-thung-rac-dong-khoi",
        SAI_GON,
        "feedback",
        "moi-truong",
        "Thùng rác công cộng hư hỏng trên đường Đồng Khởi",
        "Thùng rác công cộng trên đường Đồng Khởi bị vỡ nắp, rác tràn ra vỉa hè.",
        "Đường Đồng Khởi",
        "Phan Văn Dũng",
        date(2025, 9, 22),
        "resolved_rated_yes",
    ),
    (
        "2026-bt-xe-du-pham-ngu-lao",
        BEN_THANH,
        "feedback",
        "trat-tu-do-thi",
        "Xe dù đón khách trên đường Phạm Ngũ Lão",
        "Xe khách dừng đón khách dọc đường Phạm Ngũ Lão buổi tối, gây ùn tắc.",
        "Đường Phạm Ngũ Lão",
        "Lưu Thị Ngọc",
        4,
        "received",
    ),
    (
        "2026-bt-on-ao-bui-vien",
        BEN_THANH,
        "feedback",
        "an-ninh-trat-tu",
        "Loa kéo gây ồn sau 22 giờ phố Bùi Viện",
        "Nhiều quán mở loa công suất lớn sau 22 giờ trên phố Bùi Viện, đề nghị phường xử lý.",
        "Phố đi bộ Bùi Viện",
        "Nguyễn Hoàng Long",
        16,
        "in_progress",
    ),
    (
        "2026-bt-xay-dung-cong-quynh",
        BEN_THANH,
        "feedback",
        "trat-tu-xay-dung",
        "Công trình sửa nhà che chắn không an toàn đường Cống Quỳnh",
        "Công trình sửa nhà không che chắn, vật liệu rơi xuống vỉa hè.",
        "Đường Cống Quỳnh",
        "Tạ Minh Châu",
        38,
        "in_progress_overdue",
    ),
    (
        "2026-bt-khieu-nai-xu-phat",
        BEN_THANH,
        "complaint",
        "trat-tu-do-thi",
        "Khiếu nại quyết định xử phạt để xe trên vỉa hè",
        "Tôi khiếu nại quyết định xử phạt của Chủ tịch UBND phường về để xe trên vỉa hè, vì "
        "xe đậu trong phần đất nhà tôi. Đề nghị xem xét hủy quyết định.",
        "Đường Nguyễn Trãi",
        "Võ Thanh Sơn",
        9,
        "accepted",
    ),
    (
        "2026-sg-via-he-le-thanh-ton",
        SAI_GON,
        "feedback",
        "trat-tu-do-thi",
        "Xe máy đậu kín vỉa hè Lê Thánh Tôn",
        "Vỉa hè đường Lê Thánh Tôn trước các văn phòng bị xe máy đậu kín.",
        "Đường Lê Thánh Tôn",
        "Lý Thị Mai",
        7,
        "received",
    ),
    (
        "2026-sg-ngap-hai-ba-trung",
        SAI_GON,
        "feedback",
        "moi-truong",
        "Ngập sau mưa trên đường Hai Bà Trưng",
        "Mỗi trận mưa lớn đoạn Hai Bà Trưng gần Lý Tự Trọng ngập sâu, cống thoát nước bị nghẹt.",
        "Đường Hai Bà Trưng",
        "Đinh Quốc Bảo",
        26,
        "assigned_overdue",
    ),
    (
        "2026-sg-thu-tuc",
        SAI_GON,
        "feedback",
        "thu-tuc-hanh-chinh",
        "Chậm trả kết quả đăng ký hộ kinh doanh",
        "Hồ sơ đăng ký hộ kinh doanh hẹn 3 ngày làm việc nhưng đã 6 ngày chưa có kết quả.",
        "Trung tâm phục vụ hành chính công phường",
        "Kiều Thị Thanh",
        45,
        "resolved_rated_yes",
    ),
]


def _seed_new_wards(topics, today: date) -> None:
    """Petitions of the communes in force since 01/7/2025, in 2025 and in the last weeks."""
    units = demo_units([BEN_THANH, SAI_GON], on=NEW_UNITS_ON)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["canbo.bt", "lanhdao.bt", "canbo.sg", "lanhdao.sg"]
        )
    }
    clerks = {BEN_THANH: users.get("canbo.bt"), SAI_GON: users.get("canbo.sg")}
    leaders = {BEN_THANH: users.get("lanhdao.bt"), SAI_GON: users.get("lanhdao.sg")}
    for (
        slug,
        ward,
        kind,
        topic,
        title,
        content,
        place,
        name,
        received,
        target,
    ) in NEW_WARD_PETITIONS:
        unit, clerk, leader = units.get(ward), clerks[ward], leaders[ward]
        if unit is None or clerk is None or leader is None:
            continue
        if Petition.objects.filter(idempotency_key=_key(slug)).exists():
            continue
        start = received if isinstance(received, date) else today - timedelta(days=received)
        with _at(start, 8):
            petition, _ = services.petition_submit(
                unit=unit,
                kind=kind,
                topic=topics[topic],
                title=title,
                content=content,
                place=place,
                name=name,
                phone="0900000000",
                address=unit.name,
                consent=True,
                idempotency_key=_key(slug),
            )
        _advance(petition, target, start, clerk, leader)
