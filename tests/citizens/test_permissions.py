"""Who may handle a petition and keep the reception book: the staff of its unit; an upper
leader and another ward's clerk only read (and the selector hides ward A from ward B)."""

import pytest
from django.core.exceptions import PermissionDenied

from citizens import permissions, services
from tests.citizens.factories import submit

pytestmark = pytest.mark.django_db


def test_the_units_staff_handle_its_petitions(ward_a, clerk_a, leader_a, upper_leader, clerk_b):
    petition = submit(ward_a)
    assert permissions.can_change_petition(clerk_a, petition)
    assert permissions.can_change_petition(leader_a, petition)
    assert not permissions.can_change_petition(upper_leader, petition)
    assert not permissions.can_change_petition(clerk_b, petition)
    with pytest.raises(PermissionDenied, match="Bạn chỉ được xem hồ sơ này"):
        permissions.require_can_change_petition(upper_leader, petition)


def test_the_units_staff_keep_its_reception_book(ward_a, ward_b, clerk_a, upper_leader):
    assert permissions.can_keep_reception_book(clerk_a, ward_a.pk)
    assert not permissions.can_keep_reception_book(clerk_a, ward_b.pk)
    with pytest.raises(PermissionDenied, match="sổ tiếp công dân"):
        permissions.require_can_keep_reception_book(upper_leader, ward_a.pk)


def test_only_leaders_assign_a_denunciation(ward_a, clerk_a, leader_a):
    """Whoever handles or assigns a denunciation learns the denouncer's identity: a clerk must
    not be able to give one to themselves."""
    denunciation = submit(ward_a, kind="denunciation")
    services.petition_classify(petition=denunciation, user=clerk_a, decision="accepted")
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo đơn vị giao"):
        services.petition_assign(petition=denunciation, user=clerk_a, handler=clerk_a)
    denunciation.refresh_from_db()
    assert denunciation.handler is None
    services.petition_assign(petition=denunciation, user=leader_a, handler=clerk_a)
    feedback = submit(ward_a)
    services.petition_classify(petition=feedback, user=clerk_a, decision="accepted")
    services.petition_assign(petition=feedback, user=clerk_a, handler=clerk_a)
