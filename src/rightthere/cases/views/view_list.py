"""The inbox's list of views (cases/_view_counts.html), rendered once per process for
each thing it shows: the language, the URL prefix and configuration its links are
reversed with, the view that is open, and the counts (None on the inbox page itself,
whose counts htmx fetches from `inbox_counts`).

Its 13 links with their labels cost ~0.5 ms of template rendering on every inbox page
and every counts request (#23); the counts of a desk change far less often than they
are asked for (every 30 s, and after every page), so the same numbers come again.
The HTML is the template's own: this only remembers what it rendered.
"""

from collections.abc import Mapping
from functools import lru_cache

from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rightthere.inbox import VIEWS, VIEWS_BY_SLUG


def view_list(current: str, counts: Mapping[str, int] | None = None) -> SafeString:
    """The list of views with `current` marked, and the counts when given."""
    numbers = None if counts is None else tuple(counts.get(view.slug) for view in VIEWS)
    return _rendered(get_language(), get_script_prefix(), get_urlconf(), current, numbers)


@lru_cache(maxsize=2048)
def _rendered(
    language: str | None,
    script_prefix: str,
    urlconf: str | None,
    current: str,
    numbers: tuple[int | None, ...] | None,
) -> SafeString:
    return mark_safe(  # noqa: S308 - a template's own output, escaped as it was rendered
        get_template("cases/_view_counts.html").render(
            {
                "view_rows": list(zip(VIEWS, numbers or [None] * len(VIEWS), strict=True)),
                "counted": numbers is not None,
                "current_view": VIEWS_BY_SLUG[current],
            }
        )
    )
