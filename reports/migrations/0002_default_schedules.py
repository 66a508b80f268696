"""Default report schedules, held in django-celery-beat so administrators can change them.

Reports are requested on the 17th at 06:00, three days after each cut-off (the 14th; Nghị định
09/2019), which leaves the working day the law requires between cut-off and submission. The
sweep runs every minute.
"""

import json

from django.db import migrations

SCHEDULES = [
    # (name, task, args, crontab month_of_year)
    ("Báo cáo tháng (ngày 17 hằng tháng)", "reports.request_scheduled", ["month"], "*"),
    (
        "Báo cáo quý (ngày 17 tháng 3, 6, 9, 12)",
        "reports.request_scheduled",
        ["quarter"],
        "3,6,9,12",
    ),
    ("Báo cáo 6 tháng (ngày 17/6)", "reports.request_scheduled", ["half"], "6"),
    ("Báo cáo 9 tháng (ngày 17/9)", "reports.request_scheduled", ["nine_months"], "9"),
    ("Báo cáo năm (ngày 17/12)", "reports.request_scheduled", ["year"], "12"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, args, months in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="6",
            day_of_month="17",
            month_of_year=months,
            day_of_week="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "args": json.dumps(args), "crontab": crontab}
        )
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name="Quét báo cáo đang chờ (mỗi phút)",
        defaults={"task": "reports.sweep", "interval": every_minute},
    )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [s[0] for s in SCHEDULES] + ["Quét báo cáo đang chờ (mỗi phút)"]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
