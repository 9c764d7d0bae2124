"""What the telltale signs ask of the reply coach (see `rightthere.insights.providers`):
sent replies in which the coach still found an excuse or blame when they went out."""

from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from rightthere.cases.models import Direction
from rightthere.coach.models import ReplyFinding


def _sent(kind: str, start: datetime, end: datetime) -> QuerySet[ReplyFinding]:
    return ReplyFinding.objects.filter(
        category=kind,
        created_at__gte=start,
        created_at__lt=end,
        message__direction=Direction.OUTBOUND,
    )


def findings_per_week(kind: str, start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Per week (Monday, local time): how many sent replies had a finding of this kind
    ("excuse", "blame"); a reply with two excuses counts once."""
    rows = (
        _sent(kind, start, end)
        .annotate(week=TruncWeek("created_at"))
        .values_list("week")
        .order_by("week")
        .annotate(replies=Count("message_id", distinct=True))
    )
    return [(_day(week), replies) for week, replies in rows]


def cases_with_findings(kind: str, start: datetime, end: datetime) -> list[int]:
    """The cases of those replies, newest finding first."""
    found: dict[int, None] = {}
    for case_id in (
        _sent(kind, start, end).order_by("-created_at").values_list("message__case_id", flat=True)
    ):
        found.setdefault(case_id, None)
    return list(found)


def _day(week: date | datetime) -> date:
    return timezone.localtime(week).date() if isinstance(week, datetime) else week
