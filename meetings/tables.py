from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ward_portal.tables import PortalTable

from .models import Meeting, Task


class MeetingTable(PortalTable):
    starts_at = tables.DateTimeColumn(verbose_name=_("Thời gian"), format="d/m/Y H:i")
    title = tables.Column(verbose_name=_("Cuộc họp"), linkify=True)
    kind = tables.Column(verbose_name=_("Loại"))
    host_unit = tables.Column(verbose_name=_("Đơn vị chủ trì"), accessor="host_unit__name")
    chair = tables.Column(verbose_name=_("Chủ trì"), accessor="chair__full_name")
    state = tables.Column(verbose_name=_("Trạng thái"))

    class Meta(PortalTable.Meta):
        model = Meeting
        fields = ("starts_at", "title", "kind", "host_unit", "chair", "state")


class TaskTable(PortalTable):
    title = tables.Column(verbose_name=_("Nhiệm vụ"), linkify=True)
    assignee_unit = tables.Column(
        verbose_name=_("Đơn vị thực hiện"), accessor="assignee_unit__name"
    )
    directing = tables.Column(
        verbose_name=_("Đơn vị chỉ đạo"), accessor="meeting__host_unit__name", orderable=False
    )
    due_date = tables.DateColumn(verbose_name=_("Thời hạn"), format="d/m/Y")
    status = tables.Column(verbose_name=_("Trạng thái"))
    timeliness = tables.Column(verbose_name=_("Tiến độ"), empty_values=(), orderable=False)

    class Meta(PortalTable.Meta):
        model = Task
        fields = ("title", "assignee_unit", "directing", "due_date", "status")

    def render_title(self, value):
        return value if len(value) <= 120 else value[:117] + "…"

    def render_timeliness(self, record):
        if record.is_overdue:
            return format_html('<span class="badge-danger">{}</span>', _("Quá hạn"))
        if record.done_on_time is True:
            return format_html('<span class="badge-ok">{}</span>', _("Hoàn thành đúng hạn"))
        if record.done_on_time is False:
            return format_html('<span class="badge-warn">{}</span>', _("Hoàn thành trễ hạn"))
        return _("Trong hạn")
