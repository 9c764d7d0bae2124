from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rightthere.cases import opening_hours
from rightthere.cases.models import (
    Attachment,
    BusinessHours,
    Case,
    CaseEvent,
    Holiday,
    Message,
    PriorityTarget,
    Tag,
)
from rightthere.core.admin_adds import AddsThroughSetUp


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin):
    list_display = ("weekday", "opens", "closes")


@admin.register(Holiday)
class HolidayAdmin(AddsThroughSetUp):
    list_display = ("date", "name")

    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> Holiday:
        return opening_hours.add_holiday(request.user, day=data["date"], name=data["name"])  # type: ignore[arg-type]


@admin.register(PriorityTarget)
class PriorityTargetAdmin(admin.ModelAdmin):
    list_display = ("priority", "first_response_minutes", "resolution_minutes")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases change only through actions (so every change is recorded): read-only here."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject", "customer", "status", "priority", "assignee", "created_at")
    list_filter = ("status", "priority", "kind", "channel")
    search_fields = ("subject",)
    list_select_related = ("customer", "assignee")
    show_full_result_count = False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("case", "direction", "created_at")
    list_select_related = ("case",)
    show_full_result_count = False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "before", "after", "actor", "created_at")
    list_select_related = ("case", "actor")
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "content_type", "size", "message")
