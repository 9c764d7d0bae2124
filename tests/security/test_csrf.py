"""Generated from the URL conf: every web route refuses a POST without a CSRF token,
even from a logged-in owner, so no form can be submitted by another site.

The API (/api/) is left out: django-ninja checks CSRF itself for session callers
(tests/api/test_auth.py) and token callers are not exposed to CSRF.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Routes allowed to take a POST without a CSRF token, each with its reason: outside
# services calling us, with no browser session and their own signature instead.
EXEMPT: dict[str, str] = {
    "mail_provider_webhook": "A mail provider posting mail or a delivery report, checked "
    "by the provider's signature (tests/mail/test_providers.py refuses bad ones).",
    "sms_inbound": "The SMS provider forwarding a customer's STOP/START, checked by "
    "X-Twilio-Signature (tests/sms refuses unsigned and forged ones).",
    "sms_status_callback": "The SMS provider's delivery report, checked by "
    "X-Twilio-Signature (tests/sms).",
}


def _routes(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern)


def _sample_path(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path|uuid):\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)  # the admin's regex routes
    return "/" + path.replace("^", "").replace("$", "").lstrip("/")


ROUTES = sorted(
    {(name, route) for name, route in _routes() if not route.startswith("api/")},
)


def test_the_exempt_list_only_names_real_routes():
    assert set(EXEMPT) <= {name for name, _ in ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [r for r in ROUTES if r[0] not in EXEMPT])
def test_a_post_without_a_csrf_token_is_refused(owner, name, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(_sample_path(route), {"anything": "1"})

    assert response.status_code == 403, (name, route, response.status_code)
    assert b"CSRF" in response.content, (name, route)
