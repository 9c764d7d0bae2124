"""The Outbox: every mail sent (or held) to customers, as they receive it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import can_manage_cases
from rightthere.outbox.models import DeliveryStatus, OutboundMail

PAGE_SIZE = 30


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not can_manage_cases(user):
        raise PermissionDenied(gettext("Only owners and agents see all outgoing mail."))
    status = request.GET.get("status", "")
    mails = OutboundMail.objects.select_related("case").order_by("-created_at", "-id")
    if status in DeliveryStatus.values:
        mails = mails.filter(status=status)
    page_text = request.GET.get("page", "1")
    page = max(int(page_text), 1) if page_text.isdecimal() and len(page_text) < 10 else 1
    window = list(mails[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return render(
        request,
        "outbox/outbox.html",
        {
            "mails": window[:PAGE_SIZE],
            "has_next": len(window) > PAGE_SIZE,
            "page": page,
            "status": status,
            "statuses": DeliveryStatus.choices,
        },
    )
