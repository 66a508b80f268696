"""Enumerations of the petition domain (Luật Tiếp công dân, Khiếu nại, Tố cáo; TT 05/2021)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")


KIND_HELP = {
    Kind.FEEDBACK: _("Báo cho phường biết một việc chưa ổn hoặc đề xuất cách làm tốt hơn."),
    Kind.COMPLAINT: _(
        "Đề nghị xem lại một quyết định hay việc làm của cơ quan, cán bộ ảnh hưởng đến "
        "quyền lợi của chính bạn."
    ),
    Kind.DENUNCIATION: _(
        "Báo cho cơ quan có thẩm quyền biết một người, một cơ quan đang vi phạm pháp luật."
    ),
}


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến (biểu mẫu)")
    IN_PERSON = "in_person", _("Trực tiếp (tiếp công dân)")
    POST = "post", _("Bưu chính")
    HOTLINE = "hotline", _("Đường dây nóng")
    FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
    OPEN311 = "open311", _("Hệ thống khác (Open311)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã phân loại, thụ lý")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện xử lý")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    SPLIT = "split", _("Đã tách đơn")
    ASSIGNED = "assigned", _("Đã giao người xử lý")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")


# Still in our hands: these count as "in progress" and can be overdue.
OPEN_STATUSES = [Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS]
DONE_STATUSES = [Status.RESOLVED, Status.CLOSED]


class Conclusion(models.TextChoices):
    RIGHT = "right", _("Đúng")
    PARTLY_RIGHT = "partly_right", _("Đúng một phần")
    WRONG = "wrong", _("Sai (không đúng sự thật)")


class Stage(models.TextChoices):
    """The deadline stages looked up in DeadlineRule (domain "citizens")."""

    CLASSIFY = "classify", _("Phân loại, xử lý đơn")
    RESOLVE = "resolve", _("Giải quyết")
    EXTENSION = "extension", _("Gia hạn giải quyết")


class ReceptionKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    PERIODIC = "periodic", _("Định kỳ (lãnh đạo tiếp)")
    AD_HOC = "ad_hoc", _("Đột xuất")


class NotificationKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Xác nhận đã nhận")
    STAFF_NEW = "staff_new", _("Báo cán bộ có phản ánh mới")
    ANSWER = "answer", _("Gửi kết quả giải quyết")
    REMINDER = "reminder", _("Nhắc sắp đến hạn")
    OVERDUE = "overdue", _("Báo quá hạn cho lãnh đạo")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class EventAction(models.TextChoices):
    """What happened to a petition, as its history says it."""

    RECEIVED = "received", pgettext_lazy("petition history", "Tiếp nhận")
    CLASSIFIED = "classified", pgettext_lazy("petition history", "Phân loại")
    SPLIT_PART = "split_part", pgettext_lazy("petition history", "Tách thành hồ sơ riêng")
    ASSIGNED = "assigned", pgettext_lazy("petition history", "Giao người xử lý")
    STARTED = "started", pgettext_lazy("petition history", "Bắt đầu giải quyết")
    RESOLVED = "resolved", pgettext_lazy("petition history", "Giải quyết, trả lời")
    CLOSED = "closed", pgettext_lazy("petition history", "Kết thúc hồ sơ")
    WITHDRAWN = "withdrawn", pgettext_lazy("petition history", "Người dân rút đơn")
    REOPENED = "reopened", pgettext_lazy("petition history", "Mở lại")
    EXTENDED = "extended", pgettext_lazy("petition history", "Gia hạn")
    NOTE = "note", pgettext_lazy("petition history", "Ghi chú")
    MERGED = "merged", pgettext_lazy("petition history", "Gộp hồ sơ trùng")
    RATED = "rated", pgettext_lazy("petition history", "Người dân đánh giá")
