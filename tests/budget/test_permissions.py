"""Who may do what to a unit's books: ward A's staff record, its leaders decide, an upper
leader only reads, ward B's clerk does nothing, and only a system administrator reopens."""

import pytest
from django.core.exceptions import PermissionDenied

from budget import permissions


def test_staff_record_and_leaders_decide(year_a, clerk_a, leader_a, upper_leader, clerk_b):
    assert permissions.can_record(clerk_a, year_a) and permissions.can_record(leader_a, year_a)
    assert not permissions.can_lead(clerk_a, year_a) and permissions.can_lead(leader_a, year_a)
    for outsider in (upper_leader, clerk_b):
        assert not permissions.can_record(outsider, year_a)
        assert not permissions.can_lead(outsider, year_a)


def test_only_the_units_staff_open_a_year(ward_a, clerk_a, clerk_b):
    assert permissions.can_create_year(clerk_a, ward_a.pk)
    with pytest.raises(PermissionDenied, match="lập năm ngân sách"):
        permissions.require_can_create_year(clerk_b, ward_a.pk)


def test_only_a_system_administrator_reopens(leader_a, admin_user):
    assert permissions.can_reopen(admin_user) and not permissions.can_reopen(leader_a)
    with pytest.raises(PermissionDenied, match="quản trị hệ thống"):
        permissions.require_can_reopen(leader_a)


def test_refusals_say_who_may(year_a, clerk_a, clerk_b):
    permissions.require_can_record(clerk_a, year_a)
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ của đơn vị mới được ghi sổ"):
        permissions.require_can_record(clerk_b, year_a)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo đơn vị"):
        permissions.require_can_lead(clerk_a, year_a)
