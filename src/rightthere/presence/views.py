"""The case page's heartbeat: who else is on the case, refreshed every 15 seconds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.core.errors import InvalidInput
from rightthere.desk.reading import case_page_heartbeat


@login_required
@require_POST
def heartbeat(request: HttpRequest, pk: int) -> HttpResponse:
    """Say this person is on the case (viewing or writing); answer with the others there.

    `opened=1` on the first beat after the page loaded: what it shows is now read."""
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    try:
        beat = case_page_heartbeat(
            user,
            case,
            request.POST.get("state", "viewing"),
            opened=request.POST.get("opened") == "1",
        )
    except InvalidInput as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain")
    # Nothing but the names: an empty answer leaves the line empty (and out of the way).
    line = render_to_string("presence/_others.html", {"others": beat.others}, request=request)
    response = HttpResponse(line.strip())
    if beat.notifications_read:
        response["HX-Trigger"] = "notifications-changed"  # the bell counts again now
    return response
