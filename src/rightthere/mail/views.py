"""The "Could not process" page: stored mail that did not become a case, with Retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from rightthere.accounts.models import User
from rightthere.mail import ingest
from rightthere.mail.access import access_inbound_mail, failed_mail
from rightthere.mail.models import InboundStatus

PAGE_SIZE = 100


@login_required
@require_GET
def failed_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mails = failed_mail(user)
    if request.GET.get("nav"):
        # The main navigation's entry, loaded by htmx on every page: nothing when no
        # mail failed, else the link with its count.
        return render(
            request,
            "mail/_nav_link.html",
            {"total": mails.count(), "current": bool(request.GET.get("current"))},
        )
    return render(
        request,
        "mail/failed.html",
        {"mails": mails[:PAGE_SIZE], "total": mails.count(), "page_size": PAGE_SIZE},
    )


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    inbound = ingest.retry(access_inbound_mail(user, pk, with_raw=True))
    if inbound.status == InboundStatus.PROCESSED and inbound.case is not None:
        messages.success(request, f"Mail #{inbound.pk} is now on case {inbound.case.reference}.")
    elif inbound.status == InboundStatus.FAILED:
        messages.error(request, f"Mail #{inbound.pk} still could not be processed: {inbound.error}")
    else:
        messages.info(request, f"Mail #{inbound.pk}: {inbound.get_status_display()}.")
    return redirect("mail_failed")


@login_required
@require_GET
def raw_download(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    inbound = access_inbound_mail(user, pk, with_raw=True)
    response = HttpResponse(bytes(inbound.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="inbound-{inbound.pk}.eml"'
    return response
