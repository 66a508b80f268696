"""Citizens' petitions: the case, its history, files, notifications, the reception book."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ward_portal.models import AdministrativeUnit

from .choices import (
    Channel,
    Conclusion,
    EventAction,
    Kind,
    NotificationKind,
    NotificationState,
    ReceptionKind,
    Stage,
    Status,
)


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Topic(models.Model):
    """A subject area (lĩnh vực): editable by administrators; also the Open311 services."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Open311Client(models.Model):
    """A system allowed to POST requests through Open311, with its own API key."""

    name = models.CharField(_("tên hệ thống"), max_length=120)
    api_key = models.CharField(_("khóa API"), max_length=64, unique=True, default=new_secret)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        verbose_name=_("đơn vị nhận mặc định"),
        null=True,
        blank=True,
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ứng dụng Open311")
        verbose_name_plural = _("ứng dụng Open311")

    def __str__(self) -> str:
        return self.name


class Petition(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("đơn vị"),
    )
    code = models.CharField(_("mã hồ sơ"), max_length=30, unique=True)
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    kind = models.CharField(_("loại đơn"), max_length=15, choices=Kind.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, verbose_name=_("lĩnh vực"), related_name="petitions"
    )
    channel = models.CharField(
        _("kênh tiếp nhận"), max_length=15, choices=Channel.choices, default=Channel.ONLINE
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"), max_length=5000)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Personal data (Nghị định 13/2023): shown only to those who handle the case.
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ liên hệ"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True)
    anonymous = models.BooleanField(_("nặc danh"), default=False)
    search_text = models.TextField(editable=False, default="")

    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    received_on = models.DateField(_("ngày tiếp nhận"), db_index=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=15,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
    )
    # The deadline of the current stage, stored when the stage starts.
    stage = models.CharField(_("bước"), max_length=15, choices=Stage.choices, blank=True)
    stage_started_on = models.DateField(null=True, blank=True)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)

    classification_reason = models.TextField(_("lý do"), blank=True)
    forwarded_to = models.CharField(_("cơ quan nhận chuyển"), max_length=255, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_petitions",
        verbose_name=_("người xử lý"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_petitions",
        verbose_name=_("người giao"),
    )
    answer = models.TextField(_("trả lời"), blank=True)
    conclusion = models.CharField(
        _("kết luận"), max_length=15, choices=Conclusion.choices, blank=True
    )
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    resolved_on_time = models.BooleanField(_("giải quyết đúng hạn"), null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    satisfied = models.BooleanField(_("hài lòng"), null=True, blank=True)
    rating_comment = models.TextField(_("ý kiến đánh giá"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("trùng với"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_parts",
        verbose_name=_("tách từ đơn"),
    )
    open311_client = models.ForeignKey(
        Open311Client, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn, phản ánh")
        verbose_name_plural = _("đơn, phản ánh")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def is_open(self) -> bool:
        from .choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES


class PetitionEvent(models.Model):
    """One line of the case history: a status change, an assignment, a note, an extension."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("việc"), max_length=30, choices=EventAction.choices)
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices)
    public = models.BooleanField(_("người dân thấy"), default=True)
    public_note = models.TextField(_("ghi chú cho người dân"), blank=True)
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True)
    # The due date in force after this event: the history of the deadline (extensions move it).
    due_date = models.DateField(null=True, blank=True)
    # A citizen's rating ("rated" events): kept here because reopening a case clears the
    # petition's own rating, and the figures of the period it was given in must not change.
    satisfied = models.BooleanField(_("hài lòng"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "pk"]
        indexes = [
            # A case as it stood at a moment: its last event before it, one index probe.
            models.Index(fields=["petition", "at", "id"], name="petition_event_history"),
            # The resolutions and ratings of a period, and what changed after a day.
            models.Index(fields=["action", "at"], name="petition_event_action_at"),
            models.Index(fields=["at"], name="petition_event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.action} {self.at:%d/%m/%Y %H:%M}"


def attachment_path(instance: PetitionAttachment, filename: str) -> str:
    return f"citizens/{instance.petition.received_on:%Y}/{uuid.uuid4().hex}{filename[-5:]}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An email to send: written in the same transaction as its cause, sent by a task (at least
    once: see services.notification_send)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=15, choices=NotificationKind.choices)
    # Makes "once each" a constraint: the due date for reminders, "" otherwise.
    key = models.CharField(max_length=40, blank=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    state = models.CharField(
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "key", "recipient"], name="unique_notification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class PersonalDataAccess(models.Model):
    """Every time a member of staff was shown a petitioner's personal data."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="data_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(max_length=50)

    class Meta:
        verbose_name = _("lượt xem dữ liệu cá nhân")
        verbose_name_plural = _("lượt xem dữ liệu cá nhân")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.petition_id} · {self.at:%d/%m/%Y %H:%M}"


class AnswerTemplate(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("lĩnh vực")
    )
    title = models.CharField(_("tên mẫu"), max_length=120)
    body = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")
        ordering = ["topic__order", "title"]

    def __str__(self) -> str:
        return self.title


class Reception(models.Model):
    """A reception session (buổi tiếp công dân)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="receptions",
        verbose_name=_("đơn vị"),
    )
    date = models.DateField(_("ngày tiếp"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=ReceptionKind.choices)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("người tiếp")
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    # The key of the form that made it: the same form sent twice makes one (idempotency.once).
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()}"


class ReceptionEntry(models.Model):
    """One line of the sổ tiếp công dân: a citizen or a group received."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField(_("số thứ tự"))
    citizen_name = models.CharField(_("họ tên"), max_length=120)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=20, blank=True)
    group_size = models.PositiveSmallIntegerField(_("số người"), default=1)
    representatives = models.CharField(_("người đại diện"), max_length=255, blank=True)
    content = models.TextField(_("nội dung sự việc"))
    prior_handling = models.TextField(_("quá trình giải quyết trước đó"), blank=True)
    request = models.TextField(_("yêu cầu, đề nghị"), blank=True)
    documents = models.CharField(_("tài liệu nhận"), max_length=255, blank=True)
    handling = models.TextField(_("việc tiếp nhận, xử lý"), blank=True)
    first_time = models.BooleanField(_("tiếp lần đầu"), default=True)
    petition = models.OneToOneField(
        Petition, on_delete=models.SET_NULL, null=True, blank=True, related_name="reception_entry"
    )

    # The key of the form that made it: the same form sent twice makes one (idempotency.once).
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("lượt tiếp công dân")
        ordering = ["reception", "number"]
        constraints = [
            # The book's numbering: one line per number in a session (services.reception_entry_add
            # takes the next number under a lock on the session).
            models.UniqueConstraint(
                fields=["reception", "number"], name="citizens_reception_entry_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.citizen_name}"
