from django.contrib import admin

from .models import Report, ReportSubscription


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "unit",
        "kind",
        "period_kind",
        "year",
        "number",
        "status",
        "finished_at",
        "attempts",
    ]
    list_filter = ["kind", "period_kind", "status", "year"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]
    readonly_fields = ["generation", "attempts", "error", "pdf_file", "xlsx_file", "data_as_of"]


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "kind"]
    list_select_related = ["user", "unit"]
