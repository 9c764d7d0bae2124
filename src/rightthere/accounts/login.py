"""The log-in page. Its limit on guessing is django-axes' (`accounts.login_limits`)."""

from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from rightthere.accounts.models import Role

# Where each role lands after logging in with no page asked for: technicians and
# subcontractors on their day (on a phone), owners and agents on the inbox
# (LOGIN_REDIRECT_URL).
LANDING: dict[str, str] = {Role.TECHNICIAN: "field_my_day", Role.SUBCONTRACTOR: "field_my_day"}


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """The role's page; two-factor log-in then asks for the code with it as `next`
        (`accounts.two_factor_gate`)."""
        landing = LANDING.get(getattr(self.request.user, "role", ""))
        return resolve_url(landing) if landing else super().get_default_redirect_url()
