from django.contrib import admin

from .models import (
    AnswerTemplate,
    Notification,
    Open311Client,
    PersonalDataAccess,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reception,
    ReceptionEntry,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]


class EventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    readonly_fields = [
        "at",
        "actor",
        "action",
        "status",
        "public",
        "public_note",
        "internal_note",
        "due_date",
        "satisfied",
    ]
    can_delete = False


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    # Personal data stays out of the list; the change page is for administrators only.
    list_display = [
        "code",
        "unit",
        "kind",
        "topic",
        "status",
        "channel",
        "received_on",
        "due_date",
        "handler",
    ]
    list_filter = ["status", "kind", "channel", "topic", "unit"]
    search_fields = ["code", "search_text"]
    list_select_related = ["unit", "topic", "handler"]
    raw_id_fields = ["duplicate_of", "parent", "handler", "assigned_by", "created_by"]
    # What the case's history records (status, deadline, resolution, rating) changes only
    # through the services, which write the event the period figures read.
    readonly_fields = [
        "code",
        "search_text",
        "received_at",
        "received_on",
        "status",
        "due_date",
        "stage",
        "stage_started_on",
        "extension_count",
        "resolved_on",
        "resolved_on_time",
        "closed_on",
        "satisfied",
        "rated_at",
    ]
    inlines = [EventInline]
    date_hierarchy = "received_on"


@admin.register(PetitionEvent)
class PetitionEventAdmin(admin.ModelAdmin):
    list_display = ["petition", "at", "actor", "action", "status", "public"]
    list_filter = ["action", "public"]
    raw_id_fields = ["petition"]


@admin.register(PetitionAttachment)
class PetitionAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "petition", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["petition"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["petition", "kind", "recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["petition"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "petition", "purpose"]
    raw_id_fields = ["petition"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "topic"]
    list_filter = ["topic"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "active", "created_at"]
    readonly_fields = ["api_key"]


class EntryInline(admin.StackedInline):
    model = ReceptionEntry
    extra = 0
    raw_id_fields = ["petition"]


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "unit", "receiver"]
    list_filter = ["kind", "unit"]
    inlines = [EntryInline]


@admin.register(ReceptionEntry)
class ReceptionEntryAdmin(admin.ModelAdmin):
    list_display = ["reception", "number", "citizen_name", "group_size"]
    raw_id_fields = ["petition"]
