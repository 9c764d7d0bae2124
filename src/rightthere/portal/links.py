"""Unguessable, revocable links to a case's status page."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.core.rows import insert_row
from rightthere.portal.models import StatusLink

_SIGNER = signing.Signer(salt="rightthere.portal.status-link")


def _token(link: StatusLink) -> str:
    return _SIGNER.sign(f"{link.pk}.{link.nonce}")


def token_of(link: StatusLink) -> str:
    """The token a status-page URL carries for this link."""
    return _token(link)


def live_link(case: Case, *, new_case: bool = False) -> StatusLink:
    """The case's current link, created on first use.

    `new_case`: the case was opened in this transaction and has no link yet."""
    if new_case:  # nobody else can see the case yet, so nobody can make its link meanwhile
        return insert_row(StatusLink(case=case))
    link = StatusLink.objects.filter(case=case, revoked_at__isnull=True).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return StatusLink.objects.create(case=case)
    except IntegrityError:  # created concurrently
        return StatusLink.objects.get(case=case, revoked_at__isnull=True)


def has_live_link(case: Case) -> bool:
    return StatusLink.objects.filter(case=case, revoked_at__isnull=True).exists()


def status_path(case: Case, *, new_case: bool = False) -> str:
    return reverse("status_page", args=[_token(live_link(case, new_case=new_case))])


def status_url(case: Case, base_url: str, *, new_case: bool = False) -> str:
    return base_url.rstrip("/") + status_path(case, new_case=new_case)


@transaction.atomic
def rotate_link(case: Case) -> StatusLink:
    """Revoke the live link and issue a new one (e.g. a link was forwarded by mistake)."""
    StatusLink.objects.filter(case=case, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return StatusLink.objects.create(case=case)


def revoke_links(case: Case) -> int:
    return StatusLink.objects.filter(case=case, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def link_for_token(token: str) -> StatusLink | None:
    """The live link a URL token stands for, or None for anything forged, altered or revoked."""
    try:
        value = _SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    link_id, _, nonce = value.partition(".")
    if not (link_id.isdecimal() and len(link_id) < 19):
        return None
    return (
        StatusLink.objects.select_related("case", "case__customer", "case__contact")
        .filter(pk=int(link_id), nonce=nonce, revoked_at__isnull=True)
        .first()
    )
