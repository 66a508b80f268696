import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UnitFactory, UserFactory
from ward_portal.access import (
    can_change_unit,
    can_lead_unit,
    require,
    units_changeable_by,
    units_led_by,
    units_visible_to,
)


def test_clerk_sees_and_changes_only_own_ward(clerk_a, ward_a, ward_b):
    assert list(units_visible_to(clerk_a)) == [ward_a]
    assert list(units_changeable_by(clerk_a)) == [ward_a]
    assert list(units_led_by(clerk_a)) == []


def test_upper_leader_sees_every_unit_below_but_changes_only_own(
    upper_leader, district, ward_a, ward_b, province
):
    assert set(units_visible_to(upper_leader)) == {district, ward_a, ward_b}
    assert list(units_changeable_by(upper_leader)) == [district]


def test_ward_leader_is_not_an_upper_leader(leader_a, ward_a):
    assert list(units_led_by(leader_a)) == [ward_a]


def test_outsider_does_not_see_other_ward(clerk_b, ward_a, ward_b):
    assert ward_a not in units_visible_to(clerk_b)


def test_person_with_roles_in_two_units_sees_both(ward_a, ward_b):
    from tests.factories import RoleFactory

    person = UserFactory()
    RoleFactory(user=person, unit=ward_a)
    RoleFactory(user=person, unit=ward_b)
    assert set(units_visible_to(person)) == {ward_a, ward_b}


def test_superuser_sees_everything(admin_user, province, ward_a, ward_b):
    from ward_portal.models import AdministrativeUnit

    everything = set(AdministrativeUnit.objects.all())
    assert len(everything) == 4  # the province, the district and the two wards
    assert set(units_visible_to(admin_user)) == everything


def test_inactive_or_anonymous_user_sees_nothing(clerk_a):
    from django.contrib.auth.models import AnonymousUser

    clerk_a.is_active = False
    assert not units_visible_to(clerk_a).exists()
    assert not units_visible_to(AnonymousUser()).exists()


def test_visible_units_is_one_query(upper_leader, django_assert_num_queries):
    # The scope is one EXISTS subquery, so selectors can embed it at no extra cost.
    with django_assert_num_queries(1):
        list(units_visible_to(upper_leader))


def test_unit_paths_follow_a_move(province, district, ward_a):
    other_district = UnitFactory(code="761", name="Quận 3", parent=province, level="district")
    district.parent = other_district
    district.save()
    ward_a.refresh_from_db()
    assert ward_a.path == f"{province.pk}/{other_district.pk}/{district.pk}/{ward_a.pk}/"


def test_unit_paths_similar_ids_do_not_leak(db):
    # Unit 1's path "1/" must not match unit 11's "11/": paths end with a slash.
    units = [UnitFactory() for _ in range(12)]
    by_id = {u.pk: u for u in units}
    first = units[0]
    person = UserFactory()
    from tests.factories import RoleFactory

    RoleFactory(user=person, unit=first)
    assert list(units_visible_to(person)) == [by_id[first.pk]]


def test_units_in_force_follow_their_validity_dates(ward_a, ward_b):
    from datetime import date

    from ward_portal.models import AdministrativeUnit

    ward_a.valid_to = date(2025, 6, 30)
    ward_a.save()
    in_2026 = AdministrativeUnit.objects.in_force(date(2026, 1, 1), date(2026, 12, 31))
    in_2025 = AdministrativeUnit.objects.in_force(date(2025, 1, 1), date(2025, 12, 31))
    assert ward_a not in in_2026 and ward_b in in_2026
    assert ward_a in in_2025


def test_unit_predicates_follow_the_roles(
    clerk_a, leader_a, upper_leader, ward_a, ward_b, district
):
    assert can_change_unit(clerk_a, ward_a.pk) and not can_change_unit(clerk_a, ward_b.pk)
    assert not can_lead_unit(clerk_a, ward_a.pk) and can_lead_unit(leader_a, ward_a.pk)
    # An upper leader sees the wards below but neither changes nor leads them.
    assert not can_change_unit(upper_leader, ward_a.pk)
    assert not can_lead_unit(upper_leader, ward_a.pk) and can_lead_unit(upper_leader, district.pk)


