"""A dated commitment typed in a reply is recorded as a promise when the reply is sent
(issue #18): the process keeps the promise, not the agent's memory of pressing a chip.

The reply is read as the composer's promise chip reads it (`coach.actions.read_promises`);
"Not a promise" (`read_promises=False`) records nothing; a promise typed or edited with
the reply wins over the reading; the same reply sent again records nothing new.
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import EventKind
from rightthere.desk.messages import send_reply
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from tests.desk.parity import api, outcome
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db

ENGINEER = "Thanks for the photos. We will send the engineer by Friday."


def friday_at(now: datetime, hour: int, minute: int = 0) -> datetime:
    """This week's Friday (the clock reads Wednesday) at that local time."""
    return (now + timedelta(days=2)).replace(hour=hour, minute=minute, second=0, microsecond=0)


def read_promises(case) -> list[Promise]:
    return list(case.promises.exclude(source=PromiseSource.FIRST_RESPONSE))


def test_a_dated_commitment_is_recorded_as_a_promise_when_the_reply_is_sent(
    agent, wednesday_eleven
):
    case = make_case(assignee=agent)

    message = send_reply(case, actor=agent, body_text=ENGINEER)

    [promise] = read_promises(case)
    assert promise.what == "send the engineer"
    assert timezone.localtime(promise.due_at) == friday_at(wednesday_eleven, 17)
    assert promise.source == PromiseSource.READ_FROM_REPLY
    assert promise.state == PromiseState.OPEN
    assert promise.message == message
    assert promise.owner == agent
    assert promise.created_by == agent
    # on the timeline like any promise
    assert case.events.filter(kind=EventKind.PROMISE, field="send the engineer").exists()


def test_a_commitment_the_agent_said_is_not_a_promise_is_not_recorded(agent, wednesday_eleven):
    case = make_case(assignee=agent)

    send_reply(case, actor=agent, body_text=ENGINEER, read_promises=False)

    assert read_promises(case) == []


def test_the_promise_typed_with_the_reply_wins_over_the_reading(agent, wednesday_eleven):
    case = make_case(assignee=agent)
    edited_due = friday_at(wednesday_eleven, 10)

    send_reply(
        case,
        actor=agent,
        body_text=ENGINEER,
        promise_what="Send Sam with the new valve",
        promise_due=edited_due,
    )

    [promise] = read_promises(case)
    assert (promise.what, promise.source) == ("Send Sam with the new valve", PromiseSource.REPLY)
    assert promise.due_at == edited_due


def test_the_typed_promise_stands_for_the_first_commitment_and_the_others_are_read(
    agent, wednesday_eleven
):
    case = make_case(assignee=agent)

    send_reply(
        case,
        actor=agent,
        body_text=ENGINEER + " We will email you the invoice tomorrow.",
        promise_what="send the engineer",
        promise_due=friday_at(wednesday_eleven, 17),
    )

    assert sorted((p.what, p.source) for p in read_promises(case)) == [
        ("email you the invoice", PromiseSource.READ_FROM_REPLY),
        ("send the engineer", PromiseSource.REPLY),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, the part arrived and the boiler works again.",
        "We'll get back to you soon.",
        "Could you send us a photo of the pressure gauge by Friday?",
    ],
)
def test_a_reply_without_a_dated_commitment_records_no_promise(agent, wednesday_eleven, text):
    case = make_case(assignee=agent)

    send_reply(case, actor=agent, body_text=text)

    assert read_promises(case) == []


def test_the_same_reply_sent_again_records_one_promise_per_commitment(agent, wednesday_eleven):
    case = make_case(assignee=agent)
    text = ENGINEER + " Sam will call you within the hour."
    sent_at = timezone.now()

    send_reply(case, actor=agent, body_text=text, at=sent_at)
    send_reply(case, actor=agent, body_text=text, at=sent_at + timedelta(minutes=3))

    assert sorted(p.what for p in read_promises(case)) == ["have Sam call you", "send the engineer"]


def test_the_desks_own_texts_and_replies_without_a_person_are_not_read(agent, wednesday_eleven):
    case = make_case(assignee=agent)

    send_reply(case, actor=agent, body_text=ENGINEER, check_wording=False)
    send_reply(case, actor=None, body_text=ENGINEER)

    assert read_promises(case) == []


@pytest.mark.parametrize("read", [True, False])
def test_a_reply_from_the_case_page_and_from_the_api_records_the_same_promises(
    client, agent, wednesday_eleven, read
):
    contact = ContactFactory()
    by_page = make_case(assignee=agent, contact=contact)
    by_api = make_case(assignee=agent, contact=contact)
    client.force_login(agent)

    page = client.post(
        reverse("case_reply", args=[by_page.pk]),
        {"direction": "outbound", "body": ENGINEER, "read_promises": "1" if read else "0"},
    )
    sent = api(agent).post(
        f"/api/cases/{by_api.pk}/messages",
        {"direction": "outbound", "body_text": ENGINEER, "read_promises": read},
        content_type="application/json",
    )

    assert page.status_code == 302, page.content
    assert sent.status_code == 201, sent.content
    assert outcome(by_page) == outcome(by_api)
    assert len(read_promises(by_page)) == (1 if read else 0)


def test_both_doors_read_the_reply_when_nothing_is_said(client, agent, wednesday_eleven):
    """An older page or API client that sends no read_promises: the reply is read."""
    by_page, by_api = make_case(assignee=agent), make_case(assignee=agent)
    client.force_login(agent)

    client.post(
        reverse("case_reply", args=[by_page.pk]), {"direction": "outbound", "body": ENGINEER}
    )
    api(agent).post(
        f"/api/cases/{by_api.pk}/messages",
        {"direction": "outbound", "body_text": ENGINEER},
        content_type="application/json",
    )

    assert [p.what for p in read_promises(by_page)] == ["send the engineer"]
    assert [p.what for p in read_promises(by_api)] == ["send the engineer"]


def test_the_recorded_promise_shows_on_the_case_pages_promises_panel(
    client, agent, wednesday_eleven
):
    case = make_case(assignee=agent)
    client.force_login(agent)

    client.post(reverse("case_reply", args=[case.pk]), {"direction": "outbound", "body": ENGINEER})
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "send the engineer" in page
    assert "No open promise." not in page


def test_the_api_documents_reading_a_replys_promises(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    field = schemas["MessageCreate"]["properties"]["read_promises"]
    assert field["default"] is True
    assert "dated commitments read from its words" in field["description"]
    assert "read_from_reply" in schemas["PromiseOut"]["properties"]["source"].get(
        "enum", schemas.get("PromiseSource", {}).get("enum", [])
    )
