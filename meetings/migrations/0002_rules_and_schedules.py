"""Data: the meeting deadline rules (QĐ 45/2018/QĐ-TTg) and the periodic tasks (beat rows)."""

from django.db import migrations

from meetings.rules import ensure_rules

SCHEDULES = [
    # (name, task, minute, hour)
    ("Nhắc hạn và báo quá hạn nhiệm vụ", "meetings.send_task_reminders", "30", "7"),
    ("Gửi lại giấy mời còn tồn", "meetings.sweep_invitations", "*/15", "*"),
]


def forwards(apps, schema_editor):
    ensure_rules(apps.get_model("ward_portal", "DeadlineRule"))
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
