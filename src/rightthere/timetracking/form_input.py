"""Reading the timer widget's form fields: a local date and time, and a length of time.

Plain functions rather than a Django form: the widget has four small forms,
each field is read the same way, and every problem becomes an InvalidInput
whose message the widget shows next to the form.
"""

import re
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.core.errors import InvalidInput
from rightthere.timetracking.models import MAX_NOTE_CHARS

_HOURS_MINUTES = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def local_datetime(text: str) -> datetime:
    """A `datetime-local` value, read in the desk's time zone."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            gettext("Give the start as a date and time, e.g. 2026-11-27 14:00.")
        ) from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def minutes(text: str) -> int:
    """'45' (minutes) or '1:30' (hours and minutes)."""
    text = text.strip()
    matched = _HOURS_MINUTES.match(text)
    if matched:
        return int(matched[1]) * 60 + int(matched[2])
    if text.isdecimal() and len(text) <= 5:
        return int(text)
    raise InvalidInput(gettext("Give the time spent in minutes (45) or as hours:minutes (1:30)."))


def note(form: QueryDict) -> str:
    return form.get("note", "")[: MAX_NOTE_CHARS + 1]


def checked(form: QueryDict, name: str) -> bool:
    return form.get(name, "") in {"1", "on", "true"}


def number(text: str) -> int | None:
    """An id from a hidden field or a select; None when empty or not a number."""
    text = text.strip()
    return int(text) if text.isdecimal() and len(text) < 19 else None
