"""Customer effort: how often the customer had to write again, and come back."""

from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.opened import chaser_weeks, opened, repeat_weeks
from rightthere.insights.kpis.period import Period


def customer_effort(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Messages the customer had to send to chase, per case: every message from the
    customer after the one that opened the case, over the cases opened in the period."""
    weeks = opened(period, audience, memo).weeks
    written = chaser_weeks(period, audience, memo)
    # Chasers = the customer's messages minus the first of each case that has one.
    chasers = {week: messages - cases for week, (messages, cases) in written.items()}
    rows = [
        {"week": week, "n": w.cases, "per_case": chasers.get(week, 0) / w.cases}
        for week, w in weeks.items()
    ]
    n = sum(w.cases for w in weeks.values())
    total = sum(chasers.values())
    return Figure(
        key="customer_effort",
        label=gettext_noop("Customer effort (chasers per case)"),
        unit=gettext_noop("per case"),
        value=round(total / n, 2) if n else None,
        count=n,
        columns=(gettext_noop("week"), gettext_noop("chasers per case"), gettext_noop("cases")),
        rows=weekly_rows(period, rows, "per_case", "n"),
        explanation=gettext_noop(
            "Messages the customer sent after the first one, per case opened."
        ),
        extra={"chasers": total},
    )


def repeat_contacts(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Cases opened in the period by a customer who had opened another case in the
    seven days before: they had to come back."""
    weeks = opened(period, audience, memo).weeks
    repeat = repeat_weeks(period, audience, memo)
    rows = [
        {"week": week, "n": w.cases, "share": 100 * repeat.get(week, 0) / w.cases}
        for week, w in weeks.items()
    ]
    n = sum(w.cases for w in weeks.values())
    return Figure(
        key="repeat_contacts",
        label=gettext_noop("Repeat contacts"),
        unit="%",
        value=round(100 * sum(repeat.values()) / n, 1) if n else None,
        count=n,
        columns=(gettext_noop("week"), gettext_noop("repeat %"), gettext_noop("cases")),
        rows=weekly_rows(period, rows, "share", "n"),
        explanation=gettext_noop(
            "Share of new cases from a customer who opened another in the 7 days before."
        ),
    )
