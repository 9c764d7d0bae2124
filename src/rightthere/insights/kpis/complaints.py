"""Complaints per week: every recovery started counts as one complaint."""

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.memo import Memo, shared
from rightthere.insights.kpis.period import Period, audience_filter
from rightthere.recovery.models import Recovery


def complaint_weeks(
    period: Period, audience: str, memo: Memo | None = None
) -> list[tuple[object, float | None, int]]:
    """Complaints per week of the period (the figure and the "rising complaints" sign)."""

    def fetch() -> list[tuple[object, float | None, int]]:
        recoveries = Recovery.objects.filter(
            audience_filter(audience, "case__"),
            started_at__gte=period.start,
            started_at__lte=period.end,
        )
        rows = list(
            recoveries.annotate(week=TruncWeek("started_at"))
            .values("week")
            .order_by("week")
            .annotate(n=Count("id"))
        )
        weekly = weekly_rows(period, rows, "n", "n")
        return [(week, float(count), count) for week, _, count in weekly]

    return shared(memo, ("complaints", period, audience), fetch)


def complaints_per_week(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Average complaints per week over the period, and the count of each week."""
    weekly = complaint_weeks(period, audience, memo)
    total = sum(count for _, _, count in weekly)
    return Figure(
        key="complaints",
        label=gettext_noop("Complaints per week"),
        unit=gettext_noop("per week"),
        value=round(total / period.weeks, 2),
        count=total,
        columns=(gettext_noop("week"), gettext_noop("complaints"), gettext_noop("complaints")),
        rows=weekly,
        explanation=gettext_noop("Complaints opened (recoveries started) per week."),
    )
