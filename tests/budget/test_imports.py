import datetime
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from budget import imports, tasks
from budget.choices import ImportStatus, YearStatus
from budget.models import BudgetLine, Entry, ImportBatch
from tests.helpers import queued, rolled_back

from .factories import FiscalYearFactory

pytestmark = pytest.mark.django_db
HEADER = ["Ngày", "Số chứng từ", "Mã mục", "Nội dung", "Số tiền"]


def xlsx(rows, header=HEADER, name="chung-tu.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def good_rows(n=3, start=0):
    return [
        [
            datetime.date(2022, 1 + i % 12, 10),
            f"PC-{start + i:05d}",
            "C2.11.1",
            "Chi lương",
            1_000_000 + i,
        ]
        for i in range(n)
    ]


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(year, user, file, kind="entries"):
    return imports.import_upload(fiscal_year=year, kind=kind, upload=file, user=user)


def test_preview_lists_every_problem_by_row_and_column(settings_media, line_a, clerk_a):
    rows = [
        ["05/02/2022", "PC-1", "C2.11.1", "Chi", "3.124.335.200"],  # fine
        ["31/02/2022", "PC-2", "C2.11.1", "Chi", "1.000"],  # bad date
        [datetime.date(2022, 3, 1), "PC-3", "C9.99", "Chi", "1.000"],  # unknown category
        [datetime.date(2022, 3, 1), "PC-4", "C2.11.1", "Chi", "12,5"],  # fraction
        [datetime.date(2022, 3, 1), "", "C2.11.1", "", "abc"],  # three problems
        [datetime.date(2023, 3, 1), "PC-6", "C2.11.1", "Chi", -5],  # other year, negative
        ["05/02/2022", "PC-1", "C2.11.1", "Chi", 7],  # duplicate of row 2
    ]
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(rows))
    assert batch.status == ImportStatus.INVALID
    problems = {(e["row"], e["column"]) for e in batch.errors}
    assert problems == {
        (3, "Ngày"),
        (4, "Mã mục"),
        (5, "Số tiền"),
        (6, "Số chứng từ"),
        (6, "Nội dung"),
        (6, "Số tiền"),
        (7, "Ngày"),
        (7, "Số tiền"),
        (8, "Số chứng từ"),
    }
    assert not Entry.objects.exists()


def test_preview_page_shows_the_problems(settings_media, line_a, clerk_a, clerk_a_client):
    batch = upload(line_a.fiscal_year, clerk_a, xlsx([["x", "PC-1", "C2.11.1", "Chi", "1.5"]]))
    html = clerk_a_client.get(f"/budget/imports/{batch.pk}/").content.decode()
    assert "Ngày không hợp lệ" in html and "Không rõ số tiền" in html
    assert "Ghi vào sổ" not in html


def test_missing_column_is_reported(settings_media, line_a, clerk_a):
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(), header=HEADER[:4]))
    assert batch.errors == [{"row": 1, "column": "Số tiền", "message": "Thiếu cột “Số tiền”."}]


def test_valid_file_is_written_once(settings_media, line_a, clerk_a, clerk_a_client):
    # The same bytes twice: openpyxl stamps the save time into the file, so two
    # separate saves a second apart are different files.
    file = xlsx(good_rows(3))
    content = file.read()
    batch = upload(line_a.fiscal_year, clerk_a, SimpleUploadedFile(file.name, content))
    assert batch.status == ImportStatus.VALID and batch.rows_valid == 3
    assert not Entry.objects.exists()  # nothing before the confirmation
    clerk_a_client.post(f"/budget/imports/{batch.pk}/apply/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and batch.rows_written == 3
    assert Entry.objects.count() == 3
    # the same file again is refused
    with pytest.raises(imports.ValidationError, match="đã được nhập"):
        upload(line_a.fiscal_year, clerk_a, SimpleUploadedFile(file.name, content))
    # another file repeating the same rows plus one new writes only the new one
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(4), name="lan-2.xlsx"))
    assert batch.rows_skipped == 3 and batch.rows_valid == 1
    imports.import_confirm(batch=batch, user=clerk_a)
    assert Entry.objects.count() == 4


def test_all_or_nothing_when_the_books_changed_since_the_preview(settings_media, line_a, clerk_a):
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(3)))
    # Someone records row 3's voucher by hand with another amount before confirmation.
    Entry.objects.create(
        line=line_a,
        date=datetime.date(2022, 3, 10),
        voucher_number="PC-00002",
        description="tay",
        amount=5,
        recorded_by=clerk_a,
    )
    imports.import_confirm(batch=batch, user=clerk_a)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    assert batch.errors[0]["row"] == 4 and batch.errors[0]["column"] == "Số tiền"
    assert Entry.objects.count() == 1


def test_estimates_import_sets_initial_estimates(settings_media, ward_a, clerk_a):
    year = FiscalYearFactory(unit=ward_a, year=2024, status=YearStatus.PLANNING)
    file = xlsx(
        [["C2.01", "750.000.000"], ["T1.1", 300000000]], header=["Mã mục", "Dự toán đầu năm"]
    )
    batch = upload(year, clerk_a, file, kind="estimates")
    assert batch.status == ImportStatus.VALID
    imports.import_confirm(batch=batch, user=clerk_a)
    lines = dict(BudgetLine.objects.values_list("category__code", "initial_estimate"))
    assert lines == {"C2.01": 750_000_000, "T1.1": 300_000_000}
    bad = xlsx([["C2", "1"], ["C2.01", "1"], ["C2.01", "2"]], header=["Mã mục", "Dự toán đầu năm"])
    batch = upload(year, clerk_a, bad, kind="estimates")
    assert {(e["row"], e["column"]) for e in batch.errors} == {(2, "Mã mục"), (4, "Mã mục")}


