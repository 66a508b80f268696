import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from ward_portal.access import units_visible_to
from ward_portal.demo import DEMO_PASSWORD
from ward_portal.models import AdministrativeUnit, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_quan_1_and_the_demo_logins_and_is_idempotent():
    call_command("seed_demo")
    counts = (
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("seed_demo")
    assert (
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts

    q1 = AdministrativeUnit.objects.get(code="760")
    assert q1.children.count() == 10
    assert q1.children.get(code="26746").name == "Phường Nguyễn Thái Bình"

    wards = lambda username: set(  # noqa: E731
        units_visible_to(User.objects.get(username=username))
        .filter(level="commune")
        .values_list("name", flat=True)
    )
    assert len(wards("lanhdao.q1")) == 10
    assert wards("canbo.bn") == {"Phường Bến Nghé"}
    assert wards("canbo.ntb") == {"Phường Nguyễn Thái Bình"}
    assert User.objects.get(username="admin").is_superuser

    request = RequestFactory().post("/accounts/login/")
    for username in ["admin", "canbo.ntb", "lanhdao.ntb", "canbo.bn", "lanhdao.q1"]:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None
