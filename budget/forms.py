from __future__ import annotations

import zipfile

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.files import OFFICE_TYPES, sniff
from ward_portal.formatting import format_money
from ward_portal.idempotency import IdempotencyKeyField
from ward_portal.inputs import Form, ModelForm

from .amounts import parse_amount
from .choices import DisclosurePeriod, ImportKind
from .models import Category, Target
from .selectors import categories_for_year

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class AmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "class": "amount"}
        super().__init__({**base, **(attrs or {})})


class AmountField(forms.Field):
    """Whole đồng as a Vietnamese user types it: 3.124.335.200 or 3124335200."""

    widget = AmountInput

    def __init__(self, *, allow_negative: bool = False, allow_zero: bool = False, **kwargs):
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        kwargs.setdefault(
            "help_text",
            _("Số đồng nguyên, ví dụ 3.124.335.200 hoặc 3124335200."),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_amount(value, allow_negative=self.allow_negative, allow_zero=self.allow_zero)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_money(value)
        return value


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class EntryForm(Form):
    date = _date_field(_("Ngày chứng từ"))
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=50)
    description = forms.CharField(label=_("Nội dung"), max_length=255)
    amount = AmountField(label=_("Số tiền (đồng)"))
    idempotency_key = IdempotencyKeyField()


class AdjustmentForm(Form):
    idempotency_key = IdempotencyKeyField()
    date = _date_field(_("Ngày quyết định"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = AmountField(
        label=_("Số điều chỉnh (đồng)"),
        allow_negative=True,
        help_text=_("Tăng: 150.000.000; giảm: -150.000.000."),
    )


class ReverseForm(Form):
    date = _date_field(_("Ngày bút toán đảo"))
    voucher_number = forms.CharField(label=_("Số chứng từ điều chỉnh"), max_length=50)
    reason = forms.CharField(label=_("Lý do"), max_length=200)


class EstimateForm(Form):
    category = forms.ModelChoiceField(label=_("Mục"), queryset=Category.objects.none())
    amount = AmountField(label=_("Dự toán đầu năm (đồng)"), allow_zero=True)

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        categories = categories_for_year(fiscal_year.year).filter(
            is_active=True, children__isnull=True
        )
        if not fiscal_year.has_revenue:
            categories = categories.filter(direction="expenditure")
        self.fields["category"].queryset = categories.order_by("direction", "sort_order", "code")


class StartExecutionForm(Form):
    decision = forms.CharField(label=_("Số quyết định giao dự toán"), max_length=100)
    approved_on = _date_field(_("Ngày quyết định"), initial=timezone.localdate)


class ReopenForm(Form):
    reason = forms.CharField(label=_("Lý do mở lại sổ"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(Form):
    period = forms.ChoiceField(label=_("Kỳ công khai"), choices=DisclosurePeriod.choices)
    note = forms.CharField(
        label=_("Thuyết minh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, periods=None, **kwargs):
        """periods: the (value, label) pairs that can be published now, overdue first."""
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].choices = periods


class ImportForm(Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Dòng đầu là tiêu đề cột; xem mẫu ở dưới."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 50 MB)."))
        check_xlsx(upload)
        return upload


# An .xlsx is a zip: what it unpacks to is checked before anyone opens it (a few kilobytes
# can unpack to gigabytes). A real workbook of 100,000 lines unpacks to about 30 MB.
MAX_XLSX_UNPACKED = 500 * 1024 * 1024


def check_xlsx(upload) -> None:
    """Refuses a file that is not an Excel workbook by its content, or that would unpack to
    more than MAX_XLSX_UNPACKED bytes."""
    position = upload.tell()
    try:
        if sniff(upload.read(16), "x.xlsx") != OFFICE_TYPES[".xlsx"]:
            raise forms.ValidationError(_("Tệp không phải bảng tính Excel .xlsx."))
        upload.seek(position)
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise forms.ValidationError(_("Tệp không phải bảng tính Excel .xlsx.")) from error
    finally:
        upload.seek(position)
    if unpacked > MAX_XLSX_UNPACKED:
        raise forms.ValidationError(
            _("Tệp giải nén ra quá lớn (tối đa %(n)s MB).") % {"n": MAX_XLSX_UNPACKED // 2**20}
        )


class FiscalYearCreateForm(Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    budget_mode = forms.ChoiceField(
        label=_("Hình thức ngân sách"),
        choices=[
            ("budget_level", _("Cấp ngân sách (thu và chi)")),
            ("spending_unit", _("Đơn vị dự toán của cấp trên (chỉ chi)")),
        ],
    )


class TargetForm(ModelForm):
    class Meta:
        model = Target
        fields = ["group", "name", "unit_of_measure", "planned", "actual", "sort_order"]
        localized_fields = ["planned", "actual"]
