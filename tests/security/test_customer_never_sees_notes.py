"""An internal note never reaches the customer: not on their status page, not in a mail.

Issue #16: a phone note ("Mrs Cole rang: ...") was on the customer's status page,
labelled "You". Every kind of message a case can hold is written here, next to a
note with an attachment and a note with a promise, and everything the customer
can see (the status page, every mail sent, its HTML and its attachments) is
searched for the notes' words and files.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Case, Direction
from rightthere.desk import messages as desk_messages
from rightthere.outbox.acknowledgement import acknowledge_new_case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_path
from tests.factories import make_case

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Mrs Cole rang: sounded cross, third time this month, do not offer a discount"
NOTE_FILE = "supplier-invoice-internal.pdf"
NOTE_FILE_BYTES = b"%PDF-1.4 trade price 41.20 GBP, margin 60 percent"
PROMISE_NOTE = "Chase Plumbase about their overcharging"
PROMISE_WHAT = "ring the supplier, they overcharge us"

CUSTOMER_OWN = "The boiler is leaking again under the sink."
STAFF_TYPED = "Customer says the leak is worse since Tuesday, water on the floor."
REPLY = "An engineer will come on Friday morning."
AUTOMATIC = "Just a reminder: your engineer comes tomorrow."
SECRETS = (NOTE_TEXT, NOTE_FILE, PROMISE_NOTE, PROMISE_WHAT, "trade price", "do not offer")


def _write_every_kind(agent):
    case = make_case(subject="Leak under the sink", assignee=agent)
    acknowledge_new_case(case)  # automatic, on opening
    desk_messages.add_customer_message(case, actor=None, body_text=CUSTOMER_OWN)
    desk_messages.add_customer_message(case, actor=agent, body_text=STAFF_TYPED)
    desk_messages.add_message(case, actor=agent, direction=Direction.NOTE, body_text=NOTE_TEXT)
    desk_messages.add_message(
        case,
        actor=agent,
        direction=Direction.NOTE,
        body_text=f"Invoice attached. {NOTE_TEXT}",
        attachments=[NewAttachment(NOTE_FILE, NOTE_FILE_BYTES, "application/pdf")],
    )
    desk_messages.add_message(
        case,
        actor=agent,
        direction=Direction.NOTE,
        body_text=PROMISE_NOTE,
        promise_what=PROMISE_WHAT,
        promise_due=timezone.now() + timedelta(hours=3),
    )
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text=REPLY)
    send_automatic_message(case, body_text=AUTOMATIC)
    return case


def _customer_mail(case):
    """What went to the customer (staff are also mailed about the case: not checked here)."""
    return [sent for sent in mail.outbox if case.contact.email in sent.to]


def _everything_mailed(case) -> list[str]:
    seen = []
    for sent in _customer_mail(case):
        seen += [sent.subject, sent.body, str(sent.extra_headers)]
        seen += [str(content) for content, _ in sent.alternatives]
        for filename, content, mimetype in sent.attachments:
            raw = content if isinstance(content, bytes) else str(content).encode()
            seen += [str(filename), str(mimetype), raw.decode("utf-8", "replace")]
    return seen


def test_no_note_text_or_note_file_reaches_the_status_page_or_any_mail(client, agent, run_tasks):
    case = _write_every_kind(agent)
    run_tasks()

    page = client.get(status_path(case)).content.decode()
    mailed = _everything_mailed(case)

    assert len(_customer_mail(case)) == 3  # the acknowledgement, the reply, the automatic one
    for secret in SECRETS:
        assert secret not in page, secret
        for text in mailed:
            assert secret not in text, secret
    # What is for the customer is there.
    for public in (CUSTOMER_OWN, STAFF_TYPED, REPLY, AUTOMATIC):
        assert public in page


def test_a_call_typed_in_by_staff_is_not_labelled_as_the_customers_own_writing(client, agent):
    case = make_case(assignee=agent)
    desk_messages.add_customer_message(case, actor=agent, body_text=STAFF_TYPED)

    page = client.get(status_path(case)).content.decode()

    assert STAFF_TYPED in page
    assert f"What you told us, as noted by {agent.first_name}" in page


def test_a_promise_made_on_an_internal_note_is_not_the_customers_next_step(client, agent):
    case = make_case(assignee=agent)
    desk_messages.add_message(
        case,
        actor=agent,
        direction=Direction.NOTE,
        body_text=PROMISE_NOTE,
        promise_what=PROMISE_WHAT,
        promise_due=timezone.now() + timedelta(hours=3),
    )

    page = client.get(status_path(case)).content.decode()

    assert PROMISE_WHAT not in page
    assert f"{agent.first_name} will send the first answer by" in page  # the promise before it


def test_a_phone_call_written_down_on_the_new_case_form_is_labelled_as_noted_by_staff(
    agent, as_user, client
):
    as_user(agent).post(
        reverse("new_case"),
        {
            "new_customer_name": "Mrs Cole",
            "new_customer_kind": "person",
            "contact_email": "cole@example.org",
            "subject": "Radiator cold",
            "body": "Mrs Cole rang: the radiator in the back bedroom is cold.",
            "kind": "repair",
            "priority": "normal",
        },
    )
    case = Case.objects.get(subject="Radiator cold")
    client.logout()

    page = client.get(status_path(case)).content.decode()

    assert "Mrs Cole rang: the radiator in the back bedroom is cold." in page
    assert f"What you told us, as noted by {agent.first_name}" in page
    assert "<strong>You</strong>" not in page
