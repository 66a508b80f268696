from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BudgetMode(models.TextChoices):
    # A full budget level has its own revenue and expenditure (TT 344/2016); a spending unit of
    # a higher level (HCMC and Hà Nội wards 2021–2025) only spends an allocation.
    BUDGET_LEVEL = "budget_level", _("Cấp ngân sách (thu và chi)")
    SPENDING_UNIT = "spending_unit", _("Đơn vị dự toán của cấp trên (chỉ chi)")


class YearStatus(models.TextChoices):
    PLANNING = "planning", _("Lập dự toán")
    EXECUTION = "execution", pgettext_lazy("budget year", "Đang thực hiện")
    CLOSED = "closed", _("Đã quyết toán (khóa sổ)")


class Direction(models.TextChoices):
    REVENUE = "revenue", _("Thu ngân sách")
    EXPENDITURE = "expenditure", _("Chi ngân sách")


class AdjustmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


class TargetGroup(models.TextChoices):
    SOCIO_ECONOMIC = "socio_economic", _("Kinh tế - xã hội")
    DEFENCE = "defence", _("Quốc phòng - an ninh")
    PARTY = "party", _("Xây dựng Đảng")
    ADMIN_REFORM = "admin_reform", _("Cải cách hành chính")


class ImportKind(models.TextChoices):
    ESTIMATES = "estimates", _("Dự toán đầu năm")
    ENTRIES = "entries", _("Chứng từ thực hiện")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Đang kiểm tra")
    INVALID = "invalid", _("Có lỗi, chưa ghi")
    VALID = "valid", _("Hợp lệ, chờ ghi sổ")
    QUEUED = "queued", _("Đang chờ ghi sổ")
    DONE = "done", _("Đã ghi sổ")
    FAILED = "failed", _("Lỗi khi ghi sổ")


class DisclosurePeriod(models.TextChoices):
    ESTIMATE = "E", _("Dự toán được giao")
    Q1 = "Q1", _("Thực hiện quý I")
    Q2 = "Q2", _("Thực hiện quý II và 6 tháng")
    Q3 = "Q3", _("Thực hiện quý III và 9 tháng")
    Q4 = "Q4", _("Thực hiện quý IV")
    YEAR = "Y", _("Thực hiện cả năm")
