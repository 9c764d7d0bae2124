from django.contrib import admin

from rightthere.portal.models import FormSubmission, StatusLink


@admin.register(StatusLink)
class StatusLinkAdmin(admin.ModelAdmin):
    list_display = ("case", "created_at", "last_seen_at", "revoked_at")
    readonly_fields = ("case", "nonce", "created_at", "last_seen_at")
    list_select_related = ("case",)


@admin.register(FormSubmission)
class FormSubmissionAdmin(admin.ModelAdmin):
    list_display = ("ip_address", "created_at", "accepted")
    list_filter = ("accepted",)
