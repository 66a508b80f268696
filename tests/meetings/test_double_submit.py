"""The meeting creation form sent twice makes one meeting; two at the same moment too."""

import threading

import pytest
from django.db import connection

from meetings import services
from meetings.choices import MeetingKind
from meetings.models import Meeting
from tests.meetings.factories import at
from tests.meetings.test_bad_input import meeting_post


def test_the_creation_form_sent_twice_makes_one_meeting(
    frozen, ward_a, leader_a, clerk_a, leader_a_client
):
    page = leader_a_client.get("/meetings/new/")
    key = str(page.context["form"]["idempotency_key"].value())
    data = meeting_post(ward_a, leader_a, clerk_a, idempotency_key=key)
    first = leader_a_client.post("/meetings/new/", data)
    second = leader_a_client.post("/meetings/new/", data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Meeting.objects.count() == 1
    fresh = leader_a_client.get("/meetings/new/").context["form"]["idempotency_key"].value()
    assert str(fresh) != key


@pytest.mark.django_db(transaction=True)  # two threads, two connections
def test_two_creations_with_one_key_at_the_same_moment_make_one_meeting(ward_a, leader_a, clerk_a):
    import uuid
    from datetime import date

    key = uuid.uuid4()
    day = at(date(2026, 4, 10))
    start = threading.Barrier(2, timeout=10)
    results = []

    def create():
        try:
            start.wait()
            results.append(
                services.meeting_save(
                    user=leader_a,
                    idempotency_key=key,
                    agenda=["Báo cáo tháng"],
                    kind=MeetingKind.PEOPLES_COMMITTEE,
                    title="Họp UBND phường",
                    starts_at=day,
                    ends_at=day.replace(hour=10),
                    place="Phòng họp",
                    host_unit=ward_a,
                    chair=leader_a,
                    secretary=clerk_a,
                    issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG",
                    body_symbol="UBND",
                    chair_position="Chủ tịch UBND phường",
                    secretary_position="Công chức Văn phòng",
                ).pk
            )
        except Exception as error:  # reported by the assertion below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not [r for r in results if isinstance(r, Exception)], results
    meeting = Meeting.objects.get()
    assert results == [meeting.pk, meeting.pk]
    assert meeting.agenda_items.count() == 1


def test_a_guest_added_twice_is_one_attendee(meeting_a, leader_a_client):
    data = {"name": "Nguyễn Văn Khách", "organisation": "Ủy ban MTTQ phường"}
    url = f"/meetings/{meeting_a.pk}/attendees/"
    answers = [leader_a_client.post(url, data) for _ in "12"]
    assert [a.status_code for a in answers] == [302, 302]  # the second says it is there already
    assert meeting_a.attendees.filter(name="Nguyễn Văn Khách").count() == 1


def test_a_progress_note_sent_twice_is_one_update(meeting_a, ward_a, clerk_a, leader_a, frozen):
    from datetime import date

    from tests.helpers import client_for
    from tests.meetings.factories import approved_minutes

    approved_minutes(meeting_a, directives=[("Dọn vỉa hè", ward_a, date(2026, 5, 30))])
    task = meeting_a.tasks.get()
    client = client_for(clerk_a)
    data = {"note": "Đã ra quân hai tuyến đường."}
    for _ in "12":
        assert client.post(f"/meetings/tasks/{task.pk}/progress/", data).status_code == 302
    assert task.updates.filter(kind="progress").count() == 1
    frozen.shift(600)  # the same words ten minutes later are a new update
    client.post(f"/meetings/tasks/{task.pk}/progress/", data)
    assert task.updates.filter(kind="progress").count() == 2
