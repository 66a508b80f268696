"""Celery tasks: thin, idempotent, ids only."""

from celery import shared_task

from . import services


@shared_task(name="citizens.send_notification", ignore_result=True)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(name="citizens.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    return services.notifications_sweep()


@shared_task(name="citizens.deadline_reminders", ignore_result=True)
def deadline_reminders() -> int:
    return services.deadline_reminders()
