from django import forms
from django.utils.translation import gettext_lazy as _

# What phones need to offer the code from the SMS/app keyboard and a digits-only keypad.
CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "pattern": "[0-9 ]*",
    "autocapitalize": "none",
    "spellcheck": "false",
}


class CodeForm(forms.Form):
    """The second step of a login: an authenticator's code, or else one backup code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        required=False,
        max_length=12,
        help_text=_("6 chữ số đang hiện trong ứng dụng xác thực trên điện thoại của bạn."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    backup_code = forms.CharField(
        label=_("Mã dự phòng"),
        required=False,
        max_length=24,
        help_text=_("Một trong các mã dự phòng bạn đã lưu; mỗi mã chỉ dùng được một lần."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    remember = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("backup_code"):
            raise forms.ValidationError(
                _("Hãy nhập mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
                code="required",
            )
        return data


class EnrolForm(forms.Form):
    name = forms.CharField(
        label=_("Tên thiết bị"),
        max_length=64,
        initial=_("Điện thoại của tôi"),
        help_text=_("Để bạn nhận ra thiết bị này trong danh sách, ví dụ: Điện thoại cá nhân."),
    )
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=12,
        help_text=_("Mã 6 chữ số mà ứng dụng hiện ra sau khi thêm tài khoản."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
