import pytest
from django.core.exceptions import ValidationError

from budget.amounts import parse_amount
from budget.forms import AmountField, EntryForm


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3.124.335.200", 3_124_335_200),
        ("3124335200", 3_124_335_200),
        ("  3.124.335.200  ", 3_124_335_200),
        ("3 124 335 200", 3_124_335_200),
        ("3\u00a0124\u00a0335\u00a0200", 3_124_335_200),
        ("1.500", 1500),
        ("3.124.335.200,00", 3_124_335_200),
        ("3.124.335.200 đ", 3_124_335_200),
        ("3.124.335.200 đồng", 3_124_335_200),
        ("0", 0),
        (3124335200, 3_124_335_200),
        (3124335200.0, 3_124_335_200),
    ],
)
def test_accepts_what_a_vietnamese_user_types(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3,124,335,200", "ambiguous"),  # English grouping: comma is the decimal mark here
        ("1,500", "ambiguous"),
        ("1.5", "ambiguous"),
        ("12.34", "ambiguous"),
        ("3.124.335.2", "ambiguous"),
        ("1.2345", "ambiguous"),
        ("1,5", "fraction"),
        ("100,50", "fraction"),
        (100.5, "fraction"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("1e6", "invalid"),
        ("", "required"),
        ("-", "invalid"),
        ("-1.000", "negative"),
        ("(1.000)", "negative"),
        ("1000000000000000", "too_large"),
        ("3.12.4", "ambiguous"),
        ("1 23 456", "invalid"),
    ],
)
def test_rejects_ambiguous_or_invalid_input(raw, code):
    with pytest.raises(ValidationError) as info:
        parse_amount(raw)
    assert info.value.code == code


def test_negative_only_where_allowed():
    assert parse_amount("-150.000.000", allow_negative=True) == -150_000_000
    assert parse_amount("−150.000.000", allow_negative=True) == -150_000_000


def test_zero_rejected_where_not_allowed():
    with pytest.raises(ValidationError) as info:
        parse_amount("0", allow_zero=False)
    assert info.value.code == "zero"


def test_messages_are_vietnamese_and_say_why():
    form = EntryForm(
        data={
            "date": "2022-03-01",
            "voucher_number": "PC-1",
            "description": "x",
            "amount": "3,124,335,200",
        }
    )
    assert not form.is_valid()
    assert "dấu chấm để phân cách hàng nghìn" in form.errors["amount"][0]
    form = EntryForm(data={**form.data, "amount": "1.000,5"})
    assert not form.is_valid()
    assert "không có phần lẻ" in form.errors["amount"][0]
    form = EntryForm(data={**form.data, "amount": "-5.000"})
    assert not form.is_valid()
    assert "âm" in form.errors["amount"][0]


def test_field_shows_the_value_with_dots():
    field = AmountField()
    assert field.prepare_value(3_124_335_200) == "3.124.335.200"
    assert field.clean("3.124.335.200") == 3_124_335_200
