"""The top bar's brand and navigation (templates/_staff_nav.html) and its account links
(templates/_staff_account_links.html), rendered once per process for each thing they
depend on: the language, the person's role (what they may open), the page shown (which
link is marked current), and the URL prefix and URL configuration the links are
reversed with.

On every staff page they cost ~25 `{% url %}` look-ups and ~25 translations (#23).
Nothing of the signed-in person but their role goes into them: their name, the bell's
count (fetched by htmx), the CSRF token and the log-out form are rendered by base.html
on each request.
"""

from functools import lru_cache

from django.http import HttpRequest
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _nav(
    language: str | None,
    script_prefix: str,
    urlconf: str | None,
    current: str | None,
    app_name: str,
    sees_all_cases: bool,
    role: str,
    is_owner: bool,
) -> SafeString:
    return mark_safe(  # noqa: S308 - a template's own output, escaped as it was rendered
        get_template("_staff_nav.html").render(
            {
                "current": current,
                "app_name": app_name,
                "sees_all_cases": sees_all_cases,
                "role": role,
                "is_owner": is_owner,
            }
        )
    )


class _StaffNav:
    """`{{ staff_nav }}`: made only when a page shows it (not for a partial's context)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def __html__(self) -> SafeString:
        match = self.request.resolver_match
        user = self.request.user
        return _nav(
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            match.url_name if match else "",
            match.app_name if match else "",
            bool(getattr(user, "sees_all_cases", False)),
            str(getattr(user, "role", "")),
            bool(getattr(user, "is_owner", False)),
        )

    __str__ = __html__


@lru_cache(maxsize=64)
def _account_links(language: str | None, script_prefix: str, urlconf: str | None) -> SafeString:
    return mark_safe(  # noqa: S308 - a template's own output, escaped as it was rendered
        get_template("_staff_account_links.html").render({})
    )


class _AccountLinks:
    """`{{ staff_account_links }}`: the bell, the timer hint, API tokens and two-factor."""

    def __html__(self) -> SafeString:
        return _account_links(get_language(), get_script_prefix(), get_urlconf())

    __str__ = __html__


_ACCOUNT_LINKS = _AccountLinks()


def staff_nav(request: HttpRequest) -> dict[str, _StaffNav | _AccountLinks]:
    """Context processor: the top bar's navigation, `{{ staff_nav }}`, and its account
    links, `{{ staff_account_links }}`."""
    return {"staff_nav": _StaffNav(request), "staff_account_links": _ACCOUNT_LINKS}
