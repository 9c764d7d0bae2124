"""Complaints per week with one root cause, before and after a process change."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from rightthere.recovery.models import Recovery, RootCause


@dataclass(frozen=True)
class Week:
    starts: date
    count: int
    before: bool


def weekly_complaints(root_cause: RootCause, start: date, weeks: int, pivot: date) -> list[Week]:
    """Counts by the day each complaint started, grouped into weeks from `start`."""
    tz = timezone.get_current_timezone()
    begin = datetime.combine(start, time.min, tzinfo=tz)
    end = begin + timedelta(weeks=weeks)
    per_day = (
        Recovery.objects.filter(root_cause=root_cause, started_at__gte=begin, started_at__lt=end)
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = [0] * weeks
    for row in per_day:
        counts[(row["day"] - start).days // 7] += row["n"]
    return [
        Week(starts=start + timedelta(weeks=i), count=n, before=start + timedelta(weeks=i) < pivot)
        for i, n in enumerate(counts)
    ]
