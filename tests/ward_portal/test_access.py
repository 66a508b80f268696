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
