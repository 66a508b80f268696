"""The shared helpers hold up their end: a rolled-back block lets its own failures through,
and a column named wrong is an error, never an empty match."""

import pytest

from reports.data import Column, Section
from tests.factories import UnitFactory
from tests.helpers import column, records, rolled_back
from ward_portal.models import AdministrativeUnit


def test_rolled_back_undoes_the_block_and_lets_its_failures_through(db):
    with rolled_back():
        UnitFactory()
        assert AdministrativeUnit.objects.count() == 1
    assert not AdministrativeUnit.objects.exists()
    with pytest.raises(ZeroDivisionError), rolled_back():
        1 / 0  # noqa: B018


def test_column_and_records_find_values_by_header():
    section = Section(
        title="Ngân sách",
        columns=[Column("Đơn vị"), Column("Thực hiện chi", "money")],
        rows=[["Phường A", 5], ["Phường B", 7]],
        total=["Tổng cộng", 12],
    )
    assert column(section, "Thực hiện chi") == [5, 7]
    with pytest.raises(AssertionError, match="no column 'Thực hiện thu'"):
        column(section, "Thực hiện thu")
    rows = [("Tiêu đề",), ("Mã", "Số tiền"), ("C2", 10), ("T1", 20)]
    assert records(rows, header=2) == [{"Mã": "C2", "Số tiền": 10}, {"Mã": "T1", "Số tiền": 20}]
