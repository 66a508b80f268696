"""Background work of the budget app: checking and writing large imported files."""

from __future__ import annotations

from celery import shared_task

from . import imports
from .choices import ImportStatus
from .models import ImportBatch


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
def import_sweep() -> int:
    return imports.import_sweep()
