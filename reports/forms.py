from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_changeable_by, units_visible_to
from ward_portal.inputs import Form
from ward_portal.models import AdministrativeUnit, UnitLevel
from ward_portal.periods import Period, PeriodKind, latest_closed_month

from .models import ReportKind


class ReportRequestForm(Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices)
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Nhập năm bằng chữ số, ví dụ 2022.")},
    )
    number = forms.IntegerField(
        label=_("Tháng / quý"),
        min_value=1,
        max_value=12,
        help_text=_("Số tháng (1–12) cho báo cáo tháng, số quý (1–4) cho báo cáo quý."),
        error_messages={"invalid": _("Nhập số tháng hoặc số quý bằng chữ số.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user)
        # The person's own unit first (what they report on most), with the report that fits
        # its level, so the form is valid as it opens.
        own = units_changeable_by(user).order_by("code").first()
        self.fields["unit"].initial = own
        if own is not None and own.level != UnitLevel.COMMUNE:
            self.fields["kind"].initial = ReportKind.CONSOLIDATED
        # The latest month already closed (past its cut-off): the report people ask for.
        latest = latest_closed_month(timezone.localdate())
        self.fields["period_kind"].initial = PeriodKind.MONTH
        self.fields["year"].initial, self.fields["number"].initial = latest.year, latest.number

    def clean(self):
        data = super().clean()
        unit, kind = data.get("unit"), data.get("kind")
        if unit and kind == ReportKind.WARD and unit.level != UnitLevel.COMMUNE:
            self.add_error("kind", _("Báo cáo của phường chỉ lập cho đơn vị cấp xã, phường."))
        if unit and kind == ReportKind.CONSOLIDATED and unit.level == UnitLevel.COMMUNE:
            self.add_error("kind", _("Báo cáo tổng hợp chỉ lập cho đơn vị cấp trên."))
        if data.get("period_kind") and data.get("year"):
            number = data.get("number") or 1
            if data["period_kind"] not in (PeriodKind.MONTH, PeriodKind.QUARTER):
                number = 1
            try:
                data["period"] = Period(data["period_kind"], data["year"], number)
            except ValueError:
                self.add_error("number", _("Kỳ báo cáo không hợp lệ (quý từ 1 đến 4)."))
            else:
                if data["period"].cutoff_start > date.today():
                    self.add_error("year", _("Kỳ báo cáo này chưa bắt đầu."))
        return data
