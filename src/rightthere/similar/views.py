"""The similar-cases list the case-page panel loads with htmx after the page is shown."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.similar.lookup import similar_cases


@login_required
@require_GET
def similar_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Only for a case the user may see (404 otherwise), listing only cases they may see."""
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    return render(
        request,
        "similar/_list.html",
        {"case": case, "results": similar_cases(user, case)},
    )
