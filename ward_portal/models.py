"""The shared core: people, administrative units, roles, and the working-day rules.

Nothing here knows about budget, meetings or citizens.
"""

from __future__ import annotations

import string
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A member of staff. Vietnamese names are written whole, so one field holds the name."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(
        _("chức vụ"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch UBND phường, Bí thư Đảng ủy phường."),
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Quận / huyện / thị xã")
    COMMUNE = "commune", _("Phường / xã / thị trấn / đặc khu")


def _overlapping(start: date | None, end: date | None) -> models.Q:
    """Units whose validity meets [start, end]; None is an open end."""
    q = models.Q()
    if end is not None:
        q &= models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=end)
    if start is not None:
        q &= models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start)
    return q


class AdministrativeUnitQuerySet(models.QuerySet):
    def in_force(self, start: date, end: date) -> AdministrativeUnitQuerySet:
        """Units that existed at some time between start and end (the 2025 reorganisation
        abolished districts and merged communes: their history stays, their future does not)."""
        return self.filter(_overlapping(start, end))

    def in_force_on(self, day: date) -> AdministrativeUnitQuerySet:
        """Units that existed on that day. An official code names one unit only together
        with a day: since 01/7/2025 the new Phường Bến Thành has the old one's code."""
        return self.in_force(day, day)

    def below(self, unit: AdministrativeUnit) -> AdministrativeUnitQuerySet:
        """Every unit under `unit`, at any depth and any date (not the unit itself)."""
        return self.filter(path__startswith=unit.path).exclude(pk=unit.pk)

    def served(self) -> AdministrativeUnitQuerySet:
        """Units where someone works on the portal (a role is held there): the official tree
        holds every unit of the country, the portal serves those it has staff for."""
        return self.filter(
            models.Exists(RoleAssignment.objects.filter(unit_id=models.OuterRef("pk")))
        )


class AdministrativeUnit(models.Model):
    """A node of the administrative tree.

    Before 01/7/2025: province → district → commune; since then: province → commune. Both shapes
    live in one tree; `valid_from`/`valid_to` say when a unit existed. `path` is the chain of
    ids from the root ("1/2/12/"), kept by save(), so "this unit and everything below" is one
    indexed prefix match.

    Official codes are reused (the new Phường Sài Gòn has the old Phường Bến Nghé's code), so a
    code names a unit only together with a day: the validity ranges of one code never overlap
    (clean() and the loader check it; the embedded PostgreSQL has no btree_gist for an
    exclusion constraint), and at most one unit per code is still in force. What became of a
    unit is in UnitSuccession.
    """

    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=5,
        help_text=_("Mã chính thức: 2 chữ số cho tỉnh, 3 cho quận/huyện, 5 cho xã/phường."),
    )
    name = models.CharField(_("tên"), max_length=150)
    abbreviation = models.CharField(
        _("viết tắt"),
        max_length=10,
        blank=True,
        help_text=_("Dùng trong mã hồ sơ, ví dụ NTB cho Phường Nguyễn Thái Bình."),
    )
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Place name used in formal date lines: "TP. Hồ Chí Minh, ngày 17 tháng 02 năm 2022".
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        # Official codes list the units in their official order: province (2 digits),
        # district (3), commune (5).
        ordering = [Length("code"), "code"]
        indexes = [
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            # Units with no known start (the pre-2025 list) count as one start: NULLS NOT
            # DISTINCT. This unique index also serves every lookup by code.
            models.UniqueConstraint(
                fields=["code", "valid_from"], nulls_distinct=False, name="unit_code_per_start"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(valid_to__isnull=True),
                name="one_unit_in_force_per_code",
                violation_error_message=_("Mã này đã thuộc về một đơn vị đang có hiệu lực."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực phải từ ngày có hiệu lực trở về sau."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is structure, not a business rule: keep it right whoever saves the unit.
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs = {}
            prefix = self.parent.path if self.parent_id else ""
            self.path = f"{prefix}{self.pk}/"
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(
                    pk=self.pk
                ).update(path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)))

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu.")})
        if self.parent_id and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("Một đơn vị không thể nằm dưới chính nó.")})
        if self.code and (
            AdministrativeUnit.objects.filter(_overlapping(self.valid_from, self.valid_to))
            .filter(code=self.code)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"code": _("Mã này đã thuộc về một đơn vị khác trong cùng thời gian hiệu lực.")}
            )

    @property
    def display_place(self) -> str:
        return self.place_name or self.name

    @property
    def dated_code(self) -> str:
        """The code with the unit's first day when it has one, for file names and exports: the
        old and the new Phường Bến Thành both hold 26743 ("26743" and "26743-20250701")."""
        return f"{self.code}-{self.valid_from:%Y%m%d}" if self.valid_from else self.code

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def parent_on(self, day: date) -> AdministrativeUnit | None:
        """The upper unit in force on `day`: the parent, or the first ancestor still in force
        when the parent had ended (a ward kept across 01/7/2025 answers to the province once
        its district is gone). Report recipients and second-instance bodies use this."""
        node = self.parent
        while node is not None and not node.in_force_on(day):
            node = node.parent
        return node

    def nearest_day_in_force(self, day: date) -> date:
        """The day itself, or the unit's last day when it had ended by then (its first day
        when it did not exist yet)."""
        if self.valid_to is not None and day > self.valid_to:
            return self.valid_to
        if self.valid_from is not None and day < self.valid_from:
            return self.valid_from
        return day


