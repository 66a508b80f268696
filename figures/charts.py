"""The charts a dashboard and a report both draw, from the apps' figure functions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from budget.selectors import monthly_execution
from citizens.selectors import petitions_by_topic_and_status
from ward_portal.charts import Series, bar_chart
from ward_portal.formatting import format_money, format_number
from ward_portal.models import AdministrativeUnit

from . import Window


def budget_chart(unit: AdministrativeUnit, year: int) -> str:
    months = monthly_execution(unit_id=unit.pk, year=year)
    return bar_chart(
        title=_("Thu, chi ngân sách theo tháng năm %(year)s (triệu đồng)") % {"year": year},
        labels=[f"{m.month:02d}" for m in months],
        series=[
            Series(_("Thu ngân sách"), [m.revenue_actual for m in months]),
            Series(_("Chi ngân sách"), [m.expenditure_actual for m in months]),
        ],
        value_label=lambda v: f"{format_money(int(v))} đ",
        axis_label=lambda v: format_number(v / 1_000_000),
    )


def petitions_chart(unit: AdministrativeUnit, window: Window) -> str:
    rows = petitions_by_topic_and_status(unit_id=unit.pk, start=window.start, end=window.end)
    topics: dict[str, int] = {}
    for row in rows:
        topics[str(row["topic"])] = topics.get(str(row["topic"]), 0) + row["count"]
    labels = list(topics)
    return bar_chart(
        title=_("Phản ánh, kiến nghị theo lĩnh vực"),
        labels=labels,
        series=[Series(_("Số đơn"), [topics[label] for label in labels])],
        value_label=lambda v: format_number(int(v)),
    )
