"""Writes of the petition domain. Each service is one transaction; views and tasks stay thin."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ward_portal import audit
from ward_portal.calendars import WorkingCalendar, find_rule
from ward_portal.idempotency import once
from ward_portal.models import AdministrativeUnit, Role, RoleAssignment, User
from ward_portal.queueing import enqueue_now, enqueue_on_commit
from ward_portal.registers import number_allocate
from ward_portal.states import require_state
from ward_portal.text import fold, nfc

from . import permissions
from .choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    Channel,
    Kind,
    NotificationKind,
    NotificationState,
    Stage,
    Status,
)
from .models import (
    Notification,
    Open311Client,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reception,
    ReceptionEntry,
    Topic,
)

logger = logging.getLogger(__name__)

DOMAIN = "citizens"
# Luật Tố cáo Điều 30: extended once or twice; a complaint (complex case) once.
MAX_EXTENSIONS = {Kind.DENUNCIATION: 2, Kind.COMPLAINT: 1, Kind.FEEDBACK: 1}
# Petition codes (NTB-2026-000123) come from the unit's "HS" register, restarting each year.
PETITION_SERIES = "HS"
PETITION_CODES = {"pattern": "{unit}-{period}-{number:06d}"}


@dataclass(frozen=True)
class UploadedDocument:
    """A file already checked by content and cleaned (see forms.clean_upload)."""

    name: str
    content: bytes
    content_type: str


# --- helpers --------------------------------------------------------------------------------


def today() -> date:
    return timezone.localdate()


def compute_due(*, kind: str, stage: str, start: date, calendar: WorkingCalendar | None = None):
    rule = find_rule(domain=DOMAIN, kind=kind, stage=stage, on=start)
    return (calendar or WorkingCalendar()).add(start, rule.days, rule.calendar)


def _search_text(petition: Petition) -> str:
    return fold(" ".join([petition.code, petition.title, petition.content, petition.place]))


def _event(
    petition: Petition,
    *,
    actor: User | None,
    action: str,
    public: bool = True,
    public_note: str = "",
    internal_note: str = "",
    at: datetime | None = None,
    satisfied: bool | None = None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        at=at or timezone.now(),
        actor=actor,
        action=action,
        status=petition.status,
        public=public,
        public_note=public_note,
        internal_note=internal_note,
        due_date=petition.due_date,
        satisfied=satisfied,
    )


def case_url(petition: Petition) -> str:
    return settings.SITE_URL + reverse(
        "citizens_public:case", kwargs={"code": petition.code, "secret": petition.secret}
    )


def staff_url(petition: Petition) -> str:
    return settings.SITE_URL + reverse("citizens:detail", kwargs={"pk": petition.pk})


def _notify(
    petition: Petition, *, kind: str, recipient: str, subject: str, body: str, key: str = ""
) -> list[int]:
    """Write a pending notification (idempotent by its unique key); returns new ids."""
    if not recipient:
        return []
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                petition=petition,
                kind=kind,
                key=key,
                recipient=recipient,
                subject=subject[:255],
                body=body,
            )
    except IntegrityError:  # already written once: "once each"
        return []
    return [row.pk]


def _enqueue_on_commit(ids: list[int]) -> None:
    """Send the new notifications once they have committed (the sweep catches up if the broker
    is down)."""
    from .tasks import send_notification

    for pk in ids:
        enqueue_on_commit(send_notification, pk)


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().select_related("unit").get(pk=petition.pk)


def _require(petition: Petition, allowed: Iterable[str], action: str) -> None:
    """The kernel's state guard, refusing in the petition's own words."""
    require_state(
        petition,
        allowed,
        message=_("Không thể %(action)s hồ sơ đang ở trạng thái “%(status)s”.")
        % {"action": action, "status": petition.get_status_display()},
    )


def _stage(petition: Petition, stage: str, start: date) -> None:
    petition.stage = stage
    petition.stage_started_on = start
    petition.due_date = compute_due(kind=petition.kind, stage=stage, start=start)


# --- submission -----------------------------------------------------------------------------


def _submitted_before(idempotency_key: uuid.UUID | None) -> Petition | None:
    if idempotency_key is None:
        return None
    return Petition.objects.filter(idempotency_key=idempotency_key).first()


def check_submitter(
    *,
    kind: str,
    name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    accept_as_report: bool = False,
    channel: str = Channel.ONLINE,
) -> None:
    """Who must be named, by kind (TT 05/2021; Luật Tố cáo, Điều 25). Checked by every way in
    (the public and staff forms, Open311, imports): a complaint needs the complainant's name,
    address and a way to reach them (unless received in person: they are there); a denunciation
    needs the same unless the citizen sends it as information to check. Raises a
    ValidationError keyed by field."""
    name, address = name.strip(), address.strip()
    has_contact = channel == Channel.IN_PERSON or bool(phone.strip() or email.strip())
    errors: dict[str, list[str]] = {}
    if kind == Kind.COMPLAINT:
        if not name:
            errors["name"] = [_("Đơn khiếu nại cần họ tên người khiếu nại.")]
        if not address:
            errors["address"] = [_("Đơn khiếu nại cần địa chỉ người khiếu nại.")]
        if not has_contact:
            errors["phone"] = [_("Hãy để lại số điện thoại hoặc thư điện tử.")]
    named = name and address and has_contact
    if kind == Kind.DENUNCIATION and not accept_as_report and not named:
        errors[NON_FIELD_ERRORS] = [
            _(
                "Đơn tố cáo cần họ tên, địa chỉ và cách liên hệ của người tố cáo. "
                "Nếu không muốn ghi danh tính, hãy đánh dấu ô “Gửi như thông tin để "
                "kiểm tra”: phường chỉ kiểm tra khi thông tin nêu rõ người vi phạm và "
                "có căn cứ cụ thể."
            )
        ]
    if errors:
        raise ValidationError(errors)


def _submitter(*, name: str, phone: str, email: str, id_number: str, address: str) -> dict:
    """Who submitted, trimmed; anonymous unless named and reachable."""
    name, phone, email, address = name.strip(), phone.strip(), email.strip(), address.strip()
    return {
        "name": nfc(name),
        "phone": phone,
        "email": email,
        "id_number": id_number.strip(),
        "address": nfc(address),
        "anonymous": not (name and (phone or email or address)),
    }


def _record_receipt(petition: Petition, *, documents: list[UploadedDocument], user) -> None:
    """The petition's attachments and its first event."""
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
    for document in documents:
        attachment = PetitionAttachment(
            petition=petition,
            original_name=document.name[:255],
            content_type=document.content_type,
            size=len(document.content),
        )
        attachment.file.save(
            f"file{extension.get(document.content_type, '')}",
            ContentFile(document.content),
            save=True,
        )
    note = ""
    if petition.kind == Kind.DENUNCIATION and petition.anonymous:
        note = _(
            "Đơn tố cáo không rõ họ tên, địa chỉ: chỉ được tiếp nhận như thông tin để kiểm "
            "tra, xác minh (Luật Tố cáo, Điều 25)."
        )
    _event(petition, actor=user, action="received", public_note=note, at=petition.received_at)


