from django.contrib import admin

from rightthere.outbox.models import OutboundMail


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = ("subject", "to_address", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_address", "subject")
    readonly_fields = [f.name for f in OutboundMail._meta.fields]
    list_select_related = ("case",)
