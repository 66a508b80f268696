from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    AuditEntry,
    CalendarException,
    DeadlineRule,
    NumberRegister,
    NumberRegisterCount,
    RoleAssignment,
    UnitSuccession,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "position", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "position", "email", "phone")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email")}),
        *BaseUserAdmin.add_fieldsets,
    )


class SuccessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    fields = ["successor", "effective_on", "partial"]
    autocomplete_fields = ["successor"]
    extra = 0


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_from", "valid_to"]
    search_fields = ["name", "code", "abbreviation"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SuccessorInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_on", "partial"]
    list_filter = ["effective_on", "partial"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "title"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "reason"]
    date_hierarchy = "date"


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["domain", "kind", "stage", "days", "calendar", "effective_from", "legal_basis"]
    list_filter = ["domain", "calendar"]
    search_fields = ["kind", "stage", "legal_basis", "description"]


class NumberRegisterCountInline(admin.TabularInline):
    # Numbers already given are a record: edited by hand, two documents could share one.
    model = NumberRegisterCount
    fields = ["period", "last_number"]
    readonly_fields = ["period", "last_number"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NumberRegister)
class NumberRegisterAdmin(admin.ModelAdmin):
    list_display = ["series", "unit", "reset", "pattern", "term_started_on"]
    list_filter = ["reset"]
    search_fields = ["series", "unit__name", "unit__abbreviation"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    inlines = [NumberRegisterCountInline]

    def get_readonly_fields(self, request, obj=None):
        # The code asks for a register by unit and series: renaming one starts a new count.
        return ["unit", "series"] if obj else []


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log cannot be changed or deleted here (nor in the database, 0004)."""

    list_display = ["at", "actor_name", "source", "unit", "action", "object_type", "object_repr"]
    list_filter = ["action", "source", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
