"""The owner's choices about customers' own pages (the settings screen "Customer
sign-in", /api/customer-pages and its command call these). Each change is in the
settings change log."""

from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.portal.models import PortalSettings

SCREEN = "customer_pages"


def portal_settings() -> PortalSettings:
    return PortalSettings.objects.get_or_create(pk=1)[0]


def organisation_sharing() -> bool:
    """Whether an organisation's contacts see all its requests when signed in."""
    return PortalSettings.objects.filter(pk=1, organisation_sharing=True).exists()


def set_organisation_sharing(actor: User | None, on: bool) -> PortalSettings:
    check_owner(actor, gettext("decide what customers see when they sign in"))
    current = portal_settings()
    if current.organisation_sharing != on:
        current.organisation_sharing, current.updated_by = on, actor
        current.save()
        record_change(
            actor,
            SCREEN,
            "An organisation's contacts now see all its requests when they sign in"
            if on
            else "Each contact now sees only the requests they asked themselves",
        )
    return current
