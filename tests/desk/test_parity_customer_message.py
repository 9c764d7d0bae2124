"""A calm customer writing again on a solved case (desk.messages.add_customer_message)
on their status page, by mail and typed in by staff through the API does the same
things (issue #15): the case reopens, the message is read and found not upset, the
priority stays, and nothing is sent. (The angry customer is in test_door_parity.py.)"""

import pytest
from django.urls import reverse

from rightthere.cases.models import Direction, Priority, Status
from rightthere.desk import casework
from rightthere.mail.ingest import ingest
from rightthere.portal.links import status_path
from tests.desk.parity import api, last_event, outcome
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db

CALM = (
    "Thank you for coming on Monday. I am afraid the boiler has started banging again "
    "since this morning, just like before. Could someone have another look?"
)


def _by_whom(result: dict) -> dict:
    """The outcome without who did it: the API's message is typed in by a member of staff,
    the others come from the customer themselves."""
    return {
        **result,
        "events": [
            (kind, field, before, after) for kind, field, before, after, _ in result["events"]
        ],
        "messages": [(direction, automatic) for direction, _, automatic in result["messages"]],
    }


def test_a_calm_customer_reopens_a_solved_case_alike_on_the_status_page_by_mail_and_by_api(
    client, agent
):
    contact = ContactFactory(name="Mrs Cole", email="cole@example.com")
    on_page, by_mail, typed_in = (
        make_case(contact=contact, assignee=agent, priority=Priority.NORMAL) for _ in range(3)
    )
    for case in (on_page, by_mail, typed_in):
        casework.change_status(case, actor=agent, status=Status.SOLVED)
    marks = [last_event(case) for case in (on_page, by_mail, typed_in)]

    token = status_path(on_page).strip("/").split("/")[1]
    page = client.post(reverse("status_reply", args=[token]), {"text": CALM})
    ingest(
        (
            "From: Mrs Cole <cole@example.com>\r\nTo: desk@example.com\r\n"
            f"Subject: Re: [{by_mail.reference}] {by_mail.subject}\r\n"
            "Message-ID: <calm-1@example.com>\r\n\r\n" + CALM + "\r\n"
        ).encode(),
        "test",
    )
    answer = api(agent).post(
        f"/api/cases/{typed_in.pk}/messages",
        {"direction": "inbound", "body_text": CALM},
        content_type="application/json",
    )

    assert page.status_code == 302
    assert answer.status_code == 201, answer.content
    from_page, from_mail, from_api = (
        outcome(case, since=mark)
        for case, mark in zip((on_page, by_mail, typed_in), marks, strict=True)
    )
    assert from_page == from_mail
    assert _by_whom(from_page) == _by_whom(from_api)
    # ... and each did the whole job: the solved case is open again with the customer's
    # message on it, read and found calm, the priority as it was, nothing sent.
    assert from_page["status"] == Status.OPEN
    assert ("status", "status", "Solved", "Open", None) in from_page["events"]
    assert ("status", "status", "Solved", "Open", "adam") in from_api["events"]
    assert from_page["upset"] == [False, False]
    assert from_page["priority"] == Priority.NORMAL
    assert from_page["kind"] == "repair" and from_page["recovery"] is None
    assert from_page["mails"] == []
    for case in (on_page, by_mail, typed_in):
        latest = case.messages.order_by("-created_at", "-pk").first()
        assert latest.direction == Direction.INBOUND
        assert latest.author_contact == contact
        assert "banging again" in latest.body_text
