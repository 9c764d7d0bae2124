"""The settings hub (/settings/): the Set-up page with what is still missing, beside the
nav of every set-up section (sections.py). Owners only."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.accounts.profile import business_profile, logo, update_business_profile
from rightthere.accounts.roles import is_owner
from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.forms import BusinessForm, add_action_error
from rightthere.setup_screens.gaps import missing
from rightthere.sms.setup import sms_setup


def owner_of(request: HttpRequest) -> User:
    """The owner asking for a set-up screen; anyone else is refused."""
    user = request.user
    if not is_owner(user):
        raise PermissionDenied(_("Only owners change the desk's set-up."))
    assert isinstance(user, User)
    return user


@login_required
def setup_page(request: HttpRequest) -> HttpResponse:
    owner_of(request)
    return render(request, "settings/setup.html", {
        "gaps": missing(request.build_absolute_uri("/")),
        "sms": sms_setup(),
        "changes": recent_changes(limit=15),
        "is_hub": True,
    })  # fmt: skip


@login_required
def business_page(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    current = business_profile()
    if request.method == "POST":
        form = BusinessForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("logo")
            try:
                update_business_profile(
                    owner,
                    logo=upload.read() if upload else None,
                    remove_logo=form.cleaned_data["remove_logo"],
                    **form.changes(),
                )
            except InvalidInput as error:
                add_action_error(form, error)
            else:
                messages.success(request, _("Business profile saved."))
                return redirect("settings_business")
    else:
        form = BusinessForm(initial=asdict(current))
    return render(request, "settings/business.html", {
        "form": form, "profile": current, "changes": recent_changes("business"),
    })  # fmt: skip


def business_logo(request: HttpRequest) -> HttpResponse:
    """The logo, for customer pages and mail (public, like the pages that show it)."""
    found = logo()
    if found is None:
        raise Http404(_("No logo"))
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response
