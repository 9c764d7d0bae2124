"""The calendar feed's address (no login: its secret is the key) and making a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.core.public_links import public_url
from rightthere.field import feeds
from rightthere.field.invites import ICS_TYPE
from rightthere.field.models import Visit


@never_cache
@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The user's visits as .ics; a wrong or replaced secret is a 404 like any other."""
    feed = feeds.feed_for_secret(secret)
    if feed is None:
        raise Http404("No such calendar")

    def visit_url(visit: Visit) -> str:
        return public_url(reverse("field_visit", args=[visit.pk]))

    response = HttpResponse(
        feeds.feed_calendar(feed, visit_url), content_type=f"{ICS_TYPE}; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def new_feed_link(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        feeds.rotate_feed(user)
    except CaseError as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        gettext("New calendar link made; the old one no longer works. Subscribe again with it."),
    )
    return redirect(f"{reverse('field_my_day')}#calendar-feed")
