from datetime import date

import pytest
from django.test import Client

from meetings import selectors, services
from meetings.models import Task
from tests.meetings.factories import approved_minutes, make_district_meeting, make_meeting


@pytest.fixture
def district_tasks(frozen, district, ward_a, ward_b, upper_leader, clerk_a):
    """A district session with ward A: tasks done on time, done late, open, overdue."""
    meeting = make_district_meeting(
        district=district,
        chair=upper_leader,
        participants=[ward_a],
        day=date(2026, 2, 10),
    )
    approved_minutes(
        meeting,
        directives=[
            ("Quản lý đảng viên", ward_a, date(2026, 3, 1)),
            ("Thu ngân sách", ward_a, date(2026, 3, 5)),
            ("Phòng cháy chữa cháy", ward_a, date(2026, 6, 30)),
            ("Bến cóc xe dù", ward_a, date(2026, 3, 20)),
        ],
        on=date(2026, 2, 11),
    )
    on_time, late = Task.objects.filter(title__in=["Quản lý đảng viên", "Thu ngân sách"]).order_by(
        "due_date"
    )
    services.task_submit(user=clerk_a, task=on_time, on=date(2026, 2, 27))
    services.task_accept(user=upper_leader, task=on_time)
    services.task_submit(user=clerk_a, task=late, on=date(2026, 3, 9))
    services.task_accept(user=upper_leader, task=late)
    return meeting


def test_directive_figures_by_unit(
    district_tasks, ward_a, ward_b, district, django_assert_num_queries
):
    with django_assert_num_queries(1):  # one grouped aggregate over tasks
        figures = selectors.directive_figures_by_unit(
            unit_ids=[ward_a.pk, ward_b.pk, district.pk],
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            today=date(2026, 4, 1),
        )
    a = figures[ward_a.pk]
    assert (a.assigned, a.open_at_end, a.overdue_at_end, a.done, a.done_on_time) == (4, 2, 1, 2, 1)
    assert a.done_late == 1
    assert str(a.on_time_rate) == "50.00"
    assert figures[ward_b.pk] == selectors.DirectiveFigures()
    assert figures[ward_b.pk].on_time_rate is None


def test_meeting_counts_by_unit(
    district_tasks, ward_a, ward_b, district, leader_a, clerk_a, django_assert_num_queries
):
    make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 3))
    make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2025, 3, 3))
    with django_assert_num_queries(1):
        counts = selectors.meeting_counts_by_unit(
            unit_ids=[ward_a.pk, ward_b.pk, district.pk],
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        )
    assert counts == {ward_a.pk: 2, ward_b.pk: 0, district.pk: 1}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("to thi bich chau", True),
        ("Tô Thị Bích Châu", True),
        ("TO THI", True),
        ("dan van", True),
        ("dân vận", True),
        ("chau bich", True),
        ("nguyen hue", False),
    ],
)
def test_search_ignores_diacritics_and_case(frozen, ward_a, leader_a, clerk_a, query, found):
    leader_a.full_name = "Tô Thị Bích Châu"
    leader_a.save()
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, title="Giao ban dân vận")
    assert (meeting in selectors.search_meetings(clerk_a, query)) is found


def test_search_finds_minutes_content_and_tasks(frozen, ward_a, leader_a, clerk_a, clerk_b):
    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a)
    approved_minutes(
        meeting,
        directives=[("Vận động cơ sở cho du khách đi vệ sinh miễn phí", ward_a, date(2026, 5, 1))],
    )
    assert meeting in selectors.search_meetings(clerk_a, "tang cuong cong tac dan van")
    assert selectors.search_tasks(clerk_a, "ve sinh mien phi").count() == 1
    assert selectors.search_tasks(clerk_b, "ve sinh mien phi").count() == 0


def test_search_uses_the_gin_index(frozen, ward_a, leader_a, clerk_a):
    from django.db import connection

    make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a)
    qs = selectors._matching(selectors.Meeting.objects.all(), "dan van")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "meeting_search_gin" in plan


def test_my_tasks_come_first(frozen, district, ward_a, ward_b, upper_leader, clerk_b):
    meeting = make_district_meeting(
        district=district,
        chair=upper_leader,
        participants=[ward_a, ward_b],
    )
    approved_minutes(
        meeting,
        directives=[("Việc A", ward_a, date(2026, 4, 2)), ("Việc B", ward_b, date(2026, 9, 1))],
    )
    assert [t.title for t in selectors.task_list(upper_leader)] == ["Việc A", "Việc B"]
    assert [t.title for t in selectors.task_list(clerk_b)] == ["Việc B"]


def test_a_past_periods_directive_figures_stand_as_at_its_end(
    frozen, district_tasks, ward_a, upper_leader, clerk_a, leader_a
):
    """1/1 → 1/4/2026, counted the next day and again after the open tasks were finished and a
    meeting of the period was cancelled."""
    start, end = date(2026, 1, 1), date(2026, 4, 1)
    planned = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 30))

    def count(today):
        figures = selectors.directive_figures_by_unit(
            unit_ids=[ward_a.pk], start=start, end=end, today=today
        )[ward_a.pk]
        meetings = selectors.meeting_counts_by_unit(unit_ids=[ward_a.pk], start=start, end=end)
        return figures, meetings[ward_a.pk]

    before, meetings_before = count(date(2026, 4, 2))
    # Accepted on 1/4: done by 27/02 (on time) and 09/03 (late). "Bến cóc" (due 20/03) and
    # "Phòng cháy" (due 30/06) were still open on 1/4, the first overdue.
    assert (before.done, before.done_on_time, before.done_late) == (2, 1, 1)
    assert (before.open_at_end, before.overdue_at_end) == (2, 1)
    assert meetings_before == 2  # the district session and the ward's planned meeting
    frozen.move_to("2026-04-05 09:00 +0700")
    for task in Task.objects.exclude(status="done"):
        services.task_submit(user=clerk_a, task=task, on=date(2026, 4, 5))
        services.task_accept(user=upper_leader, task=task)
    services.meeting_cancel(user=leader_a, meeting=planned, reason="Không tổ chức.")
    assert count(date(2026, 4, 6)) == (before, meetings_before)

    # The task list behind the dashboard's figures, as it stood at the end of a day.
    client = Client()
    client.force_login(clerk_a, backend="django.contrib.auth.backends.ModelBackend")

    def listed(query):
        response = client.get(f"/meetings/tasks/?assignee={ward_a.pk}&{query}")
        assert response.status_code == 200
        return sorted(t.title for t in response.context["filter"].qs)

    assert listed("open_on=2026-04-01") == ["Bến cóc xe dù", "Phòng cháy chữa cháy"]
    assert listed("overdue_on=2026-04-01") == ["Bến cóc xe dù"]
    assert listed("overdue_on=2026-03-10") == ["Quản lý đảng viên", "Thu ngân sách"]
