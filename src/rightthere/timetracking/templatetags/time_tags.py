"""`{{ minutes|hm }}`: minutes shown as hours and minutes (90 -> 1:30)."""

from django import template

from rightthere.timetracking.totals import hours_and_minutes

register = template.Library()


@register.filter
def hm(minutes: int | None) -> str:
    return hours_and_minutes(minutes or 0)
