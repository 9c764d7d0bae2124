from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.canned.actions import UnknownPlaceholder
from rightthere.canned.models import CannedReply
from rightthere.canned.placeholders import unknown_names


class CannedReplyAdminForm(forms.ModelForm):
    class Meta:
        model = CannedReply
        fields = ["title", "body", "team", "owner"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = unknown_names(body)
        if unknown:
            raise forms.ValidationError(UnknownPlaceholder(unknown).message)
        return body


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    """For set-up and clean-up; day-to-day editing is on the Canned replies page, which
    also runs the reply check."""

    form = CannedReplyAdminForm
    list_display = ["title", "team", "owner", "reply_check_findings", "updated_at"]
    list_filter = ["team"]
    search_fields = ["title", "body"]
    raw_id_fields = ["owner"]

    def save_model(
        self, request: HttpRequest, obj: CannedReply, form: forms.ModelForm, change: bool
    ) -> None:
        user: User = request.user  # type: ignore[assignment]  # the admin requires a login
        now = timezone.now()
        if not change:
            obj.created_by, obj.created_at = user, now
        obj.updated_by, obj.updated_at = user, now
        super().save_model(request, obj, form, change)