def test_require_refuses_with_the_message_and_the_error_class_asked_for():
    require(True, "không dùng đến")
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        require(False, "Chỉ lãnh đạo đơn vị.")
    with pytest.raises(ValidationError, match="Chỉ đơn vị chủ trì"):
        require(False, "Chỉ đơn vị chủ trì.", error_class=ValidationError)


@pytest.mark.django_db
def test_the_upper_unit_is_the_one_in_force_on_the_day(province, district, ward_a):
    from datetime import date

    district.valid_to = date(2025, 6, 30)  # districts were abolished on 01/7/2025
    district.save()
    assert ward_a.parent_on(date(2025, 6, 30)) == district
    assert ward_a.parent_on(date(2025, 7, 1)) == province
    assert province.parent_on(date(2025, 7, 1)) is None


@pytest.fixture
def merged(province, district, ward_a, ward_b):
    """01/7/2025: the district ends; ward_a goes wholly into a new commune, ward_b partly into
    it and partly into another."""
    from datetime import date

    from ward_portal.models import UnitLevel, UnitSuccession

    for unit in (district, ward_a, ward_b):
        unit.valid_to = date(2025, 6, 30)
        unit.save()
    new = UnitFactory(code="27001", name="Phường Mới", level=UnitLevel.COMMUNE, parent=province)
    other = UnitFactory(code="27004", name="Phường Khác", level=UnitLevel.COMMUNE, parent=province)
    for unit in (new, other):
        unit.valid_from = date(2025, 7, 1)
        unit.save()
    UnitSuccession.objects.create(predecessor=ward_a, successor=new, effective_on=date(2025, 7, 1))
    UnitSuccession.objects.create(
        predecessor=ward_b, successor=new, effective_on=date(2025, 7, 1), partial=True
    )
    UnitSuccession.objects.create(
        predecessor=ward_b, successor=other, effective_on=date(2025, 7, 1), partial=True
    )
    return new, other


def test_a_successors_staff_read_the_history_of_the_units_it_took_over(
    merged, ward_a, ward_b, district
):
    from tests.factories import RoleFactory
    from ward_portal.models import Role

    new, other = merged
    clerk_new = RoleFactory(unit=new, role=Role.CLERK).user
    clerk_other = RoleFactory(unit=other, role=Role.CLERK).user
    assert set(units_visible_to(clerk_new)) == {new, ward_a, ward_b}
    # ward_b went partly into each: both successors read its history; ward_a is not other's.
    assert set(units_visible_to(clerk_other)) == {other, ward_b}
    # ... read-only: they change their own commune only.
    assert list(units_changeable_by(clerk_new)) == [new]
    assert not can_change_unit(clerk_new, ward_a.pk)
    assert district not in units_visible_to(clerk_new)


def test_the_city_leader_reads_the_predecessors_once(province, merged, ward_a, ward_b, district):
    from tests.factories import RoleFactory
    from ward_portal.models import Role

    city_leader = RoleFactory(unit=province, role=Role.LEADER).user
    visible = list(units_visible_to(city_leader))
    assert len(visible) == len(set(visible)) == 6  # the province, the district, four communes


def test_a_role_kept_at_a_unit_that_ended_is_read_only(clerk_a, leader_a, merged, ward_a):
    assert ward_a in units_visible_to(clerk_a)
    assert not units_changeable_by(clerk_a).exists()
    assert not can_change_unit(clerk_a, ward_a.pk) and not can_lead_unit(leader_a, ward_a.pk)


def test_no_new_role_at_a_unit_that_ended(merged, ward_a):
    from ward_portal.models import Role, RoleAssignment

    new, _other = merged
    role = RoleAssignment(user=UserFactory(), unit=ward_a, role=Role.CLERK)
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        role.full_clean()
    role.unit = new
    role.full_clean()
    role.save()
    # An existing role kept at a unit that ended stays valid (its title may still be edited).
    kept = RoleAssignment.objects.create(user=UserFactory(), unit=ward_a, role=Role.CLERK)
    kept.title = "Công chức (đến 30/6/2025)"
    kept.full_clean()
