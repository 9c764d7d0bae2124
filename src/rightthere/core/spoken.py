"""Dates and times as customers read them, in the active language (Django's date
formats with translated names: "Sunday 6 December" / "Sonntag, 6. Dezember").

The format strings are themselves translated (context "date format"), so that each
language orders day, month and time its own way."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext


def _local(moment: datetime | date) -> datetime | date:
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def _local_time(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def day(moment: datetime | date) -> str:
    """The weekday, day and month: "Sunday 6 December"."""
    return date_format(_local(moment), pgettext("date format", "l j F"))


def day_padded(moment: datetime | date) -> str:
    """The weekday, two-digit day and month: "Sunday 06 December"."""
    return date_format(_local(moment), pgettext("date format", "l d F"))


def day_and_time(moment: datetime) -> str:
    """The day with the time: "Sunday 6 December, 14:00"."""
    return date_format(_local(moment), pgettext("date format", "l j F, H:i"))


def short_date_time(moment: datetime) -> str:
    """A message's date: "Sun 6 Dec 2026, 14:00"."""
    return date_format(_local(moment), pgettext("date format", "D j M Y, H:i"))


def short_date(moment: datetime | date) -> str:
    """A file's date: "6 Dec 2026"."""
    return date_format(_local(moment), pgettext("date format", "j M Y"))


def clock(moment: datetime) -> str:
    """The time of day without a leading zero: "9:05"."""
    return time_format(_local_time(moment), pgettext("time format", "G:i"))


def clock_padded(moment: datetime) -> str:
    """The time of day with two-digit hours: "09:05"."""
    return time_format(_local_time(moment), pgettext("time format", "H:i"))
