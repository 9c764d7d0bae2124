"""The owner's "Customer sign-in" settings screen (/settings/customer-pages/): whether an
organisation's contacts see all its requests on "All my requests"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from rightthere.accounts.changes import recent_changes
from rightthere.portal import setup
from rightthere.setup_screens.views import owner_of


@login_required
def customer_pages(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    if request.method == "POST":
        setup.set_organisation_sharing(owner, request.POST.get("organisation_sharing") == "on")
        messages.success(
            request, gettext("Saved. Customers see the change the next time they look.")
        )
        return redirect("settings_customer_pages")
    return render(request, "portal/settings_customer_pages.html", {
        "settings": setup.portal_settings(), "changes": recent_changes(setup.SCREEN),
        "my_requests_link": request.build_absolute_uri(reverse("my_requests")),
    })  # fmt: skip
