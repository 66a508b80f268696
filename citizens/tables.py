import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ward_portal.tables import PortalTable

from .models import Petition, Reception


class PetitionTable(PortalTable):
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {
                "name": "petitions",
                "form": "bulk-assign",
                "aria-label": lambda record: _("Chọn hồ sơ %(code)s") % {"code": record.code},
            },
            "th__input": {"aria-label": _("Chọn tất cả")},
        },
        orderable=False,
    )
    code = tables.Column(verbose_name=_("Mã hồ sơ"), linkify=("citizens:detail", [tables.A("pk")]))
    received_on = tables.DateColumn(verbose_name=_("Ngày nhận"), format="d/m/Y")
    kind = tables.Column(verbose_name=_("Loại"))
    topic = tables.Column(verbose_name=_("Lĩnh vực"))
    title = tables.Column(verbose_name=_("Tiêu đề"))
    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name")
    status = tables.Column(verbose_name=_("Trạng thái"))
    handler = tables.Column(verbose_name=_("Người xử lý"), default="—")
    due_date = tables.DateColumn(verbose_name=_("Hạn"), format="d/m/Y", default="—")

    class Meta(PortalTable.Meta):
        model = Petition
        fields = []
        sequence = [
            "select",
            "code",
            "received_on",
            "kind",
            "topic",
            "title",
            "unit",
            "status",
            "handler",
            "due_date",
        ]
        order_by = ["-received_on"]

    def render_due_date(self, value, record):
        if not value:
            return "—"
        if getattr(record, "is_overdue", False):
            return format_html(
                '{} <span class="badge badge-danger">{}</span>',
                value.strftime("%d/%m/%Y"),
                _("Quá hạn"),
            )
        return value.strftime("%d/%m/%Y")


class ReceptionTable(PortalTable):
    date = tables.DateColumn(
        verbose_name=_("Ngày"),
        format="d/m/Y",
        linkify=("citizens:reception_detail", [tables.A("pk")]),
    )
    kind = tables.Column(verbose_name=_("Hình thức"))
    receiver = tables.Column(verbose_name=_("Người tiếp"), order_by="receiver__full_name")
    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name")

    class Meta(PortalTable.Meta):
        model = Reception
        fields = ("date", "kind", "receiver", "unit")
        empty_text = _("Chưa có buổi tiếp nào.")
