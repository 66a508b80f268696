import django_filters
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_visible_to
from ward_portal.filters import AnyYesNo, FilterSet
from ward_portal.models import AdministrativeUnit, User

from .choices import Channel, Kind, ReceptionKind, Status
from .models import Petition, Reception, Topic
from .selectors import (
    as_it_stood,
    open_on_q,
    overdue_on_q,
    overdue_q,
    resolved_between_q,
    search,
)


def date_range(label):
    """Two date inputs, each with its own accessible name (a label points at one input only)."""
    widget = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    widget.widgets[0].attrs["aria-label"] = format_lazy("{}: {}", label, _("từ ngày"))
    widget.widgets[1].attrs["aria-label"] = format_lazy("{}: {}", label, _("đến ngày"))
    return widget


class PetitionFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Tìm (không cần dấu)"), method="filter_q")
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Loại đơn"), choices=Kind.choices)
    topic = django_filters.ModelChoiceFilter(label=_("Lĩnh vực"), queryset=Topic.objects.all())
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=Channel.choices)
    handler = django_filters.ModelChoiceFilter(label=_("Người xử lý"), queryset=User.objects.none())
    mine = django_filters.BooleanFilter(
        label=_("Hồ sơ của tôi"), method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Quá hạn"), method="filter_overdue", widget=forms.CheckboxInput
    )
    due = django_filters.DateFromToRangeFilter(
        label=_("Hạn xử lý (từ – đến)"),
        field_name="due_date",
        widget=date_range(_("Hạn xử lý")),
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("Ngày nhận (từ – đến)"),
        field_name="received_on",
        widget=date_range(_("Ngày nhận")),
    )
    resolved = django_filters.DateFromToRangeFilter(
        label=_("Ngày giải quyết (từ – đến)"),
        method="filter_resolved",
        widget=date_range(_("Ngày giải quyết")),
    )
    # The dashboard's standing figures: the cases as they stood at the end of a day.
    open_on = django_filters.DateFilter(
        label=_("Đang giải quyết tại ngày"),
        method="filter_open_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue_on = django_filters.DateFilter(
        label=_("Quá hạn tại ngày"),
        method="filter_overdue_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    resolved_on_time = django_filters.BooleanFilter(
        label=_("Giải quyết đúng hạn"), field_name="resolved_on_time", widget=AnyYesNo
    )
    unit = django_filters.NumberFilter(field_name="unit_id", widget=forms.HiddenInput)

    class Meta:
        model = Petition
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            # A filter's choices are scoped too: no other ward's staff in the dropdown.
            self.filters["handler"].queryset = (
                User.objects.filter(roles__unit__in=units_visible_to(request.user))
                .distinct()
                .order_by("full_name")
            )

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(handler=self.request.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset

    def filter_resolved(self, queryset, name, value):
        # The figure's definition: a resolution made in the range, even if reopened since.
        start = value.start.date() if value and value.start else None
        end = value.stop.date() if value and value.stop else None
        if start is None and end is None:
            return queryset
        return queryset.filter(resolved_between_q(start, end))

    def filter_open_on(self, queryset, name, value):
        return as_it_stood(queryset, value).filter(open_on_q(value)) if value else queryset

    def filter_overdue_on(self, queryset, name, value):
        return as_it_stood(queryset, value).filter(overdue_on_q(value)) if value else queryset


def _units_in_scope(request):
    # A filter's choices are scoped too: no other ward in the dropdown.
    if request is None:
        return AdministrativeUnit.objects.none()
    return units_visible_to(request.user)


class ReceptionFilter(FilterSet):
    """The reception book: ?unit=<id>&kind=periodic&date_after=2026-01-01&date_before=..."""

    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_units_in_scope, empty_label=_("Tất cả")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=ReceptionKind.choices, empty_label=_("Tất cả")
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Ngày tiếp (từ – đến)"), widget=date_range(_("Ngày tiếp"))
    )

    class Meta:
        model = Reception
        fields = []
