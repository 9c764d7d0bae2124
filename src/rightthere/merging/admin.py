from django.contrib import admin
from django.http import HttpRequest

from rightthere.merging.models import CaseMerge


@admin.register(CaseMerge)
class CaseMergeAdmin(admin.ModelAdmin):
    """Read-only history: merges are made and undone through merging.actions (case page or
    API), which move every related row and record what moved so undo can put it back."""

    list_display = ("created_at", "merged", "survivor", "actor", "undone_at")
    list_filter = ("undone_at",)
    date_hierarchy = "created_at"
    search_fields = ("merged__subject", "survivor__subject")
    readonly_fields = [f.name for f in CaseMerge._meta.fields]
    list_select_related = ("merged", "survivor", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CaseMerge | None = None) -> bool:
        return False
