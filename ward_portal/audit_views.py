"""The audit log search page (/audit/): leaders of a unit and system administrators."""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import audit
from .access import units_seen_as_leader
from .models import AuditAction, AuditEntry, RoleAssignment, User
from .tables import PortalTable, ScopedTableView


def _units(request):
    return units_seen_as_leader(request.user).order_by("path") if request else None


def _people(request):
    if request is None:
        return User.objects.none()
    if request.user.is_superuser:
        return User.objects.order_by("username")
    in_scope = RoleAssignment.objects.filter(
        user_id=OuterRef("pk"), unit__in=units_seen_as_leader(request.user)
    )
    return User.objects.filter(Exists(in_scope)).order_by("username")


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditEntryFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_units, empty_label=_("Tất cả")
    )
    actor = django_filters.ModelChoiceFilter(
        label=_("Người thực hiện"), queryset=_people, empty_label=_("Tất cả")
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Loại đối tượng"), choices=audit.object_types, empty_label=_("Tất cả")
    )
    action = django_filters.ChoiceFilter(
        label=_("Thao tác"), choices=AuditAction.choices, empty_label=_("Tất cả")
    )
    since = django_filters.DateFilter(
        label=_("Từ ngày"), field_name="at", lookup_expr="date__gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label=_("Đến ngày"), field_name="at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = AuditEntry
        fields = ["unit", "actor", "object_type", "action", "since", "until"]


class AuditEntryTable(PortalTable):
    at = tables.DateTimeColumn(verbose_name=_("Thời điểm"), format="d/m/Y H:i:s")
    actor_name = tables.Column(verbose_name=_("Người thực hiện"), orderable=False, empty_values=())
    unit = tables.Column(verbose_name=_("Đơn vị"), orderable=False, default="–")
    action = tables.Column(verbose_name=_("Thao tác"), orderable=False)
    object_repr = tables.Column(verbose_name=_("Đối tượng"), orderable=False, empty_values=())
    changes = tables.Column(
        verbose_name=_("Trước → sau"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta(PortalTable.Meta):
        model = AuditEntry
        fields = ["at", "actor_name", "unit", "action", "object_repr", "changes"]
        order_by = ["-at"]

    def render_actor_name(self, record):
        return record.actor_name or record.get_source_display()

    def render_object_repr(self, record):
        return f"{audit.type_name(record.object_type)} #{record.object_id} · {record.object_repr}"

    def render_changes(self, record):
        return render_to_string("portal/audit_changes.html", {"changes": audit.changes(record)})


class AuditLogView(ScopedTableView):
    selector = audit.entries_visible_to
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilter
    template_name = "portal/audit_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not audit.may_read_log(request.user):
            raise PermissionDenied(_("Chỉ lãnh đạo đơn vị và quản trị hệ thống xem nhật ký."))
        return super().dispatch(request, *args, **kwargs)


audit_log = login_required(AuditLogView.as_view())
