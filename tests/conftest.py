"""Personas (Healthchecks style), used by every app's tests:

- ward A (Phường Nguyễn Thái Bình) and ward B (Phường Bến Nghé) under one district;
- `clerk_a` and `leader_a` work in ward A; `upper_leader` leads the district;
- `clerk_b` works in ward B: the outsider, who must get a 404 on ward A's objects;
- `admin_user` is a system administrator; the anonymous citizen is a plain client.
"""

import pytest
from django.test import Client

from tests.factories import RoleFactory, UnitFactory, UserFactory
from tests.helpers import client_for
from ward_portal.models import Role, UnitLevel


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher (PBKDF2, 1.5 million rounds) costs about a second a user on this
    # machine; tests create hundreds of users. Production keeps the default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_factor_off_unless_asked(settings):
    # As under `make test` (scripts/portal.py): leaders log in with a password alone, so a
    # bare pytest run matches it. Tests of two-factor login turn it on themselves.
    settings.OTP_REQUIRED_FOR_LEADERS = False


@pytest.fixture
def province(db):
    return UnitFactory(code="79", name="Thành phố Hồ Chí Minh", level=UnitLevel.PROVINCE)


@pytest.fixture
def district(province):
    return UnitFactory(code="760", name="Quận 1", level=UnitLevel.DISTRICT, parent=province)


@pytest.fixture
def ward_a(district):
    return UnitFactory(
        code="26746", name="Phường Nguyễn Thái Bình", abbreviation="NTB", parent=district
    )


@pytest.fixture
def ward_b(district):
    return UnitFactory(code="26740", name="Phường Bến Nghé", abbreviation="BN", parent=district)


@pytest.fixture
def clerk_a(ward_a):
    return RoleFactory(unit=ward_a, role=Role.CLERK, user__username="clerk_a").user


@pytest.fixture
def leader_a(ward_a):
    return RoleFactory(unit=ward_a, role=Role.LEADER, user__username="leader_a").user


@pytest.fixture
def upper_leader(district, ward_a, ward_b):
    return RoleFactory(unit=district, role=Role.LEADER, user__username="upper_leader").user


@pytest.fixture
def clerk_b(ward_b):
    return RoleFactory(unit=ward_b, role=Role.CLERK, user__username="clerk_b").user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="sysadmin", is_superuser=True, is_staff=True)


@pytest.fixture
def clerk_a_client(clerk_a):
    return client_for(clerk_a)


@pytest.fixture
def leader_a_client(leader_a):
    return client_for(leader_a)


@pytest.fixture
def upper_leader_client(upper_leader):
    return client_for(upper_leader)


@pytest.fixture
def clerk_b_client(clerk_b):
    return client_for(clerk_b)


@pytest.fixture
def admin_client_(admin_user):
    return client_for(admin_user)


@pytest.fixture
def citizen_client():
    return Client()
