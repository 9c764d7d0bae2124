"""One limit on guessing for every way in: the log-in page, the admin's log-in and
API tokens, through django-axes.

Failures are counted per username *and* address, so a stranger who types a
colleague's name five times locks only himself out, not the colleague; and per
address for anyone, with a higher cap, so one address cannot try name after name.
The address is `client_ip` (X-Forwarded-For only from TRUSTED_PROXIES). A lock
lasts LOGIN_LOCK_MINUTES from the failure that set it; tries while locked are
refused and not counted.
"""

from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from ninja.errors import HttpError

from rightthere.accounts.models import User
from rightthere.accounts.tokens import user_for_api_key

# The "username" API token failures are counted under (tokens have no username).
API_TOKEN = "(API token)"  # noqa: S105 - a label, not a secret


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """Wrong passwords allowed for one username from one address (AXES_FAILURE_LIMIT)."""
    return int(settings.RIGHTTHERE["LOGIN_MAX_FAILURES"])


def lock_time(request: HttpRequest | None = None) -> timedelta:
    """How long a lock lasts after the last failure (AXES_COOLOFF_TIME)."""
    return timedelta(minutes=int(settings.RIGHTTHERE["LOGIN_LOCK_MINUTES"]))


def username_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """Usernames match case-insensitively, so "Ann" and "ann" share one count."""
    name = (credentials or {}).get("username") or request.POST.get("username")
    return name.strip().lower()[:150] if name else None


class LoginLimits(AxesDatabaseHandler):
    """Axes' database handler, plus the cap per address (LOGIN_MAX_FAILURES_PER_ADDRESS)."""

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= int(
            settings.RIGHTTHERE["LOGIN_MAX_FAILURES_PER_ADDRESS"]
        )


def address_failures(request: HttpRequest) -> int:
    """Failures from the request's address, for any username, within the lock time."""
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _message(api: bool = False) -> str:
    minutes = int(lock_time().total_seconds() // 60)
    if api:
        text = ngettext(
            "Too many failed API token attempts. Wait %(minutes)s minute and try again, "
            "or ask an owner to reset your password.",
            "Too many failed API token attempts. Wait %(minutes)s minutes and try again, "
            "or ask an owner to reset your password.",
            minutes,
        )
    else:
        text = ngettext(
            "Too many failed log-ins. Wait %(minutes)s minute and try again, "
            "or ask an owner to reset your password.",
            "Too many failed log-ins. Wait %(minutes)s minutes and try again, "
            "or ask an owner to reset your password.",
            minutes,
        )
    return text % {"minutes": minutes}


def locked_out(request: HttpRequest, response: HttpResponse, credentials: Any = None, *args: Any,
               **kwargs: Any) -> HttpResponse:  # fmt: skip
    """The log-in page again, saying why and for how long (AXES_LOCKOUT_CALLABLE);
    for the API, its usual JSON error."""
    if request.path.startswith("/api/"):
        detail = _message(api=True)
        return JsonResponse({"detail": detail, "code": "throttled"}, status=429)
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    form.add_error(None, _message())
    return render(request, "registration/login.html", {"form": form}, status=429)


def user_for_token(request: HttpRequest, key: str) -> User | None:
    """The user of an API key, with wrong keys counted like wrong passwords: an
    address that keeps guessing is answered 429 for a while. A right key costs
    nothing extra (keys are 256 random bits: guessing one is not the risk, the
    load of trying is)."""
    user = user_for_api_key(key)
    if user is not None:
        return user
    credentials = {"username": API_TOKEN}
    if AxesProxyHandler.is_locked(request, credentials):
        raise HttpError(429, _message(api=True))
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return None
