from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ward_portal.inputs import Form
from ward_portal.periods import Period, PeriodKind, current_period


class PeriodForm(Form):
    """The dashboard's period: a year, quarter or month, counted by calendar dates or by the
    legal reporting cut-off (15th → 14th, Nghị định 09/2019)."""

    period = forms.ChoiceField(
        label=_("Kỳ"),
        choices=[
            (PeriodKind.YEAR, _("Năm")),
            (PeriodKind.QUARTER, _("Quý")),
            (PeriodKind.MONTH, _("Tháng")),
        ],
        required=False,
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(label=_("Quý / tháng"), min_value=1, max_value=12, required=False)
    basis = forms.ChoiceField(
        label=_("Tính số liệu"),
        choices=[
            ("cutoff", _("Theo kỳ báo cáo (15 → 14)")),
            ("calendar", _("Theo lịch (đầu tháng → cuối tháng)")),
        ],
        required=False,
    )

    def __init__(self, *args, default_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year

    def selected_period(self, *, today: date) -> tuple[Period, bool]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("period") or PeriodKind.YEAR
        year = data.get("year") or self.default_year or today.year
        number = data.get("number")
        if kind == PeriodKind.YEAR:
            number = 1
        elif not number:
            number = current_period(kind, today).number if year == today.year else 1
        try:
            period = Period(kind, year, number)
        except ValueError:
            period = Period(PeriodKind.YEAR, year)
        legal = data.get("basis", "cutoff") != "calendar"
        if not self.is_bound:
            self.initial = {"period": kind, "year": year, "basis": "cutoff"}
        return period, legal
