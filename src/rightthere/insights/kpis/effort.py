"""Customer effort: how often the customer had to write again, and come back."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncWeek

from rightthere.cases.models import Case, Direction
from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.period import Period, audience_filter

REPEAT_WITHIN = timedelta(days=7)


def customer_effort(period: Period, audience: str) -> Figure:
    """Messages the customer had to send to chase, per case: every message from the
    customer after the one that opened the case, over the cases opened in the period."""
    cases = Case.objects.filter(
        audience_filter(audience), created_at__gte=period.start, created_at__lte=period.end
    )
    inbound = Q(messages__direction=Direction.INBOUND, messages__automatic=False)
    # Chasers = all inbound messages minus the first of each case that has one.
    rows = [
        {**r, "per_case": (r["inbound"] - r["with_inbound"]) / r["n"]}
        for r in cases.annotate(week=TruncWeek("created_at"))
        .values("week")
        .order_by("week")
        .annotate(
            n=Count("id", distinct=True),
            inbound=Count("messages", filter=inbound),
            with_inbound=Count("id", filter=inbound, distinct=True),
        )
    ]
    # Each case is in one week: the period's totals are the weeks' sums (one scan, not two).
    n = sum(r["n"] for r in rows)
    chasers = sum(r["inbound"] - r["with_inbound"] for r in rows)
    return Figure(
        key="customer_effort",
        label="Customer effort (chasers per case)",
        unit="per case",
        value=round(chasers / n, 2) if n else None,
        count=n,
        columns=("week", "chasers per case", "cases"),
        rows=weekly_rows(period, rows, "per_case", "n"),
        explanation="Messages the customer sent after the first one, per case opened.",
        extra={"chasers": chasers},
    )


def repeat_contacts(period: Period, audience: str) -> Figure:
    """Cases opened in the period by a customer who had opened another case in the
    seven days before: they had to come back."""
    earlier = Case.objects.filter(
        customer_id=OuterRef("customer_id"),
        created_at__lt=OuterRef("created_at"),
        created_at__gte=OuterRef("created_at") - REPEAT_WITHIN,
    )
    cases = Case.objects.filter(
        audience_filter(audience), created_at__gte=period.start, created_at__lte=period.end
    )
    repeat = Exists(earlier)
    rows = [
        {**r, "share": 100 * r["repeat"] / r["n"]}
        for r in cases.annotate(week=TruncWeek("created_at"))
        .values("week")
        .order_by("week")
        .annotate(n=Count("id"), repeat=Count("id", filter=repeat))
    ]
    n = sum(r["n"] for r in rows)
    total = {"repeat": sum(r["repeat"] for r in rows)}
    return Figure(
        key="repeat_contacts",
        label="Repeat contacts",
        unit="%",
        value=round(100 * total["repeat"] / n, 1) if n else None,
        count=n,
        columns=("week", "repeat %", "cases"),
        rows=weekly_rows(period, rows, "share", "n"),
        explanation="Share of new cases from a customer who opened another in the 7 days before.",
    )