def units_below(unit: AdministrativeUnit, on: date | None = None) -> list[AdministrativeUnit]:
    """The communes under an upper unit in force on `on` (default today), or the unit itself
    when it is a commune. A unit that had ended by then answers with the communes it had on
    its last day: Quận 1 (abolished on 01/7/2025) keeps its ten wards."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit]
    day = unit.nearest_day_in_force(on or timezone.localdate())
    return list(
        AdministrativeUnit.objects.in_force_on(day)
        .filter(path__startswith=unit.path, level=UnitLevel.COMMUNE)
        .order_by("code")
    )


def units_during(unit: AdministrativeUnit, start: date, end: date) -> list[AdministrativeUnit]:
    """The communes under an upper unit that existed at some time between start and end (the
    unit itself when it is a commune), ordered by code. A period that spans 01/7/2025 holds the
    wards that ended on 30/6/2025 and the communes that began the next day: each record belongs
    to one of them, so a total over them counts nothing twice and loses nothing. A unit that
    had ended before the period answers with the communes of its last day."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit]
    first = max(start, unit.valid_from) if unit.valid_from else start
    last = min(end, unit.valid_to) if unit.valid_to else end
    if first > last:
        first = last = unit.nearest_day_in_force(end)
    return list(
        AdministrativeUnit.objects.in_force(first, last)
        .filter(path__startswith=unit.path, level=UnitLevel.COMMUNE)
        .order_by("code", "valid_from")
    )


