from datetime import date

import pytest
from django.urls import reverse

from meetings.models import CalendarFeed, Task
from tests.helpers import assert_not_found_for
from tests.meetings.factories import approved_minutes, make_district_meeting, make_meeting


@pytest.fixture
def approved_a(meeting_a, ward_a):
    approved_minutes(meeting_a, directives=[("Khơi thông cống", ward_a, date(2026, 5, 1))])
    return meeting_a


def test_outsider_gets_404_on_everything_of_ward_a(approved_a, clerk_b_client):
    minutes = approved_a.minutes.get()
    task = Task.objects.get()
    for url in [
        reverse("meetings:detail", args=[approved_a.pk]),
        reverse("meetings:edit", args=[approved_a.pk]),
        reverse("meetings:minutes_pdf", args=[minutes.pk]),
        reverse("meetings:minutes_docx", args=[minutes.pk]),
        reverse("meetings:minutes_edit", args=[minutes.pk]),
        reverse("meetings:invitation_pdf", args=[approved_a.pk]),
        reverse("meetings:task", args=[task.pk]),
    ]:
        assert_not_found_for(clerk_b_client, url)
    for url in [
        reverse("meetings:transition", args=[approved_a.pk, "publish"]),
        reverse("meetings:minutes_action", args=[minutes.pk, "correct"]),
        reverse("meetings:task_action", args=[task.pk, "progress"]),
        reverse("meetings:attendee_add", args=[approved_a.pk]),
    ]:
        assert_not_found_for(clerk_b_client, url, method="post", data={"note": "x"})


def test_participating_unit_reads_but_does_not_edit(
    frozen, district, ward_a, upper_leader, clerk_a_client
):
    meeting = make_district_meeting(
        district=district,
        chair=upper_leader,
        participants=[ward_a],
    )
    assert clerk_a_client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert_not_found_for(clerk_a_client, reverse("meetings:edit", args=[meeting.pk]))
    assert_not_found_for(
        clerk_a_client, reverse("meetings:transition", args=[meeting.pk, "held"]), method="post"
    )


def test_minutes_pdf_downloads(approved_a, clerk_a_client):
    response = clerk_a_client.get(
        reverse("meetings:minutes_pdf", args=[approved_a.minutes.get().pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_secretary_records_and_chair_approves_through_the_pages(
    meeting_a, ward_a, clerk_a_client, leader_a_client
):
    clerk_a_client.post(reverse("meetings:transition", args=[meeting_a.pk, "held"]))
    response = clerk_a_client.post(reverse("meetings:transition", args=[meeting_a.pk, "minutes"]))
    minutes = meeting_a.minutes.get()
    assert response.url == reverse("meetings:minutes_edit", args=[minutes.pk])
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-kind": "report",
        "form-0-text": "Báo cáo tháng",
        "form-1-kind": "directive",
        "form-1-text": "Khơi thông cống",
        "form-1-assignee_unit": ward_a.pk,
        "form-1-due_date": "2026-05-01",
    }
    clerk_a_client.post(reverse("meetings:minutes_edit", args=[minutes.pk]), data)
    assert minutes.items.count() == 2
    clerk_a_client.post(reverse("meetings:minutes_action", args=[minutes.pk, "sign"]))
    # the secretary cannot approve in the chair's place: a clear message, nothing changes
    response = clerk_a_client.post(
        reverse("meetings:minutes_action", args=[minutes.pk, "approve"]), follow=True
    )
    assert "Chỉ chủ trì" in response.content.decode()
    leader_a_client.post(reverse("meetings:minutes_action", args=[minutes.pk, "approve"]))
    minutes.refresh_from_db()
    assert minutes.state == "approved" and Task.objects.count() == 1


def test_ics_feed_by_secret_token(meeting_a, leader_a, citizen_client):
    feed = CalendarFeed.objects.create(user=leader_a)
    response = citizen_client.get(reverse("meetings:calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Họp UBND phường thường kỳ" in response.content.decode()
    assert citizen_client.get(reverse("meetings:calendar_feed", args=["wrong"])).status_code == 404


def _meetings(n, ward_a, leader_a, clerk_a):
    for i in range(n):
        make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 1, 1 + i))


# Meeting list, every size: 1 session, 2 user, 3 COUNT (the table's paginator), 4 the user's
# roles (base template menu), 5 the unit filter's choices (scoped units), 6 the page of rows
# (host unit and chair joined), 7-9 the session save (SAVEPOINT, UPDATE, RELEASE:
# SESSION_SAVE_EVERY_REQUEST).
MEETING_LIST_QUERIES = 9


@pytest.mark.parametrize("rows", [1, 26])
def test_meeting_list_costs_the_same_whatever_its_size(
    frozen, ward_a, leader_a, clerk_a, clerk_a_client, rows, django_assert_num_queries
):
    _meetings(rows, ward_a, leader_a, clerk_a)
    with django_assert_num_queries(MEETING_LIST_QUERIES):
        response = clerk_a_client.get(reverse("meetings:index"))
    assert response.status_code == 200


# Task list: as the meeting list, with two unit filters (assignee, directing) instead of one:
# 1 session, 2 user, 3 COUNT, 4 roles, 5-6 the filters' scoped units, 7 the page of rows
# (meeting, host unit, assignee unit and person joined; overdue and on-time computed in SQL),
# 8-10 session save.
TASK_LIST_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 26])
def test_task_list_costs_the_same_whatever_its_size(
    frozen, ward_a, leader_a, clerk_a, clerk_a_client, rows, django_assert_num_queries
):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a)
    approved_minutes(
        meeting, directives=[(f"Việc {i}", ward_a, date(2026, 5, 1)) for i in range(rows)]
    )
    with django_assert_num_queries(TASK_LIST_QUERIES):
        response = clerk_a_client.get(reverse("meetings:tasks") + "?overdue=false&q=viec")
    assert response.status_code == 200
    assert response.content.decode().count("Việc ") >= rows


