from django.contrib import admin
from django.http import HttpRequest

from rightthere.coach.models import CoachPhrase, CoachSettings, MessageSentiment, ReplyFinding


@admin.register(CoachPhrase)
class CoachPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "category", "suggestion", "active"]
    list_filter = ["category", "active"]
    search_fields = ["phrase", "suggestion"]


@admin.register(CoachSettings)
class CoachSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "upset_threshold", "upset_marks_complaint"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CoachSettings.objects.exists()


@admin.register(ReplyFinding)
class ReplyFindingAdmin(admin.ModelAdmin):
    list_display = ["category", "text", "author", "message", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["message"]
    readonly_fields = ["message", "author", "category", "start", "end", "text", "created_at"]


@admin.register(MessageSentiment)
class MessageSentimentAdmin(admin.ModelAdmin):
    list_display = ["message", "case", "score", "upset", "created_at"]
    list_filter = ["upset"]
    raw_id_fields = ["message", "case"]
