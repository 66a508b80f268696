"""Writes for reports: request (once per unit, kind and period), build, and mark the outcome."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ward_portal.models import AdministrativeUnit, User
from ward_portal.periods import Period
from ward_portal.queueing import enqueue_now, enqueue_on_commit
from ward_portal.registers import number_allocate
from ward_portal.states import require_state

from . import permissions
from .models import Report, ReportStatus


def enqueue_generation(report_id: int, generation: int) -> bool:
    """Hand the report to Celery and mark it queued. A broker that is down is logged, never
    raised: the row stays pending, not marked, and the beat sweep (reports.sweep) hands it
    over again."""
    from .tasks import generate_report

    if not enqueue_now(generate_report, report_id, generation):
        return False
    Report.objects.filter(pk=report_id, generation=generation).update(queued_at=timezone.now())
    return True


def reports_sweep() -> int:
    """Run by beat every minute: queue again the reports whose message was lost (broker down
    when requested) or whose worker died without the broker handing the task on."""
    now = timezone.now()
    stale_running = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stuck = Report.objects.filter(
        Q(status=ReportStatus.PENDING, queued_at__isnull=True)
        | Q(status=ReportStatus.PENDING, queued_at__lt=now - timedelta(minutes=5))
        | Q(status=ReportStatus.RUNNING, started_at__lt=stale_running)
    ).values_list("pk", "generation")[:200]
    count = 0
    for report_id, generation in stuck:
        Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
            status=ReportStatus.PENDING
        )
        count += enqueue_generation(report_id, generation)
    return count


@transaction.atomic
def report_request(
    *,
    unit: AdministrativeUnit,
    kind: str,
    period: Period,
    user: User | None = None,
    regenerate: bool = False,
) -> Report:
    """The one report for (unit, kind, period): created and queued on the first request; a
    second request returns it as it is, unless `regenerate` (or it failed), which queues it
    again to replace its files. `user` is who asked (None: the schedule)."""
    report, created = Report.objects.select_for_update().get_or_create(
        unit=unit,
        kind=kind,
        period_kind=period.kind,
        year=period.year,
        number=period.number,
        defaults={"requested_by": user},
    )
    if not created:
        idle = report.status in (ReportStatus.DONE, ReportStatus.FAILED)
        if report.issued_at or not (idle and (regenerate or report.status == ReportStatus.FAILED)):
            return report  # an issued report is final: its figures stay as signed
        if user is not None:
            permissions.require_can_regenerate_report(user, report)
        report.status = ReportStatus.PENDING
        report.generation = F("generation") + 1
        report.requested_by = user
        report.error = ""
        report.queued_at = None
        report.save(update_fields=["status", "generation", "requested_by", "error", "queued_at"])
        report.refresh_from_db()
    report_id, generation = report.pk, report.generation
    transaction.on_commit(lambda: enqueue_generation(report_id, generation))
    return report


REPORT_SERIES = "BC-UBND"  # the people's committee issues the report: Số: 05/BC-UBND


@transaction.atomic
def report_issue(*, report: Report, user: User) -> Report:
    """Issues (ban hành) a finished report: the unit's leader gives it the next number of the
    unit's register for reports this year, and its files are made once more with that number
    and the day of issue in the heading. After that the report is final."""
    report = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
    permissions.require_can_issue_report(user, report)
    if report.issued_at:
        raise ValidationError(_("Báo cáo đã được ban hành."))
    require_state(report, [ReportStatus.DONE], message=_("Chỉ ban hành báo cáo đã tạo xong."))
    allocation = number_allocate(unit=report.unit, series=REPORT_SERIES, on=timezone.localdate())
    report.document_number, report.number_text = allocation.number, allocation.text
    report.issued_at = timezone.now()
    report.issued_by = user
    report.status = ReportStatus.PENDING
    report.generation = F("generation") + 1
    report.error = ""
    report.queued_at = None
    report.save(
        update_fields=[
            "document_number", "number_text", "issued_at", "issued_by", "status", "generation",
            "error", "queued_at",
        ]
    )  # fmt: skip
    report.refresh_from_db()
    report_id, generation = report.pk, report.generation
    transaction.on_commit(lambda: enqueue_generation(report_id, generation))
    return report


def _media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def write_atomically(relative: str, content: bytes) -> None:
    """Write next to the target, then rename over it: a reader (or a killed worker) sees the
    old file or the new one, never half of one."""
    target = _media_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def report_claim(*, report_id: int, generation: int) -> bool:
    """Claim a report for building. A redelivered message (its worker died) may claim a report
    left `running`; a finished one or an older generation is never built again."""
    return bool(
        Report.objects.filter(pk=report_id, generation=generation)
        .exclude(status=ReportStatus.DONE)
        .update(status=ReportStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    )


def report_build(*, report_id: int, generation: int) -> bool:
    """Build the data, render both files, put them in place, and mark the report done."""
    from .data import build_report_data
    from .rendering import render_pdf, render_xlsx

    report = Report.objects.select_related("unit", "unit__parent").get(pk=report_id)
    as_of = timezone.now()
    # A report is an official document: Vietnamese whatever language was active.
    with translation.override("vi"):
        data = build_report_data(report)
        pdf, xlsx = render_pdf(data), render_xlsx(data)
    base = f"reports/{report.unit.dated_code}/{report.period.slug}-{report.kind}"
    write_atomically(f"{base}.pdf", pdf)
    write_atomically(f"{base}.xlsx", xlsx)
    with transaction.atomic():
        finished = (
            Report.objects.filter(pk=report_id, generation=generation)
            .exclude(status=ReportStatus.DONE)
            .update(
                status=ReportStatus.DONE,
                finished_at=timezone.now(),
                data_as_of=as_of,
                pdf_file=f"{base}.pdf",
                xlsx_file=f"{base}.xlsx",
                error="",
            )
        )
        if finished:
            from .tasks import notify_subscribers

            enqueue_on_commit(notify_subscribers, report_id, generation)
    return bool(finished)


def report_fail(*, report_id: int, generation: int, error: str, final: bool) -> None:
    """Record an error where people see it; a final failure stops the retries."""
    Report.objects.filter(pk=report_id, generation=generation).exclude(
        status=ReportStatus.DONE
    ).update(
        status=ReportStatus.FAILED if final else ReportStatus.PENDING,
        error=error[:2000],
        queued_at=timezone.now(),
    )


def file_path(report: Report, fmt: str) -> Path | None:
    relative = {"pdf": report.pdf_file, "xlsx": report.xlsx_file}.get(fmt)
    if not relative:
        return None
    path = _media_path(relative)
    return path if path.exists() else None
