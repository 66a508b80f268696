"""Views parse input, call one selector or service, render. Every object is fetched through a
scoped selector, so another unit's meeting or task is a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ward_portal.access import units_visible_to
from ward_portal.actions import next_url, show_errors
from ward_portal.tables import ScopedTableView

from . import documents, permissions, selectors, services
from .choices import ItemKind, MeetingState, MinutesState
from .filters import MeetingFilter, TaskFilter
from .forms import (
    AttachmentForm,
    AttendanceForm,
    AttendeeForm,
    CorrectionForm,
    MeetingForm,
    MinutesItemFormSet,
    NoteForm,
)
from .models import CalendarFeed, MeetingAttachment, Minutes, TaskUpdate
from .tables import MeetingTable, TaskTable


def _service_errors(view):
    """A refused step comes back to the page it came from (when that is a page of this site:
    a Referer naming another site goes to the meetings list), with the service's message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as error:  # a MeetingError, or a model's own check
            show_errors(request, error)
            return redirect(next_url(request, "meetings:index", referer=True))

    return wrapper


class MeetingListView(ScopedTableView):
    selector = staticmethod(selectors.meeting_list)
    table_class = MeetingTable
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"


class TaskListView(ScopedTableView):
    selector = staticmethod(selectors.task_list)
    table_class = TaskTable
    filterset_class = TaskFilter
    template_name = "meetings/task_list.html"


meeting_list = login_required(MeetingListView.as_view())
task_list = login_required(TaskListView.as_view())


def _minutes_visible(user, pk: int) -> Minutes:
    return get_object_or_404(
        Minutes.objects.filter(meeting__in=selectors.meetings_visible_to(user)).select_related(
            "meeting__host_unit", "meeting__chair", "meeting__secretary"
        ),
        pk=pk,
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_detail(request.user, pk)
    minutes = list(meeting.minutes.order_by("-version"))
    current = next((m for m in minutes if m.state != MinutesState.SUPERSEDED), None)
    can_edit = permissions.can_edit_meeting(request.user, meeting) and (
        meeting.state != MeetingState.CANCELLED
    )
    notice = getattr(meeting, "conclusion_notice", None)
    notice_due = None
    if meeting.needs_conclusion_notice and meeting.state in ("minutes_approved", "published"):
        notice_due = services.conclusion_notice_due(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "participating": meeting.participating_units.all(),
            "agenda": meeting.agenda_items.all(),
            "attendees": meeting.attendees.all(),
            "attachments": meeting.attachments.all(),
            "minutes_versions": minutes,
            "current": current,
            "can_edit": can_edit,
            "is_chair": permissions.can_approve_minutes(request.user, meeting),
            "is_secretary": permissions.can_sign_minutes(request.user, meeting),
            "tasks": selectors.task_list(request.user).filter(meeting=meeting),
            "notice": notice,
            "notice_due": notice.due_on if notice else notice_due,
            "invitation_deadline": services.invitation_deadline(meeting),
            "attendee_form": AttendeeForm(user=request.user) if can_edit else None,
            "attachment_form": AttachmentForm() if can_edit else None,
            "attendance_form": AttendanceForm(),
            "correction_form": CorrectionForm(),
        },
    )


