from datetime import date
from decimal import Decimal

from django.utils import translation

from ward_portal.formatting import (
    formal_date,
    formal_date_line,
    format_money,
    format_percent,
    percent,
)
from ward_portal.text import fold


def test_money_uses_vietnamese_grouping():
    with translation.override("vi"):
        assert format_money(3124335200) == "3.124.335.200"
    with translation.override("en"):
        assert format_money(3124335200) == "3,124,335,200"


def test_article_percentages_round_half_up():
    assert percent(11_756_978_705, 11_914_837_000) == Decimal("98.68")
    assert percent(18, 11) == Decimal("163.64")
    assert percent(1, 0) is None
    with translation.override("vi"):
        assert format_percent(percent(11_756_978_705, 11_914_837_000)) == "98,68%"


def test_formal_date_has_leading_zeros_for_small_days_and_january_february():
    with translation.override("vi"):
        assert formal_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
        assert formal_date(date(2022, 2, 17)) == "ngày 17 tháng 02 năm 2022"
        assert formal_date(date(2022, 12, 3)) == "ngày 03 tháng 12 năm 2022"
        assert formal_date(date(2022, 3, 10)) == "ngày 10 tháng 3 năm 2022"
        assert (
            formal_date_line("TP. Hồ Chí Minh", date(2022, 2, 17))
            == "TP. Hồ Chí Minh, ngày 17 tháng 02 năm 2022"
        )


def test_fold_ignores_diacritics_case_and_d_stroke():
    assert fold("Tô Thị Bích Châu") == "to thi bich chau"
    assert fold("Phường  NGUYỄN Thái Bình") == "phuong nguyen thai binh"
    assert fold("Đảng ủy, dân vận") == "dang uy, dan van"


def test_quantities_keep_their_decimals_only_when_they_have_some():
    from ward_portal.formatting import format_quantity

    with translation.override("vi"):
        assert format_quantity(Decimal("104.84")) == "104,84"
        assert format_quantity(Decimal("18.00")) == "18"
        assert format_quantity(4600) == "4.600"
        assert format_quantity(None) == "–"
