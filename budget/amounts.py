"""Reading an amount of money the way a Vietnamese user types it.

Accepted: "3124335200", "3.124.335.200", "3 124 335 200", with an optional ",00" (zero đồng
fraction) and an optional "đ"/"đồng" suffix. Rejected with a message that says why: letters,
a negative amount where not allowed, any fraction of a đồng, and ambiguous groupings such as
"1.5", "1,500" or "3,124,335,200" (in Vietnamese the comma is the decimal mark).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_AMOUNT = 10**15  # a million billion đồng: far above any ward's budget, far below BIGINT

_SUFFIX = re.compile(r"\s*(đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+$")
_DOTTED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_SPACED = re.compile(r"^\d{1,3}( \d{3})+$")


def parse_amount(raw: object, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    """The amount in whole đồng, or ValidationError with a message in Vietnamese."""
    if isinstance(raw, bool):
        raise ValidationError(_("Số tiền không hợp lệ."), code="invalid")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        # Spreadsheet cells come as floats: accept only exact whole numbers.
        if raw != raw or not raw.is_integer():
            raise ValidationError(
                _("Số tiền phải là số đồng nguyên, không có phần lẻ."), code="fraction"
            )
        value = int(raw)
    else:
        value = _parse_text(str(raw))
    if value < 0 and not allow_negative:
        raise ValidationError(_("Số tiền không được là số âm."), code="negative")
    if value == 0 and not allow_zero:
        raise ValidationError(_("Số tiền phải khác 0."), code="zero")
    if abs(value) >= MAX_AMOUNT:
        raise ValidationError(_("Số tiền quá lớn, hãy kiểm tra lại."), code="too_large")
    return value


def _parse_text(raw: str) -> int:
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    text = _SUFFIX.sub("", text)
    if not text:
        raise ValidationError(_("Hãy nhập số tiền."), code="required")
    sign = 1
    if text[0] in "-−":
        sign, text = -1, text[1:].strip()
    elif text[0] == "+":
        text = text[1:].strip()
    if text.startswith("(") and text.endswith(")"):  # accountants' negative: (1.000)
        sign, text = -1, text[1:-1].strip()
    if not text or re.search(r"[^\d., ]", text):
        raise ValidationError(
            _("Số tiền chỉ gồm chữ số, có thể phân cách hàng nghìn bằng dấu chấm."),
            code="invalid",
        )
    if "," in text:
        whole, _sep, fraction = text.rpartition(",")
        if "," in whole or (len(fraction) == 3 and not whole.count(".")):
            # "3,124,335,200" or "1,500": a thousands comma in the English style.
            raise ValidationError(
                _("Không rõ số tiền: dùng dấu chấm để phân cách hàng nghìn, ví dụ 3.124.335.200."),
                code="ambiguous",
            )
        if fraction.strip("0"):
            raise ValidationError(
                _("Số tiền phải là số đồng nguyên, không có phần lẻ."), code="fraction"
            )
        if not fraction:
            raise ValidationError(_("Số tiền không hợp lệ."), code="invalid")
        text = whole
    if _PLAIN.match(text):
        digits = text
    elif _DOTTED.match(text):
        digits = text.replace(".", "")
    elif _SPACED.match(text):
        digits = text.replace(" ", "")
    elif "." in text:
        raise ValidationError(
            _(
                "Không rõ số tiền: dấu chấm chỉ dùng để phân cách hàng nghìn "
                "(nhóm 3 chữ số), ví dụ 3.124.335.200. Số tiền không có phần lẻ."
            ),
            code="ambiguous",
        )
    else:
        raise ValidationError(_("Số tiền không hợp lệ."), code="invalid")
    return sign * int(digits)
