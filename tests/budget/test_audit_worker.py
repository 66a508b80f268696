"""A change made by a real Celery worker is the system's in the audit log, while the upload
that queued it is the clerk's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget import imports
from budget.choices import ImportStatus
from budget.models import ImportBatch
from tests.helpers import wait_for
from tests.support.services import PrivateRedis, Worker, celery_broker
from ward_portal.models import AuditEntry, AuditSource

from .factories import FiscalYearFactory, LineFactory, category
from .test_imports import good_rows, xlsx

pytestmark = [
    pytest.mark.worker,
    pytest.mark.xdist_group("worker"),
    pytest.mark.django_db(transaction=True),
]


def test_the_workers_check_of_an_import_is_logged_as_the_system(
    ward_a, clerk_a, clerk_a_client, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)  # five rows go to the worker
    year = FiscalYearFactory(unit=ward_a, year=2022)
    LineFactory(fiscal_year=year, category=category("C2.11.1"), initial_estimate=90_000_000)
    upload = xlsx(good_rows(5))
    redis = PrivateRedis().start()
    worker = None
    try:
        with celery_broker(redis.broker_url):
            clerk_a_client.post(
                f"/budget/years/{year.pk}/import/",
                {"kind": "entries", "file": SimpleUploadedFile(upload.name, upload.read())},
            )
        batch = ImportBatch.objects.get()
        worker = Worker(redis, tmp_path / "worker.log", MEDIA_ROOT=str(settings.MEDIA_ROOT))
        worker.wait_ready()

        def checked():
            batch.refresh_from_db()
            return batch.status == ImportStatus.VALID

        wait_for(checked, 120, lambda: (tmp_path / "worker.log").read_text()[-3000:])
    finally:
        if worker:
            worker.stop()
        redis.stop()

    entries = AuditEntry.objects.filter(object_type="budget.importbatch", object_id=str(batch.pk))
    uploaded = entries.get(action="create")
    assert (uploaded.source, uploaded.actor_id) == (AuditSource.STAFF, clerk_a.pk)
    validated = entries.get(action="state")
    assert (validated.source, validated.actor_id, validated.unit_id) == (
        AuditSource.SYSTEM,
        None,
        ward_a.pk,
    )
    assert validated.after["status"] == ImportStatus.VALID
