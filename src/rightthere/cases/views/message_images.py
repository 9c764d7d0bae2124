"""A message's body with its remote images, when staff choose to show them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from rightthere.accounts.models import User
from rightthere.cases.access import access_case


@login_required
@require_GET
def message_images(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    message = access_case(user, pk).messages.filter(pk=message_id).first()
    if message is None:
        raise Http404(gettext("No such message on this case."))
    # Stored sanitised (scripts, styles and handlers removed): only the images come back.
    return HttpResponse(message.body_html)