def _confirmation(petition: Petition) -> list[int]:
    """The citizen's receipt with the private link to the case, when they gave an e-mail."""
    if not petition.email:
        return []
    return _notify(
        petition,
        kind=NotificationKind.CONFIRMATION,
        recipient=petition.email,
        subject=_("Phường đã nhận phản ánh %(code)s") % {"code": petition.code},
        body=_email_body("citizens/email/confirmation.txt", petition, url=case_url(petition)),
    )


def _clerk_emails(unit: AdministrativeUnit):
    return (
        RoleAssignment.objects.filter(unit=unit, role=Role.CLERK, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _staff_notices(petition: Petition) -> list[int]:
    """A new petition, to each clerk of its unit with an e-mail."""
    ids: list[int] = []
    for recipient in _clerk_emails(petition.unit):
        ids += _notify(
            petition,
            kind=NotificationKind.STAFF_NEW,
            recipient=recipient,
            subject=_("Phản ánh mới %(code)s") % {"code": petition.code},
            body=_email_body("citizens/email/staff_new.txt", petition, url=staff_url(petition)),
        )
    return ids


def _email_body(template: str, petition: Petition, *, url: str) -> str:
    # The template file ends with a line break; the message does not.
    return render_to_string(template, {"petition": petition, "url": url}).removesuffix("\n")


def _check_unit_open(unit: AdministrativeUnit, day) -> None:
    if not unit.in_force_on(day):
        # The public form and Open311 lead an old ward's address to its successors first.
        raise ValidationError(
            {
                "unit": _(
                    "%(unit)s không hoạt động vào ngày %(day)s: hãy gửi đến đơn vị đang hoạt động "
                    "(đơn vị kế thừa)."
                )
                % {"unit": unit.name, "day": f"{day:%d/%m/%Y}"}
            }
        )


@transaction.atomic
def petition_submit(
    *,
    unit: AdministrativeUnit,
    kind: str,
    topic: Topic,
    title: str,
    content: str,
    place: str = "",
    name: str = "",
    phone: str = "",
    email: str = "",
    id_number: str = "",
    address: str = "",
    consent: bool = False,
    documents: list[UploadedDocument] | None = None,
    channel: str = Channel.ONLINE,
    idempotency_key: uuid.UUID | None = None,
    user: User | None = None,
    received_at: datetime | None = None,
    open311_client: Open311Client | None = None,
    latitude=None,
    longitude=None,
    accept_as_report: bool = False,
) -> tuple[Petition, bool]:
    """Commits the petition, its first event, its due date and its pending notifications
    together; enqueues the notifications after commit. Returns (petition, created): a second
    submission with the same idempotency key returns the first petition."""
    if (existing := _submitted_before(idempotency_key)) is not None:
        return existing, False
    check_submitter(
        kind=kind,
        name=name,
        address=address,
        phone=phone,
        email=email,
        accept_as_report=accept_as_report,
        channel=channel,
    )
    received_at = received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    _check_unit_open(unit, received_on)
    petition = Petition(
        unit=unit,
        kind=kind,
        topic=topic,
        channel=channel,
        title=nfc(title.strip()),
        content=nfc(content.strip()),
        place=nfc(place.strip()),
        **_submitter(name=name, phone=phone, email=email, id_number=id_number, address=address),
        consent_at=received_at if consent else None,
        received_at=received_at,
        received_on=received_on,
        idempotency_key=idempotency_key,
        open311_client=open311_client,
        created_by=user,
        latitude=latitude,
        longitude=longitude,
        code="-",
    )
    _stage(petition, Stage.CLASSIFY, received_on)
    # The key's uniqueness is checked by the save below (a twin is answered, not refused).
    petition.full_clean(exclude=["code", "idempotency_key"])
    try:
        with transaction.atomic():
            petition.code = number_allocate(
                unit=unit, series=PETITION_SERIES, on=received_on, defaults=PETITION_CODES
            ).text
            petition.search_text = _search_text(petition)
            petition.save()
    except IntegrityError:
        # A concurrent double submit with the same key won the race: return its petition.
        if (existing := _submitted_before(idempotency_key)) is not None:
            return existing, False
        raise
    _record_receipt(petition, documents=documents or [], user=user)
    _enqueue_on_commit(_confirmation(petition) + _staff_notices(petition))
    return petition, True


# --- handling -------------------------------------------------------------------------------

CLASSIFY_DECISIONS = [Status.ACCEPTED, Status.INELIGIBLE, Status.FORWARDED, Status.SPLIT]


@transaction.atomic
def petition_classify(
    *,
    petition: Petition,
    user: User,
    decision: str,
    reason: str = "",
    forwarded_to: str = "",
    kind: str | None = None,
) -> Petition:
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(petition, [Status.RECEIVED], _("phân loại"))
    if decision not in CLASSIFY_DECISIONS:
        raise ValidationError(_("Cách phân loại không hợp lệ."))
    if kind and kind != petition.kind:
        # Classification is by content, not by title (TT 05/2021 Điều 6).
        petition.kind = kind
    reason = nfc(reason.strip())
    if decision in (Status.INELIGIBLE, Status.SPLIT) and not reason:
        raise ValidationError({"reason": _("Hãy ghi rõ lý do.")})
    if decision == Status.FORWARDED:
        if not forwarded_to.strip():
            raise ValidationError({"forwarded_to": _("Hãy ghi cơ quan nhận đơn chuyển.")})
        if petition.forwarded_to:
            raise ValidationError(_("Đơn chỉ được chuyển một lần."))
        petition.forwarded_to = nfc(forwarded_to.strip())
    petition.status = decision
    petition.classification_reason = reason
    if decision == Status.ACCEPTED:
        _stage(petition, Stage.RESOLVE, today())
    else:
        petition.stage = ""
        petition.due_date = None
    petition.save()
    public_note = {
        Status.ACCEPTED: _("Đơn thuộc thẩm quyền và đã được thụ lý."),
        Status.INELIGIBLE: reason,
        Status.FORWARDED: _("Đã chuyển đến: %(body)s") % {"body": petition.forwarded_to},
        Status.SPLIT: reason,
    }[decision]
    _event(petition, actor=user, action="classified", public_note=public_note)
    return petition


def petition_split_part(
    *, petition: Petition, user: User, kind: str, topic: Topic, title: str, content: str
) -> Petition:
    """One part of a petition classified "to be split": a petition of its own (code,
    deadlines, notifications) with the citizen's details, received when the original was."""
    permissions.require_can_change_petition(user, petition)
    with transaction.atomic():
        original = _locked(petition)
        _require(original, [Status.SPLIT], _("tách"))
        part, _created = petition_submit(
            unit=original.unit,
            kind=kind,
            topic=topic,
            title=title,
            content=content,
            place=original.place,
            name=original.name,
            phone=original.phone,
            email=original.email,
            id_number=original.id_number,
            address=original.address,
            consent=original.consent_at is not None,
            channel=original.channel,
            user=user,
            received_at=original.received_at,
        )
        part.parent = original
        part.save(update_fields=["parent"])
        _event(
            original,
            actor=user,
            action="split_part",
            public_note=_("Đã tách một nội dung thành hồ sơ %(code)s.") % {"code": part.code},
        )
    return part


def _unit_staff(unit_id: int):
    return User.objects.filter(roles__unit_id=unit_id, is_active=True).distinct()


@transaction.atomic
def petition_assign(*, petition: Petition, user: User, handler: User, note: str = "") -> Petition:
    permissions.require_can_assign_petition(user, petition)
    petition = _locked(petition)
    _require(petition, [Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS], _("giao"))
    if not _unit_staff(petition.unit_id).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": _("Người xử lý phải là cán bộ của đơn vị.")})
    petition.handler = handler
    petition.assigned_by = user
    if petition.status == Status.ACCEPTED:
        petition.status = Status.ASSIGNED
    petition.save()
    _event(
        petition,
        actor=user,
        action="assigned",
        public_note=_("Đã giao cán bộ xử lý."),
        internal_note=nfc(note),
    )
    ids = []
    if handler.email:
        ids = _notify(
            petition,
            kind=NotificationKind.REMINDER,
            key=f"assigned-{handler.pk}-{timezone.now():%Y%m%d%H%M%S}",
            recipient=handler.email,
            subject=_("Bạn được giao hồ sơ %(code)s") % {"code": petition.code},
            body=_("Hạn giải quyết: %(due)s.\n%(url)s")
            % {"due": f"{petition.due_date:%d/%m/%Y}", "url": staff_url(petition)},
        )
    _enqueue_on_commit(ids)
    return petition


@transaction.atomic
def petition_start(*, petition: Petition, user: User) -> Petition:
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(petition, [Status.ASSIGNED], _("bắt đầu giải quyết"))
    petition.status = Status.IN_PROGRESS
    petition.save()
    _event(petition, actor=user, action="started", public_note=_("Đang xác minh, giải quyết."))
    return petition


@transaction.atomic
def petition_resolve(
    *, petition: Petition, user: User, answer: str, conclusion: str = ""
) -> Petition:
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(petition, [Status.ASSIGNED, Status.IN_PROGRESS], _("giải quyết"))
    answer = nfc(answer.strip())
    if not answer:
        raise ValidationError({"answer": _("Hãy nhập nội dung trả lời người dân.")})
    if petition.kind == Kind.DENUNCIATION and not conclusion:
        raise ValidationError(
            {"conclusion": _("Đơn tố cáo phải có kết luận: đúng, đúng một phần hoặc sai.")}
        )
    if petition.kind == Kind.FEEDBACK:
        conclusion = ""
    day = today()
    petition.status = Status.RESOLVED
    petition.answer = answer
    petition.conclusion = conclusion
    petition.resolved_on = day
    petition.resolved_on_time = petition.due_date is None or day <= petition.due_date
    petition.save()
    _event(petition, actor=user, action="resolved", public_note=answer)
    ids = []
    if petition.email:
        ids = _notify(
            petition,
            kind=NotificationKind.ANSWER,
            key=f"{day.isoformat()}-{petition.events.count()}",
            recipient=petition.email,
            subject=_("Kết quả giải quyết hồ sơ %(code)s") % {"code": petition.code},
            body=_(
                "Kính gửi ông/bà,\n\n%(unit)s trả lời hồ sơ %(code)s:\n\n%(answer)s\n\n"
                "Xem hồ sơ và đánh giá mức độ hài lòng: %(url)s"
            )
            % {
                "unit": petition.unit.name,
                "code": petition.code,
                "answer": answer,
                "url": case_url(petition),
            },
        )
    _enqueue_on_commit(ids)
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, user: User) -> Petition:
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(
        petition,
        [Status.RESOLVED, Status.INELIGIBLE, Status.FORWARDED, Status.SPLIT],
        _("kết thúc"),
    )
    petition.status = Status.CLOSED
    petition.closed_on = today()
    petition.save()
    _event(petition, actor=user, action="closed", public_note=_("Hồ sơ đã kết thúc."))
    return petition


@transaction.atomic
def petition_withdraw(*, petition: Petition, user: User | None, reason: str) -> Petition:
    if user is not None:
        permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    allowed = [*OPEN_STATUSES]
    _require(petition, allowed, _("rút đơn"))
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do rút đơn.")})
    petition.status = Status.WITHDRAWN
    petition.stage = ""
    petition.due_date = None
    petition.closed_on = today()
    petition.save()
    _event(petition, actor=user, action="withdrawn", public_note=reason)
    return petition


@transaction.atomic
def petition_reopen(*, petition: Petition, user: User, reason: str) -> Petition:
    """An appeal: back to handling, with a new resolution deadline from today."""
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(petition, DONE_STATUSES, _("mở lại"))
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại.")})
    petition.status = Status.IN_PROGRESS if petition.handler_id else Status.ACCEPTED
    petition.resolved_on = None
    petition.resolved_on_time = None
    petition.closed_on = None
    petition.satisfied = None
    petition.rated_at = None
    petition.rating_comment = ""
    petition.extension_count = 0
    _stage(petition, Stage.RESOLVE, today())
    petition.save()
    _event(petition, actor=user, action="reopened", public_note=reason)
    return petition


@transaction.atomic
def petition_extend(*, petition: Petition, user: User, reason: str) -> Petition:
    """The only way a stored due date moves: an explicit extension with a reason."""
    permissions.require_can_change_petition(user, petition)
    petition = _locked(petition)
    _require(petition, [Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS], _("gia hạn"))
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do gia hạn.")})
    if petition.extension_count >= MAX_EXTENSIONS[petition.kind]:
        raise ValidationError(_("Hồ sơ đã gia hạn tối đa số lần luật cho phép."))
    rule = find_rule(domain=DOMAIN, kind=petition.kind, stage=Stage.EXTENSION, on=today())
    petition.due_date = WorkingCalendar().add(petition.due_date, rule.days, rule.calendar)
    petition.extension_count += 1
    petition.save()
    _event(
        petition,
        actor=user,
        action="extended",
        public_note=_("Gia hạn giải quyết đến %(due)s: %(reason)s")
        % {"due": f"{petition.due_date:%d/%m/%Y}", "reason": reason},
    )
    return petition


@transaction.atomic
def petition_add_note(*, petition: Petition, user: User, text: str, public: bool) -> PetitionEvent:
    permissions.require_can_change_petition(user, petition)
    text = nfc(text.strip())
    if not text:
        raise ValidationError({"text": _("Ghi chú trống.")})
    if public:
        return _event(petition, actor=user, action="note", public_note=text)
    return _event(petition, actor=user, action="note", public=False, internal_note=text)


@transaction.atomic
def petition_merge(*, petition: Petition, into: Petition, user: User) -> Petition:
    """Closes `petition` as a duplicate of `into` (same ward)."""
    permissions.require_can_change_petition(user, petition)
    if into.pk == petition.pk or into.unit_id != petition.unit_id:
        raise ValidationError(_("Chỉ gộp được vào một hồ sơ khác của cùng đơn vị."))
    petition = _locked(petition)
    _require(petition, OPEN_STATUSES, _("gộp"))
    petition.duplicate_of = into
    petition.status = Status.CLOSED
    petition.closed_on = today()
    petition.due_date = None
    petition.save()
    _event(
        petition,
        actor=user,
        action="merged",
        public_note=_("Trùng nội dung với hồ sơ %(code)s, được giải quyết chung.")
        % {"code": into.code},
    )
    _event(
        into,
        actor=user,
        action="note",
        public=False,
        internal_note=_("Gộp hồ sơ trùng %(code)s vào đây.") % {"code": petition.code},
    )
    return petition


def petition_rate(*, petition: Petition, satisfied: bool, comment: str = "") -> bool:
    """Once, after resolution: a conditional UPDATE, so a second rating changes nothing."""
    comment = nfc(comment.strip())[:1000]
    with transaction.atomic():
        changed = Petition.objects.filter(
            pk=petition.pk,
            status__in=DONE_STATUSES,
            rated_at__isnull=True,
            duplicate_of__isnull=True,
        ).update(satisfied=satisfied, rating_comment=comment, rated_at=timezone.now())
        if changed:
            audit.record_change(petition, after={"satisfied": satisfied, "rating_comment": comment})
            petition.refresh_from_db()
            _event(
                petition,
                actor=None,
                action="rated",
                public=False,
                satisfied=satisfied,
                internal_note=(_("Hài lòng") if satisfied else _("Không hài lòng"))
                + (f": {comment}" if comment else ""),
            )
    return bool(changed)


# --- notifications --------------------------------------------------------------------------

MAX_ATTEMPTS = 5


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt: a copy sent again after a worker died between the
    mail server accepting it and the row being marked sent is the same message, which mail
    clients show once."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification.{notification.pk}.{notification.petition_id}@{host}>"


def notification_send(*, notification_id: int) -> bool:
    """Claims the row (pending → sending) and sends once; True if this call sent it. A worker
    killed meanwhile leaves the row sending: the sweep hands it on once the claim is older than
    NOTIFICATION_CLAIM_SECONDS (at least once; twice only if it died after the mail server took
    the message, with the same Message-ID)."""
    from django.core.mail import EmailMessage

    claimed = Notification.objects.filter(
        pk=notification_id, state=NotificationState.PENDING
    ).update(state=NotificationState.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        EmailMessage(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient],
            headers={"Message-ID": message_id(notification)},
        ).send()
    except Exception as error:
        _release(notification, str(error))
        logger.warning("notification %s not sent: %s", notification_id, error)
        return False
    # Unconditional: even if the sweep took the row back meanwhile, it is sent.
    Notification.objects.filter(pk=notification_id).update(
        state=NotificationState.SENT, sent_at=timezone.now()
    )
    return True


def _release(notification: Notification, error: str) -> None:
    """Back to pending for another attempt, or failed after MAX_ATTEMPTS."""
    state = (
        NotificationState.FAILED
        if notification.attempts >= MAX_ATTEMPTS
        else NotificationState.PENDING
    )
    Notification.objects.filter(pk=notification.pk, state=NotificationState.SENDING).update(
        state=state, last_error=error
    )


def notifications_reclaim() -> int:
    """Sending rows whose claim is older than NOTIFICATION_CLAIM_SECONDS: their worker died
    (a send gives up long before, the SMTP timeout being 10 s). Pending again, or failed after
    MAX_ATTEMPTS; returns how many."""
    limit = timezone.now() - timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    stale = Notification.objects.filter(state=NotificationState.SENDING, claimed_at__lt=limit)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=NotificationState.FAILED, last_error="worker lost while sending"
    )
    return failed + stale.update(state=NotificationState.PENDING)


