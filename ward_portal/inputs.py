"""What a person may type into a form, written once for every form of the portal: no text
longer than its column (a TextField gets `TEXT_MAX_LENGTH`), no NUL character, no date outside
the years the portal works in; each refusal in Vietnamese, next to its field.

    class MeetingForm(ModelForm):          # from ward_portal.inputs, not django.forms
        date_years = {"starts_at": (2000, 5)}  # optional: first year, years after this one

Every form of the apps derives from `Form` or `ModelForm` here (tests/ward_portal/
test_bad_input.py checks it), so a new field is limited without anyone thinking of it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A TextField has no length in the database; a form takes this many characters at most
# (about five typed pages): far above any real note, far below a pasted megabyte.
TEXT_MAX_LENGTH = 10_000
# The portal's records start in 2000 at the earliest; plans look a few years ahead.
FIRST_YEAR = 2000
YEARS_AHEAD = 5


class NoNulCharacters(ProhibitNullCharactersValidator):
    message = _("Nội dung có ký tự không hợp lệ (ký tự NUL, \\x00). Hãy xóa ký tự đó rồi gửi lại.")


def year_bounds(first_year: int = FIRST_YEAR, years_ahead: int = YEARS_AHEAD) -> tuple[int, int]:
    return first_year, timezone.localdate().year + years_ahead


class DateWithinYears:
    """Refuses a date (or a date and time) outside [first_year, this year + years_ahead]."""

    def __init__(self, first_year: int = FIRST_YEAR, years_ahead: int = YEARS_AHEAD):
        self.first_year, self.years_ahead = first_year, years_ahead

    def __call__(self, value: date | datetime | None) -> None:
        if value is None:
            return
        first, last = year_bounds(self.first_year, self.years_ahead)
        if not first <= value.year <= last:
            raise ValidationError(
                _("Ngày phải trong khoảng từ năm %(first)s đến năm %(last)s."),
                code="date_out_of_range",
                params={"first": first, "last": last},
            )


def _limit_text(field: forms.CharField, max_length: int) -> None:
    if field.max_length is None:
        field.max_length = max_length
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs.update(field.widget_attrs(field.widget))
    field.validators = [
        NoNulCharacters() if isinstance(v, ProhibitNullCharactersValidator) else v
        for v in field.validators
    ]


def check_field(field: forms.Field, *, text_max_length: int, years: tuple[int, int]) -> None:
    """Adds the portal's limits to one form field (in place)."""
    if isinstance(field, forms.CharField) and not isinstance(
        field,
        forms.UUIDField | forms.JSONField,  # not text once cleaned
    ):
        _limit_text(field, text_max_length)
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(DateWithinYears(*years))
    elif isinstance(field, forms.MultiValueField):  # a date range: each of its dates
        for part in field.fields:
            check_field(part, text_max_length=text_max_length, years=years)


class CheckedInputs:
    """The limits above, on every field of the form (see the module's docstring)."""

    text_max_length = TEXT_MAX_LENGTH
    date_years: dict[str, tuple[int, int]] = {}

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            check_field(
                field,
                text_max_length=self.text_max_length,
                years=self.date_years.get(name, (FIRST_YEAR, YEARS_AHEAD)),
            )


class Form(CheckedInputs, forms.Form):
    pass


class ModelForm(CheckedInputs, forms.ModelForm):
    pass
