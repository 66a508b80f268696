"""XLSX import of initial estimates and of entries.

upload → validate (a preview listing every problem by row and column) → confirm → apply, all or
nothing. A file is written at most once per year (its SHA-256; a partial unique constraint), and
every entry row has a natural key (line, voucher number, date), so re-importing the same rows,
even from another file, never doubles them. Large files are validated and written by Celery
tasks; their progress is kept in the cache because the writing transaction is not visible
to other connections until it commits.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ward_portal.queueing import enqueue_now, enqueue_on_commit
from ward_portal.states import require_state
from ward_portal.text import fold

from . import permissions, services
from .amounts import parse_amount
from .choices import Direction, ImportKind, ImportStatus, YearStatus
from .models import BudgetLine, Entry, FiscalYear, ImportBatch
from .selectors import categories_for_year

logger = logging.getLogger(__name__)

# Up to this many rows a file is checked and written during the request; above, in the
# background with a progress page.
SYNC_ROWS = 2000
CHUNK = 1000

COLUMNS = {
    ImportKind.ESTIMATES: [
        ("code", gettext_lazy("Mã mục")),
        ("amount", gettext_lazy("Dự toán đầu năm")),
    ],
    ImportKind.ENTRIES: [
        ("date", gettext_lazy("Ngày")),
        ("voucher", gettext_lazy("Số chứng từ")),
        ("code", gettext_lazy("Mã mục")),
        ("description", gettext_lazy("Nội dung")),
        ("amount", gettext_lazy("Số tiền")),
    ],
}
# Headers are matched without diacritics or case, in Vietnamese and English.
HEADER_ALIASES = {
    "code": {"ma muc", "category", "category code", "ma"},
    "amount": {"du toan dau nam", "so tien", "amount", "initial estimate", "du toan"},
    "date": {"ngay", "ngay chung tu", "date"},
    "voucher": {"so chung tu", "voucher", "voucher number"},
    "description": {"noi dung", "dien giai", "description"},
}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def _progress_key(batch_id: int) -> str:
    return f"budget:import:{batch_id}"


# Progress is a courtesy: the cache (Redis) being down never fails an import or its page.


def set_progress(batch_id: int, phase: str, done: int, total: int) -> None:
    try:
        cache.set(_progress_key(batch_id), {"phase": phase, "done": done, "total": total}, 3600)
    except Exception:
        logger.warning("import progress not recorded: cache unavailable", exc_info=True)


def clear_progress(batch_id: int) -> None:
    try:
        cache.delete(_progress_key(batch_id))
    except Exception:
        logger.warning("import progress not cleared: cache unavailable", exc_info=True)


def progress(batch: ImportBatch) -> dict | None:
    try:
        value = cache.get(_progress_key(batch.pk))
    except Exception:
        logger.warning("import progress unknown: cache unavailable", exc_info=True)
        return None
    if value and value.get("total"):
        value["pct"] = int(value["done"] * 100 / value["total"])
    return value


# --- upload --------------------------------------------------------------------------------


def _check_year(fiscal_year: FiscalYear, kind: str) -> None:
    services.ensure_open(fiscal_year)
    if kind == ImportKind.ESTIMATES:
        require_state(
            fiscal_year,
            [YearStatus.PLANNING],
            message=_("Chỉ nhập dự toán đầu năm khi đang lập dự toán; sau đó hãy lập điều chỉnh."),
        )
    if kind == ImportKind.ENTRIES:
        require_state(
            fiscal_year,
            [YearStatus.EXECUTION],
            message=_("Chỉ nhập chứng từ khi năm ngân sách đang thực hiện."),
        )


def import_upload(*, fiscal_year: FiscalYear, kind: str, upload, user) -> ImportBatch:
    permissions.require_can_record(user, fiscal_year)
    _check_year(fiscal_year, kind)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    done = ImportBatch.objects.filter(
        fiscal_year=fiscal_year, kind=kind, sha256=sha, status=ImportStatus.DONE
    ).first()
    if done:
        raise ValidationError(
            {
                "file": _(
                    "Tệp này đã được nhập vào sổ lúc %(at)s: không nhập lại để tránh ghi trùng."
                )
                % {"at": timezone.localtime(done.finished_at).strftime("%H:%M %d/%m/%Y")}
            }
        )
    upload.seek(0)
    with transaction.atomic():
        batch = ImportBatch(
            fiscal_year=fiscal_year,
            kind=kind,
            original_name=upload.name[:255],
            sha256=sha,
            created_by=user,
        )
        batch.file.save(f"{sha[:16]}.xlsx", upload, save=False)
        batch.rows_total = _count_rows(batch)
        batch.save()
        services.audit(
            fiscal_year=fiscal_year,
            obj=batch,
            user=user,
            action="import_upload",
            after={"file": batch.original_name, "kind": kind, "rows": batch.rows_total},
        )
    if batch.rows_total <= SYNC_ROWS:
        validate(batch.pk)
        batch.refresh_from_db()
    else:
        from .tasks import import_validate

        enqueue_on_commit(import_validate, batch.pk)
    return batch


def _open_rows(batch: ImportBatch):
    from openpyxl import load_workbook

    batch.file.open("rb")
    workbook = load_workbook(batch.file, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    return workbook, sheet.iter_rows(values_only=True)


def _count_rows(batch: ImportBatch) -> int:
    try:
        workbook, rows = _open_rows(batch)
    except Exception as error:
        raise ValidationError({"file": _("Không đọc được tệp Excel này.")}) from error
    try:
        count = -1  # the header row
        for row in rows:
            if any(value not in (None, "") for value in row):
                count += 1
        return max(count, 0)
    finally:
        workbook.close()
        batch.file.close()


# --- validation ------------------------------------------------------------------------------


def _header_map(header: tuple, kind: str) -> tuple[dict[str, int], list[Problem]]:
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        key = fold(str(value or "")).strip()
        for name, aliases in HEADER_ALIASES.items():
            if key in aliases and name not in found:
                found[name] = index
    problems = [
        Problem(1, str(label), _("Thiếu cột “%(col)s”.") % {"col": label})
        for name, label in COLUMNS[kind]
        if name not in found
    ]
    return found, problems


def _parse_date(value, fiscal_year: FiscalYear) -> datetime.date:
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif value in (None, ""):
        raise ValidationError(_("Thiếu ngày."))
    else:
        text = str(value).strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                day = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("Ngày không hợp lệ (dùng dd/mm/yyyy): “%(v)s”.") % {"v": text})
    if day.year != fiscal_year.year:
        raise ValidationError(
            _("Ngày %(d)s không thuộc năm ngân sách %(y)s.")
            % {"d": day.strftime("%d/%m/%Y"), "y": fiscal_year.year}
        )
    return day


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class _Row:
    """One spreadsheet row being read: its cells by column name and the problems found."""

    def __init__(self, number: int, values: tuple, columns: dict[str, int], labels: dict):
        self.number = number
        self.values = values
        self.columns = columns
        self.labels = labels
        self.problems: list[Problem] = []

    def cell(self, name: str):
        index = self.columns[name]
        return self.values[index] if index < len(self.values) else None

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.number, str(self.labels[name]), message))

    def check(self, name: str, func):
        """func() or None, its validation messages recorded against the column."""
        try:
            return func()
        except ValidationError as error:
            for message in error.messages:
                self.problem(name, message)
            return None


# A row already in the books with the same amount: counted, not written again.
_SKIPPED = object()


class _EntryRows:
    """Reads entry rows against the year's lines and the entries already in the books."""

    def __init__(self, fiscal_year: FiscalYear):
        self.fiscal_year = fiscal_year
        self.lines = {
            code: line_id
            for line_id, code in BudgetLine.objects.filter(fiscal_year=fiscal_year).values_list(
                "id", "category__code"
            )
        }
        self.existing = {
            (line_id, voucher, day): amount
            for line_id, voucher, day, amount in Entry.objects.filter(
                line__fiscal_year=fiscal_year
            ).values_list("line_id", "voucher_number", "date", "amount")
        }
        self.seen: dict[tuple, int] = {}

    def read(self, row: _Row):
        """The row to write, _SKIPPED, or None when row.problems says why not."""
        code = _text(row.cell("code"))
        line_id = self.lines.get(code)
        if line_id is None:
            row.problem(
                "code",
                _("Mục “%(c)s” chưa có dòng dự toán trong năm %(y)s.")
                % {"c": code, "y": self.fiscal_year.year}
                if code
                else _("Thiếu mã mục."),
            )
        day = row.check("date", lambda: _parse_date(row.cell("date"), self.fiscal_year))
        voucher = _text(row.cell("voucher"))
        if not voucher:
            row.problem("voucher", _("Thiếu số chứng từ."))
        elif len(voucher) > 50:
            row.problem("voucher", _("Số chứng từ quá dài."))
        description = _text(row.cell("description"))
        if not description:
            row.problem("description", _("Thiếu nội dung."))
        amount = row.check("amount", lambda: parse_amount(row.cell("amount"), allow_zero=False))
        if row.problems:
            return None
        return self._against_books(
            row,
            key=(line_id, voucher, day),
            values={
                "line_id": line_id,
                "date": day,
                "voucher_number": voucher,
                "description": description[:255],
                "amount": amount,
            },
        )

    def _against_books(self, row: _Row, *, key: tuple, values: dict):
        if key in self.seen:
            row.problem(
                "voucher",
                _("Trùng với dòng %(r)s (cùng mục, số chứng từ và ngày).") % {"r": self.seen[key]},
            )
            return None
        self.seen[key] = row.number
        if key in self.existing:
            if self.existing[key] == values["amount"]:
                return _SKIPPED
            row.problem(
                "amount",
                _(
                    "Chứng từ này đã có trong sổ với số tiền khác; "
                    "hãy lập bút toán đảo thay vì nhập lại."
                ),
            )
            return None
        return values


