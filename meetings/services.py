"""Writes: every change to meetings, minutes and tasks goes through a function here.

Each service is one transaction, checks who may take the step (permissions.py) and the state it
starts from, and says clearly why an illegal step is refused (MeetingError, shown to the user as
is).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ward_portal import audit
from ward_portal.calendars import WorkingCalendar, find_rule
from ward_portal.files import JPEG, PNG, check_image, sniff
from ward_portal.idempotency import once
from ward_portal.models import AdministrativeUnit, CalendarKind, User
from ward_portal.queueing import enqueue_now, enqueue_on_commit
from ward_portal.registers import number_allocate
from ward_portal.states import require_state
from ward_portal.text import fold, nfc

from . import permissions
from .choices import (
    ITEM_ORDER,
    Attendance,
    ItemKind,
    MeetingState,
    MinutesState,
    TaskStatus,
    UpdateKind,
)
from .errors import MeetingError
from .models import (
    AgendaItem,
    Attendee,
    CalendarFeed,
    ConclusionNotice,
    Meeting,
    MeetingAttachment,
    Minutes,
    MinutesItem,
    Task,
    TaskUpdate,
)

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _now() -> datetime:
    return timezone.now()


def _today() -> date:
    return timezone.localdate()


# --- meetings -----------------------------------------------------------------------------

MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "host_unit",
    "parent_body",
    "issuing_body",
    "body_symbol",
    "chair",
    "chair_position",
    "secretary",
    "secretary_position",
    "recipients",
    "needs_conclusion_notice",
)


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's current row, locked: transitions start from the state in the database."""
    return Meeting.objects.select_for_update().select_related("host_unit").get(pk=meeting.pk)


def _require_state(
    obj: Meeting | Minutes | Task, allowed: Iterable[str], message: str, *, field: str = "state"
) -> None:
    """The kernel's state guard, refusing with this app's error (shown as is)."""
    require_state(obj, allowed, field=field, message=message, error_class=MeetingError)


NOT_CANCELLED = [state for state in MeetingState.values if state != MeetingState.CANCELLED]


def _require_not_cancelled(meeting: Meeting) -> None:
    """Refuses a meeting cancelled in the database (the instance may be older)."""
    stored = Meeting.objects.only("state").get(pk=meeting.pk)
    _require_state(stored, NOT_CANCELLED, _("Cuộc họp đã hủy: không sửa được nữa."))


@transaction.atomic
def meeting_save(
    *,
    user: User,
    meeting: Meeting | None = None,
    participating_units: Iterable[AdministrativeUnit] = (),
    agenda: Sequence[str] = (),
    idempotency_key: uuid.UUID | None = None,
    **fields: Any,
) -> Meeting:
    """Creates or changes a meeting. Only its host unit may; the host must be one of the user's
    units. Agenda lines replace the previous agenda. The same creation form sent twice
    (`idempotency_key`) makes one meeting."""

    def write() -> Meeting:
        return _meeting_write(
            user=user,
            meeting=meeting or Meeting(created_by=user, idempotency_key=idempotency_key),
            creating=meeting is None,
            participating_units=participating_units,
            agenda=agenda,
            fields=fields,
        )

    if meeting is not None:
        return write()
    created, _new = once(Meeting.objects.filter(created_by=user), idempotency_key, write)
    return created


def _meeting_write(
    *,
    user: User,
    meeting: Meeting,
    creating: bool,
    participating_units: Iterable[AdministrativeUnit],
    agenda: Sequence[str],
    fields: dict[str, Any],
) -> Meeting:
    announced = None if creating else _keep_stored_state(meeting)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(name)
        setattr(meeting, name, nfc(value) if isinstance(value, str) else value)
    permissions.require_can_host(user, meeting.host_unit_id)
    meeting.full_clean(exclude=["search_folded"])
    if meeting.ends_at < meeting.starts_at:
        raise MeetingError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    meeting.save()
    meeting.participating_units.set(
        [u for u in participating_units if u.pk != meeting.host_unit_id]
    )
    if agenda or not creating:
        _replace_agenda(meeting, agenda)
    if creating:
        _add_chair_and_secretary(meeting)
    if (
        announced
        and meeting.invitations_issued_at
        and meeting.state == MeetingState.PLANNED
        and announced != (meeting.starts_at, meeting.ends_at, meeting.place)
    ):
        _invitations_changed(meeting)
    meeting_reindex(meeting)
    return meeting


