"""Each KPI from a hand-made desk whose right answer the test states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, Direction, Message
from rightthere.insights.kpis import backlog, complaints, effort, field, load, promises, response
from rightthere.insights.kpis import satisfaction as csat_kpi
from rightthere.insights.kpis.period import Period
from rightthere.insights.models import StaffRecord
from rightthere.promises.models import Promise
from rightthere.satisfaction.models import SatisfactionAnswer
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db
NOW = timezone.now()
PERIOD = Period(weeks=4, now=NOW)


def case(days_ago=1, internal=False, **changes):
    customer = CustomerFactory(internal=internal)
    made = make_case(customer=customer, opened_at=NOW - timedelta(days=days_ago))
    if changes:
        Case.objects.filter(pk=made.pk).update(**changes)
    return made


def test_first_response_time_averages_hours_and_splits_internal_from_external():
    opened = NOW - timedelta(days=2)
    a = case(2, first_responded_at=opened + timedelta(hours=1))
    case(2, first_responded_at=opened + timedelta(hours=3))
    case(2, internal=True, first_responded_at=opened + timedelta(hours=10))
    case(2)  # not answered yet: not counted
    case(40, first_responded_at=NOW)  # opened before the period
    Case.objects.filter(pk=a.pk).update(first_response_due=opened + timedelta(hours=2))

    assert response.first_response(PERIOD, "all").value == pytest.approx(14 / 3, abs=0.01)
    assert response.first_response(PERIOD, "external").value == 2.0
    assert response.first_response(PERIOD, "internal").value == 10.0
    assert response.first_response(PERIOD, "all").count == 3


def test_resolution_time_counts_cases_solved_in_the_period():
    case(3, solved_at=NOW - timedelta(days=1))  # 48 hours
    case(5, solved_at=NOW - timedelta(days=1))  # 96 hours
    case(90, solved_at=NOW - timedelta(days=60))  # solved before the period

    figure = response.resolution(PERIOD, "all")

    assert (figure.value, figure.count) == (72.0, 2)


def test_promises_kept_share_ignores_open_and_renegotiated_promises():
    made = case(3)
    Promise.objects.filter(case=made).delete()
    due = NOW - timedelta(days=1)
    for state in ["kept", "kept", "kept", "broken", "renegotiated", "open"]:
        Promise.objects.create(case=made, what="Call back", due_at=due, state=state,
                               source="manual", created_at=due - timedelta(days=1),
                               broken_at=due if state == "broken" else None)  # fmt: skip

    assert promises.promises_kept(PERIOD, "all").value == 75.0
    assert promises.broken_promises(PERIOD, "all").value == 1


def test_a_promise_kept_after_its_due_time_counts_as_broken():
    made = case(3)
    Promise.objects.filter(case=made).delete()
    due = NOW - timedelta(days=2)
    for kept_at in [due - timedelta(hours=1), due, due + timedelta(hours=5)]:
        Promise.objects.create(case=made, what="Call back", due_at=due, state="kept",
                               kept_at=kept_at, source="manual",
                               created_at=due - timedelta(days=1))  # fmt: skip

    kept = promises.promises_kept(PERIOD, "all")
    assert (round(kept.value, 1), kept.count) == (66.7, 3)
    assert promises.broken_promises(PERIOD, "all").value == 1


def test_csat_is_the_share_of_good_answers():
    for rating in ["good", "good", "good", "bad"]:
        SatisfactionAnswer.objects.create(case=case(3), rating=rating, answered_via="email",
                                          answered_at=NOW - timedelta(days=1), updated_at=NOW)  # fmt: skip

    assert csat_kpi.csat(PERIOD, "all").value == 75.0


def test_complaints_per_week_average_over_the_period():
    for _ in range(6):
        make_case(kind="complaint", opened_at=NOW - timedelta(hours=1))
    figure = complaints.complaints_per_week(Period(weeks=4), "all")

    assert (figure.count, figure.value, figure.rows[-1][2]) == (6, 1.5, 6)


def test_customer_effort_counts_chasing_messages_per_case():
    chased = case(2)  # opened with one message from the customer
    for n in range(3):
        Message.objects.create(case=chased, direction=Direction.INBOUND, body_text=f"Any news {n}?",
                               created_at=NOW - timedelta(hours=n))  # fmt: skip
    case(2)  # no chasing

    figure = effort.customer_effort(PERIOD, "all")

    assert (figure.value, figure.extra["chasers"]) == (1.5, 3)


def test_repeat_contacts_are_cases_within_seven_days_of_another():
    customer = CustomerFactory()
    contact = ContactFactory(customer=customer)
    make_case(contact=contact, opened_at=NOW - timedelta(days=10))
    make_case(contact=contact, opened_at=NOW - timedelta(days=4))  # repeat
    make_case(contact=contact, opened_at=NOW - timedelta(days=1))  # repeat
    make_case(opened_at=NOW - timedelta(days=1))  # someone else

    assert effort.repeat_contacts(PERIOD, "all").value == 50.0


def test_backlog_counts_open_cases_at_each_week_end_and_ages_today():
    case(2)  # open, 2 days old
    case(10)  # open, 10 days old
    case(20, status="solved", solved_at=NOW - timedelta(days=1))  # was open until yesterday

    figure = backlog.backlog(PERIOD, "all")
    ages = dict((label, n) for label, _, n in backlog.backlog_age(PERIOD, "all").rows)

    assert figure.value == 2
    assert figure.rows[-1][2] == 2
    assert ages == {
        "under 1 day": 0,
        "1-3 days": 1,
        "3-7 days": 0,
        "1-4 weeks": 1,
        "over 4 weeks": 0,
    }


def test_load_per_person_against_capacity(agent, technician):
    StaffRecord.objects.create(user=agent, started_on=NOW.date(), capacity=2)
    for _ in range(3):
        case(1, assignee_id=agent.pk)
    case(1, assignee_id=technician.pk)

    figure = load.load_per_person(PERIOD, "all")

    assert figure.rows[0] == (agent.display_name, 3.0, 2, 150.0)
    assert (figure.extra["over_capacity"], figure.value) == (1, 50.0)


def test_right_first_time_waits_for_field_service_until_it_provides_data(monkeypatch):
    monkeypatch.setattr("rightthere.insights.providers._module", lambda app: None)
    assert field.right_first_time(PERIOD, "all").waiting_on.startswith("field service")
    assert field.rework_cost(PERIOD, "all").value is None
    monkeypatch.undo()

    week = PERIOD.week_starts[-1]
    monkeypatch.setattr("rightthere.insights.providers.right_first_time",
                        lambda start, end, internal: [(week, 9, 12)])  # fmt: skip
    monkeypatch.setattr("rightthere.insights.providers.rework_cost",
                        lambda start, end, internal: [(week, 240.0, 3)])  # fmt: skip

    assert field.right_first_time(PERIOD, "all").value == 75.0
    assert field.rework_cost(PERIOD, "all").value == 240.0
