"""Integrations: programs that post to a webhook (reviews, incoming mail), each with
its own signing secret, created and rotated by owners.

A request is signed as Stripe and GitHub sign theirs: the header

    Rightthere-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

is checked against the integration's secret (or, for a day after a rotation, the
previous one), in constant time, and refused when the time is more than five
minutes off, so a captured request cannot be replayed later.
"""

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import Integration, IntegrationKind, User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField

HEADER = "Rightthere-Signature"
TOLERANCE_SECONDS = 300
ROTATION_GRACE = timedelta(days=1)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, body: bytes, at: int | None = None) -> str:
    """The header value for `body`: what a sender computes (and the tests)."""
    at = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def _what(integration: Integration) -> str:
    """ "review platform “Google”" for the settings change log."""
    kind = integration.get_kind_display().split(" (")[0].lower()
    return f"{kind} “{integration.name}”"


def create_integration(actor: User | None, *, name: str, kind: str) -> Integration:
    check_owner(actor, _("set up integrations"))
    name = name.replace("\x00", "").strip()[:100]
    if not name:
        raise InvalidField("name", _("Give the integration a name, e.g. the platform it is for."))
    if kind not in IntegrationKind.values:
        raise InvalidField("kind", _("Choose what it posts: %(kinds)s.")
                           % {"kinds": ", ".join(IntegrationKind.values)})  # fmt: skip
    with transaction.atomic():
        made = Integration.objects.create(name=name, kind=kind, secret=new_secret(),
                                          created_by=actor)  # fmt: skip
        record_change(actor, "integrations", f"Added the {_what(made)} with its own secret.")
    return made


@transaction.atomic
def rotate_secret(actor: User | None, integration: Integration) -> Integration:
    """A new secret; the old one keeps working for a day while the sender switches."""
    check_owner(actor, _("change an integration's secret"))
    integration.previous_secret = integration.secret
    integration.previous_valid_until = timezone.now() + ROTATION_GRACE
    integration.secret = new_secret()
    integration.save(update_fields=["secret", "previous_secret", "previous_valid_until"])
    record_change(actor, "integrations", f"Made a new secret for the {_what(integration)}; the old one "
                  "works for a day.")  # fmt: skip
    return integration


@transaction.atomic
def delete_integration(actor: User | None, integration: Integration) -> None:
    check_owner(actor, _("remove an integration"))
    record_change(
        actor, "integrations", f"Removed the {_what(integration)}: its requests are refused."
    )
    integration.delete()


def verified_integration(request: HttpRequest, kind: str) -> Integration | None:
    """The integration that signed this request, None when it carries no signature;
    a signature that does not check out is refused (401) with the reason."""
    header = request.headers.get(HEADER, "")
    if not header:
        return None
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise HttpError(401, f"The {HEADER} header must be 't=<unix time>,v1=<hex HMAC>'.")
    if abs(time.time() - int(stamp)) > TOLERANCE_SECONDS:
        raise HttpError(401, "The signature's time is more than 5 minutes off: sign each "
                             "request when it is sent, with the current time.")  # fmt: skip
    body = request.body
    now = timezone.now()
    for integration in Integration.objects.filter(kind=kind):
        keys = [integration.secret]
        if integration.previous_secret and (integration.previous_valid_until or now) > now:
            keys.append(integration.previous_secret)
        for key in keys:
            expected = sign(key, body, int(stamp)).split("v1=", 1)[1]
            if hmac.compare_digest(expected, given):
                Integration.objects.filter(pk=integration.pk).update(last_used_at=now)
                return integration
    raise HttpError(401, "The signature does not match any integration's secret for this "
                         "webhook. Sign the exact body with the secret shown on the "
                         "Integrations page.")  # fmt: skip
