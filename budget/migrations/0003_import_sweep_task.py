"""The periodic sweep that queues import batches whose task could not be queued (broker down)."""

from django.db import migrations


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        name="budget: queue stalled imports",
        defaults={"task": "budget.import_sweep", "interval": every, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task="budget.import_sweep"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0002_category_tree"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
