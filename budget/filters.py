from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ward_portal.filters import FilterSet

from .choices import YearStatus
from .models import Category, FiscalYear
from .selectors import categories_for_year, period_choices


def _keep(queryset, name, value):
    # The period and the category shape the figures (selectors.year_overview), not the
    # fiscal-year queryset: the FilterSet still parses, validates and renders them.
    return queryset


class OverviewFilterSet(FilterSet):
    """The overview's filters: year (of this unit), period, category. Query parameters:
    ?year=2022&period=q3&category=<id>."""

    year = django_filters.ChoiceFilter(label=_("Năm"), empty_label=None, method=_keep)
    period = django_filters.ChoiceFilter(
        label=_("Kỳ"), choices=period_choices, empty_label=None, method=_keep
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Nhóm mục"),
        queryset=Category.objects.filter(parent__isnull=True),
        empty_label=_("Tất cả"),
        method=_keep,
    )

    class Meta:
        model = FiscalYear
        fields = []

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
        year = str((self.data or {}).get("year") or "")
        if year.isascii() and year.isdigit() and len(year) == 4:
            # The groups of the classification in force that year (one version's roots).
            self.filters["category"].queryset = categories_for_year(int(year)).filter(
                parent__isnull=True
            )
        self.filters["period"].extra["choices"] = [
            (value or "year", label) for value, label in period_choices()
        ]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class FiscalYearFilterSet(FilterSet):
    """The list of years: ?year=2022&status=closed&unit=<id>."""

    # A whole year within the range the books can hold; anything else is ignored, not a 500.
    year = YearFilter(label=_("Năm"), min_value=1900, max_value=2999)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=YearStatus.choices)

    class Meta:
        model = FiscalYear
        fields = ["year", "status"]
