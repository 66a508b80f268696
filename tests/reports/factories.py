"""Reports made the way the worker makes them: the generation task run in this process."""

from unittest import mock

from reports import tasks
from reports.models import Report, ReportKind


def generate(report: Report) -> str:
    """Runs the report's current generation as a worker would (the subscribers' emails are not
    queued) and reloads the report; returns the task's outcome ("done", "skipped", ...)."""
    with mock.patch.object(tasks.notify_subscribers, "apply_async"):
        outcome = tasks.generate_report.apply(args=[report.pk, report.generation]).get()
    report.refresh_from_db()
    return outcome


def finished_report(unit, kind=ReportKind.WARD, *, year=2022, period_kind="year", number=1):
    """A report of the unit, generated: its PDF and XLSX are under MEDIA_ROOT."""
    report = Report.objects.create(
        unit=unit, kind=kind, period_kind=period_kind, year=year, number=number
    )
    assert generate(report) == "done"
    return report
