"""The same job through every door does the same things (issue #15).

A reply sent from the case page and the same reply sent with
`POST /api/cases/{id}/messages` record the same events, reply-check findings,
promises and mail; a customer's message written on the status page, by mail
and typed in through the API is read for upset the same way. Each door's
outcome is reduced to what a person would compare, then compared.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Case, Direction, Priority
from rightthere.coach.models import MessageSentiment, ReplyFinding
from rightthere.mail.ingest import ingest
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from rightthere.promises.models import Promise
from rightthere.recovery.models import Recovery
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db

# Words the reply check must catch (blame, a vague date) and a promise typed with it.
REPLY = (
    "No problem at all. You should have told us the pressure was low. We will get back to you soon."
)
PROMISE_WHAT = "Send the engineer with the new valve"

# An angry customer, the same words whichever way they arrive.
ANGRY = (
    "This is absolutely disgusting. The third time your engineer failed and nobody "
    "called me back. Terrible, useless service, I am furious."
)


def _outcome(case: Case) -> dict:
    """What the job left on the case, without ids and times."""
    case.refresh_from_db()
    return {
        "events": sorted(
            (e.kind, e.field) for e in case.events.exclude(kind="created").order_by("pk")
        ),
        "findings": sorted(
            ReplyFinding.objects.filter(message__case=case).values_list("category", "text")
        ),
        "promises": sorted(
            case.promises.values_list("what", "source", "state", "message__direction")
        ),
        "mails": OutboundMail.objects.filter(case=case).count(),
        "first_responded": case.first_responded_at is not None,
        "status": case.status,
        "priority": case.priority,
        "kind": case.kind,
        "upset": sorted(MessageSentiment.objects.filter(case=case).values_list("upset", flat=True)),
        "recovery": Recovery.objects.filter(case=case).exists(),
    }


def _api(user) -> Client:
    _, key = create_api_token(user, "parity")
    return Client(headers={"authorization": f"Bearer {key}"})


def test_a_reply_from_the_case_page_and_from_the_api_does_the_same(client, agent):
    due = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    by_page, by_api = make_case(assignee=agent), make_case(assignee=agent)
    client.force_login(agent)

    page = client.post(
        reverse("case_reply", args=[by_page.pk]),
        {
            "direction": "outbound",
            "body": REPLY,
            "promise_what": PROMISE_WHAT,
            "promise_due": due.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    api = _api(agent).post(
        f"/api/cases/{by_api.pk}/messages",
        {
            "direction": "outbound",
            "body_text": REPLY,
            "promise_what": PROMISE_WHAT,
            "promise_due": due.isoformat(),
        },
        content_type="application/json",
    )

    assert page.status_code == 302, page.content
    assert api.status_code == 201, api.content
    from_page, from_api = _outcome(by_page), _outcome(by_api)
    assert from_page == from_api
    # ... and both did the whole job, not the same half of it.
    assert {category for category, _ in from_page["findings"]} >= {"blame", "vague_commitment"}
    assert (PROMISE_WHAT, "reply", "open", Direction.OUTBOUND) in from_page["promises"]
    assert ("Send the first answer", "first_response", "kept", None) in from_page["promises"]
    assert from_page["mails"] == 1
    assert from_page["first_responded"]
    assert Promise.objects.get(case=by_api, what=PROMISE_WHAT).due_at == due


def test_an_angry_customer_is_heard_the_same_on_the_status_page_by_mail_and_by_api(client, agent):
    contact = ContactFactory(email="cole@example.com")
    on_page = make_case(contact=contact, body="The boiler is leaking.")
    typed_in = make_case(contact=contact, body="The boiler is leaking.")
    by_mail = make_case(contact=contact, body="The boiler is leaking.")
    mail.outbox.clear()

    token = status_path(on_page).strip("/").split("/")[1]
    page = client.post(reverse("status_reply", args=[token]), {"text": ANGRY})
    api = _api(agent).post(
        f"/api/cases/{typed_in.pk}/messages",
        {"direction": "inbound", "body_text": ANGRY},
        content_type="application/json",
    )
    ingest(
        (
            "From: Mrs Cole <cole@example.com>\r\nTo: desk@example.com\r\n"
            f"Subject: Re: [{by_mail.reference}] {by_mail.subject}\r\n"
            "Message-ID: <angry-1@example.com>\r\n\r\n" + ANGRY + "\r\n"
        ).encode(),
        "test",
    )

    assert page.status_code == 302
    assert api.status_code == 201, api.content
    outcomes = [_outcome(case) for case in (on_page, typed_in, by_mail)]
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert outcomes[0]["upset"] == [False, True]
    assert outcomes[0]["priority"] == Priority.HIGH
