"""The Content-Security-Policy header made once per process
(core.security_headers) is what django-csp's own middleware writes, for every kind of
response and setting it reads; a response with a policy of its own, or a request that
asked for a nonce, gets django-csp's own."""

import pytest
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.test import RequestFactory

from rightthere.core.security_headers import ContentSecurityPolicy

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}}


def both(path: str, respond, asks_for_nonce: bool = False) -> tuple[dict, dict]:
    answers = []
    for middleware in (CSPMiddleware, ContentSecurityPolicy):
        request = RequestFactory().get(path)

        def view(request, respond=respond):
            if asks_for_nonce:
                str(request.csp_nonce)
            return respond(request)

        response = middleware(view)(request)
        answers.append(
            {k: v for k, v in response.headers.items() if k.startswith("Content-Security")}
        )
    return answers[0], answers[1]


RESPONSES = {
    "page": lambda request: HttpResponse("<p>ok</p>"),
    "json": lambda request: JsonResponse({"ok": True}),
    "not found": lambda request: HttpResponseNotFound("no"),
    "own policy": csp_update({"img-src": ["https://example.com"]})(
        lambda request: HttpResponse("x")
    ),
    "exempt": csp_exempt()(lambda request: HttpResponse("x")),
}


@pytest.mark.parametrize("kind", RESPONSES)
@pytest.mark.parametrize("nonce", [False, True])
def test_the_header_is_django_csps_own(kind, nonce):
    theirs, ours = both("/inbox/", RESPONSES[kind], asks_for_nonce=nonce)

    assert ours == theirs
    if kind != "exempt":
        assert "script-src 'self'" in ours["Content-Security-Policy"]


def test_changed_settings_give_django_csps_header_for_them(settings):
    both("/", RESPONSES["page"])  # made once with the project's settings
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/api/"]}  # fmt: skip

    for path in ("/", "/api/cases"):
        theirs, ours = both(path, RESPONSES["page"])
        assert ours == theirs
    assert "Content-Security-Policy" not in ours  # /api/ excluded from the policy
    assert "report-uri /csp-report/" in ours["Content-Security-Policy-Report-Only"]


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request = RequestFactory().get("/")
    ContentSecurityPolicy(lambda request: HttpResponse("x"))(request)

    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)
