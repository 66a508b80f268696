from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ward_portal.formatting import format_money, format_percent
from ward_portal.tables import PortalTable


class MoneyColumn(tables.Column):
    def __init__(self, *args, total: str | None = None, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "number"}, "th": {"class": "number"}})
        self.total_attr = total
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def render_footer(self, bound_column, table):
        totals = getattr(table, "totals", None)
        if totals is None:
            return ""
        return format_money(getattr(totals, self.total_attr or bound_column.accessor))


class PercentColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "number"}, "th": {"class": "number"}})
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percent(value)

    def render_footer(self, bound_column, table):
        totals = getattr(table, "totals", None)
        if totals is None:
            return ""
        return format_percent(getattr(totals, bound_column.accessor))


class OverviewTable(tables.Table):
    """One direction of the year overview: the category tree with its figures; totals in the
    footer. Rows are CategoryRow objects built by selectors.year_overview."""

    code = tables.Column(verbose_name=_("Mã"), footer="")
    name = tables.Column(verbose_name=_("Nội dung"), footer=_("Tổng cộng"))
    initial = MoneyColumn(verbose_name=_("Dự toán đầu năm"))
    estimate = MoneyColumn(verbose_name=_("Dự toán hiện hành"))
    period_actual = MoneyColumn(verbose_name=_("Thực hiện trong kỳ"))
    actual = MoneyColumn(verbose_name=_("Lũy kế thực hiện"))
    pct = PercentColumn(verbose_name=_("% thực hiện dự toán"))
    remaining = MoneyColumn(verbose_name=_("Còn lại"))
    last_year = MoneyColumn(verbose_name=_("Cùng kỳ năm trước"))
    vs_last_year_pct = PercentColumn(verbose_name=_("So cùng kỳ (%)"))

    class Meta:
        attrs = {"class": "table budget-tree"}
        row_attrs = {
            "class": lambda record: (
                f"depth-{min(record.depth, 4)}" + (" group-row" if record.is_group else "")
            )
        }
        template_name = "tables/table.html"
        orderable = True

    def __init__(self, *args, totals=None, **kwargs):
        self.totals = totals
        super().__init__(*args, **kwargs)

    def render_name(self, value, record):
        if record.line_id and not record.is_group:
            url = reverse("budget:line", args=[record.line_id])
            return format_html('<a href="{}">{}</a>', url, value)
        return value


class FiscalYearTable(PortalTable):
    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name")
    year = tables.Column(verbose_name=_("Năm"))
    budget_mode = tables.Column(verbose_name=_("Hình thức"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    revenue_actual = MoneyColumn(verbose_name=_("Thu thực hiện"), orderable=False, empty_values=())
    expenditure_estimate = MoneyColumn(
        verbose_name=_("Dự toán chi"), orderable=False, empty_values=()
    )
    expenditure_actual = MoneyColumn(
        verbose_name=_("Chi thực hiện"), orderable=False, empty_values=()
    )
    expenditure_pct = PercentColumn(verbose_name=_("Tỷ lệ chi (%)"), orderable=False)

    class Meta(PortalTable.Meta):
        template_name = "tables/table.html"

    def __init__(self, *args, figures=None, **kwargs):
        self.figures = figures or {}
        super().__init__(*args, **kwargs)

    def _figure(self, record, name):
        figures = self.figures.get(record.unit_id)
        return getattr(figures, name) if figures else None

    def render_unit(self, value, record):
        url = reverse("budget:unit", args=[record.unit_id]) + f"?year={record.year}"
        return format_html('<a href="{}">{}</a>', url, value)

    def render_revenue_actual(self, record):
        if not record.has_revenue:
            return "–"
        return format_money(self._figure(record, "revenue_actual"))

    def render_expenditure_estimate(self, record):
        return format_money(self._figure(record, "expenditure_estimate"))

    def render_expenditure_actual(self, record):
        return format_money(self._figure(record, "expenditure_actual"))

    def render_expenditure_pct(self, record):
        return format_percent(self._figure(record, "expenditure_pct"))
