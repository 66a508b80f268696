import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ward_portal.formatting import format_money, format_number, format_percent


class NumberColumn(tables.Column):
    def __init__(self, *args, formatter=format_number, **kwargs):
        self.formatter = formatter
        attrs = {"td": {"class": "number"}, "th": {"class": "number"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return self.formatter(value)


class LeadershipTable(tables.Table):
    """Every unit below side by side; sorted in Python over at most a few hundred rows, with
    None (no data) sorting last."""

    unit = tables.Column(verbose_name=_("Đơn vị"), order_by="unit_name")
    now_in = tables.Column(
        verbose_name=_("Nay thuộc"), orderable=False, default="", attrs={"td": {"class": "now-in"}}
    )
    expenditure_pct = NumberColumn(verbose_name=_("Thực hiện chi (%)"), formatter=format_percent)
    expenditure_actual = NumberColumn(
        verbose_name=_("Chi thực hiện (đồng)"), formatter=format_money
    )
    revenue_actual = NumberColumn(verbose_name=_("Thu thực hiện (đồng)"), formatter=format_money)
    revenue_pct = NumberColumn(verbose_name=_("Thu so dự toán (%)"), formatter=format_percent)
    received = NumberColumn(verbose_name=_("Đơn tiếp nhận"))
    on_time_rate = NumberColumn(verbose_name=_("Đúng hạn (%)"), formatter=format_percent)
    resolved = NumberColumn(verbose_name=_("Số đơn đã giải quyết"))
    satisfaction_rate = NumberColumn(verbose_name=_("Hài lòng (%)"), formatter=format_percent)
    overdue_petitions = NumberColumn(verbose_name=_("Đơn quá hạn"))
    overdue_directives = NumberColumn(verbose_name=_("Nhiệm vụ quá hạn"))
    rank = NumberColumn(verbose_name=_("Hạng đúng hạn"), formatter=lambda v: v or "–")

    class Meta:
        attrs = {"class": "table table-compare", "data-testid": "leadership-table"}
        template_name = "tables/table.html"
        orderable = True

    def __init__(self, data, *, standing: str, **kwargs):
        """`standing`: when the overdue columns were counted (`Window.standing`): "tại ngày
        14/12/2022" for a period that has ended, "hiện nay (…)" for the running one."""
        super().__init__(data, **kwargs)
        # The table's own copy of the columns (django-tables2 copies them per instance).
        for name, label in [
            ("overdue_petitions", _("Đơn quá hạn %(when)s")),
            ("overdue_directives", _("Nhiệm vụ quá hạn %(when)s")),
        ]:
            self.columns[name].column.verbose_name = label % {"when": standing}

    @staticmethod
    def row(
        figures, rank, period_query: str, *, heirs=None, shared: bool = False, until=None
    ) -> dict:
        """`heirs`: the units an ended unit went into (ward_portal.units.Succession), shown in
        "Nay thuộc"; `shared`: a predecessor taken over only in part, whose figures its
        successors share (counted once, under the old unit); `until`: the last day of an ended
        unit, beside its name (the old Phường Bến Thành beside the new one)."""
        b, p, d = figures.budget, figures.petitions, figures.directives
        url = reverse("dashboard_unit", args=[figures.unit.pk])
        link = format_html('<a href="{}?{}">{}</a>', url, period_query, figures.unit.name)
        if until is not None:
            link = format_html(
                '{} <span class="help">({})</span>',
                link,
                _("đến %(day)s") % {"day": f"{until:%d/%m/%Y}"},
            )
        if shared:
            link = format_html('{} <span class="badge">{}</span>', link, _("một phần, dùng chung"))
        return {
            "unit": link,
            "now_in": format_html_join(
                ", ",
                "{}{}",
                (
                    (heir.unit.name, f" ({_('một phần')})" if heir.partial else "")
                    for heir in heirs or ()
                ),
            ),
            "unit_name": figures.unit.name,
            "expenditure_pct": b.expenditure_pct,
            "expenditure_actual": b.expenditure_actual,
            # A spending unit of a higher level has no revenue books: shown as –, not 0.
            "revenue_actual": b.revenue_actual
            if (b.revenue_estimate or b.revenue_actual)
            else None,
            "revenue_pct": b.revenue_pct,
            "received": p.received,
            "on_time_rate": p.on_time_rate,
            "resolved": p.resolved,
            "satisfaction_rate": p.satisfaction_rate,
            "overdue_petitions": p.overdue_at_end,
            "overdue_directives": d.overdue_at_end,
            "rank": rank,
        }