class UnitSuccession(models.Model):
    """On a day, `successor` took over `predecessor` (wholly, or a part of it when `partial`):
    the 2025 conversion table (Phường Nguyễn Thái Bình → part to Phường Sài Gòn, part to
    Phường Bến Thành). History stays on the predecessor; the successor's pages reach it
    through these links."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="succeeded_by",
        verbose_name=_("đơn vị cũ"),
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="succeeds",
        verbose_name=_("đơn vị kế thừa"),
    )
    effective_on = models.DateField(_("ngày hiệu lực"))
    partial = models.BooleanField(
        _("một phần"),
        default=False,
        help_text=_("Chỉ một phần của đơn vị cũ được nhập vào đơn vị kế thừa."),
    )

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        ordering = ["effective_on", "predecessor", "successor"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="one_succession_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_not_to_itself",
                violation_error_message=_("Một đơn vị không kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ, công chức")
    LEADER = "leader", _("Lãnh đạo")


class RoleAssignment(models.Model):
    """A role that a person holds in one unit. A person may hold roles in several units.

    A clerk or leader works on their own unit; a leader of an upper unit (a district or a
    province) also sees every unit below it, read-mostly.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("người dùng")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    title = models.CharField(
        _("chức danh"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Phó Chủ tịch UBND phường."),
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def clean(self) -> None:
        # Roles belong to units in force. A role kept at a unit that has since ended is a
        # read-only window on its history (ward_portal.access); none is given there anew.
        if self.unit_id is None:
            return
        changed_unit = self._state.adding or (
            RoleAssignment.objects.filter(pk=self.pk).values_list("unit_id", flat=True).first()
            != self.unit_id
        )
        today = timezone.localdate()
        if changed_unit and not self.unit.in_force_on(today):
            raise ValidationError(
                {
                    "unit": _(
                        "%(unit)s không còn hiệu lực (đến %(end)s): chỉ giao vai trò ở đơn vị "
                        "đang hoạt động, ví dụ đơn vị kế thừa."
                    )
                    % {"unit": self.unit, "end": f"{self.unit.valid_to:%d/%m/%Y}"}
                    if self.unit.valid_to
                    else _("%(unit)s chưa có hiệu lực.") % {"unit": self.unit}
                }
            )


class CalendarKind(models.TextChoices):
    DAYS = "days", _("ngày")
    WORKING_DAYS = "working_days", _("ngày làm việc")


class CalendarException(models.Model):
    """A day that differs from the usual calendar, as the government decides each year:
    an extra day off (Tết bridges) or a make-up working Saturday."""

    date = models.DateField(pgettext_lazy("field", "ngày"), unique=True)
    is_working_day = models.BooleanField(
        _("là ngày làm việc"),
        default=False,
        help_text=_("Đánh dấu nếu là ngày làm bù; để trống nếu là ngày nghỉ thêm."),
    )
    reason = models.CharField(_("lý do"), max_length=255)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("ngày nghỉ / làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.reason}"


class DeadlineRule(models.Model):
    """A legal time limit, as data: the law changes, and unconfirmed rules must be editable.

    Looked up by (domain, kind, stage) and the start date: the rule with the latest
    `effective_from` not after the start applies.
    """

    domain = models.CharField(_("lĩnh vực"), max_length=30, help_text=_("Ví dụ: citizens."))
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    stage = models.CharField(_("bước"), max_length=40)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    calendar = models.CharField(
        _("cách tính"), max_length=15, choices=CalendarKind.choices, default=CalendarKind.DAYS
    )
    effective_from = models.DateField(_("áp dụng từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["domain", "kind", "stage", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "kind", "stage", "effective_from"], name="unique_deadline_rule"
            )
        ]

    def __str__(self) -> str:
        kind = self.kind or "*"
        return f"{self.domain}/{kind}/{self.stage}: {self.days} {self.get_calendar_display()}"


class NumberReset(models.TextChoices):
    # State documents: numbers restart at 01 on 1 January (Nghị định 30/2020 Điều 15).
    YEARLY = "year", _("Mỗi năm (văn bản hành chính)")
    # Party documents run through the committee's term (Hướng dẫn 36-HD/VPTW).
    TERM = "term", _("Mỗi nhiệm kỳ (văn bản của Đảng)")
    NEVER = "never", _("Không bắt đầu lại")


PATTERN_FIELDS = ("number", "period", "series", "unit")


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a number pattern, or None. A pattern is data typed in the admin and
    fed to str.format_map, so only the four named placeholders are allowed (no attribute or
    index lookups, no positional fields), and it must show the number."""
    invalid = _("Mẫu số không hợp lệ; ví dụ đúng: {number:02d}/{series}.")
    try:
        parts = [(f, spec) for _text, f, spec, _conv in string.Formatter().parse(pattern)]
    except ValueError:
        return invalid
    fields = [f for f, _spec in parts if f is not None]
    unknown = [f for f in fields if f not in PATTERN_FIELDS]
    if unknown:
        return _(
            "Mẫu số chỉ được dùng {number}, {period}, {series} và {unit}; không dùng: %(fields)s."
        ) % {"fields": ", ".join(f"{{{f}}}" for f in unknown)}
    if "number" not in fields:
        return _("Mẫu số phải có {number}.")
    # A placeholder inside a format spec ("{number:{period.real}}") is not seen by parse().
    if any(spec and "{" in spec for _f, spec in parts):
        return invalid
    try:
        pattern.format_map({"number": 1, "period": 2026, "series": "BB-UBND", "unit": "NTB"})
    except (ValueError, TypeError):
        return invalid
    return None


class NumberRegister(models.Model):
    """Sổ đăng ký số: where one issuing unit takes the numbers of one series (minutes of the
    people's committee, petition codes, …). The numbers themselves are counted per period in
    NumberRegisterCount; ward_portal.registers.number_allocate hands them out."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị ban hành"),
    )
    series = models.CharField(
        _("loại số"),
        max_length=40,
        help_text=_("Ví dụ: BB-UBND (biên bản của UBND), TB-UBND, BC-UBND, HS (mã hồ sơ)."),
    )
    reset = models.CharField(
        _("đánh số lại"), max_length=5, choices=NumberReset.choices, default=NumberReset.YEARLY
    )
    term_started_on = models.DateField(
        _("nhiệm kỳ bắt đầu"),
        null=True,
        blank=True,
        help_text=_("Ngày bắt đầu nhiệm kỳ hiện tại, khi đánh số lại mỗi nhiệm kỳ."),
    )
    pattern = models.CharField(
        _("mẫu số"),
        max_length=60,
        default="{number:02d}/{series}",
        help_text=_(
            "Cách viết số, ví dụ {number:02d}/{series} → 01/BB-UBND; "
            "{unit}-{period}-{number:06d} → NTB-2026-000123."
        ),
    )

    class Meta:
        verbose_name = _("sổ đăng ký số")
        verbose_name_plural = _("sổ đăng ký số")
        ordering = ["unit", "series"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "series"], name="one_register_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.series} · {self.unit}"

    def clean(self) -> None:
        problem = pattern_problem(self.pattern)
        if problem:
            raise ValidationError({"pattern": problem})
        if self.reset == NumberReset.TERM and not self.term_started_on:
            raise ValidationError(
                {"term_started_on": _("Sổ đánh số theo nhiệm kỳ cần ngày bắt đầu nhiệm kỳ.")}
            )


class NumberRegisterCount(models.Model):
    """The last number given by a register in one period: the year, the first year of the
    term, or 0 for a register that never starts again."""

    register = models.ForeignKey(
        NumberRegister,
        on_delete=models.CASCADE,
        related_name="counts",
        verbose_name=_("sổ đăng ký số"),
    )
    period = models.PositiveSmallIntegerField(_("kỳ"))
    last_number = models.PositiveIntegerField(_("số đã cấp cuối cùng"), default=0)

    class Meta:
        verbose_name = _("số đã cấp theo kỳ")
        verbose_name_plural = _("số đã cấp theo kỳ")
        ordering = ["register", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["register", "period"], name="one_count_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.register} · {self.period}: {self.last_number}"


# --- audit log (ward_portal/audit.py writes it; PostgreSQL refuses UPDATE and DELETE) -------


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa đổi")
    STATE = "state", _("Chuyển trạng thái")
    DELETE = "delete", _("Xóa")
    EXPORT = "export", _("Xuất dữ liệu")
    DOWNLOAD = "download", _("Tải báo cáo, tệp")
    VIEW = "view", _("Xem dữ liệu cá nhân")


class AuditSource(models.TextChoices):
    STAFF = "staff", _("Cán bộ")
    PUBLIC = "public", _("Người dân (không đăng nhập)")
    SYSTEM = "system", _("Hệ thống")


class AuditEntry(models.Model):
    """One change, export, download or view of personal data: who, when, which unit's object,
    its fields before and after. Append-only: a trigger (migration 0004) refuses UPDATE and
    DELETE, for the portal's database role and a superuser alike.

    The person and the unit are kept without foreign-key constraints and with their names at
    the time, so that the log outlives a deleted account or unit and never blocks deleting one.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    source = models.CharField(_("nguồn"), max_length=10, choices=AuditSource.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    action = models.CharField(_("thao tác"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sau"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-at"], name="audit_unit_at"),
            models.Index(fields=["-at"], name="audit_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"
