"""Promises kept and broken. A promise kept after its due time was broken for the
customer (they waited past the time we gave): it counts as broken here, whatever the
timeline's "kept (late)" says about the work being done in the end."""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncWeek
from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period, audience_filter
from rightthere.promises.models import Promise, PromiseState


def promises_kept(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Of the promises due in the period that are settled, the share kept by their due
    time (kept late counts as broken). A promise renegotiated with the customer before it broke is replaced by its new one, so it
    counts neither way; open promises are not settled yet."""
    promises = Promise.objects.filter(
        audience_filter(audience, "case__"),
        due_at__gte=period.start,
        due_at__lte=period.end,
        state__in=[PromiseState.KEPT, PromiseState.BROKEN],
    )
    # No kept_at (rows from before it was recorded): nothing says it was late.
    kept = Q(state=PromiseState.KEPT) & ~Q(kept_at__gt=F("due_at"))
    total = promises.aggregate(n=Count("id"), kept=Count("id", filter=kept))
    rows = [
        {**r, "share": 100 * r["kept"] / r["n"]}
        for r in promises.annotate(week=TruncWeek("due_at"))
        .values("week")
        .order_by("week")
        .annotate(n=Count("id"), kept=Count("id", filter=kept))
    ]
    n = total["n"]
    return Figure(
        key="promises_kept",
        label=gettext_noop("Promises kept on time"),
        unit="%",
        value=round(100 * total["kept"] / n, 1) if n else None,
        count=n,
        columns=(gettext_noop("week"), gettext_noop("kept %"), gettext_noop("settled promises")),
        rows=weekly_rows(period, rows, "share", "n"),
        better="higher",
        explanation=gettext_noop(
            "Kept by the due time ÷ (kept + kept late + broken) of promises due in the "
            "period, by week due."
        ),
    )


def broken_promises(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Promises that broke in the period: passed their date without being kept, or kept
    only after it (those broke at their due time)."""
    promises = (
        Promise.objects.filter(audience_filter(audience, "case__"))
        .filter(Q(state=PromiseState.BROKEN) | Q(state=PromiseState.KEPT, kept_at__gt=F("due_at")))
        .annotate(broke_at=Coalesce("broken_at", "due_at"))
        .filter(broke_at__gte=period.start, broke_at__lte=period.end)
    )
    rows = list(
        promises.annotate(week=TruncWeek("broke_at"))
        .values("week")
        .order_by("week")
        .annotate(n=Count("id"))
    )
    weekly = weekly_rows(period, rows, "n", "n")
    total = sum(count for _, _, count in weekly)
    return Figure(
        key="broken_promises",
        label=gettext_noop("Broken promises"),
        unit=gettext_noop("count"),
        value=total,
        count=total,
        columns=(gettext_noop("week"), gettext_noop("broken"), gettext_noop("broken")),
        rows=[(week, float(count), count) for week, _, count in weekly],
        explanation=gettext_noop(
            "Promises that passed their date without being kept, or were kept only "
            "after it, by week broken."
        ),
    )
