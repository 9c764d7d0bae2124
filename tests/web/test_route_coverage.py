"""Generated from the URL conf, so a new route cannot slip in untested:

- every route refuses anonymous visitors (redirect to log in, 401, 404 or 405),
  except the public ones listed here on purpose;
- every named route is named in some test module (where its role tests live).
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Reachable without an account, by design: each has its own tests.
PUBLIC = {
    "login", "logout", "contact", "status_page", "status_reply", "health",
    "recovery_customer", "satisfaction_rate", "satisfaction_answer",
    "status_visit_invite", "status_attachment",
    # A fresh install's first page: creates the owner while nobody exists, sends
    # everyone to the log-in or the Set-up page afterwards (tests/setup_screens).
    "first_run_start",
    # The customer's own pages ("All my requests", #21): a sign-in link by mail, no
    # staff account (tests/portal/test_all_my_requests.py).
    "my_requests", "my_sign_in", "my_sign_in_link", "my_sign_out",
}  # fmt: skip
SKIP_PREFIXES = ("admin:", "api:", "djdt")
TESTS = Path(__file__).resolve().parents[1]


def _named_routes(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


ROUTES = sorted(
    {(name, route) for name, route in _named_routes() if not name.startswith(SKIP_PREFIXES)}
)


def _sample_path(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug):\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [r for r in ROUTES if r[0] not in PUBLIC])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_get_nothing_from_any_staff_route(client, name, route, method):
    response = getattr(client, method)(_sample_path(route))

    assert response.status_code in {302, 401, 403, 404, 405}, (name, response.status_code)
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")


def test_every_named_route_is_exercised_by_name_in_the_tests():
    text = "\n".join(module.read_text() for module in TESTS.rglob("*.py"))
    used = set(re.findall(r"""["']([\w:-]+)["']""", text))

    def named_or_visited(name: str, route: str) -> bool:
        # By name, or by its path up to the first parameter ("/insights/calls/").
        fixed = "/" + route.split("<", 1)[0]
        return name in used or (len(fixed) > 1 and fixed in text)

    untested = sorted(
        name for name, route in ROUTES if name not in PUBLIC and not named_or_visited(name, route)
    )

    assert untested == [], f"Routes without a test that reverses them: {untested}"
