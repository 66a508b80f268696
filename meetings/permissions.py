"""Who may do what to meetings, minutes and tasks. Each rule is a predicate (pages use it to
offer an action or not) and its require_ counterpart (services refuse with the reason, as a
MeetingError like every refused step of this app); unit rules read the roles through the
kernel's unit predicates, signatures go to the persons named on the meeting."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ward_portal.access import can_change_unit, require
from ward_portal.models import User

from .errors import MeetingError
from .models import Meeting, Task


def can_host(user: User, unit_id: int) -> bool:
    """Create a meeting hosted by this unit, or move one to it: the unit's staff."""
    return can_change_unit(user, unit_id)


def require_can_host(user: User, unit_id: int) -> None:
    require(
        can_host(user, unit_id),
        _("Bạn chỉ tạo, sửa cuộc họp của đơn vị mình."),
        error_class=MeetingError,
    )


def can_edit_meeting(user: User, meeting: Meeting) -> bool:
    """Change the meeting and run it (attendees, files, invitations, minutes, conclusion):
    the staff of its host unit."""
    return can_change_unit(user, meeting.host_unit_id)


def require_can_edit_meeting(user: User, meeting: Meeting) -> None:
    require(
        can_edit_meeting(user, meeting),
        _("Chỉ đơn vị chủ trì được sửa cuộc họp này."),
        error_class=MeetingError,
    )


def can_sign_minutes(user: User, meeting: Meeting) -> bool:
    """Sign the draft minutes as secretary: the meeting's secretary."""
    return user.pk == meeting.secretary_id


def require_can_sign_minutes(user: User, meeting: Meeting) -> None:
    require(
        can_sign_minutes(user, meeting),
        _("Chỉ thư ký của cuộc họp ký biên bản ở mục “Thư ký”."),
        error_class=MeetingError,
    )


def can_approve_minutes(user: User, meeting: Meeting) -> bool:
    """Approve (sign as chair) the minutes the secretary signed: the meeting's chair."""
    return user.pk == meeting.chair_id


def require_can_approve_minutes(user: User, meeting: Meeting) -> None:
    require(
        can_approve_minutes(user, meeting),
        _("Chỉ chủ trì cuộc họp ký duyệt biên bản."),
        error_class=MeetingError,
    )


def can_return_minutes(user: User, meeting: Meeting) -> bool:
    """Send the secretary's signed draft back: the chair, who would approve it."""
    return can_approve_minutes(user, meeting)


def require_can_return_minutes(user: User, meeting: Meeting) -> None:
    require(
        can_return_minutes(user, meeting),
        _("Chỉ chủ trì cuộc họp trả lại biên bản."),
        error_class=MeetingError,
    )


def can_update_task(user: User, task: Task) -> bool:
    """Report progress on a task and report it done: the staff of the assignee unit."""
    return can_change_unit(user, task.assignee_unit_id)


def require_can_update_task(user: User, task: Task) -> None:
    require(
        can_update_task(user, task),
        _("Chỉ đơn vị được giao cập nhật nhiệm vụ này."),
        error_class=MeetingError,
    )


def can_accept_task(user: User, task: Task) -> bool:
    """Accept a task reported done, or return it: the staff of the directing meeting's host
    unit."""
    return can_change_unit(user, task.meeting.host_unit_id)


def require_can_accept_task(user: User, task: Task) -> None:
    require(
        can_accept_task(user, task),
        _("Chỉ đơn vị chỉ đạo xác nhận hoặc trả lại nhiệm vụ."),
        error_class=MeetingError,
    )
