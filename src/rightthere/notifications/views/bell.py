"""The bell in the top bar: the unread count, polled every 30 seconds by every open page.

Kept as cheap as a request can be: the session and the user (as for any page), one
COUNT on the (recipient, read_at) index, a few bytes of HTML (the bell's link and icon
stay in the page; only what is inside them comes back), no template, no session write.
A visitor without a session (one that expired) gets 401: the page's htmx error line asks
them to reload, which takes them to the log-in page.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rightthere.accounts.models import User
from rightthere.notifications.bell import unread_count

NONE_UNREAD = '<span class="visually-hidden">Notifications, none unread</span>'


def bell_html(count: int) -> str:
    if not count:
        return NONE_UNREAD
    shown = str(count) if count < 100 else "99+"
    return (
        '<span class="visually-hidden">Notifications, </span>'
        f'<span class="bell-count">{shown}</span><span class="visually-hidden"> unread</span>'
    )


@never_cache
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return HttpResponse(status=401)
    assert isinstance(user, User)
    return HttpResponse(bell_html(unread_count(user)))
