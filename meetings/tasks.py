"""Celery tasks: thin, named, id arguments; each body is an idempotent service (a claim by
conditional UPDATE), so a late acknowledgement or a second run sends nothing twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from ward_portal.calendars import WorkingCalendar

from . import selectors, services

# Remind this many working days before the due date.
REMINDER_WORKING_DAYS = 3


@shared_task(
    name="meetings.send_invitation",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_invitation(attendee_id: int) -> bool:
    return services.invitation_send(attendee_id=attendee_id)


@shared_task(
    name="meetings.send_cancellation",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_cancellation(attendee_id: int) -> bool:
    return services.cancellation_send(attendee_id=attendee_id)


@shared_task(name="meetings.sweep_invitations")
def sweep_invitations() -> int:
    return services.invitations_sweep()


@shared_task(name="meetings.send_task_reminders")
def send_task_reminders(today: str | None = None) -> dict[str, int]:
    """Daily (beat): one reminder before the due date, one notice on becoming overdue."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    until = WorkingCalendar().add_working_days(day, REMINDER_WORKING_DAYS)
    reminded = sum(
        services.task_remind(task_id=pk, today=day, until=until)
        for pk in selectors.tasks_due_for_reminder(today=day, until=until).values_list(
            "pk", flat=True
        )
    )
    overdue = sum(
        services.task_notify_overdue(task_id=pk, today=day)
        for pk in selectors.tasks_newly_overdue(today=day).values_list("pk", flat=True)
    )
    return {"reminded": reminded, "overdue": overdue}
