from datetime import date

import pytest

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
    assert (a.assigned, a.open, a.overdue, a.done, a.done_on_time) == (4, 2, 1, 2, 1)
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
