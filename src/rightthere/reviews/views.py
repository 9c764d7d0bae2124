"""The reviews inbox, one review with its answer, and importing a file. Owners and agents."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.customers.access import find_customer
from rightthere.desk import reviews as desk_reviews
from rightthere.reviews import actions
from rightthere.reviews.access import access_review, access_review_import
from rightthere.reviews.models import ImportStatus, ReviewImport
from rightthere.reviews.parsing import guess_format, parse_file
from rightthere.reviews.summary import (
    TABS,
    median_response_time,
    rating_trend,
    reviews_in,
    tab_counts,
)
from rightthere.reviews.tasks import INLINE_ROWS, import_reviews_file

MAX_FILE_BYTES = 20 * 1024 * 1024


def managers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not actions.can_manage_reviews(request.user):  # type: ignore[arg-type]
            raise PermissionDenied(gettext("Only owners and agents work on reviews."))
        return view(request, *args, **kwargs)

    return wrapped


@managers_only
@require_GET
def review_inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "new")
    tab = tab if tab in TABS else "new"
    platform = request.GET.get("platform", "")[:50]
    return render(
        request,
        "reviews/inbox.html",
        {
            "tab": tab,
            "tabs": [(slug, label) for slug, (label, _) in TABS.items()],
            "counts": tab_counts(),
            "platform": platform,
            "reviews": reviews_in(tab, platform)[:100],
            "median_response": median_response_time(),
            "trends": rating_trend(timezone.now()),
        },
    )


@managers_only
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)  # type: ignore[arg-type]
    return render(request, "reviews/detail.html", {"review": review})


@managers_only
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    review = access_review(user, pk)
    try:
        review = actions.respond_to_review(review, actor=user, text=request.POST.get("text", ""))
    except CaseError as error:
        messages.error(request, error.message)
        return redirect("review_detail", pk=pk)
    open_findings = len(review.response_findings)
    if open_findings:
        saved = ngettext(
            "Answer saved with %(count)d reply-check finding(s) left open. Post it on %(platform)s.",
            "Answer saved with %(count)d reply-check finding(s) left open. Post it on %(platform)s.",
            open_findings,
        ) % {"count": open_findings, "platform": review.platform}
    else:
        saved = gettext("Answer saved. Post it on %(platform)s.") % {"platform": review.platform}
    messages.success(request, saved)
    return redirect("review_detail", pk=pk)


@managers_only
@require_POST
def confirm_customer(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    review = access_review(user, pk)
    chosen = request.POST.get("customer", "")
    customer = None
    if chosen != "new":
        customer = find_customer(user, int(chosen)) if chosen.isdecimal() else None
        if customer is None:
            messages.error(request, gettext("Pick the customer, or choose a new customer."))
            return redirect("review_detail", pk=pk)
    try:
        desk_reviews.confirm_customer(review, actor=user, customer=customer)
    except CaseError as error:
        messages.error(request, error.message)
    return redirect("review_detail", pk=pk)


@managers_only
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "GET":
        return render(request, "reviews/import.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        return render(
            request, "reviews/import.html", {"error": gettext("Choose a file.")}, status=400
        )
    if upload.size and upload.size > MAX_FILE_BYTES:
        return render(
            request,
            "reviews/import.html",
            {"error": gettext("The file is too large (20 MB).")},
            status=400,
        )
    try:
        content = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return render(
            request,
            "reviews/import.html",
            {"error": gettext("Save the file as UTF-8 text.")},
            status=400,
        )
    file_format = request.POST.get("format") or guess_format(upload.name or "", content)
    if file_format not in ("csv", "json"):
        return render(
            request, "reviews/import.html", {"error": gettext("Use CSV or JSON.")}, status=400
        )
    review_import = actions.start_import(
        actor=user, filename=upload.name or "reviews", content=content, file_format=file_format
    )
    return redirect("review_import", pk=review_import.pk)


@managers_only
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    review_import = access_review_import(request.user, pk)  # type: ignore[arg-type]
    if request.method == "POST" and review_import.status == ImportStatus.PREVIEW:
        with transaction.atomic():
            claimed = ReviewImport.objects.filter(
                pk=review_import.pk, status=ImportStatus.PREVIEW
            ).update(status=ImportStatus.RUNNING)
            if claimed and review_import.total_rows > INLINE_ROWS:
                transaction.on_commit(lambda: import_reviews_file.enqueue(pk))
        if claimed and review_import.total_rows <= INLINE_ROWS:
            desk_reviews.run_import(review_import)
        return redirect("review_import", pk=pk)
    preview = parse_file(review_import.content, review_import.file_format).rows[:20]
    return render(
        request, "reviews/import_preview.html", {"job": review_import, "preview": preview}
    )


@managers_only
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    review_import = access_review_import(request.user, pk)  # type: ignore[arg-type]
    return render(request, "reviews/_import_progress.html", {"job": review_import})
