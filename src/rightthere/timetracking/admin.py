from django.contrib import admin
from django.http import HttpRequest

from rightthere.timetracking.models import TimeEntry


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    """Read-only: time changes through timetracking.actions, which keep one running timer
    per person and an entry's end equal to its start plus its minutes."""

    list_display = ("started_at", "person", "case", "minutes", "billable", "source")
    list_filter = ("billable", "source", "person")
    date_hierarchy = "started_at"
    search_fields = ("note", "case__subject", "person__username")
    readonly_fields = [f.name for f in TimeEntry._meta.fields]
    list_select_related = ("person", "case")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