class _EstimateRows:
    """Reads initial-estimate rows against the category tree and the year's lines."""

    def __init__(self, fiscal_year: FiscalYear):
        self.fiscal_year = fiscal_year
        # The tree of the classification in force for the year (TT 130/2025 from 2026).
        self.categories = {
            c.code: c for c in categories_for_year(fiscal_year.year).prefetch_related("children")
        }
        self.existing = dict(
            BudgetLine.objects.filter(fiscal_year=fiscal_year).values_list(
                "category__code", "initial_estimate"
            )
        )
        self.seen: dict[str, int] = {}

    def read(self, row: _Row):
        """The row to write, _SKIPPED, or None when row.problems says why not."""
        code = _text(row.cell("code"))
        category = self.categories.get(code)
        if category is None:
            row.problem(
                "code",
                _("Không có mục “%(c)s” trong cây mục áp dụng cho năm %(y)s.")
                % {"c": code, "y": self.fiscal_year.year}
                if code
                else _("Thiếu mã mục."),
            )
        elif category.children.all():
            row.problem("code", _("Mục “%(c)s” là nhóm: hãy nhập vào các mục con.") % {"c": code})
        elif category.direction == Direction.REVENUE and not self.fiscal_year.has_revenue:
            row.problem("code", _("Đơn vị dự toán của cấp trên không có dòng thu."))
        amount = row.check("amount", lambda: parse_amount(row.cell("amount"), allow_zero=True))
        if row.problems:
            return None
        if code in self.seen:
            row.problem("code", _("Mục này đã có ở dòng %(r)s.") % {"r": self.seen[code]})
            return None
        self.seen[code] = row.number
        if self.existing.get(code) == amount:
            return _SKIPPED
        return {"category_id": category.pk, "code": code, "amount": amount}


