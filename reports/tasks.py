"""Report tasks. Each is idempotent: generation is claimed with a conditional UPDATE and files
are replaced atomically, so a retried or redelivered task never makes a second report."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ward_portal.models import AdministrativeUnit, UnitLevel
from ward_portal.periods import period_ending_on_cutoff

from . import services
from .models import Report, ReportKind, ReportStatus, ReportSubscription

logger = logging.getLogger(__name__)
MAX_RETRIES = 3


@shared_task(name="reports.generate", bind=True, max_retries=MAX_RETRIES)
def generate_report(self, report_id: int, generation: int) -> str:
    if not services.report_claim(report_id=report_id, generation=generation):
        return "skipped"
    try:
        with services.report_lease_kept(report_id=report_id, generation=generation):
            services.report_build(report_id=report_id, generation=generation)
    except Exception as exc:
        final = self.request.retries >= MAX_RETRIES
        logger.exception("report %s failed (attempt %s)", report_id, self.request.retries + 1)
        services.report_fail(
            report_id=report_id,
            generation=generation,
            error=f"{type(exc).__name__}: {exc}",
            final=final,
        )
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return "done"


@shared_task(name="reports.sweep")
def sweep() -> int:
    return services.reports_sweep()


@shared_task(name="reports.request_scheduled")
def request_scheduled(period_kind: str) -> int:
    """Run by beat a few days after a cut-off: each ward's report and each upper unit's
    consolidated report for the period that just closed (once: see report_request)."""
    period = period_ending_on_cutoff(period_kind, timezone.localdate())
    if period is None:
        return 0
    count = 0
    # Units the portal serves (staff work there) that existed during the period: the official
    # tree holds every unit of the country, most with nobody to read their reports.
    units = AdministrativeUnit.objects.served().in_force(period.cutoff_start, period.cutoff_end)
    for unit in units:
        kinds = (
            [ReportKind.WARD, ReportKind.PETITIONS]
            if unit.level == UnitLevel.COMMUNE
            else [ReportKind.CONSOLIDATED, ReportKind.PETITIONS]
        )
        for kind in kinds:
            services.report_request(unit=unit, kind=kind, period=period)
            count += 1
    return count


@shared_task(name="reports.notify_subscribers")
def notify_subscribers(report_id: int, generation: int) -> int:
    """Email the subscribers once per generation (claimed with a conditional UPDATE)."""
    claimed = Report.objects.filter(
        pk=report_id,
        generation=generation,
        status=ReportStatus.DONE,
        notified_generation__lt=generation,
    ).update(notified_generation=F("generation"))
    if not claimed:
        return 0
    report = Report.objects.select_related("unit").get(pk=report_id)
    emails = list(
        ReportSubscription.objects.filter(unit=report.unit, kind=report.kind)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    subject = _("Báo cáo đã sẵn sàng: %(report)s") % {"report": report}
    body = _("Báo cáo %(report)s đã được tạo. Tải về tại: %(url)s") % {
        "report": report,
        "url": f"{settings.SITE_URL}/reports/{report.pk}/",
    }
    # One message per person: subscribers do not see each other's addresses.
    send_mass_mail([(subject, body, None, [email]) for email in emails])
    return len(emails)
