"""django-csp's middleware with the Content-Security-Policy header made once per process.

django-csp builds the header from the settings again for every response: ~340 Python
calls on every request, a signed-in staff page's or a customer's alike (#23). Here no
view sets a policy of its own (`@csp_update`, `@csp_exempt` and the like) and no page
asks for a nonce, so every response gets the same headers: they are built once, by
django-csp's own `build_policy`, and built again when the settings change. A response
that does carry a policy of its own, or a request that asked for a nonce, is left to
django-csp's own way.
"""

from functools import cache
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators set on a response (the policy of that view alone).
OF_ITS_OWN = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
              "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")  # fmt: skip


@cache
def _headers() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each header to set, its value and the URL prefixes it is not set on."""
    made = []
    for header, name, report_only in ((HEADER, "CONTENT_SECURITY_POLICY", False),
                                      (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY",
                                       True)):  # fmt: skip
        value = build_policy(report_only=report_only)
        if value:
            policy = getattr(settings, name, None) or {}
            made.append((header, value, tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())))
    return tuple(made)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _headers.cache_clear()


class ContentSecurityPolicy(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in OF_ITS_OWN
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # Django's debug pages, as django-csp leaves them
        for header, value, excluded in _headers():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = value
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
