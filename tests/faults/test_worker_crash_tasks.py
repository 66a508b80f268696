"""A worker killed (SIGKILL, the whole worker: a machine lost) in the middle of each kind of
task other than a report (test_worker_crash.py): a citizen's notification being sent, and an
XLSX import being checked or written into the books. After a restart and the beat sweep, each
finishes exactly once (a notification sent again only if the worker died after the mail server
took it: then twice, under the same Message-ID). The worker pauses at the chosen point
(tests/support/pausing_worker.py) and touches a marker file; the test then kills it."""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from budget import imports
from budget.choices import ImportStatus
from budget.models import AuditEvent, Entry, ImportBatch
from citizens import services as citizens
from citizens.choices import NotificationState
from citizens.models import Notification
from tests.budget.factories import FiscalYearFactory, LineFactory, category
from tests.citizens.factories import submit
from tests.helpers import wait_for
from tests.support.services import PrivateRedis, Worker, celery_broker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLAIM = 5  # seconds (NOTIFICATION_CLAIM_SECONDS; 300 in production)


def workers(redis, tmp_path, **env):
    """The pausing worker and the plain one that replaces it, both logging their mail."""
    common = {"EMAIL_URL": "consolemail://", "WORKER_MAIL_LOG": str(tmp_path / "mail.log")}
    common |= {"WORKER_PAUSE_MARKER": str(tmp_path / "paused"), **env}

    def start(name, pause):
        entry = "tests.support.pausing_worker"
        return Worker(redis, tmp_path / f"{name}.log", entry=entry, WORKER_PAUSE_AT=pause, **common)

    return start


def sweep_until(done, sweep, redis, log, timeout=60):
    """Beat's sweep, every second here (every minute in production), until done()."""
    started = time.monotonic()
    with celery_broker(redis.broker_url):
        while not done():
            assert time.monotonic() - started < timeout, log.read_text()[-3000:]
            sweep()
            time.sleep(1)
        return sweep()


def sent_mail(tmp_path) -> list[str]:
    log = tmp_path / "mail.log"
    return log.read_text().splitlines() if log.exists() else []


def notification_crash(ward_a, tmp_path, settings, pause):
    """Submits a petition (one notification), kills the worker paused at `pause` while
    sending it, restarts one and sweeps until it is sent; returns (notification, mail log)."""
    settings.NOTIFICATION_CLAIM_SECONDS = CLAIM
    redis = PrivateRedis().start()
    start = workers(redis, tmp_path)
    first, second = start("w1", pause), None
    try:
        with celery_broker(redis.broker_url):
            petition = submit(ward_a, email="hung@example.vn")
        notification = petition.notifications.get()
        first.wait_ready()
        wait_for((tmp_path / "paused").exists, 60, lambda: first.log.read_text()[-3000:])
        notification.refresh_from_db()
        assert notification.state == NotificationState.SENDING
        # Its claim is fresh: the sweep leaves it to its (alive) worker.
        with celery_broker(redis.broker_url):
            assert citizens.notifications_sweep() == 0
        first.kill()
        before_restart = sent_mail(tmp_path)
        second = start("w2", "never")
        second.wait_ready()

        def sent():
            notification.refresh_from_db()
            return notification.state == NotificationState.SENT

        assert sweep_until(sent, citizens.notifications_sweep, redis, second.log) == 0
    finally:
        first.stop()
        if second:
            second.stop()
        redis.stop()
    assert notification.attempts == 2  # the killed worker's claim, then the second worker's
    assert Notification.objects.get().state == NotificationState.SENT
    return notification, before_restart, sent_mail(tmp_path)


def test_worker_killed_before_the_mail_left_sends_it_once_after_restart(ward_a, tmp_path, settings):
    notification, before_restart, mail = notification_crash(
        ward_a, tmp_path, settings, "before_mail"
    )
    assert before_restart == []
    assert mail == [f"{citizens.message_id(notification)} hung@example.vn"]


def test_worker_killed_after_the_mail_left_sends_the_same_message_again(ward_a, tmp_path, settings):
    """The one window SMTP leaves open: the server took the message and the worker died before
    the row said so. Sent again (never lost), as the same message: mail clients show it once."""
    notification, before_restart, mail = notification_crash(
        ward_a, tmp_path, settings, "after_mail"
    )
    line = f"{citizens.message_id(notification)} hung@example.vn"
    assert before_restart == [line]
    assert mail == [line, line]


