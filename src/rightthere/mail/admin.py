"""Set-up of IMAP mailboxes, and a read-only view of every stored inbound mail."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from rightthere.mail import ingest
from rightthere.mail.imap import poll_mailbox
from rightthere.mail.models import InboundMail, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ("name", "username", "host", "folder", "active", "last_polled_at", "last_error")
    list_filter = ("active",)
    readonly_fields = ("password_status", "last_polled_at", "last_error")
    fields = (
        "name", "host", "port", "security", "username", "password_env", "password_status",
        "folder", "processed_folder", "active", "last_polled_at", "last_error",
    )  # fmt: skip
    actions = ["poll_now"]

    @admin.display(description="Password")
    def password_status(self, obj: Mailbox) -> str:
        if obj.pk is None:
            return "Save first, then set the environment variable shown here."
        state = "is set" if obj.password() else "is NOT set"
        return f"Read from the environment variable {obj.password_variable}, which {state}."

    @admin.action(description="Poll now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        for mailbox in queryset:
            result = poll_mailbox(mailbox)
            level = messages.ERROR if result.error else messages.SUCCESS
            self.message_user(request, str(result), level)


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "status", "sender", "subject", "case_link", "short_error")
    list_filter = ("status", "source", "is_automated", "mailbox")
    search_fields = ("message_id", "sender", "subject")
    list_select_related = ("case", "mailbox")
    show_full_result_count = False
    actions = ["retry_failed"]
    readonly_fields = (
        "status", "error", "sender", "subject", "message_id", "source", "mailbox",
        "source_detail", "size", "raw_sha256", "raw_link", "is_automated", "automated_reason",
        "opened_case", "case_link", "case_message", "created_at", "processed_at",
    )  # fmt: skip
    exclude = ("raw",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundMail]:
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="Case")
    def case_link(self, obj: InboundMail) -> str:
        if obj.case_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("case_detail", args=[obj.case_id]),
                           obj.case.reference if obj.case else obj.case_id)  # fmt: skip

    @admin.display(description="Why")
    def short_error(self, obj: InboundMail) -> str:
        return obj.error[:120]

    @admin.display(description="Original")
    def raw_link(self, obj: InboundMail) -> str:
        url = reverse("admin:mail_inboundmail_raw", args=[obj.pk])
        return format_html('<a href="{}">Download .eml ({} bytes)</a>', url, obj.size)

    def get_urls(self) -> list[URLPattern]:
        raw = path(
            "<int:pk>/raw/",
            self.admin_site.admin_view(self.raw_view),
            name="mail_inboundmail_raw",
        )
        return [raw, *super().get_urls()]

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        inbound = get_object_or_404(InboundMail, pk=pk)
        response = HttpResponse(bytes(inbound.raw), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="inbound-{inbound.pk}.eml"'
        return response

    @admin.action(description="Retry")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        outcomes: dict[str, int] = {}
        for pk in queryset.exclude(status__in=ingest.DONE).values_list("pk", flat=True):
            inbound = ingest.retry(InboundMail.objects.get(pk=pk))
            outcomes[inbound.get_status_display()] = (
                outcomes.get(inbound.get_status_display(), 0) + 1
            )
        summary = ", ".join(f"{count} {label.lower()}" for label, count in outcomes.items())
        self.message_user(request, f"Retried: {summary or 'nothing to retry'}.")
