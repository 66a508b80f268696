"""The official units (package vietnam-provinces) loaded by `manage.py load_units`: codes that name
a unit only together with a day, the 2025 successions, and a database that already has units."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

from tests.factories import RoleFactory, UnitFactory
from ward_portal import demo
from ward_portal.models import AdministrativeUnit, Role, UnitLevel, units_below
from ward_portal.unit_loader import units_load
from ward_portal.units import (
    predecessors,
    successors,
    unit_for_code,
    unit_in_force,
    units_in_force_below,
)

pytestmark = pytest.mark.django_db

BEFORE = date(2022, 5, 1)  # the demo article's time: province → district → ward
AFTER = date(2026, 1, 1)  # province → commune


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def bad_paths() -> int:
    """Units whose path is not their parent's path followed by their own id."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM ward_portal_administrativeunit unit
            LEFT JOIN ward_portal_administrativeunit parent ON parent.id = unit.parent_id
            WHERE unit.path <> coalesce(parent.path, '') || unit.id::text || '/'
            """
        )
        return cursor.fetchone()[0]


@pytest.fixture
def hcmc(db):
    return units_load(provinces=["79"])


def test_the_city_has_168_communes_since_the_reorganisation(hcmc):
    city = unit_in_force("79", AFTER)
    assert city.name == "Thành phố Hồ Chí Minh"
    assert city.level == UnitLevel.PROVINCE
    below = units_in_force_below(city, AFTER)
    assert below.count() == 168
    assert set(below.values_list("level", flat=True)) == {UnitLevel.COMMUNE}
    assert set(below.values_list("parent", flat=True)) == {city.pk}  # directly under the city
    assert len(units_below(city, AFTER)) == 168


def test_before_the_reorganisation_the_city_had_districts_and_their_wards(hcmc):
    city = unit_in_force("79", BEFORE)
    assert city == unit_in_force("79", AFTER)  # the city continues: one unit
    below = units_in_force_below(city, BEFORE)
    assert below.filter(level=UnitLevel.DISTRICT).count() == 22
    assert below.filter(level=UnitLevel.COMMUNE).count() == 273
    q1 = unit_in_force("760", BEFORE)
    assert q1.name == "Quận 1"
    assert q1.valid_to == date(2025, 6, 30)
    assert [u.name for u in units_below(q1, BEFORE)][:3] == [
        "Phường Tân Định",
        "Phường Đa Kao",
        "Phường Bến Nghé",
    ]
    assert bad_paths() == 0


def test_the_provinces_merged_into_the_city_ended_and_are_succeeded_by_it(hcmc):
    city = unit_in_force("79", AFTER)
    binh_duong = unit_in_force("74", BEFORE)
    assert binh_duong.name == "Tỉnh Bình Dương"
    assert binh_duong.valid_to == date(2025, 6, 30)
    assert unit_in_force("74", AFTER) is None
    assert [(s.unit, s.partial) for s in successors(binh_duong)] == [(city, False)]
    assert [s.unit.code for s in predecessors(city)] == ["74", "77"]
    # Its districts and wards stay under it, with their history.
    assert units_in_force_below(binh_duong, BEFORE).filter(level=UnitLevel.COMMUNE).count() == 91


def test_nguyen_thai_binh_went_in_part_to_sai_gon_and_ben_thanh(hcmc):
    ntb = AdministrativeUnit.objects.get(code="26746")
    assert ntb.valid_to == date(2025, 6, 30)
    after = successors(ntb)
    assert [(s.unit.code, s.unit.name, s.partial, s.effective_on) for s in after] == [
        ("26740", "Phường Sài Gòn", True, date(2025, 7, 1)),
        ("26743", "Phường Bến Thành", True, date(2025, 7, 1)),
    ]
    # As the package's conversion table has it.
    entry = OLD_TO_NEW[26746]
    assert [f"{new.code:05d}" for new in entry.new_wards] == [s.unit.code for s in after]
    assert {s.partial for s in after} == {entry.old_ward.is_partly_merged}
    sai_gon = after[0].unit
    assert sai_gon.valid_from == date(2025, 7, 1)
    assert [(s.unit.name, s.partial) for s in predecessors(sai_gon)] == [
        ("Phường Đa Kao", True),
        ("Phường Bến Nghé", False),
        ("Phường Nguyễn Thái Bình", True),
    ]


def test_a_reused_code_names_the_unit_in_force_on_the_day(hcmc):
    old = unit_in_force("26743", BEFORE)
    new = unit_in_force("26743", AFTER)
    assert old != new
    assert old.name == new.name == "Phường Bến Thành"
    assert (old.parent.code, old.valid_to) == ("760", date(2025, 6, 30))
    assert (new.parent.code, new.valid_from) == ("79", date(2025, 7, 1))
    assert [(s.unit, s.partial) for s in successors(old)] == [(new, False)]
    # The old Bến Nghé's code is the new Sài Gòn's.
    assert unit_in_force("26740", BEFORE).name == "Phường Bến Nghé"
    assert unit_in_force("26740", AFTER).name == "Phường Sài Gòn"
    # An abolished ward's code: nothing in force, but the code still names the old ward.
    ntb = AdministrativeUnit.objects.get(code="26746")
    assert unit_in_force("26746", AFTER) is None
    assert unit_for_code("26746", AFTER) == ntb
    assert unit_for_code("26743", AFTER) == new
    assert unit_for_code("26743", BEFORE) == old
    assert unit_for_code("26743", AFTER, level=UnitLevel.DISTRICT) is None


def test_in_force_on_a_day_counts_each_code_once(hcmc):
    for day in (BEFORE, AFTER):
        in_force = AdministrativeUnit.objects.in_force_on(day)
        assert in_force.count() == in_force.values("code").distinct().count()
    assert AdministrativeUnit.objects.in_force_on(date(2025, 6, 30)).filter(code="26743").get()
    assert AdministrativeUnit.objects.in_force_on(date(2025, 7, 1)).filter(code="26743").get()


def test_loading_twice_changes_nothing(hcmc):
    assert hcmc.created == 650
    assert hcmc.successions_created > 400
    output = load("--province", "79")
    assert "units: 0 created, 0 updated, 650 unchanged" in output
    assert f"successions: 0 created, 0 updated, {hcmc.successions_created} unchanged" in output
    assert AdministrativeUnit.objects.count() == 650


def test_the_loader_writes_in_bulk(db, django_assert_max_num_queries):
    # 650 units and their paths, about 490 successions: a few statements per level, not per row.
    with django_assert_max_num_queries(12):
        units_load(provinces=["79"])
    assert bad_paths() == 0


def test_abbreviations_and_place_names_survive_a_reload(hcmc):
    AdministrativeUnit.objects.filter(code="26743").update(abbreviation="BT", place_name="Sài Gòn")
    AdministrativeUnit.objects.filter(code="26743", valid_to__isnull=True).update(name="Cũ")
    again = units_load(provinces=["79"])
    assert (again.created, again.updated) == (0, 1)  # the official name is back
    assert set(
        AdministrativeUnit.objects.filter(code="26743").values_list(
            "name", "abbreviation", "place_name"
        )
    ) == {("Phường Bến Thành", "BT", "Sài Gòn")}


def test_existing_units_are_attached_to_the_official_rows_not_duplicated(
    province, district, ward_a, ward_b, leader_a
):
    # A database made before the official list: the city, Quận 1 and two of its wards, no dates.
    upper = RoleFactory(unit=district, role=Role.LEADER).user
    units_load(provinces=["79"])
    for unit in (province, district, ward_a, ward_b):
        assert AdministrativeUnit.objects.filter(code=unit.code, valid_from=None).get() == unit
    ward_a.refresh_from_db()
    district.refresh_from_db()
    assert (ward_a.name, ward_a.abbreviation, ward_a.parent) == (
        "Phường Nguyễn Thái Bình",
        "NTB",
        district,
    )
    assert ward_a.valid_to == district.valid_to == date(2025, 6, 30)
    assert ward_a.path == f"{province.pk}/{district.pk}/{ward_a.pk}/"
    assert AdministrativeUnit.objects.filter(parent=district).count() == 10
    assert AdministrativeUnit.objects.get(code="79") == province  # the city continues
    assert leader_a.roles.get().unit == ward_a
    assert upper.roles.get().unit == district
    assert bad_paths() == 0


def test_the_demo_is_the_official_tree_of_the_city():
    demo.seed()  # the kernel's part of seed_demo: the units and the logins
    demo.seed()
    city = unit_in_force("79", AFTER)
    assert units_in_force_below(city, AFTER).count() == 168
    # Quận 1 and its ten wards are the official pre-2025 units, with the demo's abbreviations.
    q1 = AdministrativeUnit.objects.get(code="760")
    assert q1.parent == city
    wards = AdministrativeUnit.objects.filter(parent=q1)
    assert wards.count() == 10
    assert set(wards.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert wards.get(code="26746").abbreviation == "NTB"
    assert AdministrativeUnit.objects.filter(code="26740").count() == 2  # Bến Nghé, Sài Gòn
    assert load("--province", "79").count(" 0 created, 0 updated") == 2


def test_units_below_an_ended_unit_are_those_of_its_last_day(hcmc):
    q1 = AdministrativeUnit.objects.get(code="760")
    city = AdministrativeUnit.objects.get(code="79")
    assert len(units_below(q1)) == 10  # today Quận 1 no longer exists: its last day counts
    assert len(units_below(q1, AFTER)) == 10
    assert len(units_below(city)) == 168
    assert len(units_below(city, BEFORE)) == 273
    ntb = AdministrativeUnit.objects.get(code="26746")
    assert units_below(ntb, AFTER) == [ntb]


def test_one_code_cannot_name_two_units_on_the_same_day(db):
    UnitFactory(code="26743", valid_to=date(2025, 6, 30))
    overlapping = UnitFactory.build(code="26743", valid_from=date(2025, 6, 1))
    with pytest.raises(ValidationError, match="cùng thời gian hiệu lực"):
        overlapping.full_clean()
    following = UnitFactory.build(code="26743", valid_from=date(2025, 7, 1))
    following.full_clean()
    following.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(code="26743", valid_from=date(2026, 1, 1))  # two in force at once
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(code="26743", valid_to=date(2020, 1, 1))  # two without a first day


def test_the_command_needs_provinces_or_all(db):
    with pytest.raises(CommandError, match="--all"):
        load()
    with pytest.raises(CommandError, match="No province with code 99"):
        load("--province", "99")
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.country
def test_the_whole_country_loads_and_reloads_idempotently():
    load("--all")
    after = AdministrativeUnit.objects.in_force_on(AFTER)
    assert after.filter(level=UnitLevel.PROVINCE).count() == 34
    assert after.filter(level=UnitLevel.COMMUNE).count() == 3321
    assert not after.filter(level=UnitLevel.DISTRICT).exists()
    before = AdministrativeUnit.objects.in_force_on(BEFORE)
    assert before.filter(level=UnitLevel.PROVINCE).count() == 63
    assert before.filter(level=UnitLevel.DISTRICT).count() == 696
    assert before.filter(level=UnitLevel.COMMUNE).count() == 10051
    assert bad_paths() == 0
    # Tiền Giang's code went to Đồng Tháp, which took most of it; a part went to Tây Ninh.
    tien_giang = unit_in_force("82", BEFORE)
    assert tien_giang.name == "Tỉnh Tiền Giang"
    assert [(s.unit.name, s.partial) for s in successors(tien_giang)] == [
        ("Tỉnh Tây Ninh", True),
        ("Tỉnh Đồng Tháp", True),
    ]
    again = units_load()
    assert (again.created, again.updated, again.successions_created) == (0, 0, 0)
    assert again.unchanged == AdministrativeUnit.objects.count()