def _keep_stored_state(meeting: Meeting) -> tuple:
    """Locks the stored row and refuses a meeting past changing. The stored row, not the
    instance: a ModelForm has already written the new values into it. Its state decides, and
    its time and place are what the invitations said (returned)."""
    stored = _locked(meeting)
    _require_state(stored, NOT_CANCELLED, _("Cuộc họp đã hủy: không sửa được nữa."))
    _require_state(
        stored,
        [MeetingState.PLANNED, MeetingState.HELD],
        _("Biên bản đã được lập: không sửa thông tin cuộc họp được nữa."),
    )
    meeting.state = stored.state
    meeting.invitations_issued_at = stored.invitations_issued_at
    return (stored.starts_at, stored.ends_at, stored.place)


def _replace_agenda(meeting: Meeting, agenda: Sequence[str]) -> None:
    meeting.agenda_items.all().delete()
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=nfc(line.strip()))
        for n, line in enumerate(agenda, start=1)
        if line.strip()
    )
    audit.record_created(items)


def _add_chair_and_secretary(meeting: Meeting) -> None:
    for person, position in (
        (meeting.chair, meeting.chair_position),
        (meeting.secretary, meeting.secretary_position),
    ):
        Attendee.objects.get_or_create(
            meeting=meeting,
            user=person,
            defaults={
                "name": person.get_full_name(),
                "position": position,
                "organisation": meeting.host_unit.name,
                "email": person.email,
            },
        )


def _invitations_changed(meeting: Meeting) -> None:
    """The time or place changed after the invitations went out: everyone invited by e-mail
    is sent the invitation again, marked as a change, once each."""
    Meeting.objects.filter(pk=meeting.pk).update(invitation_revision=F("invitation_revision") + 1)
    meeting.refresh_from_db(fields=["invitation_revision"])
    attendees = meeting.attendees.exclude(email="")
    ids = list(attendees.values_list("pk", flat=True))
    attendees.update(invitation_sent_at=None)
    for attendee_id in ids:
        _enqueue_invitation(attendee_id)


def meeting_reindex(meeting: Meeting) -> None:
    """Refreshes the folded search text: the meeting, its people and its current minutes."""
    parts = [
        meeting.title,
        meeting.place,
        meeting.get_kind_display(),
        meeting.host_unit.name,
        meeting.issuing_body,
        meeting.chair.get_full_name(),
        meeting.chair_position,
        meeting.secretary.get_full_name(),
    ]
    parts += meeting.agenda_items.values_list("title", flat=True)
    parts += meeting.attendees.values_list("name", flat=True)
    minutes = meeting.minutes.exclude(state=MinutesState.SUPERSEDED).order_by("-version").first()
    if minutes:
        for speaker, text in minutes.items.values_list("speaker", "text"):
            parts += [speaker, text]
    Meeting.objects.filter(pk=meeting.pk).update(search_folded=fold(" ".join(parts)))


@transaction.atomic
def attendee_add(
    *,
    user: User,
    meeting: Meeting,
    person: User | None = None,
    name: str = "",
    position: str = "",
    organisation: str = "",
    email: str = "",
) -> Attendee:
    permissions.require_can_edit_meeting(user, meeting)
    _require_not_cancelled(meeting)
    # One attendee list change at a time per meeting: a guest added twice (a double tap) is
    # found by the second request.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    guest_twin = meeting.attendees.filter(
        user=None, name__iexact=nfc(name.strip()), organisation__iexact=nfc(organisation.strip())
    )
    if person is None and name.strip() and guest_twin.exists():
        raise MeetingError(_("Người này đã có trong danh sách tham dự."))
    if person is not None:
        name = name or person.get_full_name()
        position = position or person.position
        email = email or person.email
        if meeting.attendees.filter(user=person).exists():
            raise MeetingError(_("Người này đã có trong danh sách tham dự."))
    if not name:
        raise MeetingError(_("Cần họ và tên người tham dự."))
    attendee = Attendee(
        meeting=meeting,
        user=person,
        name=nfc(name),
        position=nfc(position),
        organisation=nfc(organisation),
        email=email,
    )
    attendee.full_clean(exclude=["meeting", "user"])
    attendee.save()
    meeting_reindex(meeting)
    # An attendee added after the invitations went out gets one too.
    if meeting.invitations_issued_at and attendee.email:
        _enqueue_invitation(attendee.pk)
    return attendee