@login_required
@_service_errors
def meeting_edit(request, pk: int | None = None):
    meeting = None
    if pk is not None:
        meeting = get_object_or_404(selectors.meetings_changeable_by(request.user), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        meeting = services.meeting_save(
            user=request.user,
            meeting=meeting,
            participating_units=form.cleaned_data["participating_units"],
            agenda=form.cleaned_data["agenda"].splitlines(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            **data,
        )
        messages.success(request, _("Đã lưu cuộc họp."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _changeable_meeting(request, pk):
    return get_object_or_404(selectors.meetings_changeable_by(request.user), pk=pk)


@login_required
@require_POST
@_service_errors
def attendee_add(request, pk: int):
    meeting = _changeable_meeting(request, pk)
    form = AttendeeForm(request.POST, user=request.user)
    if form.is_valid():
        services.attendee_add(
            user=request.user,
            meeting=meeting,
            person=form.cleaned_data["person"],
            name=form.cleaned_data["name"],
            position=form.cleaned_data["position"],
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
        )
        messages.success(request, _("Đã thêm người tham dự."))
    return redirect(meeting)


@login_required
@require_POST
@_service_errors
def attendance_record(request, pk: int, attendee_pk: int):
    meeting = _changeable_meeting(request, pk)
    attendee = get_object_or_404(meeting.attendees, pk=attendee_pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        services.attendance_record(
            user=request.user, attendee=attendee, attendance=form.cleaned_data["attendance"]
        )
    return redirect(meeting)


@login_required
@require_POST
@_service_errors
def attachment_add(request, pk: int):
    meeting = _changeable_meeting(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(
            user=request.user,
            meeting=meeting,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("Đã tải tài liệu lên."))
    else:
        messages.error(request, _("Chưa chọn tệp."))
    return redirect(meeting)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        MeetingAttachment.objects.filter(meeting__in=selectors.meetings_visible_to(request.user)),
        pk=pk,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
@_service_errors
def meeting_transition(request, pk: int, action: str):
    meeting = _changeable_meeting(request, pk)
    if action == "held":
        services.meeting_mark_held(user=request.user, meeting=meeting)
        messages.success(request, _("Đã ghi nhận cuộc họp đã diễn ra."))
    elif action == "publish":
        services.meeting_publish(user=request.user, meeting=meeting)
        messages.success(request, _("Đã gửi biên bản tới các đơn vị tham dự."))
    elif action == "invitations":
        count = services.invitations_issue(
            user=request.user, meeting=meeting, urgent=bool(request.POST.get("urgent"))
        )
        messages.success(request, _("Đã phát hành giấy mời: %(n)s thư sẽ được gửi.") % {"n": count})
    elif action == "minutes":
        minutes = services.minutes_start(user=request.user, meeting=meeting)
        return redirect("meetings:minutes_edit", pk=minutes.pk)
    elif action == "cancel":
        count = services.meeting_cancel(
            user=request.user, meeting=meeting, reason=request.POST.get("reason", "")[:2000]
        )
        messages.success(
            request, _("Đã hủy cuộc họp: %(n)s người được mời sẽ nhận thông báo.") % {"n": count}
        )
    elif action == "conclusion":
        services.conclusion_notice_issue(user=request.user, meeting=meeting)
        messages.success(request, _("Đã ban hành thông báo kết luận."))
    else:
        raise Http404
    return redirect(meeting)


@login_required
def invitation_pdf(request, pk: int):
    meeting = selectors.meeting_detail(request.user, pk)
    pdf = documents.invitation_pdf(meeting, services.invitation_deadline(meeting))
    return _file(pdf, f"giay-moi-{meeting.pk}.pdf", "application/pdf")


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- minutes ------------------------------------------------------------------------------


@login_required
@_service_errors
def minutes_edit(request, pk: int):
    minutes = _minutes_visible(request.user, pk)
    if not permissions.can_edit_meeting(request.user, minutes.meeting):
        raise Http404
    if minutes.is_locked:
        messages.error(request, _("Biên bản đã ký duyệt không sửa được."))
        return redirect(minutes.meeting)
    # Directives go to units in force on the day of the meeting.
    held_on = timezone.localdate(minutes.meeting.starts_at)
    units = units_visible_to(request.user).in_force_on(held_on)
    initial = [
        {
            "kind": item.kind,
            "speaker": item.speaker,
            "speaker_position": item.speaker_position,
            "text": item.text,
            "votes_for": item.votes_for,
            "votes_against": item.votes_against,
            "votes_abstain": item.votes_abstain,
            "assignee_unit": item.assignee_unit_id,
            "due_date": item.due_date,
            "task": item.task_id,
        }
        for item in minutes.items.all()
    ]
    formset = MinutesItemFormSet(request.POST or None, initial=initial or None, units=units)
    if request.method == "POST" and formset.is_valid():
        items = [
            {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "text"}
            for form in formset
            if form.cleaned_data.get("text")
        ]
        services.minutes_save_items(user=request.user, minutes=minutes, items=items)
        messages.success(request, _("Đã lưu biên bản."))
        if "add_rows" in request.POST:
            return redirect("meetings:minutes_edit", pk=minutes.pk)
        return redirect(minutes.meeting)
    return render(
        request,
        "meetings/minutes_form.html",
        {"minutes": minutes, "meeting": minutes.meeting, "formset": formset, "kinds": ItemKind},
    )


@login_required
@require_POST
@_service_errors
def minutes_action(request, pk: int, action: str):
    minutes = _minutes_visible(request.user, pk)
    if action == "sign":
        services.minutes_sign_secretary(user=request.user, minutes=minutes)
        messages.success(request, _("Thư ký đã ký biên bản; chờ chủ trì ký duyệt."))
    elif action == "approve":
        minutes = services.minutes_approve(user=request.user, minutes=minutes)
        messages.success(request, _("Đã ký duyệt biên bản số %(n)s.") % {"n": minutes.number_label})
    elif action == "return":
        services.minutes_return(user=request.user, minutes=minutes)
        messages.success(request, _("Đã trả lại biên bản cho thư ký."))
    elif action == "correct":
        form = CorrectionForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        new = services.minutes_correct(user=request.user, minutes=minutes, reason=reason)
        return redirect("meetings:minutes_edit", pk=new.pk)
    else:
        raise Http404
    return redirect(minutes.meeting)


@login_required
def minutes_pdf(request, pk: int):
    minutes = _minutes_visible(request.user, pk)
    pdf = documents.minutes_pdf(selectors.minutes_with_items(minutes.pk))
    return _file(pdf, f"bien-ban-{minutes.meeting_id}-v{minutes.version}.pdf", "application/pdf")


@login_required
def minutes_docx(request, pk: int):
    minutes = _minutes_visible(request.user, pk)
    content = documents.minutes_docx(selectors.minutes_with_items(minutes.pk))
    return _file(
        content,
        f"bien-ban-{minutes.meeting_id}-v{minutes.version}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
def minutes_diff(request, pk: int):
    minutes = _minutes_visible(request.user, pk)
    if not minutes.previous_id:
        raise Http404
    previous = _minutes_visible(request.user, minutes.previous_id)
    return render(
        request,
        "meetings/minutes_diff.html",
        {
            "minutes": minutes,
            "previous": previous,
            "meeting": minutes.meeting,
            "lines": services.minutes_diff(previous, minutes),
        },
    )


@login_required
def conclusion_pdf(request, pk: int):
    meeting = selectors.meeting_detail(request.user, pk)
    notice = getattr(meeting, "conclusion_notice", None)
    current = selectors.current_minutes(meeting)
    if notice is None or current is None:
        raise Http404
    pdf = documents.conclusion_notice_pdf(notice, selectors.minutes_with_items(current.pk))
    return _file(pdf, f"thong-bao-ket-luan-{meeting.pk}.pdf", "application/pdf")


# --- calendar -----------------------------------------------------------------------------


@login_required
def calendar(request):
    units = units_visible_to(request.user)
    unit_id = request.GET.get("unit")
    is_number = bool(unit_id) and unit_id.isascii() and unit_id.isdigit()
    unit = units.filter(pk=unit_id).first() if is_number else None
    meetings = selectors.upcoming_meetings(request.user, unit_id=unit.pk if unit else None)[:200]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "meetings/calendar.html",
        {"meetings": meetings, "units": units, "unit": unit, "feed": feed},
    )


@login_required
@require_POST
def calendar_feed_token(request):
    services.calendar_feed_for(user=request.user, regenerate=True)
    messages.success(request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ không dùng được nữa."))
    return redirect("meetings:calendar")


def calendar_feed(request, token: str):
    """No login (calendar apps cannot log in): the secret token in the URL is the credential."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = documents.meetings_ics(
        selectors.feed_meetings(feed.user),
        calendar_name=_("Lịch họp · %(name)s") % {"name": feed.user.get_full_name()},
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- tasks --------------------------------------------------------------------------------


@login_required
def task_detail(request, pk: int):
    task = selectors.task_detail(request.user, pk)
    return render(
        request,
        "meetings/task_detail.html",
        {
            "task": task,
            "can_update": permissions.can_update_task(request.user, task),
            "can_accept": permissions.can_accept_task(request.user, task),
            "form": NoteForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@_service_errors
def task_action(request, pk: int, action: str):
    task = selectors.task_detail(request.user, pk)
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        raise PermissionDenied
    note, upload = form.cleaned_data["note"], form.cleaned_data["file"]
    if action == "progress":
        services.task_progress(user=request.user, task=task, note=note, upload=upload)
        messages.success(request, _("Đã cập nhật tiến độ."))
    elif action == "submit":
        services.task_submit(user=request.user, task=task, note=note, upload=upload)
        messages.success(request, _("Đã báo cáo hoàn thành; chờ đơn vị chỉ đạo xác nhận."))
    elif action == "accept":
        services.task_accept(user=request.user, task=task, note=note)
        messages.success(request, _("Đã xác nhận hoàn thành."))
    elif action == "return":
        services.task_return(user=request.user, task=task, note=note)
        messages.success(request, _("Đã trả lại nhiệm vụ."))
    else:
        raise Http404
    return redirect(task)


@login_required
def task_update_file(request, pk: int):
    update = get_object_or_404(
        TaskUpdate.objects.filter(task__in=selectors.tasks_visible_to(request.user)).exclude(
            attachment=""
        ),
        pk=pk,
    )
    return FileResponse(
        update.attachment.open("rb"), as_attachment=True, filename=update.attachment_name
    )


# --- search -------------------------------------------------------------------------------


@login_required
def search(request):
    text = request.GET.get("q", "").strip()
    meetings = tasks = []
    if text:
        meetings = selectors.search_meetings(request.user, text)[:50]
        tasks = selectors.search_tasks(request.user, text)[:50]
    return render(
        request, "meetings/search.html", {"q": text, "meetings": meetings, "tasks": tasks}
    )
