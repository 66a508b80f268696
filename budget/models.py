"""The books of a unit's budget year: categories, lines, adjustments, entries, targets.

Money is whole đồng in BigIntegerField everywhere (never a float); sums are computed by
PostgreSQL in `selectors.py`. Writes go through `services.py`, which also keeps the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ward_portal.formatting import percent
from ward_portal.models import AdministrativeUnit

from .choices import (
    AdjustmentStatus,
    BudgetMode,
    Direction,
    DisclosurePeriod,
    ImportKind,
    ImportStatus,
    TargetGroup,
    YearStatus,
)


class Classification(models.Model):
    """A version of the category tree and of the state-budget classification (Mục lục NSNN),
    in force for a range of budget years. The law replaced it from budget year 2026 (Luật NSNN
    89/2025, TT 130/2025/TT-BTC): each year's books use the version in force for that year, and
    `CategoryMapping` says how the categories of one version carry over to the next."""

    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    first_year = models.PositiveSmallIntegerField(_("áp dụng từ năm ngân sách"))
    last_year = models.PositiveSmallIntegerField(
        _("áp dụng đến năm ngân sách"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu đang áp dụng."),
    )
    confirmed = models.BooleanField(
        _("đã xác nhận"),
        default=False,
        help_text=_("Chỉ đánh dấu khi đã đối chiếu với văn bản gốc."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phiên bản mục lục")
        verbose_name_plural = _("phiên bản mục lục")
        ordering = ["first_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_year"], name="unique_classification_start"),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="classification_years_in_order",
                violation_error_message=_("Năm cuối phải từ năm đầu trở về sau."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years_label(self) -> str:
        if self.last_year is None:
            return gettext("từ năm ngân sách %(first)s") % {"first": self.first_year}
        return gettext("năm ngân sách %(first)s–%(last)s") % {
            "first": self.first_year,
            "last": self.last_year,
        }

    def clean(self) -> None:
        overlapping = Classification.objects.exclude(pk=self.pk).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=self.first_year)
        )
        if self.last_year is not None:
            overlapping = overlapping.filter(first_year__lte=self.last_year)
        if self.first_year and overlapping.exists():
            raise ValidationError(
                _("Khoảng năm áp dụng trùng với phiên bản “%(name)s”.")
                % {"name": overlapping.first()}
            )


class ChapterRange(models.Model):
    """A range of chương codes (the managing body's level) in one classification version."""

    classification = models.ForeignKey(
        Classification,
        verbose_name=_("phiên bản mục lục"),
        on_delete=models.CASCADE,
        related_name="chapter_ranges",
    )
    first_code = models.CharField(_("từ chương"), max_length=3)
    last_code = models.CharField(_("đến chương"), max_length=3)
    level = models.CharField(_("cấp"), max_length=100)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("khoảng mã chương")
        verbose_name_plural = _("khoảng mã chương")
        ordering = ["classification", "first_code"]

    def __str__(self) -> str:
        return f"{self.first_code}–{self.last_code} {self.level}"


class ChapterChange(models.Model):
    """A chương code of the previous version replaced in this one (TT 130/2025: 754 → 854…);
    an empty new code means the chương was abolished."""

    classification = models.ForeignKey(
        Classification,
        verbose_name=_("phiên bản mục lục"),
        on_delete=models.CASCADE,
        related_name="chapter_changes",
    )
    old_code = models.CharField(_("mã chương cũ"), max_length=3)
    new_code = models.CharField(_("mã chương mới"), max_length=3, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chuyển đổi mã chương")
        verbose_name_plural = _("chuyển đổi mã chương")
        ordering = ["classification", "old_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "old_code"], name="unique_chapter_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code or '—'}"


class Category(models.Model):
    """A node of the revenue or expenditure tree (TT 344/2016 Điều 9–10), with optional
    state-budget classification codes (Mục lục NSNN, TT 324/2016). Every node belongs to one
    classification version; codes are unique within it."""

    classification = models.ForeignKey(
        Classification,
        verbose_name=_("phiên bản mục lục"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    direction = models.CharField(_("chiều"), max_length=12, choices=Direction.choices)
    code = models.CharField(_("mã"), max_length=20, help_text=_("Mã trong cây mục, ví dụ C.2.11."))
    name = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("mục cha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    chuong = models.CharField(_("chương"), max_length=3, blank=True)
    loai = models.CharField(
        pgettext_lazy("budget classification", "loại"), max_length=3, blank=True
    )
    khoan = models.CharField(_("khoản"), max_length=3, blank=True)
    muc = models.CharField(_("mục"), max_length=4, blank=True)
    tieu_muc = models.CharField(_("tiểu mục"), max_length=4, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mục ngân sách")
        verbose_name_plural = _("cây mục ngân sách")
        ordering = ["classification", "direction", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="unique_category_code_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def clean(self) -> None:
        if self.parent_id and self.parent.direction != self.direction:
            raise ValidationError({"parent": _("Mục cha phải cùng chiều thu hoặc chi.")})
        if self.parent_id and self.parent.classification_id != self.classification_id:
            raise ValidationError({"parent": _("Mục cha phải thuộc cùng phiên bản mục lục.")})
        if self.chuong and self.classification_id:
            ranges = list(self.classification.chapter_ranges.all())
            if ranges and not any(r.first_code <= self.chuong <= r.last_code for r in ranges):
                raise ValidationError(
                    {
                        "chuong": _("Mã chương %(c)s không có trong mục lục “%(v)s”.")
                        % {"c": self.chuong, "v": self.classification}
                    }
                )
        node = self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("Một mục không thể nằm dưới chính nó.")})
            node = node.parent


class CategoryMapping(models.Model):
    """Where a category of one version goes in the next (bảng chuyển đổi). No target: the
    category has no counterpart. A category without any mapping row is "unmapped"."""

    source = models.ForeignKey(
        Category,
        verbose_name=_("mục cũ"),
        on_delete=models.CASCADE,
        related_name="mappings_out",
    )
    target = models.ForeignKey(
        Category,
        verbose_name=_("mục mới"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings_in",
        help_text=_("Để trống nếu mục cũ không có mục tương ứng."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chuyển đổi mục")
        verbose_name_plural = _("bảng chuyển đổi mục")
        ordering = ["source__classification", "source__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"],
                nulls_distinct=False,
                name="unique_category_mapping",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target or '—'}"

    def clean(self) -> None:
        if self.target_id is None or not self.source_id:
            return
        if self.target.classification_id == self.source.classification_id:
            raise ValidationError({"target": _("Mục mới phải thuộc phiên bản mục lục khác.")})
        if self.target.direction != self.source.direction:
            raise ValidationError({"target": _("Mục mới phải cùng chiều thu hoặc chi.")})


class FiscalYear(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="fiscal_years",
    )
    year = models.PositiveSmallIntegerField(_("năm ngân sách"))
    budget_mode = models.CharField(
        _("hình thức ngân sách"),
        max_length=15,
        choices=BudgetMode.choices,
        default=BudgetMode.BUDGET_LEVEL,
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=YearStatus.choices, default=YearStatus.PLANNING
    )
    estimate_decision = models.CharField(_("quyết định giao dự toán"), max_length=100, blank=True)
    estimate_approved_on = models.DateField(_("ngày giao dự toán"), null=True, blank=True)
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa sổ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("năm ngân sách")
        verbose_name_plural = _("năm ngân sách")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_fiscal_year_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    @property
    def has_revenue(self) -> bool:
        return self.budget_mode == BudgetMode.BUDGET_LEVEL


class BudgetLine(models.Model):
    """One category of one year's budget: the initial estimate (dự toán đầu năm). The current
    estimate is derived: initial + approved adjustments."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("năm ngân sách"), on_delete=models.PROTECT, related_name="lines"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("mục"), on_delete=models.PROTECT, related_name="lines"
    )
    initial_estimate = models.BigIntegerField(_("dự toán đầu năm (đồng)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dòng ngân sách")
        verbose_name_plural = _("dòng ngân sách")
        ordering = ["fiscal_year", "category__direction", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "category"], name="unique_line_per_category"
            ),
            models.CheckConstraint(
                condition=Q(initial_estimate__gte=0),
                name="line_initial_estimate_not_negative",
                violation_error_message=_("Dự toán đầu năm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} · {self.category}"


class Adjustment(models.Model):
    """An adjustment of the estimate (điều chỉnh dự toán): proposed by a clerk, approved by the
    ward leader; only approved ones count."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng"), on_delete=models.PROTECT, related_name="adjustments"
    )
    date = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    reason = models.TextField(_("lý do"))
    amount = models.BigIntegerField(
        _("số điều chỉnh (đồng)"), help_text=_("Số dương để tăng, số âm để giảm dự toán.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    # the proposing form's key: the same form sent twice proposes once (ward_portal.idempotency)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("điều chỉnh dự toán")
        verbose_name_plural = _("điều chỉnh dự toán")
        ordering = ["line", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0),
                name="adjustment_not_zero",
                violation_error_message=_("Số điều chỉnh phải khác 0."),
            ),
        ]
        indexes = [models.Index(fields=["line", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.date:%d/%m/%Y})"


class Entry(models.Model):
    """An actual (thực hiện) booked from a voucher. Never edited: a correction is a new entry
    that reverses it (negative amount, `reverses` set)."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng"), on_delete=models.PROTECT, related_name="entries"
    )
    date = models.DateField(_("ngày chứng từ"))
    voucher_number = models.CharField(_("số chứng từ"), max_length=50)
    description = models.CharField(_("nội dung"), max_length=255)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("bút toán đảo của"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("lần nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )

    # The key of the form that made it: the same form sent twice makes one (idempotency.once).
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("chứng từ thực hiện")
        verbose_name_plural = _("chứng từ thực hiện")
        ordering = ["line", "date", "pk"]
        constraints = [
            # The natural key that makes re-importing a file harmless.
            models.UniqueConstraint(
                fields=["line", "voucher_number", "date"], name="unique_entry_voucher"
            ),
            models.CheckConstraint(
                condition=~Q(amount=0),
                name="entry_not_zero",
                violation_error_message=_("Số tiền phải khác 0."),
            ),
        ]
        indexes = [models.Index(fields=["line", "date"])]

    def __str__(self) -> str:
        return f"{self.voucher_number} ({self.date:%d/%m/%Y})"


class MonthlyActual(models.Model):
    """The actuals of a line for one month: a summary kept by PostgreSQL itself.

    Statement-level triggers on budget_entry (migration 0004) add every inserted voucher to
    its month and take out every deleted one, in the same transaction, whoever writes (the
    services, an import's bulk insert, the demo). So the dashboards and reports sum 12 rows
    a line instead of every voucher of the year; the code never writes here.
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    amount = models.BigIntegerField(default=0)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="monthly_actual_line_month")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} · {self.month:%m/%Y}: {self.amount}"


class AuditEvent(models.Model):
    """Who changed what, when, with the values before and after."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("năm ngân sách"), on_delete=models.CASCADE, related_name="+"
    )
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("dòng"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    object_type = models.CharField(_("đối tượng"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} · {self.action}"


class ImportBatch(models.Model):
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("năm ngân sách"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=ImportKind.choices)
    file = models.FileField(_("tệp"), upload_to="budget/imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ImportStatus.choices,
        default=ImportStatus.VALIDATING,
    )
    rows_total = models.PositiveIntegerField(_("số dòng"), default=0)
    rows_valid = models.PositiveIntegerField(_("số dòng hợp lệ"), default=0)
    rows_skipped = models.PositiveIntegerField(_("số dòng đã có"), default=0)
    rows_written = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)
    amount_total = models.BigIntegerField(_("tổng số tiền"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    failure = models.TextField(_("lỗi hệ thống"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập tệp")
        verbose_name_plural = _("lần nhập tệp")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A file is written into a year's books at most once.
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "sha256"],
                condition=Q(status="done"),
                name="unique_import_done_per_file",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class Target(models.Model):
    """An indicator (chỉ tiêu) with a plan and a result for one unit and year."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("năm"), on_delete=models.PROTECT, related_name="targets"
    )
    group = models.CharField(_("nhóm"), max_length=20, choices=TargetGroup.choices)
    name = models.CharField(_("chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    planned = models.DecimalField(_("kế hoạch"), max_digits=16, decimal_places=2)
    actual = models.DecimalField(
        _("thực hiện"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["fiscal_year", "group", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="unique_target_name"),
            models.CheckConstraint(
                condition=Q(planned__gte=0),
                name="target_planned_positive",
                violation_error_message=_("Kế hoạch không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def pct(self):
        return None if self.actual is None else percent(self.actual, self.planned)


class Disclosure(models.Model):
    """A publication (công khai) of the approved estimate or of the execution of a period
    (TT 343/2016 Điều 15–18). The figures are frozen at publication: what was posted."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("năm"), on_delete=models.PROTECT, related_name="disclosures"
    )
    period = models.CharField(_("kỳ công khai"), max_length=2, choices=DisclosurePeriod.choices)
    published_at = models.DateTimeField(_("công khai lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người công khai"), on_delete=models.PROTECT
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    rows = models.JSONField(_("số liệu"), default=list)
    note = models.TextField(_("thuyết minh"), blank=True)

    class Meta:
        verbose_name = _("công khai ngân sách")
        verbose_name_plural = _("công khai ngân sách")
        ordering = ["fiscal_year", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "period"], name="unique_disclosure_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} · {self.get_period_display()}"


__all__ = [
    "Adjustment",
    "AuditEvent",
    "BudgetLine",
    "Category",
    "CategoryMapping",
    "ChapterChange",
    "ChapterRange",
    "Classification",
    "Disclosure",
    "Entry",
    "FiscalYear",
    "ImportBatch",
    "ImportKind",
    "ImportStatus",
    "Target",
]
