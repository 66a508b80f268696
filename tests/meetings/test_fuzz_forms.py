"""Any input to the meeting form and the minutes' items: never a 500, nothing half-saved."""

import pytest
from hypothesis import given

from meetings import services
from meetings.models import AgendaItem, Meeting, MinutesItem
from tests.fuzzing import NASTY, fuzz, overrides, post_safely
from tests.meetings.factories import held
from tests.meetings.test_bad_input import meeting_post

pytestmark = pytest.mark.django_db

MEETING_FIELDS = [
    "kind", "title", "starts_at", "ends_at", "place", "host_unit", "parent_body",
    "issuing_body", "body_symbol", "chair", "chair_position", "secretary",
    "secretary_position", "recipients", "agenda", "participating_units", "idempotency_key",
]  # fmt: skip


@fuzz(30)
@given(changed=overrides(MEETING_FIELDS))
def test_fuzz_meeting_form(frozen, ward_a, leader_a, clerk_a, leader_a_client, changed):
    data = {**meeting_post(ward_a, leader_a, clerk_a), **changed}
    post_safely(leader_a_client, "/meetings/new/", data, Meeting, AgendaItem)


ITEM_FIELDS = [
    "kind", "speaker", "speaker_position", "text", "votes_for", "votes_against",
    "votes_abstain", "assignee_unit", "due_date", "task",
]  # fmt: skip


@fuzz(30)
@given(changed=overrides(ITEM_FIELDS), management=NASTY)
def test_fuzz_minutes_items(meeting_a, ward_a, leader_a_client, changed, management):
    if meeting_a.state == "planned":
        held(meeting_a)
    minutes = meeting_a.minutes.first() or services.minutes_start(
        user=meeting_a.chair, meeting=meeting_a
    )
    item = {
        "kind": "directive",
        "speaker": "Nguyễn Văn Báo",
        "text": "Phường ra quân dọn vệ sinh hẻm 91.",
        "assignee_unit": str(ward_a.pk),
        "due_date": "2026-05-01",
        **changed,
    }
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    data |= {f"form-0-{name}": value for name, value in item.items()}
    if management.isdigit():
        data["form-TOTAL_FORMS"] = management
    before = list(minutes.items.values_list("text", flat=True))
    response = leader_a_client.post(f"/meetings/minutes/{minutes.pk}/edit/", data)
    assert response.status_code < 500
    if response.status_code != 302:  # shown again with its errors: nothing written
        assert list(minutes.items.values_list("text", flat=True)) == before
    assert MinutesItem.objects.filter(minutes=minutes).count() <= 1
