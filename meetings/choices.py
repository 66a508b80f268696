from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WORKING_SESSION = "working_session", _("Buổi làm việc với cấp trên")
    PARTY_COMMITTEE = "party_committee", _("Họp Đảng ủy")
    PEOPLES_COMMITTEE = "peoples_committee", _("Họp Ủy ban nhân dân")
    CITIZEN_DIALOGUE = "citizen_dialogue", _("Đối thoại với nhân dân")
    RECEPTION_DAY = "reception_day", _("Ngày tiếp công dân")
    OTHER = "other", _("Khác")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã họp")
    MINUTES_DRAFTED = "minutes_drafted", _("Đã dự thảo biên bản")
    MINUTES_APPROVED = "minutes_approved", _("Biên bản đã ký duyệt")
    PUBLISHED = "published", _("Đã gửi các đơn vị")
    CANCELLED = "cancelled", _("Đã hủy")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Được mời")
    PRESENT = "present", _("Có mặt")
    ABSENT_WITH_LEAVE = "absent_with_leave", _("Vắng có phép")
    ABSENT_WITHOUT_LEAVE = "absent_without_leave", _("Vắng không phép")


class AttachmentKind(models.TextChoices):
    REPORT = "report", _("Báo cáo")
    SLIDES = "slides", _("Trình chiếu")
    OTHER = "other", _("Tài liệu khác")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED_BY_SECRETARY = "signed_by_secretary", _("Thư ký đã ký")
    APPROVED = "approved", _("Đã ký duyệt")
    SUPERSEDED = "superseded", _("Đã được đính chính")


class ItemKind(models.TextChoices):
    # In the order a meeting runs (Nghị định 30/2020 form 1.9; QĐ 45/2018 on minutes' content).
    REPORT = "report", _("Báo cáo")
    OPINION = "opinion", _("Ý kiến phát biểu")
    VOTE = "vote", _("Biểu quyết")
    CONCLUSION = "conclusion", _("Kết luận của chủ trì")
    DIRECTIVE = "directive", _("Chỉ đạo, giao nhiệm vụ")


ITEM_ORDER = {kind: n for n, kind in enumerate(ItemKind.values)}


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Chờ xác nhận hoàn thành")
    DONE = "done", _("Đã hoàn thành")


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Cập nhật tiến độ")
    SUBMITTED = "submitted", _("Báo cáo hoàn thành")
    ACCEPTED = "accepted", _("Xác nhận hoàn thành")
    RETURNED = "returned", _("Trả lại, yêu cầu thực hiện tiếp")
