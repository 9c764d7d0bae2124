"""The business's time zone and language (Business profile screen, else TIME_ZONE and
LANGUAGE_CODE from the environment), applied where the desk works: every web and API
request (`BusinessLocale`), each background task and periodic job (`in_business_locale`),
and the `rightthere` commands (their time zone).

"Today", business hours, due times, reminders and every time shown to staff are then the
business's. Customers' pages and mails still switch to the customer's own language inside
(`customers.language.speaking_to`). The profile is read through its per-process cache, so
this costs no query on a request once the cache is warm (at most one per process every
few seconds).
"""

import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from rightthere.accounts.profile import business_profile


@lru_cache(maxsize=32)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def business_zone() -> zoneinfo.ZoneInfo:
    """The business's time zone (a saved name this machine no longer knows falls back to
    the environment's TIME_ZONE)."""
    try:
        return _zone(business_profile().time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def business_language() -> str:
    return business_profile().language


@contextmanager
def in_business_locale() -> Iterator[zoneinfo.ZoneInfo]:
    """Within this block "now", "today" and business hours are the business's, and what
    is written for the staff is in its language."""
    zone = business_zone()
    with timezone.override(zone), translation.override(business_language()):
        yield zone


def activate_business_locale() -> None:
    """The business's time zone and language for what this thread does next (a request,
    a worker's task), until `deactivate_business_locale()`."""
    timezone.activate(business_zone())
    translation.activate(business_language())


def deactivate_business_locale() -> None:
    timezone.deactivate()
    translation.deactivate()


@contextmanager
def in_business_time_zone_if_installed() -> Iterator[None]:
    """For the `rightthere` commands: the business's time zone once the database has its
    tables; before `migrate` has made them, the environment's TIME_ZONE."""
    try:
        zone: zoneinfo.ZoneInfo | None = business_zone()
    except DatabaseError:
        zone = None
    with timezone.override(zone or timezone.get_default_timezone()):
        yield


class BusinessLocale:
    """Runs each request in the business's time zone and language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate_business_locale()
        request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            deactivate_business_locale()