def parse(batch: ImportBatch, *, report_progress: bool = False):
    """Reads the whole file. Returns (rows ready to write, rows already in the books,
    problems). Each problem names the spreadsheet row (1 = header) and the column."""
    kind = batch.kind
    labels = dict(COLUMNS[kind])
    reader = (
        _EntryRows(batch.fiscal_year)
        if kind == ImportKind.ENTRIES
        else _EstimateRows(batch.fiscal_year)
    )
    problems: list[Problem] = []
    ready: list[dict] = []
    skipped = 0
    workbook, rows = _open_rows(batch)
    try:
        header = next(rows, None)
        if header is None:
            return [], 0, [Problem(1, "", _("Tệp không có dữ liệu."))]
        columns, header_problems = _header_map(header, kind)
        if header_problems:
            return [], 0, header_problems
        total = batch.rows_total or 1
        for number, values in enumerate(rows, start=2):
            if report_progress and number % 500 == 0:
                set_progress(batch.pk, "validate", number - 1, total)
            if not any(v not in (None, "") for v in values):
                continue
            row = _Row(number, values, columns, labels)
            result = reader.read(row)
            problems.extend(row.problems)
            if result is _SKIPPED:
                skipped += 1
            elif result is not None:
                ready.append(result)
    finally:
        workbook.close()
        batch.file.close()
    return ready, skipped, problems


def validate(batch_id: int, *, report_progress: bool = False) -> ImportBatch:
    batch = ImportBatch.objects.select_related("fiscal_year").get(pk=batch_id)
    try:
        _check_year(batch.fiscal_year, batch.kind)
        ready, skipped, problems = parse(batch, report_progress=report_progress)
    except ValidationError as error:
        ready, skipped, problems = [], 0, [Problem(0, "", m) for m in error.messages]
    batch.errors = [p.as_json() for p in problems]
    batch.rows_valid = len(ready)
    batch.rows_skipped = skipped
    batch.amount_total = sum(r["amount"] for r in ready)
    batch.status = ImportStatus.INVALID if problems else ImportStatus.VALID
    if not problems and not ready:
        batch.errors = [
            Problem(0, "", _("Mọi dòng trong tệp đã có trong sổ: không có gì để ghi.")).as_json()
        ]
        batch.status = ImportStatus.INVALID
    batch.save(
        update_fields=[
            "errors",
            "rows_valid",
            "rows_skipped",
            "amount_total",
            "status",
        ]
    )
    clear_progress(batch.pk)
    return batch


