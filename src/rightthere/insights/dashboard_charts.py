"""The dashboard's charts: what each figure's and sign's bars measure, and what would
fill a chart that has nothing to show yet."""

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from rightthere.insights.charts import Chart, Measure, bar_chart
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.signs import Sign

LEVEL_COLOURS = {"ok": "#0f6e5c", "amber": "#b45309", "red": "#b91c1c", "waiting": "#9aa5b1"}

# Figures whose bars count something else than the headline figure (a period's total,
# a share of people): their target is for the headline, so no target line on the bars.
TARGET_NOT_ON_BARS = {"broken_promises", "backlog_age", "load"}
BAR_NAMES = {
    "broken_promises": gettext_noop("broken promises"),
    "complaints": gettext_noop("complaints"),
}

FIGURE_EMPTY = {
    "first_response": gettext_noop(
        "No first replies to cases opened in this period. A week fills "
        "when a person answers a case opened that week."
    ),
    "resolution": gettext_noop(
        "No cases solved in this period. A week fills when its cases are set to Solved."
    ),
    "promises_kept": gettext_noop(
        "No promises fell due in this period. A week fills when a promise "
        "made to a customer is kept or broken."
    ),
    "broken_promises": gettext_noop(
        "No promise broke in this period. A bar appears for each week "
        "a promise passes its date without being kept."
    ),
    "right_first_time": gettext_noop(
        "No visit outcomes in this period. A week fills when a technician "
        "records how a first visit ended."
    ),
    "rework_cost": gettext_noop(
        "No rework in this period. A bar appears for each week with a return "
        "visit or a re-ordered part."
    ),
    "csat": gettext_noop(
        "No satisfaction answers in this period. They arrive when customers rate a "
        "solved case: Rightthere asks them by e-mail a few hours after it is solved."
    ),
    "complaints": gettext_noop(
        "No complaints in this period. A bar appears for each week a complaint's recovery starts."
    ),
    "customer_effort": gettext_noop(
        "No customer had to chase in this period. A bar appears when a "
        "customer writes again about a case opened that week."
    ),
    "repeat_contacts": gettext_noop(
        "No cases opened in this period. A week fills as cases are opened: "
        "the bar is the share from customers who opened another within 7 days."
    ),
    "backlog": gettext_noop(
        "No open cases in this period. A bar shows the cases still open at the end of each week."
    ),
    "backlog_age": gettext_noop(
        "No open cases now. New cases show here by how long ago they were opened."
    ),
    "load": gettext_noop(
        "Nobody carries open cases now. A bar appears for each owner, agent or "
        "technician with open cases assigned to them."
    ),
}

SIGN_BARS = {
    "excuses": gettext_noop("replies with excuses"),
    "blame": gettext_noop("replies blaming a customer"),
    "turnover": gettext_noop("leavers"),
    "sick_leave": gettext_noop("sick days"),
    "complaints": gettext_noop("complaints"),
    "customers_lost": gettext_noop("customers lost"),
}  # overwhelm: each bar is the sign itself (% of capacity), so its thresholds are drawn

SIGN_EMPTY = {
    "excuses": gettext_noop(
        "No excuses in sent replies in 12 weeks. A bar appears for each week the "
        "reply coach finds one in a reply that was sent."
    ),
    "blame": gettext_noop(
        "No reply blamed a customer in 12 weeks. A bar appears for each week the "
        "reply coach finds blame in a reply that was sent."
    ),
    "turnover": gettext_noop(
        "Nobody left in 12 weeks. Leavers come from the end dates on staff records."
    ),
    "sick_leave": gettext_noop(
        "No sick days in 12 weeks. They come from the absences recorded under Staff and absences."
    ),
    "overwhelm": gettext_noop(
        "No open cases in 12 weeks. A bar shows the open cases at each week's end "
        "against what the team can carry."
    ),
    "complaints": gettext_noop(
        "No complaints in 12 weeks. A bar appears for each week a complaint's recovery starts."
    ),
    "customers_lost": gettext_noop(
        "No customer turned Lost in 12 weeks. A bar appears for each week "
        "a good customer's relationship turns Lost."
    ),
}


def figure_chart(found: Figure) -> Chart:
    """The chart of one dashboard figure, with its table as text."""
    column = found.columns[1]
    measure = _measure(found.key, column, found.unit)
    points = found.chart_points
    kept = [i for i in range(2, len(found.columns)) if not _repeats(found.rows, i)]
    head = (found.columns[0], column, *(found.columns[i] for i in kept))
    rows = [
        (label, measure.text(value), *(_cell(row[i], found.columns[i]) for i in kept))
        for (label, value), row in zip(points, found.rows, strict=True)
    ]
    chart = bar_chart(
        points,
        title=gettext(found.label),
        measure=measure,
        empty=gettext(FIGURE_EMPTY[found.key]),
        target=None if found.key in TARGET_NOT_ON_BARS else found.target,
        table=(head, rows),
        by_week=found.chart == "weeks",
    )
    if found.waiting_on:
        chart.empty = _waiting(found.waiting_on, FIGURE_EMPTY[found.key])
    return chart


def sign_chart(sign: Sign) -> Chart:
    """The 12-week chart of one telltale sign. Its amber and red lines are drawn only
    where a bar measures the sign itself; elsewhere they stay in the text under it."""
    own = sign.key not in SIGN_BARS
    measure = Measure(sign.unit, "%") if own else Measure(SIGN_BARS[sign.key])
    chart = bar_chart(
        [(date_format(week, "d M"), value) for week, value in sign.series],
        title=gettext(sign.label),
        measure=measure,
        empty=gettext(SIGN_EMPTY[sign.key]),
        colour=LEVEL_COLOURS[sign.level],
        levels=(sign.amber, sign.red) if own else None,
    )
    if not any(value for _, value in sign.series):
        chart.empty = gettext(
            SIGN_EMPTY[sign.key]
        )  # every sign counts things: no bars, nothing yet
    if sign.waiting_on:
        chart.empty = _waiting(sign.waiting_on, SIGN_EMPTY[sign.key])
    if sign.value is not None:
        chart.summary += " " + gettext(
            "Now %(value)s %(unit)s (%(level)s; amber from %(amber)s, red from %(red)s)."
        ) % {"value": f"{sign.value:g}", "unit": gettext(sign.unit), "level": gettext(sign.level),
             "amber": f"{sign.amber:g}", "red": f"{sign.red:g}"}  # fmt: skip
    return chart


def _waiting(on: str, empty: str) -> str:
    return gettext("Waiting for %(what)s. %(empty)s") % {
        "what": gettext(on),
        "empty": gettext(empty),
    }


def _measure(key: str, column: str, unit: str) -> Measure:
    if column.endswith("%"):
        return Measure(column.removesuffix("%").strip(), "%")
    if unit == "£":
        return Measure(column, "£")
    if "hours" in column:
        return Measure(column, "hours")
    return Measure(BAR_NAMES.get(key, column))


def _repeats(rows: list[tuple[Any, ...]], i: int) -> bool:
    """A column that only repeats the charted one (the count next to a count)."""
    return all(row[i] == row[1] for row in rows)


def _cell(value: Any, column: str) -> str:
    if value is None:
        return gettext("no data")
    if isinstance(value, date):
        return date_format(value, "d M Y")
    if isinstance(value, float | int):
        return f"{value:,.4g}%" if column.endswith("%") else f"{value:,.4g}"
    return str(value)
