"""Template tags for the composer's canned-reply picker (no database queries)."""

from django import template

from rightthere.canned.placeholders import PLACEHOLDERS

register = template.Library()


@register.simple_tag
def canned_placeholder_names() -> str:
    """The known placeholder names, space separated, for the composer's send check."""
    return " ".join(PLACEHOLDERS)
