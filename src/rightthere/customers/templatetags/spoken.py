"""Customer-facing dates in the active language: `{% load spoken %}{{ due|day }}`
(see rightthere.core.spoken)."""

from datetime import date, datetime

from django import template

from rightthere.core import spoken

register = template.Library()


@register.filter
def day(value: datetime | date | None) -> str:
    return spoken.day(value) if value else ""


@register.filter
def day_padded(value: datetime | date | None) -> str:
    return spoken.day_padded(value) if value else ""


@register.filter
def day_and_time(value: datetime | None) -> str:
    return spoken.day_and_time(value) if value else ""


@register.filter
def short_date_time(value: datetime | None) -> str:
    return spoken.short_date_time(value) if value else ""


@register.filter
def short_date(value: datetime | date | None) -> str:
    return spoken.short_date(value) if value else ""


@register.filter
def clock(value: datetime | None) -> str:
    return spoken.clock(value) if value else ""


@register.filter
def clock_padded(value: datetime | None) -> str:
    return spoken.clock_padded(value) if value else ""
