import django_filters
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_visible_to
from ward_portal.periods import PeriodKind

from .models import Report, ReportKind, ReportStatus


def _units(request):
    return units_visible_to(request.user) if request else units_visible_to(None)


class ReportFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_units, empty_label=_("Tất cả")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại báo cáo"), choices=ReportKind.choices, empty_label=_("Tất cả")
    )
    period_kind = django_filters.ChoiceFilter(
        label=_("Kỳ"), choices=PeriodKind.choices, empty_label=_("Tất cả")
    )
    year = django_filters.NumberFilter(label=_("Năm"))
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ReportStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Report
        fields = ["unit", "kind", "period_kind", "year", "status"]
