"""Meetings in the audit log (ward_portal/audit.py): state changes and minutes through the pages,
each under the host unit, by the person who did it."""

import pytest
from django.urls import reverse

from meetings import services
from tests.meetings.factories import approved_minutes
from ward_portal import audit
from ward_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_holding_a_meeting_and_approving_minutes_are_logged_by_who_did_them(
    meeting_a, ward_a, clerk_a, leader_a, clerk_a_client, leader_a_client
):
    clerk_a_client.post(reverse("meetings:transition", args=[meeting_a.pk, "held"]))
    held = AuditEntry.objects.get(
        object_type="meetings.meeting", object_id=str(meeting_a.pk), action="state"
    )
    assert (held.actor_id, held.unit_id) == (clerk_a.pk, ward_a.pk)
    assert held.after["state"] == "held" and held.before["state"] != "held"

    clerk_a_client.post(reverse("meetings:transition", args=[meeting_a.pk, "minutes"]))
    minutes = meeting_a.minutes.get()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-kind": "report",
        "form-0-text": "Báo cáo tháng",
    }
    clerk_a_client.post(reverse("meetings:minutes_edit", args=[minutes.pk]), data)
    item = AuditEntry.objects.get(object_type="meetings.minutesitem", action="create")
    assert (item.actor_id, item.unit_id, item.after["text"]) == (
        clerk_a.pk,
        ward_a.pk,
        "Báo cáo tháng",
    )
    clerk_a_client.post(reverse("meetings:minutes_action", args=[minutes.pk, "sign"]))
    leader_a_client.post(reverse("meetings:minutes_action", args=[minutes.pk, "approve"]))
    approved = (
        AuditEntry.objects.filter(
            object_type="meetings.minutes", object_id=str(minutes.pk), action="state"
        )
        .order_by("pk")
        .last()
    )
    assert (approved.actor_id, approved.unit_id) == (leader_a.pk, ward_a.pk)
    assert approved.after["state"] == "approved"
    minutes_created = AuditEntry.objects.get(
        object_type="meetings.minutes", object_id=str(minutes.pk), action="create"
    )
    assert minutes_created.actor_id == clerk_a.pk


def test_a_correction_approved_supersedes_the_old_minutes_in_the_log(
    meeting_a, ward_a, clerk_a, leader_a
):
    minutes = approved_minutes(meeting_a, directives=[])
    correction = services.minutes_correct(user=clerk_a, minutes=minutes, reason="Sai tên")
    services.minutes_sign_secretary(user=clerk_a, minutes=correction)
    with audit.acting_as(leader_a):
        services.minutes_approve(user=leader_a, minutes=correction)
    superseded = AuditEntry.objects.get(
        object_type="meetings.minutes", object_id=str(minutes.pk), after__state="superseded"
    )
    assert (superseded.before, superseded.after) == (
        {"state": "approved"},
        {"state": "superseded"},
    )
    assert (superseded.action, superseded.actor_id, superseded.unit_id) == (
        "state",
        leader_a.pk,
        ward_a.pk,
    )
