"""A large spreadsheet goes through the real background path: the upload queues the check on
Redis, a real Celery worker checks the 20,000 rows, the clerk confirms, the worker writes
them, and the import page follows it all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from budget.choices import ImportStatus
from budget.models import Entry, ImportBatch
from tests.helpers import wait_for
from tests.support.services import PrivateRedis, Worker, celery_broker

from .factories import FiscalYearFactory, LineFactory, category
from .test_imports import good_rows, xlsx

pytestmark = [
    pytest.mark.worker,
    pytest.mark.xdist_group("worker"),
    pytest.mark.django_db(transaction=True),
]
ROWS = 20_000


def test_large_import_is_checked_and_written_by_a_real_worker(
    ward_a, clerk_a, clerk_a_client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    redis = PrivateRedis().start()
    # The page reads the progress the worker writes: both use the private Redis as cache.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url}
    }
    year = FiscalYearFactory(unit=ward_a, year=2022)
    LineFactory(fiscal_year=year, category=category("C2.11.1"), initial_estimate=90_000_000_000)
    rows = good_rows(ROWS)
    upload = xlsx(rows, name="chung-tu-ca-nam.xlsx")

    worker = None
    try:
        # The upload and the confirmation queue their tasks on the private Redis.
        with celery_broker(redis.broker_url):
            response = clerk_a_client.post(
                f"/budget/years/{year.pk}/import/",
                {"kind": "entries", "file": SimpleUploadedFile(upload.name, upload.read())},
            )
        batch = ImportBatch.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
        assert batch.status == ImportStatus.VALIDATING and batch.rows_total == ROWS
        page = clerk_a_client.get(f"/budget/imports/{batch.pk}/").content.decode()
        assert 'http-equiv="refresh"' in page and "Đang kiểm tra" in page  # waits for a worker

        worker = Worker(redis, tmp_path / "worker.log", MEDIA_ROOT=str(settings.MEDIA_ROOT))
        worker.wait_ready()
        log = lambda: (tmp_path / "worker.log").read_text()[-3000:]  # noqa: E731

        def status():
            batch.refresh_from_db()
            return batch.status

        wait_for(lambda: status() == ImportStatus.VALID, 120, log)
        assert batch.rows_valid == ROWS and not Entry.objects.exists()
        page = clerk_a_client.get(f"/budget/imports/{batch.pk}/").content.decode()
        assert "Ghi vào sổ" in page and "20.000" in page

        with celery_broker(redis.broker_url):
            clerk_a_client.post(f"/budget/imports/{batch.pk}/apply/")
        wait_for(lambda: status() == ImportStatus.DONE, 180, log)
    finally:
        if worker:
            worker.stop()
        redis.stop()

    assert batch.rows_written == ROWS and Entry.objects.count() == ROWS
    assert Entry.objects.aggregate(total=Sum("amount"))["total"] == sum(r[4] for r in rows)
    # Redis is stopped now: the page, which reads the progress from it, still answers.
    page = clerk_a_client.get(f"/budget/imports/{batch.pk}/").content.decode()
    assert "Đã ghi sổ" in page and 'http-equiv="refresh"' not in page
