"""The person's notifications (/notifications/), opening one, marking all read, and the
settings page (/notifications/settings/). Everyone with a log-in has their own; nobody
sees another's (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.core.errors import InvalidInput
from rightthere.notifications.bell import (
    access_notification,
    mark_all_read,
    mark_read,
    notifications_of,
    unread_count,
)
from rightthere.notifications.models import Delivery, NotificationKind
from rightthere.notifications.preferences import preferences_of, save_preferences

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first, 25 a page, the unread marked."""
    user = _user(request)
    unread_only = request.GET.get("unread") == "1"
    rows = notifications_of(user, unread=unread_only)
    page: Page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": unread_count(user), "unread_only": unread_only},
    )


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the place it is about."""
    notification = mark_read(access_notification(_user(request), pk))
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notification_list")
    return HttpResponseRedirect(notification.url)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(_user(request))
    messages.success(
        request,
        ngettext("Marked %(count)s as read.", "Marked %(count)s as read.", count) % {"count": count}
        if count
        else gettext("Nothing was unread."),
    )
    return redirect("notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """One choice per kind: in the app only, also by mail at once, in a daily digest, off."""
    user = _user(request)
    chosen = preferences_of(user)
    error = ""
    if request.method == "POST":
        asked = {kind: request.POST.get(kind, chosen[kind]) for kind in NotificationKind.values}
        try:
            save_preferences(user, asked)
        except InvalidInput as exc:
            error, chosen = exc.message, asked
        else:
            messages.success(request, gettext("Saved. New notifications follow these choices."))
            return redirect(reverse("notification_settings"))
    rows = [(kind, label, chosen[kind]) for kind, label in NotificationKind.choices]
    return render(
        request,
        "notifications/settings.html",
        {
            "rows": rows,
            "deliveries": Delivery.choices,
            "error": error,
            "has_email": bool(user.email),
        },
        status=400 if error else 200,
    )