@transaction.atomic
def attendance_record(*, user: User, attendee: Attendee, attendance: str) -> Attendee:
    meeting = attendee.meeting
    permissions.require_can_edit_meeting(user, meeting)
    _require_not_cancelled(meeting)
    _require_state(
        meeting,
        [MeetingState.PLANNED, MeetingState.HELD, MeetingState.MINUTES_DRAFTED],
        _("Biên bản đã ký: không sửa danh sách tham dự được nữa."),
    )
    if attendance not in Attendance.values:
        raise MeetingError(_("Tình trạng tham dự không hợp lệ."))
    attendee.attendance = attendance
    attendee.save(update_fields=["attendance"])
    return attendee


# Type is decided by the file's first bytes, never by its name or the browser's word.
def _sniff(upload: UploadedFile) -> str:
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload.name or "")
    if content_type is None:
        raise MeetingError(
            _(
                "Chỉ nhận tệp PDF, Word, Excel, PowerPoint, PNG hoặc JPEG "
                "(kiểm tra theo nội dung tệp)."
            )
        )
    return content_type


def check_upload(upload: UploadedFile) -> str:
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise MeetingError(_("Tệp quá lớn: tối đa 20 MB."))
    if upload.size == 0:
        raise MeetingError(_("Tệp rỗng."))
    content_type = _sniff(upload)
    if content_type in (PNG, JPEG):
        try:
            check_image(upload, name=upload.name or "")
        except ValidationError as error:
            raise MeetingError(error.messages) from error
    return content_type


