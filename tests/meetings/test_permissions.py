"""Who may do what to a meeting: its host unit runs it, its secretary signs and its chair
approves the minutes, the assignee unit updates a task and the directing unit accepts it.
Every refusal is a MeetingError, shown on the page like any refused step."""

from datetime import date

import pytest

from meetings import permissions
from meetings.errors import MeetingError
from meetings.models import Task
from tests.meetings.factories import approved_minutes, make_meeting


def test_the_host_units_staff_run_the_meeting(meeting_a, clerk_a, upper_leader, clerk_b, ward_a):
    assert permissions.can_edit_meeting(clerk_a, meeting_a)
    assert permissions.can_host(clerk_a, ward_a.pk)
    for outsider in (upper_leader, clerk_b):
        assert not permissions.can_edit_meeting(outsider, meeting_a)
    with pytest.raises(MeetingError, match="Chỉ đơn vị chủ trì"):
        permissions.require_can_edit_meeting(clerk_b, meeting_a)
    with pytest.raises(MeetingError, match="cuộc họp của đơn vị mình"):
        permissions.require_can_host(clerk_b, ward_a.pk)


def test_the_secretary_signs_and_the_chair_approves_or_returns(meeting_a, clerk_a, leader_a):
    # leader_a chairs, clerk_a records: staff of the same unit, different signatures.
    assert permissions.can_sign_minutes(clerk_a, meeting_a)
    assert not permissions.can_sign_minutes(leader_a, meeting_a)
    assert permissions.can_approve_minutes(leader_a, meeting_a)
    assert permissions.can_return_minutes(leader_a, meeting_a)
    assert not permissions.can_approve_minutes(clerk_a, meeting_a)
    with pytest.raises(MeetingError, match="Chỉ thư ký"):
        permissions.require_can_sign_minutes(leader_a, meeting_a)
    with pytest.raises(MeetingError, match="ký duyệt biên bản"):
        permissions.require_can_approve_minutes(clerk_a, meeting_a)
    with pytest.raises(MeetingError, match="trả lại biên bản"):
        permissions.require_can_return_minutes(clerk_a, meeting_a)


def test_the_assignee_updates_and_the_director_accepts(
    frozen, district, ward_a, upper_leader, clerk_a, clerk_b
):
    meeting = make_meeting(
        host=district,
        chair=upper_leader,
        secretary=upper_leader,
        participants=[ward_a],
        body_symbol="QU",
    )
    approved_minutes(meeting, directives=[("Việc của phường A", ward_a, date(2026, 5, 1))])
    task = Task.objects.select_related("meeting").get(meeting=meeting)
    assert permissions.can_update_task(clerk_a, task)
    assert not permissions.can_update_task(clerk_b, task)
    assert not permissions.can_update_task(upper_leader, task)
    assert permissions.can_accept_task(upper_leader, task)
    assert not permissions.can_accept_task(clerk_a, task)
    with pytest.raises(MeetingError, match="đơn vị được giao"):
        permissions.require_can_update_task(upper_leader, task)
    with pytest.raises(MeetingError, match="đơn vị chỉ đạo"):
        permissions.require_can_accept_task(clerk_a, task)
