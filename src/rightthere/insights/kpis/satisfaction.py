"""Customer satisfaction (CSAT)."""

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period, audience_filter
from rightthere.satisfaction.models import Rating, SatisfactionAnswer


def csat(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """The share of "good" among the answers given in the period."""
    answers = SatisfactionAnswer.objects.filter(
        audience_filter(audience, "case__"),
        answered_at__gte=period.start,
        answered_at__lte=period.end,
    )
    good = Q(rating=Rating.GOOD)
    total = answers.aggregate(n=Count("id"), good=Count("id", filter=good))
    rows = [
        {**r, "share": 100 * r["good"] / r["n"]}
        for r in answers.annotate(week=TruncWeek("answered_at"))
        .values("week")
        .order_by("week")
        .annotate(n=Count("id"), good=Count("id", filter=good))
    ]
    n = total["n"]
    return Figure(
        key="csat",
        label=gettext_noop("CSAT"),
        unit="%",
        value=round(100 * total["good"] / n, 1) if n else None,
        count=n,
        columns=(gettext_noop("week"), gettext_noop("good %"), gettext_noop("answers")),
        rows=weekly_rows(period, rows, "share", "n"),
        better="higher",
        explanation=gettext_noop("Good ÷ all answers given in the period, by week answered."),
    )