ROWS = 1200  # two chunks (imports.CHUNK = 1000): the worker is killed after the first


def entries_file(rows: int) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ngày", "Số chứng từ", "Mã mục", "Nội dung", "Số tiền"])
    for i in range(rows):
        sheet.append(
            [datetime.date(2022, 1 + i % 12, 10), f"PC-{i:05d}", "C2.11.1", "Chi lương", 1000 + i]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chung-tu.xlsx", buffer.getvalue())


def test_worker_killed_mid_import_writes_it_once_after_restart(
    ward_a, clerk_a, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    year = FiscalYearFactory(unit=ward_a, year=2022)
    LineFactory(fiscal_year=year, category=category("C2.11.1"))
    monkeypatch.setattr(imports, "SYNC_ROWS", ROWS)  # checked during the upload
    batch = imports.import_upload(
        fiscal_year=year, kind="entries", upload=entries_file(ROWS), user=clerk_a
    )
    assert batch.status == ImportStatus.VALID
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)  # written by a worker
    redis = PrivateRedis().start()
    start = workers(redis, tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    first, second = start("w1", "import_write"), None
    try:
        with celery_broker(redis.broker_url):
            imports.import_confirm(batch=batch, user=clerk_a)
        first.wait_ready()
        wait_for((tmp_path / "paused").exists, 60, lambda: first.log.read_text()[-3000:])
        # 1000 rows written in the worker's open transaction: nothing visible, still queued.
        assert not Entry.objects.exists()
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.QUEUED
        # Another run of the task (the sweep's) skips the locked batch at once, no waiting.
        started = time.monotonic()
        assert imports.apply(batch.pk) is False
        assert time.monotonic() - started < 2
        first.kill()
        second = start("w2", "never")
        second.wait_ready()
        # The sweep takes batches queued for 5 minutes: this one, as far as it knows.
        ImportBatch.objects.filter(pk=batch.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=10)
        )

        def done():
            return ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.DONE

        assert sweep_until(done, imports.import_sweep, redis, second.log) == 0
    finally:
        first.stop()
        if second:
            second.stop()
        redis.stop()
    batch.refresh_from_db()
    assert batch.rows_written == ROWS
    vouchers = Entry.objects.values("voucher_number").distinct().count()
    assert Entry.objects.count() == ROWS == vouchers
    assert Entry.objects.filter(import_batch=batch).count() == ROWS
    assert AuditEvent.objects.filter(action="import_apply", object_id=batch.pk).count() == 1


def test_worker_killed_mid_check_of_an_import_checks_it_again_after_restart(
    ward_a, clerk_a, tmp_path, settings, monkeypatch
):
    """The check before the preview (a large file's, in a worker): killed 500 rows in, the
    batch stays "validating"; the sweep queues the check again and it ends valid, complete."""
    settings.MEDIA_ROOT = tmp_path / "media"
    year = FiscalYearFactory(unit=ward_a, year=2022)
    LineFactory(fiscal_year=year, category=category("C2.11.1"))
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)
    redis = PrivateRedis().start()
    start = workers(redis, tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    first, second = start("w1", "import_validate"), None
    try:
        with celery_broker(redis.broker_url):
            batch = imports.import_upload(
                fiscal_year=year, kind="entries", upload=entries_file(ROWS), user=clerk_a
            )
        first.wait_ready()
        wait_for((tmp_path / "paused").exists, 60, lambda: first.log.read_text()[-3000:])
        first.kill()
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.VALIDATING
        second = start("w2", "never")
        second.wait_ready()
        ImportBatch.objects.filter(pk=batch.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=10)
        )

        def checked():
            return ImportBatch.objects.get(pk=batch.pk).status != ImportStatus.VALIDATING

        assert sweep_until(checked, imports.import_sweep, redis, second.log) == 0
    finally:
        first.stop()
        if second:
            second.stop()
        redis.stop()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALID and batch.errors == []
    assert batch.rows_valid == ROWS and not Entry.objects.exists()
