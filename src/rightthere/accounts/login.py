"""Log-in with a limit on failed attempts, per address and per username."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from rightthere.accounts.models import LoginAttempt


def _limits() -> tuple[int, timedelta]:
    conf = settings.RIGHTTHERE
    return conf.get("LOGIN_MAX_FAILURES", 5), timedelta(minutes=conf.get("LOGIN_LOCK_MINUTES", 15))


class LimitedAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        ip = (self.request.META.get("REMOTE_ADDR") if self.request else None) or "0.0.0.0"  # noqa: S104
        username = (self.data.get("username") or "")[:150]
        limit, window = _limits()
        recent = LoginAttempt.objects.filter(at__gte=timezone.now() - window).filter(
            Q(ip_address=ip) | Q(username__iexact=username)
        )
        if recent.count() >= limit:
            raise ValidationError(
                f"Too many failed log-ins. Wait {int(window.total_seconds() // 60)} minutes "
                "and try again, or ask an owner to reset your password.",
                code="rate_limited",
            )
        try:
            return super().clean()
        except ValidationError:
            LoginAttempt.objects.create(ip_address=ip, username=username)
            raise


class LoginView(auth_views.LoginView):
    authentication_form = LimitedAuthenticationForm
    redirect_authenticated_user = True