# --- confirm and apply ---------------------------------------------------------------------


def import_confirm(*, batch: ImportBatch, user) -> None:
    permissions.require_can_record(user, batch.fiscal_year)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.VALID).update(
        status=ImportStatus.QUEUED
    )
    if not claimed:
        raise ValidationError(_("Lần nhập này không ở trạng thái chờ ghi sổ."))
    if batch.rows_total <= SYNC_ROWS:
        apply(batch.pk)
    else:
        from .tasks import import_apply

        enqueue_on_commit(import_apply, batch.pk)


def apply(batch_id: int, *, report_progress: bool = False) -> bool:
    """Writes a validated file into the books, all or nothing. The batch row is locked and
    must still be queued, inside the same transaction as the writes: a second run of the task
    does nothing (at once, without waiting for the run that holds the lock), and a worker
    killed mid-way leaves the batch queued, nothing written, for the sweep."""
    batch = None
    try:
        with transaction.atomic():
            batch = (
                ImportBatch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("created_by")
                .filter(pk=batch_id, status=ImportStatus.QUEUED)
                .first()
            )
            if batch is None:
                return False
            fiscal_year = FiscalYear.objects.select_for_update().get(pk=batch.fiscal_year_id)
            batch.fiscal_year = fiscal_year
            _check_year(fiscal_year, batch.kind)
            # Read again: the books may have changed since the preview.
            ready, skipped, problems = parse(batch, report_progress=report_progress)
            if problems:
                raise _Invalid(problems)
            written = _write(batch, fiscal_year, ready, report_progress=report_progress)
            batch.status = ImportStatus.DONE
            batch.rows_written = written
            batch.rows_skipped = skipped
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "rows_written", "rows_skipped", "finished_at"])
            services.audit(
                fiscal_year=fiscal_year,
                obj=batch,
                user=batch.created_by,
                action="import_apply",
                after={
                    "file": batch.original_name,
                    "kind": batch.kind,
                    "rows_written": written,
                    "amount_total": sum(r["amount"] for r in ready),
                },
            )
    except _Invalid as invalid:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.INVALID, errors=[p.as_json() for p in invalid.problems]
        )
    except (ValidationError, IntegrityError) as error:
        message = "; ".join(getattr(error, "messages", [str(error)]))
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.INVALID, errors=[Problem(0, "", message).as_json()]
        )
    finally:
        if batch is not None:  # not the progress of the run that holds the lock
            clear_progress(batch_id)
    return True


class _Invalid(Exception):
    def __init__(self, problems):
        self.problems = problems


def _write(batch: ImportBatch, fiscal_year: FiscalYear, ready: list[dict], *, report_progress):
    user = batch.created_by
    if batch.kind == ImportKind.ENTRIES:
        now = timezone.now()
        for start in range(0, len(ready), CHUNK):
            Entry.objects.bulk_create(
                [
                    Entry(**row, recorded_by=user, recorded_at=now, import_batch=batch)
                    for row in ready[start : start + CHUNK]
                ]
            )
            if report_progress:
                set_progress(batch.pk, "write", min(start + CHUNK, len(ready)), len(ready))
        return len(ready)
    for row in ready:
        line, created = BudgetLine.objects.get_or_create(
            fiscal_year=fiscal_year, category_id=row["category_id"]
        )
        before = None if created else {"initial_estimate": line.initial_estimate}
        line.initial_estimate = row["amount"]
        line.save(update_fields=["initial_estimate"])
        services.audit(
            fiscal_year=fiscal_year,
            line=line,
            obj=line,
            user=user,
            action="line_set_initial_estimate",
            before=before,
            after={"initial_estimate": row["amount"], "import": batch.original_name},
        )
    return len(ready)


def stale_batches():
    """Batches whose task may never have been queued (broker down at the time)."""
    limit = timezone.now() - datetime.timedelta(minutes=5)
    return ImportBatch.objects.filter(
        status__in=[ImportStatus.VALIDATING, ImportStatus.QUEUED], created_at__lt=limit
    )


def import_sweep() -> int:
    """Run by beat: queue again each stale batch's check or write; returns how many."""
    from .tasks import import_apply, import_validate

    batches = list(stale_batches().values_list("pk", "status"))
    for batch_id, status in batches:
        task = import_validate if status == ImportStatus.VALIDATING else import_apply
        enqueue_now(task, batch_id)
    return len(batches)
