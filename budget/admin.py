"""Admin for every model. The books themselves (lines, entries, adjustments) are read-only here:
they change only through the services, which check the year is open and keep the audit trail.
The category tree is data an administrator extends."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .history import describe
from .models import (
    Adjustment,
    AuditEvent,
    BudgetLine,
    Category,
    CategoryMapping,
    ChapterChange,
    ChapterRange,
    Classification,
    Disclosure,
    Entry,
    FiscalYear,
    ImportBatch,
    Target,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChapterRangeInline(admin.TabularInline):
    model = ChapterRange
    extra = 0


class ChapterChangeInline(admin.TabularInline):
    model = ChapterChange
    extra = 0


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = ["name", "first_year", "last_year", "confirmed", "legal_basis"]
    list_filter = ["confirmed"]
    search_fields = ["name", "legal_basis"]
    inlines = [ChapterRangeInline, ChapterChangeInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "classification",
        "direction",
        "parent",
        "loai",
        "muc",
        "tieu_muc",
        "is_active",
    ]
    list_filter = ["classification", "direction", "is_active"]
    search_fields = ["code", "name", "muc", "tieu_muc"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent", "classification"]
    ordering = ["classification", "direction", "sort_order", "code"]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "note"]
    list_filter = ["source__classification", "target__classification"]
    search_fields = ["source__code", "source__name", "target__code", "target__name"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]


@admin.register(FiscalYear)
class FiscalYearAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "budget_mode", "status", "closed_at"]
    list_filter = ["year", "status", "budget_mode"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "category", "initial_estimate"]
    list_filter = ["fiscal_year__year", "category__direction"]
    search_fields = ["fiscal_year__unit__name", "category__code", "category__name"]
    list_select_related = ["fiscal_year__unit", "category"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["line", "date", "decision_number", "amount", "status", "decided_by"]
    list_filter = ["status", "line__fiscal_year__year"]
    search_fields = ["decision_number", "reason"]
    list_select_related = ["line__fiscal_year__unit", "line__category", "decided_by"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "voucher_number", "line", "amount", "recorded_by"]
    list_filter = ["line__fiscal_year__year", "line__category__direction"]
    search_fields = ["voucher_number", "description"]
    date_hierarchy = "date"
    list_select_related = ["line__fiscal_year__unit", "line__category", "recorded_by"]
    show_full_result_count = False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action_name", "changes", "object_type", "fiscal_year"]
    list_filter = ["action", "object_type"]
    list_select_related = ["user", "fiscal_year__unit"]

    @admin.display(description=_("thao tác"), ordering="action")
    def action_name(self, event):
        return describe(event).action

    @admin.display(description=_("thay đổi"))
    def changes(self, event):
        return "; ".join(
            f"{c.label}: {c.before} → {c.after}" if c.before else f"{c.label}: {c.after}"
            for c in describe(event).changes
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "fiscal_year", "kind", "status", "rows_total", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["fiscal_year__unit"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["name", "fiscal_year", "group", "unit_of_measure", "planned", "actual"]
    list_filter = ["group", "fiscal_year__year"]
    search_fields = ["name"]
    list_select_related = ["fiscal_year__unit"]


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "period", "published_at", "published_by"]
    list_filter = ["period", "fiscal_year__year"]
    list_select_related = ["fiscal_year__unit", "published_by"]
