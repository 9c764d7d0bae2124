"""Where a case falls at the edges: week ends, the period's first instant, local weeks
across summer time, cases closed without being solved, ties. Each answer is stated."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rightthere.cases.models import Case, Direction, Message
from rightthere.insights.kpis import backlog, effort, load, response
from rightthere.insights.kpis.dashboard import dashboard
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period
from rightthere.insights.signs import telltale_signs
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def local(*args: int) -> datetime:
    """A moment in the desk's time zone (Europe/London: summer time in July)."""
    return timezone.make_aware(datetime(*args))


NOW = local(2026, 7, 15, 12, 0)  # a Wednesday
PERIOD = Period(weeks=3, now=NOW)  # weeks of 29 June, 6 July and 13 July
START, WEEK_2, WEEK_3 = local(2026, 6, 29), local(2026, 7, 6), local(2026, 7, 13)


def case(opened_at: datetime, contact=None, **changes) -> Case:
    made = make_case(contact=contact, opened_at=opened_at)
    if changes:
        Case.objects.filter(pk=made.pk).update(**changes)
    return made


def test_backlog_counts_a_case_from_its_opening_until_it_is_solved_or_else_closed():
    case(WEEK_2)  # opened at the first week's very end: open at every week end
    case(local(2026, 6, 1), status="solved", solved_at=WEEK_3)  # solved at the second's end
    case(local(2026, 6, 1), status="closed", closed_at=local(2026, 7, 14))  # never solved
    case(local(2026, 6, 1), status="closed", solved_at=local(2026, 7, 1),
         closed_at=local(2026, 7, 14))  # open until solved, not until closed  # fmt: skip
    case(NOW + timedelta(days=1))  # opened after now: not in the backlog yet
    case(local(2026, 6, 1), solved_at=local(2026, 6, 10))  # still "open", solved before

    figure = backlog.backlog(PERIOD, "all")
    ages = {label: n for label, _, n in backlog.backlog_age(PERIOD, "all").rows}

    assert [n for _, _, n in figure.rows] == [3, 2, 1]
    assert figure.value == 1
    # The age of open cases goes by their status: the last one counts, the future one not.
    assert ages == {"under 1 day": 0, "1-3 days": 0, "3-7 days": 0, "1-4 weeks": 1,
                    "over 4 weeks": 1}  # fmt: skip


def test_load_counts_every_open_case_a_person_carries_whatever_its_dates(agent):
    case(WEEK_2, assignee_id=agent.pk)
    case(NOW + timedelta(days=1), assignee_id=agent.pk)  # dated after now, open all the same
    case(local(2026, 6, 1), assignee_id=agent.pk, solved_at=local(2026, 6, 10))  # "open"
    case(local(2026, 6, 1), assignee_id=agent.pk, status="solved", solved_at=local(2026, 7, 1))

    figure = load.load_per_person(PERIOD, "all")

    assert figure.rows[0][:2] == (agent.display_name, 3.0)


def test_resolution_puts_a_case_in_the_local_week_it_was_solved_in():
    # 00:30 on Monday in London is still Sunday in UTC: the case belongs to Monday's week.
    case(local(2026, 7, 12, 20, 0), status="solved", solved_at=local(2026, 7, 13, 0, 30))
    case(START - timedelta(hours=1), status="solved", solved_at=START)  # the first instant
    case(local(2026, 6, 1), status="solved", solved_at=START - timedelta(seconds=1))

    figure = response.resolution(PERIOD, "all")

    assert figure.rows == [(START.date(), 1.0, 1), (WEEK_2.date(), None, 0),
                           (WEEK_3.date(), 4.5, 1)]  # fmt: skip
    assert (figure.value, figure.count) == (2.75, 2)


def test_first_response_and_repeat_contacts_count_cases_from_the_periods_first_instant():
    regular = ContactFactory(customer=CustomerFactory())
    case(START, contact=regular, first_responded_at=START + timedelta(hours=2))
    case(WEEK_2, contact=regular)  # exactly seven days after the first: a repeat contact
    together = ContactFactory(customer=CustomerFactory())
    case(local(2026, 7, 14, 10, 0), contact=together)  # two at the same instant:
    case(local(2026, 7, 14, 10, 0), contact=together)  # neither came back after the other
    returning = ContactFactory(customer=CustomerFactory())
    case(local(2026, 6, 20), contact=returning)
    case(local(2026, 7, 14, 10, 0), contact=returning)  # 24 days later: not a repeat

    first = response.first_response(PERIOD, "all")
    repeat = effort.repeat_contacts(PERIOD, "all")

    assert (first.value, first.count, first.rows[0]) == (2.0, 1, (START.date(), 2.0, 1))
    assert (repeat.value, repeat.count) == (20.0, 5)
    assert [(share, n) for _, share, n in repeat.rows] == [(0.0, 1), (100.0, 1), (0.0, 3)]


def test_customer_effort_counts_only_the_customers_own_messages_on_cases_of_the_period():
    chased = case(local(2026, 7, 7))  # opened by the customer's message
    for n, direction, automatic in [
        (1, Direction.INBOUND, False),
        (2, Direction.INBOUND, False),
        (3, Direction.INBOUND, True),
        (4, Direction.OUTBOUND, False),
    ]:
        Message.objects.create(case=chased, direction=direction, automatic=automatic,
                               body_text=f"Message {n}", created_at=local(2026, 7, 8, n))  # fmt: skip
    older = case(local(2026, 6, 20))  # opened before the period: its chasers do not count
    Message.objects.create(case=older, direction=Direction.INBOUND, body_text="Any news?",
                           created_at=local(2026, 7, 8))  # fmt: skip
    silent = case(local(2026, 7, 14))
    Message.objects.filter(case=silent).delete()  # no message from the customer at all

    figure = effort.customer_effort(PERIOD, "all")

    assert (figure.value, figure.count, figure.extra["chasers"]) == (1.0, 2, 2)
    assert [(per_case, n) for _, per_case, n in figure.rows] == [(None, 0), (2.0, 1), (0.0, 1)]


def test_the_dashboard_and_its_signs_fetch_each_set_of_cases_once(agent):
    case(timezone.now() - timedelta(days=2))
    memo, period = Memo(), Period(weeks=12)

    with CaptureQueriesContext(connection) as queries:
        figures = {f.key: f for f in dashboard(period, "all", memo)}
        signs = {s.key: s for s in telltale_signs(period.now, memo)}

    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sorted({sql for sql in reads if reads.count(sql) > 1}) == []
    assert figures["backlog"].value == 1
    assert signs["overwhelm"].series[-1][1] > 0
