"""Seeds the petition deadline rules, the topics, answer templates and the
periodic tasks. Administrators may change all of them afterwards."""

from datetime import date

from django.db import migrations

RULES = [
    # kind, stage, days, calendar, effective_from, legal basis, description
    (
        "feedback",
        "classify",
        10,
        "working_days",
        date(2014, 7, 1),
        "Luật Tiếp công dân 2013, Điều 28; TT 05/2021/TT-TTCP",
        "Trả lời người dân: thụ lý / chuyển / từ chối",
    ),
    (
        "feedback",
        "resolve",
        10,
        "working_days",
        date(2014, 7, 1),
        "Chưa có thời hạn luật định chung (vn-rules.md §2.8 [U]): quy định của phường",
        "Giải quyết phản ánh, kiến nghị",
    ),
    (
        "feedback",
        "extension",
        10,
        "working_days",
        date(2014, 7, 1),
        "Quy định của phường",
        "Gia hạn một lần",
    ),
    (
        "complaint",
        "classify",
        10,
        "days",
        date(2012, 7, 1),
        "Luật Khiếu nại 2011, Điều 27",
        "Thụ lý khiếu nại",
    ),
    (
        "complaint",
        "resolve",
        30,
        "days",
        date(2012, 7, 1),
        "Luật Khiếu nại 2011, Điều 28",
        "Giải quyết khiếu nại lần đầu",
    ),
    (
        "complaint",
        "extension",
        15,
        "days",
        date(2012, 7, 1),
        "Luật Khiếu nại 2011, Điều 28",
        "Vụ việc phức tạp: tối đa 45 ngày",
    ),
    (
        "denunciation",
        "classify",
        7,
        "working_days",
        date(2019, 1, 1),
        "Luật Tố cáo 2018, Điều 24",
        "Xử lý ban đầu thông tin tố cáo (10 ngày nếu cần xác minh)",
    ),
    (
        "denunciation",
        "resolve",
        30,
        "days",
        date(2019, 1, 1),
        "Luật Tố cáo 2018, Điều 30",
        "Giải quyết tố cáo",
    ),
    (
        "denunciation",
        "extension",
        30,
        "days",
        date(2019, 1, 1),
        "Luật Tố cáo 2018, Điều 30",
        "Gia hạn một hoặc hai lần, mỗi lần không quá 30 ngày",
    ),
]

TOPICS = [
    ("trat-tu-do-thi", "Trật tự đô thị", "Lấn chiếm vỉa hè, bến cóc xe dù, quảng cáo sai phép"),
    ("trat-tu-xay-dung", "Trật tự xây dựng", "Xây dựng không phép, sai phép"),
    ("moi-truong", "Môi trường, vệ sinh", "Rác thải, nước thải, ô nhiễm, tiếng ồn"),
    ("an-ninh-trat-tu", "An ninh, trật tự", "An ninh trật tự, an toàn xã hội"),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Hồ sơ, thái độ phục vụ, chậm trễ"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội", "Trợ cấp, bảo trợ xã hội, người có công"),
    ("khac", "Khác", "Các việc khác trong phường"),
]

TEMPLATES = [
    (
        "trat-tu-do-thi",
        "Đã xử lý lấn chiếm",
        "Phường đã kiểm tra, lập biên bản và yêu cầu chấm dứt vi phạm tại địa điểm ông/bà phản "
        "ánh. Lực lượng trật tự đô thị sẽ tiếp tục tuần tra, kiểm tra. Cảm ơn ông/bà đã phản ánh.",
    ),
    (
        "moi-truong",
        "Đã thu gom, vệ sinh",
        "Phường đã phối hợp đơn vị vệ sinh thu gom rác và làm vệ sinh khu vực ông/bà phản ánh, "
        "đồng thời nhắc nhở các hộ xung quanh. Cảm ơn ông/bà đã phản ánh.",
    ),
    (
        "trat-tu-xay-dung",
        "Đã kiểm tra công trình",
        "Phường đã kiểm tra công trình ông/bà phản ánh và xử lý theo quy định về trật tự xây "
        "dựng. Kết quả cụ thể như sau: ...",
    ),
    (
        "thu-tuc-hanh-chinh",
        "Hướng dẫn thủ tục",
        "Phường xin hướng dẫn ông/bà như sau: hồ sơ gồm ...; nộp tại bộ phận một cửa của phường "
        "hoặc trực tuyến trên Cổng dịch vụ công quốc gia.",
    ),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("ward_portal", "DeadlineRule")
    Topic = apps.get_model("citizens", "Topic")
    AnswerTemplate = apps.get_model("citizens", "AnswerTemplate")
    for kind, stage, days, calendar, start, basis, description in RULES:
        DeadlineRule.objects.update_or_create(
            domain="citizens",
            kind=kind,
            stage=stage,
            effective_from=start,
            defaults={
                "days": days,
                "calendar": calendar,
                "legal_basis": basis,
                "description": description,
            },
        )
    topics = {}
    for order, (code, name, description) in enumerate(TOPICS, start=1):
        topics[code], _ = Topic.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for code, title, body in TEMPLATES:
        AnswerTemplate.objects.update_or_create(
            topic=topics[code], title=title, defaults={"body": body}
        )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name="citizens: gửi lại thông báo đang chờ",
        defaults={
            "task": "citizens.sweep_notifications",
            "interval": every_minute,
            "crontab": None,
            "enabled": True,
        },
    )
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.update_or_create(
        name="citizens: nhắc hạn, báo quá hạn",
        defaults={
            "task": "citizens.deadline_reminders",
            "crontab": hourly,
            "interval": None,
            "enabled": True,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("ward_portal", "DeadlineRule").objects.filter(domain="citizens").delete()
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__startswith="citizens."
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
