"""{% settings_nav %}: the set-up sections' nav (see setup_screens.sections)."""

from typing import Any

from django import template

from rightthere.setup_screens.sections import nav_groups

register = template.Library()


@register.inclusion_tag("settings/_nav.html", takes_context=True)
def settings_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    match = request.resolver_match
    return {"groups": nav_groups(match.url_name if match else "")}
