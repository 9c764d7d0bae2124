"""Waiting rules: never "waiting on customer" for what is ours to chase."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Status
from rightthere.core.errors import InvalidInput
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.promises.models import PromiseSource
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_waiting_on_customer_for_a_part_is_refused(agent):
    case = make_case()

    with pytest.raises(InvalidInput, match="ours to chase"):
        casework.change_status(
            case, actor=agent, status=Status.WAITING_CUSTOMER, waiting_reason="part"
        )

    case.refresh_from_db()
    assert case.status == Status.NEW


def test_waiting_on_customer_needs_a_reason(agent):
    case = make_case()

    with pytest.raises(InvalidInput, match="what we need from the customer"):
        casework.change_status(case, actor=agent, status=Status.WAITING_CUSTOMER)


def test_waiting_on_customer_for_their_approval_is_recorded(agent):
    case = make_case()

    casework.change_status(
        case, actor=agent, status=Status.WAITING_CUSTOMER, waiting_reason="approval"
    )

    case.refresh_from_db()
    assert case.waiting_reason == "approval"
    assert case.waiting_since is not None
    assert case.events.filter(kind="waiting", after="The customer's approval").exists()


def test_waiting_on_us_for_a_part_with_a_date_makes_a_promise(agent):
    case = make_case(assignee=agent)
    due = timezone.now() + timedelta(days=3)

    casework.change_status(
        case, actor=agent, status=Status.WAITING_US, waiting_reason="part", promise_due=due
    )

    promise = case.promises.get(source=PromiseSource.WAITING_ON_US)
    assert promise.due_at == due
    assert promise.owner == agent
    assert "a part" in promise.what


def test_leaving_waiting_clears_the_reason(agent):
    case = make_case()
    casework.change_status(case, actor=agent, status=Status.WAITING_US, waiting_reason="vendor")

    casework.change_status(case, actor=agent, status=Status.OPEN)

    case.refresh_from_db()
    assert case.waiting_reason == ""
    assert case.waiting_since is None


def test_customer_reply_on_a_waiting_case_reopens_it_and_clears_the_reason(agent):
    case = make_case()
    casework.change_status(
        case, actor=agent, status=Status.WAITING_CUSTOMER, waiting_reason="information"
    )

    desk_messages.add_message(case, actor=None, direction="inbound", body_text="Serial is 123")

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.waiting_reason == ""


def test_ui_asks_for_the_reason_then_saves_with_it(agent, as_user):
    case = make_case()
    client = as_user(agent)
    url = reverse("case_update_field", args=[case.pk, "status"])

    asked = client.post(url, {"value": "waiting_customer"}, headers={"HX-Request": "true"})
    case.refresh_from_db()
    saved = client.post(
        url,
        {"value": "waiting_customer", "waiting_reason": "access", "version": case.version},
        headers={"HX-Request": "true"},
    )

    assert "what we need from the customer" in asked.content.decode()
    assert 'id="field-waiting"' in asked.content.decode()
    case.refresh_from_db()
    assert saved.status_code == 200
    assert case.status == Status.WAITING_CUSTOMER
    assert case.waiting_reason == "access"
