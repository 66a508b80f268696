"""The category tree is versioned by budget year: TT 344/2016 with the mục lục of TT 324/2016
up to 2025, the version of Luật NSNN 89/2025 and TT 130/2025/TT-BTC from 2026."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from budget import selectors, services
from budget.choices import YearStatus
from budget.models import Category, CategoryMapping
from tests.budget.factories import EntryFactory, FiscalYearFactory, LineFactory, category

pytestmark = pytest.mark.django_db


def test_the_version_in_force_follows_the_budget_year():
    assert selectors.classification_for_year(2022).name.startswith("TT 344/2016")
    assert selectors.classification_for_year(2025).last_year == 2025
    new = selectors.classification_for_year(2026)
    assert new.name == "Luật NSNN 89/2025 và mục lục NSNN theo TT 130/2025/TT-BTC"
    assert selectors.classification_for_year(2031) == new
    assert not new.confirmed
    assert "chưa được xác nhận theo TT 130/2025" in new.note


def test_the_2026_version_holds_only_the_sourced_chapter_rules():
    new = selectors.classification_for_year(2026)
    old = selectors.classification_for_year(2025)
    levels = {(r.first_code, r.last_code) for r in new.chapter_ranges.all()}
    assert ("600", "799") in {(r.first_code, r.last_code) for r in old.chapter_ranges.all()}
    assert ("600", "799") not in levels  # the district range is abolished
    changes = dict(new.chapter_changes.values_list("old_code", "new_code"))
    assert changes == {"754": "854", "755": "855", "756": "856", "757": "857"}
    # No Mục lục codes are invented for the copied groups.
    assert not category("C2.01", 2026).loai and category("C2.01", 2025).loai == "010"


def test_a_chapter_code_outside_the_versions_ranges_is_refused():
    node = category("C2.13", 2026)
    node.chuong = "754"  # a district chương: gone from 2026
    with pytest.raises(ValidationError) as error:
        node.full_clean()
    assert "754" in str(error.value)
    node.chuong = "854"
    node.full_clean()


def test_a_2026_line_refuses_a_category_of_the_2025_version(ward_a, clerk_a):
    book = FiscalYearFactory(unit=ward_a, year=2026, status=YearStatus.PLANNING)
    with pytest.raises(ValidationError) as error:
        services.line_set_initial_estimate(
            fiscal_year=book, category=category("C2.01", 2025), amount=1_000, user=clerk_a
        )
    message = error.value.message_dict["category"][0]
    assert "không dùng được cho năm ngân sách 2026" in message
    assert "TT 344/2016 và mục lục NSNN theo TT 324/2016" in message
    line = services.line_set_initial_estimate(
        fiscal_year=book, category=category("C2.01", 2026), amount=1_000, user=clerk_a
    )
    assert line.category.classification.first_year == 2026


def test_a_2022_book_keeps_its_tree(ward_a, clerk_a):
    book = FiscalYearFactory(unit=ward_a, year=2022, status=YearStatus.PLANNING)
    with pytest.raises(ValidationError):
        services.line_set_initial_estimate(
            fiscal_year=book, category=category("C2.01", 2026), amount=1_000, user=clerk_a
        )
    line = services.line_set_initial_estimate(
        fiscal_year=book, category=category("C2.01", 2022), amount=1_000, user=clerk_a
    )
    overview = selectors.year_overview(unit_id=ward_a.pk, year=2022)
    assert overview.classification == line.category.classification
    shown = {row.category_id for row in overview.expenditure}
    assert line.category_id in shown
    assert not Category.objects.filter(pk__in=shown, classification__first_year=2026).exists()


def test_the_mapping_selector_says_where_categories_map_and_where_not():
    old_version = selectors.classification_for_year(2025)
    new_version = selectors.classification_for_year(2026)
    gone = category("C2.07", 2025)
    CategoryMapping.objects.filter(source=gone).update(target=None)  # no counterpart
    stray = Category.objects.create(
        classification=old_version, direction="expenditure", code="C2.99", name="Mục cũ lẻ"
    )
    fresh = Category.objects.create(
        classification=new_version, direction="expenditure", code="C2.98", name="Mục mới"
    )

    table = selectors.category_mapping(from_year=2025, to_year=2026)

    assert table.changed
    assert (table.source, table.target) == (old_version, new_version)
    targets = {row.source.code: [t.code for t in row.targets] for row in table.rows}
    assert targets["C2.01"] == ["C2.01"] and targets["C2.07"] == []
    assert table.no_counterpart == [gone]
    assert table.unmapped == [stray]
    assert set(table.new_unmapped) == {category("C2.07", 2026), fresh}
    same = selectors.category_mapping(from_year=2022, to_year=2023)
    assert not same.changed and not same.without_counterpart
    assert all(row.targets == [row.source] for row in same.rows)


def test_the_2026_page_shows_the_unconfirmed_version_and_the_comparison_note(
    clerk_a_client, ward_a, clerk_a
):
    last = FiscalYearFactory(unit=ward_a, year=2025)
    old_line = LineFactory(fiscal_year=last, category=category("C2.01", 2025))
    EntryFactory(
        line=old_line, date=datetime.date(2025, 3, 1), amount=4_321_000, recorded_by=clerk_a
    )
    book = FiscalYearFactory(unit=ward_a, year=2026)
    LineFactory(fiscal_year=book, category=category("C2.01", 2026))
    CategoryMapping.objects.filter(source=category("C2.07", 2025)).delete()

    html = clerk_a_client.get(f"/budget/units/{ward_a.pk}/?year=2026").content.decode()

    assert 'data-value="classification-unconfirmed"' in html
    assert "giữ cấu trúc nhóm của TT 344/2016" in html
    assert (
        "Năm 2026 dùng mục lục “Luật NSNN 89/2025 và mục lục NSNN theo TT 130/2025/TT-BTC” "
        "(từ năm ngân sách 2026); so sánh với năm 2025 theo bảng chuyển đổi." in html
    )
    unmapped_old = html.split('data-value="unmapped-old"')[1].split("</ul>")[0]
    assert "C2.07 · Chi phát thanh, truyền thanh" in unmapped_old
    # Last year's actual, booked on the 2025 category, is compared through the mapping.
    overview = selectors.year_overview(unit_id=ward_a.pk, year=2026)
    row = next(r for r in overview.expenditure if r.code == "C2.01")
    assert row.last_year == 4_321_000


def test_a_2022_page_has_no_comparison_note_and_a_confirmed_version(
    clerk_a_client, ward_a, clerk_a
):
    FiscalYearFactory(unit=ward_a, year=2021)
    book = FiscalYearFactory(unit=ward_a, year=2022)
    LineFactory(fiscal_year=book, category=category("C2.01"))
    html = clerk_a_client.get(f"/budget/units/{ward_a.pk}/?year=2022").content.decode()
    assert "TT 344/2016 và mục lục NSNN theo TT 324/2016" in html
    assert "classification-unconfirmed" not in html
    assert "classification-change" not in html
