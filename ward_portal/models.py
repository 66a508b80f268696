"""The shared core: people, administrative units, roles, and the working-day rules.

Nothing here knows about budget, meetings or citizens.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Length, Substr
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


class AdministrativeUnitQuerySet(models.QuerySet):
    def in_force(self, start: date, end: date) -> AdministrativeUnitQuerySet:
        """Units that existed at some time between start and end (the 2025 reorganisation
        abolished districts and merged communes: their history stays, their future does not)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=end),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start),
        )


class AdministrativeUnit(models.Model):
    """A node of the administrative tree.

    Before 01/7/2025: province → district → commune; since then: province → commune. Both shapes
    live in one tree; `valid_from`/`valid_to` say when a unit existed. `path` is the chain of
    ids from the root ("1/2/12/"), kept by save(), so "this unit and everything below" is one
    indexed prefix match.
    """

    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=5,
        unique=True,
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

    @property
    def display_place(self) -> str:
        return self.place_name or self.name


def units_below(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The communes under an upper unit (or the unit itself when it is a commune)."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit]
    return list(
        AdministrativeUnit.objects.filter(
            path__startswith=unit.path, level=UnitLevel.COMMUNE
        ).order_by("code")
    )


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
