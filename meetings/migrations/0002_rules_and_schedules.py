"""Data: the meeting deadline rules (QĐ 45/2018/QĐ-TTg) and the periodic tasks (beat rows)."""

from datetime import date

from django.db import migrations

RULES = [
    # (stage, days, calendar, legal basis, description)
    (
        "invitation",
        3,
        "working_days",
        "Quyết định 45/2018/QĐ-TTg",
        "Giấy mời gửi trước ngày họp ít nhất 03 ngày làm việc",
    ),
    (
        "conclusion_notice",
        5,
        "working_days",
        "Quyết định 45/2018/QĐ-TTg",
        "Thông báo kết luận ban hành trong 05 ngày làm việc sau cuộc họp",
    ),
]

SCHEDULES = [
    # (name, task, minute, hour)
    ("Nhắc hạn và báo quá hạn nhiệm vụ", "meetings.send_task_reminders", "30", "7"),
    ("Gửi lại giấy mời còn tồn", "meetings.sweep_invitations", "*/15", "*"),
]


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("ward_portal", "DeadlineRule")
    for stage, days, calendar, basis, description in RULES:
        DeadlineRule.objects.update_or_create(
            domain="meetings",
            kind="",
            stage=stage,
            effective_from=date(2018, 12, 25),
            defaults={
                "days": days,
                "calendar": calendar,
                "legal_basis": basis,
                "description": description,
            },
        )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=[task for _, task, _, _ in SCHEDULES]
    ).delete()
    apps.get_model("ward_portal", "DeadlineRule").objects.filter(domain="meetings").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("ward_portal", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
