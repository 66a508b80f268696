import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ward_portal.tables import PortalTable

from .models import Report


class ReportTable(PortalTable):
    kind = tables.Column(verbose_name=_("Báo cáo"), linkify=True)
    period = tables.Column(verbose_name=_("Kỳ"), accessor="period", orderable=False)
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by="unit__code")
    status = tables.TemplateColumn(
        template_name="reports/status_badge.html", verbose_name=_("Trạng thái")
    )
    requested_by = tables.Column(verbose_name=_("Người yêu cầu"), default=_("Lịch tự động"))
    finished_at = tables.DateTimeColumn(verbose_name=_("Hoàn thành"), default="–")

    class Meta(PortalTable.Meta):
        model = Report
        fields = ["kind", "period", "unit", "status", "requested_by", "finished_at"]
        order_by = ["-year"]