def test_task_flow_through_the_pages(
    frozen, district, ward_a, upper_leader, clerk_a_client, upper_leader_client
):
    meeting = make_district_meeting(
        district=district,
        chair=upper_leader,
        participants=[ward_a],
    )
    approved_minutes(meeting, directives=[("Bến cóc xe dù", ward_a, date(2026, 5, 1))])
    task = Task.objects.get()
    url = reverse("meetings:task_action", args=[task.pk, "submit"])
    clerk_a_client.post(url, {"note": "Đã xử lý"})
    upper_leader_client.post(
        reverse("meetings:task_action", args=[task.pk, "accept"]), {"note": ""}
    )
    task.refresh_from_db()
    assert task.status == "done" and task.completed_on == date(2026, 4, 1)
    page = clerk_a_client.get(reverse("meetings:task", args=[task.pk])).content.decode()
    assert "Hoàn thành đúng hạn" in page


def test_moving_a_meeting_through_the_form_sends_the_invitations_again(
    meeting_a, leader_a, leader_a_client, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.forms.models import model_to_dict

    from meetings import services, tasks

    meeting_a.starts_at = meeting_a.starts_at.replace(month=5)
    meeting_a.ends_at = meeting_a.ends_at.replace(month=5)
    meeting_a.save()
    with mock.patch.object(tasks.send_invitation, "apply_async"):
        services.invitations_issue(user=leader_a, meeting=meeting_a)
    data = {k: v for k, v in model_to_dict(meeting_a).items() if v is not None}
    data.update(
        starts_at="2026-05-12T14:00",
        ends_at="2026-05-12T16:00",
        participating_units=[],
        agenda="Báo cáo tháng",
    )
    with (
        mock.patch.object(tasks.send_invitation, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = leader_a_client.post(reverse("meetings:edit", args=[meeting_a.pk]), data)
    assert response.status_code == 302
    meeting_a.refresh_from_db()
    assert meeting_a.invitation_revision == 1
    assert apply_async.call_count == meeting_a.attendees.exclude(email="").count() > 0


def test_host_cancels_through_the_page_and_the_feed_strikes_it_out(
    meeting_a, leader_a, leader_a_client, clerk_b_client, citizen_client
):
    meeting_a.starts_at = meeting_a.starts_at.replace(month=5)
    meeting_a.ends_at = meeting_a.ends_at.replace(month=5)
    meeting_a.save()
    url = reverse("meetings:transition", args=[meeting_a.pk, "cancel"])
    assert_not_found_for(clerk_b_client, url, method="post", data={"reason": "x"})
    page = leader_a_client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Hủy cuộc họp" in page
    leader_a_client.post(url, {"reason": ""})  # a reason is required
    meeting_a.refresh_from_db()
    assert meeting_a.state == "planned"
    leader_a_client.post(url, {"reason": "Trùng lịch làm việc của Quận ủy"})
    meeting_a.refresh_from_db()
    assert meeting_a.state == "cancelled"
    page = leader_a_client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Đã hủy" in page and "Trùng lịch làm việc của Quận ủy" in page
    feed = CalendarFeed.objects.create(user=leader_a)
    ics = citizen_client.get(reverse("meetings:calendar_feed", args=[feed.token])).content
    assert b"STATUS:CANCELLED" in ics


def test_yes_no_filters_read_all_yes_no(clerk_a_client):
    page = clerk_a_client.get(reverse("meetings:tasks")).content.decode()
    select = page.split('name="overdue"', 1)[1].split("</select>")[0]
    assert ">Tất cả<" in select and ">Có<" in select and ">Không<" in select
    assert "Không rõ" not in select and "Unknown" not in select


@pytest.mark.parametrize(
    ("referer", "back_to"),
    [
        ("https://evil.example/meetings/", "/meetings/"),  # another site: the meetings list
        ("", "/meetings/"),
        ("/meetings/calendar/", "/meetings/calendar/"),  # ours: back where the user was
    ],
)
def test_a_refused_step_goes_back_only_to_a_page_of_ours(
    meeting_a, leader_a_client, referer, back_to
):
    response = leader_a_client.post(
        reverse("meetings:transition", args=[meeting_a.pk, "publish"]), HTTP_REFERER=referer
    )
    assert response.status_code == 302 and response.url == back_to
    page = leader_a_client.get(back_to).content.decode()
    assert "Chỉ gửi các đơn vị sau khi biên bản đã được ký duyệt." in page
