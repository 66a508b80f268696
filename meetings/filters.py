from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_visible_to
from ward_portal.filters import AnyYesNo, FilterSet

from . import selectors
from .choices import MeetingKind, MeetingState, TaskStatus
from .models import Meeting, Task


def _visible_units(request):
    return units_visible_to(request.user) if request else Meeting.objects.none()


class SearchFilterMixin:
    def filter_text(self, queryset, name, value):
        query = selectors.search_query(value)
        if query is None:
            return queryset
        from django.contrib.postgres.search import SearchVector

        return queryset.annotate(_sv=SearchVector("search_folded", config="simple")).filter(
            _sv=query
        )


class MeetingFilter(SearchFilterMixin, FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=MeetingKind.choices)
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=MeetingState.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_visible_units, method="filter_unit"
    )
    start = django_filters.DateFilter(
        label=_("Từ ngày"), field_name="starts_at", lookup_expr="date__gte"
    )
    end = django_filters.DateFilter(
        label=_("Đến ngày"), field_name="starts_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Meeting
        fields = []

    def filter_unit(self, queryset, name, value):
        return queryset.filter(selectors._involving([value.pk]))


class TaskFilter(SearchFilterMixin, FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    assignee = django_filters.ModelChoiceFilter(
        label=_("Đơn vị thực hiện"), queryset=_visible_units, field_name="assignee_unit"
    )
    directing = django_filters.ModelChoiceFilter(
        label=_("Đơn vị chỉ đạo"), queryset=_visible_units, field_name="meeting__host_unit"
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Quá hạn"), method="filter_overdue", widget=AnyYesNo
    )
    unfinished = django_filters.BooleanFilter(
        label=_("Chưa hoàn thành"), method="filter_unfinished", widget=AnyYesNo
    )
    # The dashboard's standing figures: the tasks as they stood at the end of a day.
    open_on = django_filters.DateFilter(
        label=_("Chưa hoàn thành tại ngày"),
        method="filter_open_on",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    overdue_on = django_filters.DateFilter(
        label=_("Quá hạn tại ngày"),
        method="filter_overdue_on",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    due_from = django_filters.DateFilter(
        label=_("Hạn từ"), field_name="due_date", lookup_expr="gte"
    )
    due_to = django_filters.DateFilter(label=_("Hạn đến"), field_name="due_date", lookup_expr="lte")
    meeting = django_filters.NumberFilter(
        field_name="meeting_id", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Task
        fields = []

    def filter_unfinished(self, queryset, name, value):
        # The dashboard's "open directives": everything not yet accepted as done.
        done = Q(status=TaskStatus.DONE)
        return queryset.exclude(done) if value else queryset.filter(done)

    def filter_overdue(self, queryset, name, value):
        condition = selectors.overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(selectors.open_on_q(value)) if value else queryset

    def filter_overdue_on(self, queryset, name, value):
        return queryset.filter(selectors.overdue_on_q(value)) if value else queryset
