"""One-click rating links: the case's status-page link plus the rating.

Building on the status link (signed, case-specific, revocable) means a rating
link only ever reaches its own case, and rotating or revoking the status link
also stops the rating links mailed with it.
"""

from django.http import Http404
from django.urls import resolve, reverse

from rightthere.cases.models import Case
from rightthere.portal.links import link_for_token, status_path
from rightthere.portal.models import StatusLink


def status_token(case: Case) -> str:
    """The signed token of the case's live status link (created on first use)."""
    return str(resolve(status_path(case)).kwargs["token"])


def rating_path(case: Case, rating: str) -> str:
    return reverse("satisfaction_rate", args=[status_token(case), rating])


def rating_url(case: Case, rating: str, base_url: str) -> str:
    return base_url.rstrip("/") + rating_path(case, rating)


def link_or_404(token: str) -> StatusLink:
    """The live status link for a token; anything forged, altered or revoked is a 404."""
    link = link_for_token(token)
    if link is None:
        raise Http404("This link is not valid any more.")
    return link
