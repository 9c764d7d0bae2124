"""After the password, the second factor: a logged-in person with two-factor on
who has not typed a code in this session is sent to the code page; one whose
role requires it and who has none is sent to set it up. The log-in, log-out,
code and set-up pages, static files and the customer's pages stay open.

Whether the owner's policy requires it is kept in the session, checked at log-in
and again every few minutes, so ordinary pages cost no query for it."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from rightthere.accounts import two_factor

OPEN = ("/login/", "/logout/", "/static/", "/health/", "/s/", "/contact", "/my/")
SET_UP = "/account/two-factor/"
REQUIRED = "two_factor_required"  # session key: [required?, when checked]
RECHECK_SECONDS = 300


def _remember(request: HttpRequest, user: Any) -> bool:
    required = two_factor.is_required(user)
    request.session[REQUIRED] = [required, time.time()]
    return required


def _required(request: HttpRequest, user: Any) -> bool:
    kept = request.session.get(REQUIRED)
    if kept and time.time() - kept[1] < RECHECK_SECONDS:
        return bool(kept[0])
    return _remember(request, user)


@receiver(user_logged_in)
def _check_at_log_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        _remember(request, user)


class TwoFactorGate:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN):
            return self.get_response(request)
        # is_verified: added by django-otp's middleware
        if user.is_verified():  # type: ignore[attr-defined]
            return self.get_response(request)
        if two_factor.is_on(user):
            return self._refuse(
                request, "two_factor_verify", gettext("Type the code from your app.")
            )
        if _required(request, user) and not request.path.startswith(SET_UP):
            return self._refuse(request, "two_factor", gettext("Set up two-factor log-in first."))
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, page: str, detail: str) -> HttpResponse:
        if request.path.startswith("/api/"):  # the web UI's session on the API
            return JsonResponse({"detail": detail, "code": "two_factor"}, status=401)
        target = redirect(page)
        if request.method == "GET" and page == "two_factor_verify":
            target["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return target