@transaction.atomic
def attachment_add(
    *, user: User, meeting: Meeting, kind: str, upload: UploadedFile
) -> MeetingAttachment:
    permissions.require_can_edit_meeting(user, meeting)
    _require_not_cancelled(meeting)
    content_type = check_upload(upload)
    attachment = MeetingAttachment(
        meeting=meeting,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def meeting_mark_held(*, user: User, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(
        meeting,
        [MeetingState.PLANNED],
        _("Chỉ cuộc họp đang ở trạng thái “Đã lên lịch” mới chuyển sang “Đã họp”."),
    )
    if meeting.starts_at > _now():
        raise MeetingError(_("Cuộc họp chưa đến giờ bắt đầu."))
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state"])
    return meeting


@transaction.atomic
def meeting_publish(*, user: User, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(
        meeting,
        [MeetingState.MINUTES_APPROVED],
        _("Chỉ gửi các đơn vị sau khi biên bản đã được ký duyệt."),
    )
    meeting.state = MeetingState.PUBLISHED
    meeting.published_at = _now()
    meeting.save(update_fields=["state", "published_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, user: User, meeting: Meeting, reason: str) -> int:
    """Cancels a meeting that has not taken place, with the reason; those who were sent the
    invitation get a notice (after commit, once each). Returns how many notices go out."""
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(meeting, [MeetingState.PLANNED], _("Chỉ hủy được cuộc họp chưa diễn ra."))
    reason = nfc(reason.strip())
    if not reason:
        raise MeetingError(_("Hãy ghi lý do hủy cuộc họp."))
    meeting.state = MeetingState.CANCELLED
    meeting.cancelled_at = _now()
    meeting.cancel_reason = reason
    meeting.save(update_fields=["state", "cancelled_at", "cancel_reason"])
    pending = list(
        meeting.attendees.filter(invitation_sent_at__isnull=False, cancellation_sent_at=None)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for attendee_id in pending:
        _enqueue_cancellation(attendee_id)
    return len(pending)


def _enqueue_cancellation(attendee_id: int) -> None:
    from .tasks import send_cancellation

    enqueue_on_commit(send_cancellation, attendee_id)


def cancellation_send(*, attendee_id: int) -> bool:
    """The Celery task's body: claims the attendee's row, then sends. True when it sent."""
    return _claim_and_mail(
        attendee_id,
        claim="cancellation_sent_at",
        only=Q(invitation_sent_at__isnull=False, meeting__state=MeetingState.CANCELLED),
        subject=lambda meeting: _("Thông báo hủy cuộc họp: %(title)s") % {"title": meeting.title},
        template="meetings/email/cancellation.txt",
    )


def _claim_and_mail(attendee_id: int, *, claim: str, only: Q, subject, template: str) -> bool:
    """Sets the attendee's `claim` timestamp by a conditional UPDATE (so a redelivered task
    sends nothing twice), then e-mails; a failed send gives the claim back for the retry."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    claimed = (
        Attendee.objects.filter(only, pk=attendee_id, **{claim: None})
        .exclude(email="")
        .update(**{claim: _now()})
    )
    if not claimed:
        return False
    attendee = Attendee.objects.select_related("meeting__host_unit", "meeting__chair").get(
        pk=attendee_id
    )
    meeting = attendee.meeting
    try:
        send_mail(
            subject=subject(meeting),
            message=render_to_string(template, {"attendee": attendee, "meeting": meeting}),
            from_email=None,
            recipient_list=[attendee.email],
        )
    except Exception:
        Attendee.objects.filter(pk=attendee_id).update(**{claim: None})
        raise
    return True


# --- invitations --------------------------------------------------------------------------


def invitation_deadline(meeting: Meeting) -> date:
    """The last day to send invitations: N working days before the meeting (QĐ 45/2018)."""
    day = timezone.localtime(meeting.starts_at).date()
    # Default: 3 working days (meetings/rules.py), should the rule have been deleted.
    rule = find_rule(
        domain="meetings", stage="invitation", on=day, default=(3, CalendarKind.WORKING_DAYS)
    )
    return WorkingCalendar().subtract_working_days(day, rule.days)


def _enqueue_invitation(attendee_id: int) -> None:
    from .tasks import send_invitation

    enqueue_on_commit(send_invitation, attendee_id)


def invitations_sweep() -> int:
    """Run by beat: queue again the invitations and cancellation notices of upcoming meetings
    whose publication failed (the broker was down when the user issued them)."""
    from .tasks import send_cancellation, send_invitation

    upcoming = Attendee.objects.filter(meeting__starts_at__gte=timezone.now()).exclude(email="")
    invitations = list(
        upcoming.filter(
            invitation_sent_at=None,
            meeting__invitations_issued_at__isnull=False,
            meeting__state=MeetingState.PLANNED,
        ).values_list("pk", flat=True)
    )
    cancellations = list(
        upcoming.filter(
            cancellation_sent_at=None,
            invitation_sent_at__isnull=False,
            meeting__state=MeetingState.CANCELLED,
        ).values_list("pk", flat=True)
    )
    for attendee_id in invitations:
        enqueue_now(send_invitation, attendee_id)
    for attendee_id in cancellations:
        enqueue_now(send_cancellation, attendee_id)
    return len(invitations) + len(cancellations)


@transaction.atomic
def invitations_issue(*, user: User, meeting: Meeting, urgent: bool = False) -> int:
    """Issues the giấy mời: e-mailed to each attendee with an address, once each, after commit.
    Refused later than 3 working days before the meeting unless the meeting is urgent."""
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(
        meeting, [MeetingState.PLANNED], _("Chỉ gửi giấy mời cho cuộc họp chưa diễn ra.")
    )
    if not urgent and _today() > invitation_deadline(meeting):
        raise MeetingError(
            _(
                "Giấy mời phải gửi trước ít nhất 3 ngày làm việc (hạn chót %(day)s). "
                "Nếu là cuộc họp đột xuất, đánh dấu “họp đột xuất”."
            )
            % {"day": invitation_deadline(meeting).strftime("%d/%m/%Y")}
        )
    Meeting.objects.filter(pk=meeting.pk, invitations_issued_at=None).update(
        invitations_issued_at=_now()
    )
    meeting.refresh_from_db(fields=["invitations_issued_at"])
    pending = list(
        meeting.attendees.filter(invitation_sent_at=None)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for attendee_id in pending:
        _enqueue_invitation(attendee_id)
    return len(pending)


def invitation_send(*, attendee_id: int) -> bool:
    """The Celery task's body: claims the attendee's row, then sends. True when it sent."""
    return _claim_and_mail(
        attendee_id,
        claim="invitation_sent_at",
        only=Q(meeting__invitations_issued_at__isnull=False, meeting__state=MeetingState.PLANNED),
        subject=lambda meeting: (
            (
                _("Giấy mời (thay đổi thời gian, địa điểm): %(title)s")
                if meeting.invitation_revision
                else _("Giấy mời: %(title)s")
            )
            % {"title": meeting.title}
        ),
        template="meetings/email/invitation.txt",
    )


# --- minutes ------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, user: User, meeting: Meeting) -> Minutes:
    """Opens the first draft (the meeting must have been held)."""
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(
        meeting,
        [MeetingState.HELD],
        _("Chỉ lập biên bản cho cuộc họp đã diễn ra và chưa có biên bản."),
    )
    minutes = Minutes.objects.create(meeting=meeting, version=1)
    meeting.state = MeetingState.MINUTES_DRAFTED
    meeting.save(update_fields=["state"])
    return minutes


def _check_editable(minutes: Minutes) -> None:
    # Not yet approved (Minutes.is_locked), then not waiting for the chair either.
    _require_state(
        minutes,
        [MinutesState.DRAFT, MinutesState.SIGNED_BY_SECRETARY],
        _("Biên bản đã ký duyệt không sửa được. Muốn sửa, hãy lập bản đính chính."),
    )
    _require_state(
        minutes,
        [MinutesState.DRAFT],
        _("Thư ký đã ký: chủ trì duyệt hoặc trả lại trước khi sửa."),
    )


@transaction.atomic
def minutes_save_items(*, user: User, minutes: Minutes, items: Sequence[dict[str, Any]]) -> Minutes:
    """Replaces the draft's content. Items are put in meeting order: reports, opinions, votes,
    conclusions, directives (each kind keeps the order given)."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    permissions.require_can_edit_meeting(user, minutes.meeting)
    _check_editable(minutes)
    ordered = sorted(
        (item for item in items if (item.get("text") or "").strip()),
        key=lambda item: ITEM_ORDER[item["kind"]],
    )
    old_tasks = dict(minutes.items.filter(task__isnull=False).values_list("text", "task_id"))
    minutes.items.all().delete()
    rows = []
    for n, item in enumerate(ordered, start=1):
        row = MinutesItem(
            minutes=minutes, order=n, **{k: v for k, v in item.items() if k != "task"}
        )
        row.text = nfc(row.text.strip())
        row.speaker = nfc(row.speaker)
        row.speaker_position = nfc(row.speaker_position)
        # A task only of this minutes' own items (the form's hidden field can say anything).
        given = item.get("task")
        row.task_id = given if given in old_tasks.values() else old_tasks.get(row.text)
        if row.kind == ItemKind.DIRECTIVE and (not row.assignee_unit or not row.due_date):
            raise MeetingError(
                _("Chỉ đạo “%(text)s” cần đơn vị thực hiện và thời hạn.") % {"text": row.text[:60]}
            )
        row.full_clean(exclude=["minutes", "task"])
        rows.append(row)
    audit.record_created(MinutesItem.objects.bulk_create(rows))
    minutes.save(update_fields=["updated_at"])
    meeting_reindex(minutes.meeting)
    return minutes


@transaction.atomic
def minutes_sign_secretary(*, user: User, minutes: Minutes) -> Minutes:
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    permissions.require_can_sign_minutes(user, minutes.meeting)
    _require_state(minutes, [MinutesState.DRAFT], _("Chỉ ký được biên bản đang là dự thảo."))
    if not minutes.items.exists():
        raise MeetingError(_("Biên bản chưa có nội dung."))
    minutes.state = MinutesState.SIGNED_BY_SECRETARY
    minutes.secretary_signed_at = _now()
    minutes.save(update_fields=["state", "secretary_signed_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_return(*, user: User, minutes: Minutes, reason: str = "") -> Minutes:
    """The chair sends the secretary's signed draft back for changes."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    permissions.require_can_return_minutes(user, minutes.meeting)
    _require_state(
        minutes, [MinutesState.SIGNED_BY_SECRETARY], _("Chỉ trả lại biên bản thư ký đã ký.")
    )
    minutes.state = MinutesState.DRAFT
    minutes.secretary_signed_at = None
    minutes.save(update_fields=["state", "secretary_signed_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_approve(*, user: User, minutes: Minutes, on: date | None = None) -> Minutes:
    """The chair signs: the minutes are approved and numbered, the previous version (if this is
    a correction) is superseded, and each directive without a task becomes one."""
    minutes = (
        Minutes.objects.select_for_update().select_related("meeting__host_unit").get(pk=minutes.pk)
    )
    meeting = minutes.meeting
    permissions.require_can_approve_minutes(user, meeting)
    _require_state(
        minutes,
        [MinutesState.SIGNED_BY_SECRETARY],
        _("Thư ký phải ký biên bản trước khi chủ trì ký duyệt."),
    )
    on = on or _today()
    minutes.state = MinutesState.APPROVED
    minutes.chair_signed_at = _now()
    minutes.approved_on = on
    if minutes.previous_id:
        # A correction keeps the number of the minutes it corrects.
        previous = minutes.previous
        minutes.number, minutes.number_year = previous.number, previous.number_year
        Minutes.objects.filter(pk=previous.pk).update(state=MinutesState.SUPERSEDED)
        audit.record_change(previous, after={"state": MinutesState.SUPERSEDED})
    else:
        held_on = timezone.localtime(meeting.starts_at).date()
        allocation = number_allocate(
            unit=meeting.host_unit, series=f"BB-{meeting.body_symbol}", on=held_on
        )
        minutes.number, minutes.number_text = allocation.number, allocation.text
        minutes.number_year = held_on.year
    minutes.save()
    for item in minutes.items.filter(kind=ItemKind.DIRECTIVE, task=None):
        task = Task.objects.create(
            meeting=meeting,
            assignee_unit_id=item.assignee_unit_id,
            assignee_user_id=item.assignee_user_id,
            title=item.text,
            due_date=item.due_date,
            assigned_on=on,
        )
        task_reindex(task)
        item.task = task
        item.save(update_fields=["task"])
    if meeting.state in (MeetingState.MINUTES_DRAFTED, MeetingState.HELD):
        meeting.state = MeetingState.MINUTES_APPROVED
        meeting.save(update_fields=["state"])
    meeting_reindex(meeting)
    return minutes


@transaction.atomic
def minutes_correct(*, user: User, minutes: Minutes, reason: str) -> Minutes:
    """Starts a correction: a new draft version copying the approved one's content."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    permissions.require_can_edit_meeting(user, minutes.meeting)
    _require_state(
        minutes,
        [MinutesState.APPROVED],
        _("Chỉ đính chính biên bản đã ký duyệt (bản hiện hành)."),
    )
    if hasattr(minutes, "correction"):
        raise MeetingError(_("Đang có một bản đính chính chưa duyệt."))
    if not reason.strip():
        raise MeetingError(_("Cần ghi lý do đính chính."))
    new = Minutes.objects.create(
        meeting=minutes.meeting,
        version=minutes.version + 1,
        previous=minutes,
        correction_reason=nfc(reason.strip()),
    )
    copied = MinutesItem.objects.bulk_create(
        MinutesItem(
            minutes=new,
            **{
                f.attname: getattr(item, f.attname)
                for f in MinutesItem._meta.concrete_fields
                if f.name not in ("id", "minutes")
            },
        )
        for item in minutes.items.all()
    )
    audit.record_created(copied)
    return new


def minutes_text_lines(minutes: Minutes) -> list[str]:
    """A plain rendering used for the differences between versions."""
    lines = []
    for item in minutes.items.all():
        head = item.get_kind_display()
        if item.speaker:
            head += f" — {item.speaker}"
            if item.speaker_position:
                head += f" ({item.speaker_position})"
        lines.append(f"[{head}]")
        lines += item.text.splitlines() or [""]
        if item.kind == ItemKind.VOTE and item.votes_for is not None:
            lines.append(
                _("Tán thành %(a)s, không tán thành %(b)s, không biểu quyết %(c)s")
                % {"a": item.votes_for, "b": item.votes_against or 0, "c": item.votes_abstain or 0}
            )
        if item.kind == ItemKind.DIRECTIVE:
            lines.append(
                _("Đơn vị thực hiện: %(unit)s; thời hạn: %(due)s")
                % {
                    "unit": item.assignee_unit.name if item.assignee_unit else "",
                    "due": item.due_date.strftime("%d/%m/%Y") if item.due_date else "",
                }
            )
    return lines


def minutes_diff(old: Minutes, new: Minutes) -> list[tuple[str, str]]:
    """Line differences: ('-', line) removed, ('+', line) added, (' ', line) unchanged."""
    import difflib

    result = []
    for line in difflib.ndiff(minutes_text_lines(old), minutes_text_lines(new)):
        if line.startswith("? "):
            continue
        result.append((line[0], line[2:]))
    return result


# --- conclusion notice --------------------------------------------------------------------


def conclusion_notice_due(meeting: Meeting) -> date:
    day = timezone.localtime(meeting.ends_at).date()
    rule = find_rule(
        domain="meetings",
        stage="conclusion_notice",
        on=day,
        default=(5, CalendarKind.WORKING_DAYS),
    )
    return WorkingCalendar().add(day, rule.days, rule.calendar)


@transaction.atomic
def conclusion_notice_issue(
    *, user: User, meeting: Meeting, on: date | None = None
) -> ConclusionNotice:
    meeting = _locked(meeting)
    permissions.require_can_edit_meeting(user, meeting)
    _require_state(
        meeting,
        [MeetingState.MINUTES_APPROVED, MeetingState.PUBLISHED],
        _("Thông báo kết luận được ban hành sau khi biên bản đã ký duyệt."),
    )
    if ConclusionNotice.objects.filter(meeting=meeting).exists():
        raise MeetingError(_("Cuộc họp đã có thông báo kết luận."))
    on = on or _today()
    allocation = number_allocate(unit=meeting.host_unit, series=f"TB-{meeting.body_symbol}", on=on)
    return ConclusionNotice.objects.create(
        meeting=meeting,
        number=allocation.number,
        number_text=allocation.text,
        number_year=on.year,
        issued_on=on,
        due_on=conclusion_notice_due(meeting),
        issued_by=user,
    )


# --- tasks --------------------------------------------------------------------------------


def task_reindex(task: Task) -> None:
    parts = [task.title, task.assignee_unit.name, task.meeting.title]
    if task.assignee_user_id:
        parts.append(task.assignee_user.get_full_name())
    Task.objects.filter(pk=task.pk).update(search_folded=fold(" ".join(parts)))


UNDER_WAY = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS]


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("meeting").get(pk=task.pk)


def _record(
    task: Task, user: User, kind: str, note: str, upload: UploadedFile | None
) -> TaskUpdate:
    update = TaskUpdate(task=task, kind=kind, note=nfc(note.strip()), author=user)
    if upload is not None:
        check_upload(upload)
        update.attachment = upload
        update.attachment_name = upload.name[:255]
    update.save()
    return update


@transaction.atomic
def task_progress(
    *, user: User, task: Task, note: str, upload: UploadedFile | None = None
) -> TaskUpdate:
    task = _locked_task(task)
    permissions.require_can_update_task(user, task)
    _require_state(
        task,
        UNDER_WAY,
        _("Nhiệm vụ đã báo cáo hoàn thành: không cập nhật tiến độ được."),
        field="status",
    )
    if not note.strip():
        raise MeetingError(_("Cần ghi nội dung tiến độ."))
    # The same note sent twice (a double tap; the task row is locked, so twins wait here) is
    # one update.
    twin = task.updates.filter(
        author=user,
        kind=UpdateKind.PROGRESS,
        note=nfc(note.strip()),
        attachment="",
        created_at__gte=timezone.now() - timedelta(minutes=2),
    ).last()
    if twin is not None and upload is None:
        return twin
    task.status = TaskStatus.IN_PROGRESS
    task.save(update_fields=["status"])
    return _record(task, user, UpdateKind.PROGRESS, note, upload)


@transaction.atomic
def task_submit(
    *,
    user: User,
    task: Task,
    note: str = "",
    upload: UploadedFile | None = None,
    on: date | None = None,
) -> Task:
    """The assignee reports the task done; the directing side then accepts or returns it."""
    task = _locked_task(task)
    permissions.require_can_update_task(user, task)
    _require_state(
        task, UNDER_WAY, _("Chỉ báo cáo hoàn thành nhiệm vụ đang thực hiện."), field="status"
    )
    task.status = TaskStatus.SUBMITTED
    task.submitted_on = on or _today()
    task.save(update_fields=["status", "submitted_on"])
    _record(task, user, UpdateKind.SUBMITTED, note, upload)
    return task


@transaction.atomic
def task_accept(*, user: User, task: Task, note: str = "", at: datetime | None = None) -> Task:
    """Done: finished on the day it was submitted (on time when not after the due date)."""
    task = _locked_task(task)
    permissions.require_can_accept_task(user, task)
    _require_state(
        task,
        [TaskStatus.SUBMITTED],
        _("Chỉ xác nhận nhiệm vụ đơn vị thực hiện đã báo cáo hoàn thành."),
        field="status",
    )
    task.status = TaskStatus.DONE
    task.completed_on = task.submitted_on
    task.accepted_at = at or _now()
    task.accepted_by = user
    task.save(update_fields=["status", "completed_on", "accepted_at", "accepted_by"])
    _record(task, user, UpdateKind.ACCEPTED, note, None)
    return task


@transaction.atomic
def task_return(*, user: User, task: Task, note: str) -> Task:
    task = _locked_task(task)
    permissions.require_can_accept_task(user, task)
    _require_state(
        task,
        [TaskStatus.SUBMITTED],
        _("Chỉ trả lại nhiệm vụ đơn vị thực hiện đã báo cáo hoàn thành."),
        field="status",
    )
    if not note.strip():
        raise MeetingError(_("Cần ghi lý do trả lại."))
    task.status = TaskStatus.IN_PROGRESS
    task.submitted_on = None
    task.save(update_fields=["status", "submitted_on"])
    _record(task, user, UpdateKind.RETURNED, note, None)
    return task


def _task_recipients(task: Task) -> list[str]:
    if task.assignee_user_id and task.assignee_user.email:
        return [task.assignee_user.email]
    return list(
        User.objects.filter(roles__unit_id=task.assignee_unit_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _task_mail(task: Task, subject: str) -> None:
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    recipients = _task_recipients(task)
    if recipients:
        send_mail(
            subject=subject,
            message=render_to_string("meetings/email/task_reminder.txt", {"task": task}),
            from_email=None,
            recipient_list=recipients,
        )


def task_remind(*, task_id: int, today: date, until: date) -> bool:
    """Once per task: the claim sets reminder_sent_at only if it was empty."""
    claimed = (
        Task.objects.filter(
            pk=task_id, reminder_sent_at=None, due_date__gte=today, due_date__lte=until
        )
        .exclude(status=TaskStatus.DONE)
        .update(reminder_sent_at=_now())
    )
    if claimed:
        task = Task.objects.select_related("assignee_user", "meeting").get(pk=task_id)
        _task_mail(
            task, _("Nhắc hạn nhiệm vụ: %(due)s") % {"due": task.due_date.strftime("%d/%m/%Y")}
        )
    return bool(claimed)


def task_notify_overdue(*, task_id: int, today: date) -> bool:
    claimed = (
        Task.objects.filter(pk=task_id, overdue_notice_sent_at=None, due_date__lt=today)
        .exclude(status=TaskStatus.DONE)
        .update(overdue_notice_sent_at=_now())
    )
    if claimed:
        task = Task.objects.select_related("assignee_user", "meeting").get(pk=task_id)
        _task_mail(
            task, _("Nhiệm vụ đã quá hạn: %(due)s") % {"due": task.due_date.strftime("%d/%m/%Y")}
        )
    return bool(claimed)


# --- calendar feed ------------------------------------------------------------------------


def calendar_feed_for(*, user: User, regenerate: bool = False) -> CalendarFeed:
    import secrets

    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if regenerate and not created:
        feed.token = secrets.token_urlsafe()
        feed.save(update_fields=["token"])
    return feed
