from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ward_portal import audit
from ward_portal.actions import run_service
from ward_portal.tables import ScopedTableView

from . import permissions, services
from .filters import ReportFilter
from .forms import ReportRequestForm
from .models import Report, ReportStatus, ReportSubscription
from .selectors import reports_visible_to
from .tables import ReportTable


class ReportListView(ScopedTableView):
    selector = reports_visible_to
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "reports/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["request_form"] = ReportRequestForm(user=self.request.user)
        return context


report_list = login_required(ReportListView.as_view())


@login_required
@require_POST
def report_request(request):
    form = ReportRequestForm(request.POST, user=request.user)
    response = run_service(
        request,
        form,
        lambda: services.report_request(
            unit=form.cleaned_data["unit"],
            kind=form.cleaned_data["kind"],
            period=form.cleaned_data["period"],
            user=request.user,
            regenerate=request.POST.get("regenerate") == "1",
        ),
        success_url=lambda report: reverse("reports:detail", args=[report.pk]),
        permission_denied_as_message=True,
    )
    return response or render(request, "reports/report_request.html", {"form": form}, status=400)


def _report(request, pk) -> Report:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    subscribed = ReportSubscription.objects.filter(
        user=request.user, unit=report.unit, kind=report.kind
    ).exists()
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "subscribed": subscribed,
            "in_progress": report.status in (ReportStatus.PENDING, ReportStatus.RUNNING),
            "can_regenerate": permissions.can_regenerate_report(request.user, report),
            "can_issue": report.status == ReportStatus.DONE
            and not report.issued_at
            and permissions.can_issue_report(request.user, report),
        },
    )


@login_required
def report_status(request, pk):
    report = _report(request, pk)
    return JsonResponse(
        {"status": report.status, "label": report.get_status_display(), "error": report.error}
    )


@login_required
@require_POST
def report_issue(request, pk):
    report = _report(request, pk)
    detail = reverse("reports:detail", args=[report.pk])
    return run_service(
        request,
        None,
        lambda: services.report_issue(report=report, user=request.user),
        success_url=detail,
        success_message=lambda issued: (
            _("Đã ban hành báo cáo số %(number)s; tệp đang được tạo lại với số và ngày ban hành.")
            % {"number": issued.number_label}
        ),
        error_url=detail,
        permission_denied_as_message=True,
    )


@login_required
@require_POST
def report_regenerate(request, pk):
    report = _report(request, pk)
    if report.issued_at:
        messages.error(request, _("Báo cáo đã ban hành: số liệu giữ nguyên như khi ký."))
        return redirect("reports:detail", pk=report.pk)
    detail = reverse("reports:detail", args=[report.pk])
    return run_service(
        request,
        None,
        lambda: services.report_request(
            unit=report.unit,
            kind=report.kind,
            period=report.period,
            user=request.user,
            regenerate=True,
        ),
        success_url=detail,
        success_message=lambda _report: _("Đã yêu cầu tạo lại báo cáo."),
        error_url=detail,
        permission_denied_as_message=True,
    )


@login_required
@require_POST
def report_subscribe(request, pk):
    report = _report(request, pk)
    subscription = ReportSubscription.objects.filter(
        user=request.user, unit=report.unit, kind=report.kind
    )
    if subscription.exists():
        subscription.delete()
        messages.success(request, _("Bạn sẽ không nhận email khi báo cáo loại này sẵn sàng."))
    else:
        ReportSubscription.objects.create(user=request.user, unit=report.unit, kind=report.kind)
        messages.success(
            request, _("Bạn sẽ nhận email mỗi khi báo cáo loại này của đơn vị sẵn sàng.")
        )
    return redirect("reports:detail", pk=report.pk)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def report_download(request, pk, fmt):
    report = _report(request, pk)
    path = services.file_path(report, fmt) if report.status == ReportStatus.DONE else None
    if path is None:
        raise Http404
    filename = f"bao-cao-{report.unit.dated_code}-{report.period.slug}-{report.kind}.{fmt}"
    audit.record(audit.DOWNLOAD, report, format=fmt)
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
    )
