"""A customer signs in to "All my requests" with a link mailed to them; no password.

Asking for a link gives the same answer whether the address is known or not, and is
limited per address and per network address. Only a known address (a contact's) is
mailed a link. The link carries a django-sesame token for its `SignInLink` row (the
"user" django-sesame signs for; `SignInBackend` loads it): it expires after
SESAME_MAX_AGE, works once (using it changes the row, and with it the token's revocation
key), and any altered token fails its signature. The signed-in address is kept in the
customer's session, apart from any staff log-in.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from sesame.backends import SesameBackendMixin
from sesame.utils import get_token

from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Contact
from rightthere.portal.models import SignInLink

SCOPE = "portal:all-my-requests"
SESSION_KEY = "portal_customer"  # {"email": ..., "at": seconds since the epoch}
SESSION_DAYS = 14
KEEP = timedelta(days=1)


class TooManySignInRequests(InvalidInput):
    code = "rate_limited"
    http_status = 429


def _limits() -> tuple[int, int, timedelta]:
    conf = settings.RIGHTTHERE
    return (
        conf.get("SIGN_IN_LINKS_PER_ADDRESS", 5),
        conf.get("SIGN_IN_LINKS_PER_NETWORK", 20),
        timedelta(minutes=conf.get("SIGN_IN_WINDOW_MINUTES", 60)),
    )


def normalise(email: str) -> str:
    return email.strip().lower()


def link_minutes() -> int:
    return max(1, round((settings.SESAME_MAX_AGE or 900) / 60))


def _check_limits(email: str, ip_address: str) -> None:
    """Refuse a flood, for the address asked about or from one network address; every ask
    counts, known address or not, so the refusal tells nothing about the address."""
    per_address, per_network, window = _limits()
    recent = SignInLink.objects.filter(created_at__gte=timezone.now() - window, accepted=True)
    counts = recent.aggregate(
        address=Count("pk", filter=Q(email=email)),
        network=Count("pk", filter=Q(ip_address=ip_address)),
    )
    if counts["address"] >= per_address or counts["network"] >= per_network:
        SignInLink.objects.create(email=email, ip_address=ip_address, accepted=False)
        raise TooManySignInRequests(
            gettext(
                "You have asked for several links in a short time. Please use the newest one "
                "in your mail, or wait an hour and ask again."
            )
        )


def request_link(email: str, *, ip_address: str) -> SignInLink | None:
    """Note the ask; for a known address, the link to mail (after the commit), else None.
    The caller answers the same either way."""
    email = normalise(email)
    # Asks older than a day (or the limits' window) count for nothing any more: let them go.
    keep = max(KEEP, _limits()[2])
    SignInLink.objects.filter(created_at__lt=timezone.now() - keep).delete()
    _check_limits(email, ip_address)
    known = Contact.objects.filter(email__iexact=email).exists() if email else False
    link = SignInLink.objects.create(email=email, ip_address=ip_address, sent=known)
    return link if known else None


def token_for(link: SignInLink) -> str:
    """The token the mailed URL carries; it starts counting SESAME_MAX_AGE now."""
    return get_token(link, scope=SCOPE)


class SignInBackend(SesameBackendMixin):
    """django-sesame's token check, with our links for users (never a staff log-in: it
    is called directly, not listed in AUTHENTICATION_BACKENDS)."""

    def get_user(self, user_id: int) -> SignInLink | None:
        return SignInLink.objects.filter(pk=user_id, sent=True, used_at__isnull=True).first()


def link_for_token(token: str) -> SignInLink | None:
    """The unused, unexpired link a token stands for, or None (expired, used, altered)."""
    if not token or len(token) > 200:
        return None
    found = SignInBackend().authenticate(None, sesame=token, scope=SCOPE)
    return found if isinstance(found, SignInLink) else None


def use_link(token: str) -> str | None:
    """Spend the link: the address it signs in, or None when it is not valid (any more).
    Two tabs opening it at once: only one gets in."""
    link = link_for_token(token)
    if link is None:
        return None
    spent = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return link.email if spent else None


def sign_in(session: SessionBase, email: str) -> None:
    session.cycle_key()  # a new session id at sign-in (no fixation)
    session[SESSION_KEY] = {"email": email, "at": time.time()}


def sign_out(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def signed_in_email(session: SessionBase) -> str | None:
    """The customer's address signed in on this browser, for SESSION_DAYS at most."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or not kept.get("email"):
        return None
    if time.time() - float(kept.get("at", 0)) > SESSION_DAYS * 86400:
        session.pop(SESSION_KEY, None)
        return None
    return str(kept["email"])
