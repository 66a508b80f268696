"""Meetings, their minutes (versioned, signed), conclusion notices and the directives as tasks.

Writes go through `services.py`; the models hold structure and constraints only.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ward_portal.models import AdministrativeUnit

from .choices import (
    AttachmentKind,
    Attendance,
    ItemKind,
    MeetingKind,
    MeetingState,
    MinutesState,
    TaskStatus,
    UpdateKind,
)


class GinIndex(models.Index):
    """A GIN expression index without needing django.contrib.postgres in INSTALLED_APPS."""

    suffix = "gin"

    def create_sql(self, model, schema_editor, using="", **kwargs):
        return super().create_sql(model, schema_editor, using=" USING gin", **kwargs)


def _search_index(name: str) -> GinIndex:
    # The index expression must be exactly the one selectors filter on
    # (SearchVector("search_folded", config="simple")), or PostgreSQL cannot use it.
    return GinIndex(SearchVector("search_folded", config="simple"), name=name)


class Meeting(models.Model):
    kind = models.CharField(_("loại cuộc họp"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("tên cuộc họp"), max_length=500)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(pgettext_lazy("meeting", "kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=300)
    host_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        verbose_name=_("đơn vị chủ trì"),
    )
    participating_units = models.ManyToManyField(
        AdministrativeUnit,
        blank=True,
        related_name="attended_meetings",
        verbose_name=_("đơn vị tham dự"),
    )
    # The issuing body of the minutes (form 1.9 header) and its symbol in "Số: 05/BB-QU".
    parent_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Ví dụ: ĐẢNG BỘ QUẬN 1.")
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: QUẬN ỦY QUẬN 1.")
    )
    body_symbol = models.CharField(
        _("ký hiệu cơ quan"), max_length=20, help_text=_("Ví dụ: UBND, QU, ĐU.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        verbose_name=_("chủ trì"),
    )
    chair_position = models.CharField(_("chức vụ của chủ trì"), max_length=255)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_meetings",
        verbose_name=_("thư ký"),
    )
    secretary_position = models.CharField(_("chức vụ của thư ký"), max_length=255)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận; “Lưu: VT” được thêm sẵn.")
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    needs_conclusion_notice = models.BooleanField(_("cần thông báo kết luận"), default=True)
    invitations_issued_at = models.DateTimeField(
        _("đã phát hành giấy mời lúc"), null=True, blank=True
    )
    published_at = models.DateTimeField(_("gửi các đơn vị lúc"), null=True, blank=True)
    # Raised when the time or place changes after the invitations went out: each attendee is
    # then sent the invitation again, marked as a change.
    invitation_revision = models.PositiveSmallIntegerField(_("lần thay đổi giấy mời"), default=0)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Folded (no diacritics, lower case) text of the meeting and its current minutes,
    # maintained by services.meeting_reindex.
    search_folded = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    # The key of the form that made it: the same form sent twice makes one (idempotency.once).
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["host_unit", "starts_at"], name="meeting_host_start"),
            models.Index(fields=["starts_at"], name="meeting_start"),
            _search_index("meeting_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người trình bày"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình cuộc họp")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    """Portal staff (user set) or an outside guest (name, position and organisation only)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
        verbose_name=_("cán bộ trên cổng"),
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    attendance = models.CharField(
        _("tình trạng tham dự"),
        max_length=25,
        choices=Attendance.choices,
        default=Attendance.INVITED,
    )
    # Claimed by a conditional UPDATE before the e-mail goes out: once per attendee.
    invitation_sent_at = models.DateTimeField(_("đã gửi giấy mời lúc"), null=True, blank=True)
    # Likewise for the notice that the meeting is cancelled (only to those invited).
    cancellation_sent_at = models.DateTimeField(
        _("đã gửi thông báo hủy lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="attendee_user_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: MeetingAttachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}-{filename}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu cuộc họp")
        verbose_name_plural = _("tài liệu cuộc họp")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Minutes(models.Model):
    """One version of a meeting's minutes. An approved version never changes again: a correction
    is a new version (previous → this), approved in its turn; the old one becomes superseded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The number as the register wrote it (its pattern is data: "05/BB-UBND", "05-BB/ĐU").
    number_text = models.CharField(_("số ký hiệu"), max_length=40, blank=True)
    secretary_signed_at = models.DateTimeField(_("thư ký ký lúc"), null=True, blank=True)
    chair_signed_at = models.DateTimeField(_("chủ trì ký lúc"), null=True, blank=True)
    approved_on = models.DateField(_("ngày ký"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_once"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=~models.Q(state__in=["approved", "superseded"]),
                name="one_open_minutes_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.state in (MinutesState.APPROVED, MinutesState.SUPERSEDED)

    @property
    def number_label(self) -> str:
        """ "05/BB-QU" (numbers below 10 take a leading zero)."""
        if self.number is None:
            return f"…/BB-{self.meeting.body_symbol}"
        return self.number_text or f"{self.number:02d}/BB-{self.meeting.body_symbol}"


class MinutesItem(models.Model):
    """One entry of the minutes, in the order of the meeting."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=15, choices=ItemKind.choices)
    speaker = models.CharField(_("người phát biểu"), max_length=150, blank=True)
    speaker_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"))
    votes_for = models.PositiveSmallIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), null=True, blank=True)
    assignee_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị thực hiện"),
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("task", "người thực hiện"),
    )
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    # The task this directive became; a correction's copy keeps pointing at the same task.
    task = models.ForeignKey(
        "Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="minutes_items"
    )

    class Meta:
        verbose_name = _("nội dung biên bản")
        verbose_name_plural = _("nội dung biên bản")
        ordering = ["minutes", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ConclusionNotice(models.Model):
    """Thông báo kết luận: due within 5 working days after the meeting (QĐ 45/2018)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="conclusion_notice"
    )
    number = models.PositiveIntegerField(_("số"))
    number_year = models.PositiveSmallIntegerField()
    number_text = models.CharField(_("số ký hiệu"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    due_on = models.DateField(_("hạn ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")

    def __str__(self) -> str:
        return self.number_label

    @property
    def number_label(self) -> str:
        return self.number_text or f"{self.number:02d}/TB-{self.meeting.body_symbol}"

    @property
    def on_time(self) -> bool:
        return self.issued_on <= self.due_on


class Task(models.Model):
    """A directive to carry out. `overdue` is never stored: selectors compute it from the due
    date and today (or the completion date)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("cuộc họp chỉ đạo")
    )
    assignee_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("đơn vị thực hiện"),
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=pgettext_lazy("task", "người thực hiện"),
    )
    title = models.TextField(_("nội dung nhiệm vụ"))
    due_date = models.DateField(_("thời hạn"))
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)
    assigned_on = models.DateField(_("ngày giao"))
    submitted_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    # The day the assignee finished (the submission the directing side accepted): on time when
    # completed_on <= due_date.
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Reminders: claimed by a conditional UPDATE, so each is sent once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_folded = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["assignee_unit", "status", "due_date"], name="task_unit_status"),
            models.Index(fields=["status", "due_date"], name="task_status_due"),
            _search_index("task_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | ~models.Q(status="done"),
                name="done_task_has_completion_date",
                violation_error_message=_("Nhiệm vụ đã hoàn thành cần ngày hoàn thành."),
            )
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:task", args=[self.pk])


def task_update_path(instance: TaskUpdate, filename: str) -> str:
    return f"tasks/{instance.task_id}/{secrets.token_hex(8)}-{filename}"


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("loại"), max_length=10, choices=UpdateKind.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    attachment = models.FileField(_("tệp đính kèm"), upload_to=task_update_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật nhiệm vụ")
        verbose_name_plural = _("cập nhật nhiệm vụ")
        ordering = ["task", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%d/%m/%Y}"


class CalendarFeed(models.Model):
    """The secret behind a person's iCalendar feed URL; regenerate to revoke a leaked URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch iCalendar")
        verbose_name_plural = _("lịch iCalendar")

    def __str__(self) -> str:
        return str(self.user)
