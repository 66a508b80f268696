"""Background work of the budget app: checking and writing large imported files."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from . import imports
from .choices import ImportStatus
from .models import ImportBatch

logger = logging.getLogger(__name__)


def enqueue(name: str, batch_id: int) -> None:
    """Queue a task after the current transaction commits. A broker error is logged, never
    shown to the user: the batch keeps its pending status and the sweep queues it later."""
    task = {"budget.import_validate": import_validate, "budget.import_apply": import_apply}[name]

    def send():
        try:
            task.delay(batch_id)
        except Exception:
            logger.exception("could not queue %s for import batch %s", name, batch_id)

    transaction.on_commit(send)


@shared_task(name="budget.import_validate")
def import_validate(batch_id: int) -> None:
    # Only a batch still waiting for its check is checked: running twice does one thing.
    if ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.VALIDATING).exists():
        imports.validate(batch_id, report_progress=True)


@shared_task(name="budget.import_apply")
def import_apply(batch_id: int) -> None:
    # apply() claims the batch with a conditional UPDATE (queued → running).
    imports.apply(batch_id, report_progress=True)


@shared_task(name="budget.import_sweep")
def import_sweep() -> None:
    for batch in imports.stale_batches():
        if batch.status == ImportStatus.VALIDATING:
            import_validate.delay(batch.pk)
        else:
            import_apply.delay(batch.pk)
