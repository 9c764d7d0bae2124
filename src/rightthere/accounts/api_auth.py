"""Who is calling: a personal API token, or the web UI's logged-in session.

Routes read the caller from `current_user(request)`; both ways give a User.
"""

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.utils import check_csrf

from rightthere.accounts.integrations import HEADER, verified_integration
from rightthere.accounts.login_limits import user_for_token
from rightthere.accounts.models import Integration, User


class CsrfRefused(HttpError):
    def __init__(self) -> None:
        super().__init__(
            403,
            # The staff pages' scripts show it to the person whose page went stale.
            gettext(
                "The CSRF token is missing or wrong. Send the csrftoken cookie's value in the "
                "X-CSRFToken header, or use an API token instead of the session."
            ),
        )


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a key from POST /api/tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        return user_for_token(request, token)


class WebSessionAuth(SessionAuth):
    """The session cookie of the web UI. Unsafe methods must carry the CSRF token,
    or another site could make a logged-in browser act for its user."""

    def __call__(self, request: HttpRequest) -> User | None:
        user = request.user
        if not user.is_authenticated:
            # No session: answer 401 (not a CSRF complaint) so clients know to log in.
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRefused()
        return user


class SignedWebhook(APIKeyHeader):
    """A webhook request signed with an integration's secret (`Rightthere-Signature:
    t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">`, see accounts.integrations)."""

    param_name = HEADER

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def authenticate(self, request: HttpRequest, key: str | None) -> Integration | None:
        return verified_integration(request, self.kind) if key else None


def current_user(request: HttpRequest) -> User:
    """The authenticated caller; every route runs behind one of the two auth classes."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
