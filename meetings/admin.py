from django.contrib import admin

from .models import (
    AgendaItem,
    Attendee,
    CalendarFeed,
    ConclusionNotice,
    Meeting,
    MeetingAttachment,
    Minutes,
    MinutesItem,
    Task,
    TaskUpdate,
)


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "host_unit", "kind", "state"]
    list_filter = ["kind", "state", "host_unit"]
    search_fields = ["title", "search_folded"]
    raw_id_fields = ["chair", "secretary", "created_by"]
    filter_horizontal = ["participating_units"]
    inlines = [AgendaInline, AttendeeInline]


class MinutesItemInline(admin.StackedInline):
    model = MinutesItem
    extra = 0
    raw_id_fields = ["assignee_user", "task"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "version", "state", "number", "number_year", "approved_on"]
    list_filter = ["state"]
    inlines = [MinutesItemInline]

    def get_readonly_fields(self, request, obj=None):
        # Approved minutes are immutable here too: a correction is a new version.
        if obj is not None and obj.is_locked:
            return [f.name for f in self.model._meta.fields]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_locked


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "assignee_unit", "due_date", "status", "completed_on"]
    list_filter = ["status", "assignee_unit"]
    search_fields = ["title", "search_folded"]
    raw_id_fields = ["assignee_user", "accepted_by", "meeting"]
    # A task's history is in these dates (the period figures read them): they change only
    # through the services.
    readonly_fields = [
        "status",
        "due_date",
        "assigned_on",
        "submitted_on",
        "completed_on",
        "accepted_at",
    ]
    inlines = [TaskUpdateInline]


for model in (
    AgendaItem,
    Attendee,
    MeetingAttachment,
    MinutesItem,
    ConclusionNotice,
    TaskUpdate,
    CalendarFeed,
):
    admin.site.register(model)
