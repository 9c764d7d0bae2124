"""Opening periods as people type them: "09:00-17:30", "9-13", "9:00-13:00", "9am-1pm".

A form parses a day's text with `parse_spans`; what it cannot read is refused with a
message that rewrites the owner's own numbers in the 24-hour form ("Write '9 to 5' as
09:00-17:00."), so the fix is one copy away.
"""

import re
from datetime import time

from django.utils.translation import gettext

# One time of day: 9, 09, 9:30, 9.30, 9am, 9:30 pm, 9 a.m.
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_SPAN = re.compile(rf"^\s*{_TIME}\s*[-\u2013\u2014]\s*{_TIME}\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?", re.IGNORECASE)


class SpanError(ValueError):
    """The text is not an opening period; `message` says how to write it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_spans(text: str) -> list[tuple[time, time]]:
    """ "09:00-12:30, 13:30-17:30" -> two periods; blank -> closed. Raises SpanError."""
    return [_parse_span(part.strip()) for part in text.split(",") if part.strip()]


def _parse_span(part: str) -> tuple[time, time]:
    match = _SPAN.match(part)
    if not match:
        raise SpanError(_write_as(part))
    start = _time_of_day(part, *match.groups()[:3])
    end = _time_of_day(part, *match.groups()[3:])
    end_suffix = match.group(6)
    if end <= start and not end_suffix and end.hour < start.hour < 12:
        # "9-5": meant 09:00-17:00, but the desk reads hours on the 24-hour clock.
        raise SpanError(_write_as(part))
    return start, end


def _time_of_day(part: str, hour: str, minute: str | None, suffix: str | None) -> time:
    h, m = int(hour), int(minute or 0)
    if suffix:
        if not 1 <= h <= 12:
            raise SpanError(gettext("%(part)s is not a time of day.") % {"part": repr(part)})
        h = h % 12 + (12 if suffix.lower().startswith("p") else 0)
    if h > 23 or m > 59:
        raise SpanError(gettext("%(part)s is not a time of day.") % {"part": repr(part)})
    return time(h, m)


def _write_as(part: str) -> str:
    """The owner's own numbers in the 24-hour form, or an example when there are none."""
    numbers = [(int(h), int(m or 0)) for h, m in _NUMBER.findall(part)]
    if len(numbers) == 2 and all(h <= 23 and m <= 59 for h, m in numbers):
        (h1, m1), (h2, m2) = numbers
        if h2 < h1 < 12:
            h2 += 12  # "9 to 5" is a working day, not a night
        return gettext("Write %(part)s as %(hours)s.") % {
            "part": repr(part),
            "hours": f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}",
        }
    return gettext("Write %(part)s as opening and closing time, e.g. 09:00-17:30.") % {
        "part": repr(part)
    }