def notifications_sweep() -> int:
    """Re-enqueues every pending row (a broker outage left them behind), and those whose
    worker died while sending."""
    from .tasks import send_notification

    notifications_reclaim()
    ids = list(
        Notification.objects.filter(state=NotificationState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        enqueue_now(send_notification, pk)
    return len(ids)


REMINDER_DAYS = 2


@transaction.atomic
def deadline_reminders(*, day: date | None = None) -> int:
    """Writes, once each: a reminder to the handler REMINDER_DAYS before the deadline, and a
    notice to the ward's leaders when the case is overdue."""
    day = day or today()
    ids: list[int] = []
    soon = (
        Petition.objects.filter(
            status__in=OPEN_STATUSES,
            handler__isnull=False,
            due_date__gte=day,
            due_date__lte=day + timedelta(days=REMINDER_DAYS),
        )
        .exclude(handler__email="")
        .select_related("handler")
    )
    for petition in soon:
        ids += _notify(
            petition,
            kind=NotificationKind.REMINDER,
            key=petition.due_date.isoformat(),
            recipient=petition.handler.email,
            subject=_("Sắp đến hạn: hồ sơ %(code)s") % {"code": petition.code},
            body=_("Hồ sơ %(code)s đến hạn ngày %(due)s.\n%(url)s")
            % {
                "code": petition.code,
                "due": f"{petition.due_date:%d/%m/%Y}",
                "url": staff_url(petition),
            },
        )
    overdue = Petition.objects.filter(status__in=OPEN_STATUSES, due_date__lt=day)
    leaders: dict[int, list[str]] = {}
    for unit_id, email in (
        RoleAssignment.objects.filter(
            role=Role.LEADER, unit_id__in=overdue.values("unit_id"), user__is_active=True
        )
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    ):
        leaders.setdefault(unit_id, []).append(email)
    for petition in overdue:
        for email in leaders.get(petition.unit_id, []):
            ids += _notify(
                petition,
                kind=NotificationKind.OVERDUE,
                key=petition.due_date.isoformat(),
                recipient=email,
                subject=_("Quá hạn: hồ sơ %(code)s") % {"code": petition.code},
                body=_("Hồ sơ %(code)s đã quá hạn từ ngày %(due)s.\n%(url)s")
                % {
                    "code": petition.code,
                    "due": f"{petition.due_date:%d/%m/%Y}",
                    "url": staff_url(petition),
                },
            )
    _enqueue_on_commit(ids)
    return len(ids)


# --- reception book -------------------------------------------------------------------------


@transaction.atomic
def reception_create(
    *,
    user: User,
    unit: AdministrativeUnit,
    date: date,
    kind: str,
    receiver: User,
    place: str = "",
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Reception:
    """Opens a reception session (buổi tiếp công dân) in the book of a unit the user keeps;
    the same form sent twice opens one."""
    permissions.require_can_keep_reception_book(user, unit.pk)
    reception = Reception(
        unit=unit,
        date=date,
        kind=kind,
        receiver=receiver,
        place=place,
        note=note,
        idempotency_key=idempotency_key,
    )

    def create() -> Reception:
        reception.full_clean()
        reception.save()
        return reception

    return once(Reception.objects.filter(unit=unit), idempotency_key, create)[0]


@transaction.atomic
def reception_entry_add(
    *,
    user: User,
    reception: Reception,
    citizen_name: str,
    content: str,
    address: str = "",
    id_number: str = "",
    group_size: int = 1,
    representatives: str = "",
    prior_handling: str = "",
    request: str = "",
    documents: str = "",
    handling: str = "",
    first_time: bool = True,
    create_petition: bool = False,
    kind: str = "",
    topic: Topic | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> ReceptionEntry:
    """Writes the session's next line in the book (numbered 1, 2, 3… within the session);
    with `create_petition`, the matter also becomes a petition received in person. The same
    form sent twice writes one line."""
    permissions.require_can_keep_reception_book(user, reception.unit_id)
    if create_petition and not (kind and topic):
        raise ValidationError(_("Chọn loại đơn và lĩnh vực để tạo hồ sơ."))
    if group_size >= 5 and not representatives.strip():
        raise ValidationError(
            {"representatives": _("Đoàn từ 5 người trở lên cần ghi người đại diện.")}
        )
    # The session's row is the lock: two clerks writing at the same moment take the next
    # number one after the other (1, then 2), never the same one.
    reception = Reception.objects.select_for_update().select_related("unit").get(pk=reception.pk)
    # Under the lock, a twin of this form has either committed its line (found here) or not
    # started writing it: the same form sent twice writes one line.
    if idempotency_key is not None and (
        written := reception.entries.filter(idempotency_key=idempotency_key).first()
    ):
        return written
    last = reception.entries.aggregate(last=Max("number"))["last"] or 0
    entry = ReceptionEntry(
        reception=reception,
        number=last + 1,
        citizen_name=citizen_name,
        address=address,
        id_number=id_number,
        group_size=group_size,
        representatives=representatives,
        content=content,
        prior_handling=prior_handling,
        request=request,
        documents=documents,
        handling=handling,
        first_time=first_time,
        idempotency_key=idempotency_key,
    )
    entry.full_clean()
    if create_petition:
        entry.petition, _created = petition_submit(
            unit=reception.unit,
            kind=kind,
            topic=topic,
            title=content[:120],
            content=content + (f"\n\n{request}" if request else ""),
            name=citizen_name,
            address=address,
            id_number=id_number,
            consent=True,
            channel=Channel.IN_PERSON,
            user=user,
        )
    entry.save()
    return entry
