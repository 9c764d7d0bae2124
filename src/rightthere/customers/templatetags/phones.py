"""{{ contact.phone|phone }}: a number stored in E.164 as people read it (+44 7700 900123)."""

from django import template

from rightthere.customers import phones

register = template.Library()


@register.filter(name="phone")
def phone(value: str) -> str:
    return phones.readable(value or "")
