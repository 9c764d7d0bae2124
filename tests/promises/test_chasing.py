"""The reminder cadence to a customer we wait on: after 2 and 5 business days, then a person."""

from datetime import UTC, datetime

import pytest
from django.core import mail

from rightthere.cases.models import Case, Status
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.promises.chasing import chase_waiting_customers
from rightthere.promises.models import PromiseSource
from tests.factories import make_case

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def at(day, hour=10):
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def waiting_case(agent):
    case = make_case(assignee=agent)
    casework.change_status(
        case, actor=agent, status=Status.WAITING_CUSTOMER, waiting_reason="information"
    )
    Case.objects.filter(pk=case.pk).update(waiting_since=MONDAY_10)
    return case


def test_reminders_go_out_after_two_and_five_business_days_then_a_person_calls(
    waiting_case, run_tasks
):
    steps = {
        "tue": chase_waiting_customers(at(24)),  # 1 business day: nothing yet
        "wed": chase_waiting_customers(at(25)),  # 2 business days: first reminder
        "wed again": chase_waiting_customers(at(25, 15)),  # same step: not twice
        "sat": chase_waiting_customers(at(28)),  # the weekend does not count
        "next mon": chase_waiting_customers(at(30)),  # 5 business days: second reminder
        "next tue": chase_waiting_customers(datetime(2026, 12, 1, 10, tzinfo=UTC)),  # a person
    }
    run_tasks()

    assert steps["tue"] == {"reminded": 0, "handed_over": 0}
    assert steps["wed"] == {"reminded": 1, "handed_over": 0}
    assert steps["wed again"] == {"reminded": 0, "handed_over": 0}
    assert steps["sat"] == {"reminded": 0, "handed_over": 0}
    assert steps["next mon"] == {"reminded": 1, "handed_over": 0}
    assert steps["next tue"] == {"reminded": 0, "handed_over": 1}
    reminders = [m for m in mail.outbox if "we still need some information from you" in m.body]
    assert len(reminders) == 2
    assert "we will call you" in reminders[1].body
    follow_up = waiting_case.promises.get(source=PromiseSource.FOLLOW_UP)
    assert follow_up.what.startswith("Call ")
    assert follow_up.owner == waiting_case.assignee


def test_a_customer_answer_stops_the_cadence(waiting_case):
    desk_messages.add_message(waiting_case, actor=None, direction="inbound", body_text="Here it is")

    assert chase_waiting_customers(at(30)) == {"reminded": 0, "handed_over": 0}


def test_the_reminder_says_what_we_asked_the_customer_for(agent, run_tasks):
    case = make_case(assignee=agent, subject="Boiler leaks")
    desk_messages.send_reply(
        case,
        actor=agent,
        body_text="Thank you, Anna.\nCould you send us a photo of the boiler's type plate? "
        "It is on the left side.\n\n> an earlier mail: can you come today?",
        at=datetime(2026, 11, 23, 9, 50, tzinfo=UTC),
        check_wording=False,
    )
    casework.change_status(case, actor=agent, status=Status.WAITING_CUSTOMER,
                           waiting_reason="information")  # fmt: skip
    Case.objects.filter(pk=case.pk).update(waiting_since=MONDAY_10)

    chase_waiting_customers(at(25))
    run_tasks()

    reminder = mail.outbox[-1].body
    # What we need and by when: the day the process acts next (the second reminder).
    assert (
        "we still need some information from you, if you can by Monday 30 November. "
        "On Monday 23 November we asked:" in reminder
    )
    assert "  Could you send us a photo of the boiler's type plate?" in reminder
    assert "can you come today" not in reminder
    assert "from the customer from you" not in reminder
