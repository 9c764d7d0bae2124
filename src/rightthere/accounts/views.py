"""Log in/out and per-user API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.accounts.tokens import create_api_token, revoke_api_token


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    new_key = request.session.pop("new_api_key", None)
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": user.api_tokens.all(), "new_key": new_key},
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    name = request.POST.get("name", "").replace("\x00", "").strip()[:100]
    token, key = create_api_token(user, name)
    # Shown once on the next page, then gone: only a hash is stored.
    request.session["new_api_key"] = key
    messages.success(
        request, f"Token “{token.name}” created. Copy it now; it will not be shown again."
    )
    return redirect("token_list")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if revoke_api_token(user, pk):
        messages.success(request, "Token revoked. Programs using it can no longer connect.")
    else:
        messages.error(request, "No such active token.")
    return redirect("token_list")
