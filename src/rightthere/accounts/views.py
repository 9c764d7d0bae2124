"""A person's own settings (language), API tokens and two-factor log-in, and the owner's
security policy."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from rightthere.accounts import integrations, two_factor
from rightthere.accounts.changes import recent_changes
from rightthere.accounts.languages import language_choices, language_for, set_language
from rightthere.accounts.models import Integration, IntegrationKind, TwoFactorRule, User
from rightthere.accounts.tokens import create_api_token, revoke_api_token
from rightthere.core.errors import CaseError, InvalidInput


class MySettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), required=False, choices=language_choices,
        help_text=gettext_lazy("The language of your screens. Customers still get mail and "
                               "pages in their own language."),
    )  # fmt: skip


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    """My settings: the person's own screen language, through `set_language` like
    PUT /api/me; links to their API tokens and two-factor log-in."""
    user: User = request.user  # type: ignore[assignment]
    form = MySettingsForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        try:
            user = set_language(user, user, form.cleaned_data["language"])
        except InvalidInput as error:
            form.add_error("language", error.message)
        else:
            # Said in the language just chosen, as the next page is.
            with translation.override(
                language_for(user, request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            ):
                messages.success(request, gettext("Your settings are saved."))
            return redirect("my_settings")
    in_use = dict(language_choices()).get(
        language_for(user, request.META.get("HTTP_ACCEPT_LANGUAGE", "")), ""
    )
    status = 400 if form.is_bound else 200
    return render(request, "accounts/my_settings.html", {"form": form, "in_use": in_use},
                  status=status)  # fmt: skip


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
        request,
        gettext("Token “%(name)s” created. Copy it now; it will not be shown again.")
        % {"name": token.name},
    )
    return redirect("token_list")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if revoke_api_token(user, pk):
        messages.success(
            request, gettext("Token revoked. Programs using it can no longer connect.")
        )
    else:
        messages.error(request, gettext("No such active token."))
    return redirect("token_list")


# -- two-factor log-in -------------------------------------------------------

WRONG_CODE = gettext_lazy(
    "That code did not work. Type the 6 digits your app shows now (after several wrong "
    "codes, wait a little: each one doubles the wait)."
)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("login")
    user: User = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    error, status = "", 200
    if request.method == "POST":
        if two_factor.verify(request, user, request.POST.get("code", "")):
            return redirect(next_url or "inbox")
        error, status = f"{WRONG_CODE} {gettext('Or type one of your recovery codes.')}", 400
    # No top bar until the code is typed: none of its pages would open yet.
    return render(request, "accounts/two_factor_verify.html",
                  {"error": error, "next": next_url, "hide_topbar": True}, status=status)  # fmt: skip


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Turn two-factor log-in on (scan, type one code), see or renew recovery codes,
    or turn it off (with a current code, and only when the role does not require it)."""
    user: User = request.user  # type: ignore[assignment]
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        try:
            if action == "confirm":
                request.session["recovery_codes"] = two_factor.confirm_app(user, code)
                two_factor.verify_after_confirm(request, user)
                messages.success(request, gettext("Two-factor log-in is on."))
                return redirect("two_factor")
            if not two_factor.verify(request, user, code):
                raise InvalidInput(str(WRONG_CODE))
            if action == "recovery":
                request.session["recovery_codes"] = two_factor.new_recovery_codes(user)
                messages.success(
                    request, gettext("New recovery codes made; the old ones no longer work.")
                )
            elif action == "off":
                two_factor.turn_off(user, user)
                messages.success(request, gettext("Two-factor log-in is off."))
            return redirect("two_factor")
        except CaseError as exc:
            error, status = exc.message, exc.http_status
    context: dict = {
        "on": two_factor.is_on(user),
        "required": two_factor.is_required(user),
        "error": error,
        "recovery_codes": request.session.pop("recovery_codes", None),
    }
    context["hide_topbar"] = context["required"] and not context["on"]
    if context["on"]:
        context["codes_left"] = two_factor.recovery_codes_left(user)
    else:
        device = two_factor.pending_app(user)
        context.update(qr=two_factor.qr_svg(device), secret=two_factor.secret_for_typing(device))
    return render(request, "accounts/two_factor.html", context, status=status)


@login_required
def security_policy(request: HttpRequest) -> HttpResponse:
    """Owners choose who must log in with two factors."""
    user: User = request.user  # type: ignore[assignment]
    if not user.is_owner:
        raise PermissionDenied(gettext("Only owners decide who must use two-factor log-in."))
    error, status = "", 200
    if request.method == "POST":
        try:
            two_factor.set_policy(user, request.POST.get("require_two_factor", ""))
        except CaseError as exc:
            error, status = exc.message, exc.http_status
        else:
            messages.success(
                request, gettext("Saved. People it now applies to set it up at their next page.")
            )
            return redirect("security_policy")
    return render(request, "accounts/security_policy.html",
                  {"policy": two_factor.policy(), "rules": TwoFactorRule.choices, "error": error},
                  status=status)  # fmt: skip


# -- integrations (owners) ---------------------------------------------------


def _owner(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.is_owner:
        raise PermissionDenied(gettext("Only owners set up integrations."))
    return user


@login_required
def integration_list(request: HttpRequest) -> HttpResponse:
    """Programs that post to the webhooks, each with its own signing secret."""
    user = _owner(request)
    error, status = "", 200
    if request.method == "POST":
        try:
            made = integrations.create_integration(
                user, name=request.POST.get("name", ""), kind=request.POST.get("kind", "")
            )
        except CaseError as exc:
            error, status = exc.message, exc.http_status
        else:
            request.session["new_secret"] = [made.pk, made.secret]
            return redirect("integration_list")
    return render(request, "accounts/integrations.html", {
        "integrations": Integration.objects.all(), "kinds": IntegrationKind.choices,
        "new_secret": request.session.pop("new_secret", None), "error": error,
        "header": integrations.HEADER, "changes": recent_changes("integrations"),
    }, status=status)  # fmt: skip


def _integration(pk: int) -> Integration:
    found = Integration.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such integration.")
    return found


@login_required
@require_POST
def integration_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    rotated = integrations.rotate_secret(_owner(request), _integration(pk))
    request.session["new_secret"] = [rotated.pk, rotated.secret]
    messages.success(
        request,
        gettext("New secret for %(name)s; the old one works until tomorrow.")
        % {"name": rotated.name},
    )
    return redirect("integration_list")


@login_required
@require_POST
def integration_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _integration(pk)
    _owner(request)
    integrations.delete_integration(request.user, found)  # type: ignore[arg-type]
    messages.success(
        request,
        gettext("%(name)s removed: its requests are refused from now on.") % {"name": found.name},
    )
    return redirect("integration_list")
