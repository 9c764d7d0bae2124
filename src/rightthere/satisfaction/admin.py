from django.contrib import admin
from django.http import HttpRequest

from rightthere.satisfaction.models import SatisfactionAnswer, SatisfactionRequest


@admin.register(SatisfactionRequest)
class SatisfactionRequestAdmin(admin.ModelAdmin):
    list_display = ("case", "sent_at")
    readonly_fields = ("case", "message", "sent_at")
    list_select_related = ("case",)


@admin.register(SatisfactionAnswer)
class SatisfactionAnswerAdmin(admin.ModelAdmin):
    """Read-only: answers change only through satisfaction.actions, which log every change."""

    list_display = ("case", "rating", "answered_via", "answered_at", "changed_at")
    list_filter = ("rating", "answered_via")
    readonly_fields = [f.name for f in SatisfactionAnswer._meta.fields]
    list_select_related = ("case",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