def test_large_file_runs_in_the_background(
    settings_media, line_a, clerk_a, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(imports, "SYNC_ROWS", 100)
    rows = good_rows(250)
    with (
        mock.patch.object(tasks.import_validate, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        batch = upload(line_a.fiscal_year, clerk_a, xlsx(rows))
    assert queued(apply_async) == [(batch.pk,)]
    assert batch.status == ImportStatus.VALIDATING and batch.rows_total == 250
    tasks.import_validate.run(batch.pk)  # what the worker does
    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALID and batch.rows_valid == 250
    with (
        mock.patch.object(tasks.import_apply, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        imports.import_confirm(batch=batch, user=clerk_a)
    assert queued(apply_async) == [(batch.pk,)]
    assert not Entry.objects.exists()
    tasks.import_apply.run(batch.pk)
    tasks.import_apply.run(batch.pk)  # a redelivered task does nothing more
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and Entry.objects.count() == 250
    assert sum(Entry.objects.values_list("amount", flat=True)) == sum(r[4] for r in rows)


def test_task_not_queued_when_the_upload_rolls_back(
    settings_media, line_a, clerk_a, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)
    with (
        mock.patch.object(tasks.import_validate, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        rolled_back(),
    ):
        batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(5)))
        assert batch.status == ImportStatus.VALIDATING  # it would have gone to a worker
    assert callbacks == []
    apply_async.assert_not_called()
    assert not ImportBatch.objects.exists()


def test_broker_down_does_not_fail_the_upload(
    settings_media, line_a, clerk_a, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)
    with (
        mock.patch.object(tasks.import_validate, "apply_async", side_effect=ConnectionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(5)))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.VALIDATING


def test_other_ward_cannot_see_an_import(settings_media, line_a, clerk_a, clerk_b_client):
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(1)))
    assert clerk_b_client.get(f"/budget/imports/{batch.pk}/").status_code == 404
    assert clerk_b_client.post(f"/budget/imports/{batch.pk}/apply/").status_code == 404


def test_upload_through_the_page(settings_media, line_a, clerk_a_client):
    response = clerk_a_client.post(
        f"/budget/years/{line_a.fiscal_year_id}/import/",
        {"kind": "entries", "file": xlsx(good_rows(2))},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/budget/imports/{batch.pk}/"
    html = clerk_a_client.get(response["Location"]).content.decode()
    assert "Ghi vào sổ" in html


def test_sweep_queues_stalled_batches(settings_media, line_a, clerk_a, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(imports, "SYNC_ROWS", 1)
    with mock.patch.object(tasks.import_validate, "apply_async", side_effect=ConnectionError):
        batch = upload(line_a.fiscal_year, clerk_a, xlsx(good_rows(5)))
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    with mock.patch.object(tasks.import_validate, "apply_async") as apply_async:
        tasks.import_sweep.run()
    assert queued(apply_async) == [(batch.pk,)]


def test_sweep_queues_exactly_the_stale_batches(line_a, clerk_a):
    from django.utils import timezone

    def batch(status, minutes_ago):
        made = ImportBatch.objects.create(
            fiscal_year=line_a.fiscal_year,
            kind="entries",
            file="budget/imports/x.xlsx",
            original_name="x.xlsx",
            sha256=f"{status}-{minutes_ago}",
            status=status,
            created_by=clerk_a,
        )
        ImportBatch.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
        )
        return made.pk

    to_check = batch(ImportStatus.VALIDATING, 10)
    to_write = batch(ImportStatus.QUEUED, 10)
    batch(ImportStatus.VALIDATING, 1)  # just uploaded: its own task is on its way
    batch(ImportStatus.QUEUED, 1)
    for status in (ImportStatus.VALID, ImportStatus.INVALID, ImportStatus.DONE):
        batch(status, 10)
    with (
        mock.patch.object(tasks.import_validate, "apply_async") as validate,
        mock.patch.object(tasks.import_apply, "apply_async") as apply,
    ):
        assert imports.import_sweep() == 2
    assert queued(validate) == [(to_check,)] and queued(apply) == [(to_write,)]


def test_progress_is_kept_then_cleared_and_a_broken_cache_is_harmless(
    settings, line_a, clerk_a, monkeypatch
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    batch = ImportBatch(pk=987654)
    imports.set_progress(batch.pk, "write", 250, 1000)
    assert imports.progress(batch) == {"phase": "write", "done": 250, "total": 1000, "pct": 25}
    imports.clear_progress(batch.pk)
    assert imports.progress(batch) is None

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("redis down")

            return fail

    monkeypatch.setattr(imports, "cache", Down())
    imports.set_progress(batch.pk, "write", 1, 2)
    imports.clear_progress(batch.pk)
    assert imports.progress(batch) is None


def test_every_problem_is_listed_a_page_at_a_time(settings_media, line_a, clerk_a, clerk_a_client):
    rows = [[datetime.date(2022, 3, 1), f"PC-{n}", "C2.11.1", "Chi", "abc"] for n in range(250)]
    batch = upload(line_a.fiscal_year, clerk_a, xlsx(rows))
    assert len(batch.errors) == 250
    first = clerk_a_client.get(f"/budget/imports/{batch.pk}/").content.decode()
    second = clerk_a_client.get(f"/budget/imports/{batch.pk}/", {"page": 2}).content.decode()
    table = 'id="import-errors"'
    assert first.split(table)[1].split("</table>")[0].count("<tr>") == 1 + 200
    assert second.split(table)[1].split("</table>")[0].count("<tr>") == 1 + 50
    assert "(250)" in first and "Trang 1/2 · 250 lỗi" in first
    assert ">251<" in second  # the last row's number (the header is row 1)
