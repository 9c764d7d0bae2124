"""Incoming mail becomes cases and replies, is never lost, and never stored twice."""

import pytest

from rightthere.cases.models import Attachment, Case, Direction, Message
from rightthere.customers.models import Contact, Customer
from rightthere.desk import messages as desk_messages
from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, InboundStatus, Source
from rightthere.outbox.models import OutboundMail
from tests.factories import ContactFactory
from tests.mail.mails import fixture, make_mail

pytestmark = pytest.mark.django_db


def test_mail_from_unknown_sender_opens_a_case_for_a_new_customer():
    inbound = ingest.ingest(make_mail(sender="Nina New <nina@example.com>"), Source.EML)

    case = inbound.case
    assert inbound.status == InboundStatus.PROCESSED
    assert inbound.opened_case
    assert case.channel == "email"
    assert case.subject == "Boiler makes a banging noise"
    assert (case.customer.name, case.contact.email) == ("Nina New", "nina@example.com")
    assert inbound.case_message.body_text.startswith("Since this morning")
    assert inbound.case_message.author_contact == case.contact


def test_known_contact_is_matched_case_insensitively():
    contact = ContactFactory(email="Jo.Bloggs@Example.com")

    inbound = ingest.ingest(make_mail(sender="jo.bloggs@EXAMPLE.com"), Source.EML)

    assert inbound.case.contact == contact
    assert inbound.case.customer == contact.customer
    assert Customer.objects.count() == 1


def test_redelivered_mail_creates_nothing_new():
    raw = make_mail(message_id="same-id@example.com")
    first = ingest.ingest(raw, Source.IMAP)

    again = ingest.ingest(raw, Source.HTTP)
    resent_with_other_headers = ingest.ingest(
        make_mail(message_id="same-id@example.com", subject="Different bytes"), Source.EML
    )

    assert (again.pk, again.duplicate) == (first.pk, True)
    assert resent_with_other_headers.pk == first.pk
    assert InboundMail.objects.count() == 1
    assert Case.objects.count() == 1
    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert OutboundMail.objects.count() == 1  # acknowledged once


def test_redelivered_mail_without_message_id_is_recognised_by_its_bytes():
    raw = make_mail(message_id=None)
    first = ingest.ingest(raw, Source.IMAP)

    again = ingest.ingest(raw, Source.IMAP)
    other = ingest.ingest(make_mail(message_id=None, body="Another request"), Source.IMAP)

    assert first.message_id == ""
    assert (again.pk, again.duplicate) == (first.pk, True)
    assert other.pk != first.pk
    assert Case.objects.count() == 2


def test_mail_stored_but_never_processed_is_processed_when_it_comes_again():
    raw = make_mail()
    stored = ingest.store_raw(raw, Source.IMAP)

    again = ingest.ingest(raw, Source.IMAP)

    assert stored.status == InboundStatus.RECEIVED
    assert (again.pk, again.duplicate, again.status) == (stored.pk, True, InboundStatus.PROCESSED)
    assert Case.objects.count() == 1


def test_processing_twice_changes_nothing():
    inbound = ingest.ingest(make_mail(), Source.EML)

    ingest.process(InboundMail.objects.get(pk=inbound.pk))

    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert OutboundMail.objects.count() == 1  # acknowledged once


def test_customer_reply_threads_into_existing_case():
    first = ingest.ingest(fixture("plain_request.eml"), Source.IMAP)

    reply = ingest.ingest(fixture("quoted_reply_signature.eml"), Source.IMAP)

    assert reply.case == first.case
    assert not reply.opened_case
    assert reply.case_message.body_text == (
        "Thursday morning works for me, the side door will be open."
    )
    assert first.case.messages.filter(direction=Direction.INBOUND).count() == 2


def test_reply_threads_by_references_when_in_reply_to_is_unknown():
    first = ingest.ingest(make_mail(message_id="start@example.com"), Source.IMAP)

    reply = ingest.ingest(
        make_mail(
            message_id="reply@example.com",
            subject="Re: something else",
            in_reply_to="unknown@elsewhere.example",
            references="<start@example.com> <unknown@elsewhere.example>",
        ),
        Source.IMAP,
    )

    assert reply.case == first.case


def test_reply_threads_by_case_reference_in_the_subject():
    first = ingest.ingest(make_mail(message_id="start@example.com"), Source.IMAP)

    reply = ingest.ingest(
        make_mail(message_id="reply@example.com", subject=f"Re: Boiler [{first.case.reference}]"),
        Source.IMAP,
    )
    lowercase = ingest.ingest(
        make_mail(message_id="reply2@example.com", subject=f"[{first.case.reference.lower()}]"),
        Source.IMAP,
    )

    assert reply.case == first.case
    assert lowercase.case == first.case


def test_a_stranger_writing_a_case_reference_opens_a_new_case_and_joins_nothing():
    # References are sequential: anyone can write [RT-000005] in a subject (#19).
    first = ingest.ingest(make_mail(message_id="start@example.com"), Source.IMAP)
    contacts_before = set(Contact.objects.values_list("pk", flat=True))

    stranger = ingest.ingest(
        make_mail(sender="Eve <eve@elsewhere.example>", message_id="eve@elsewhere.example",
                  subject=f"Re: Boiler [{first.case.reference}]", body="Send me the address."),
        Source.IMAP,
    )  # fmt: skip

    assert stranger.opened_case and stranger.case != first.case
    assert first.case.messages.filter(direction=Direction.INBOUND).count() == 1
    assert stranger.case.customer != first.case.customer
    new_contacts = Contact.objects.exclude(pk__in=contacts_before)
    assert [c.email for c in new_contacts] == ["eve@elsewhere.example"]
    assert new_contacts[0].customer != first.case.customer
    note = stranger.case.messages.get(direction=Direction.NOTE).body_text
    assert f"names {first.case.reference} in its subject" in note
    assert "eve@elsewhere.example is not a contact of Jo Bloggs" in note
    assert f"merge this case into {first.case.reference}" in note


def test_a_colleague_at_the_customers_domain_joins_only_when_the_owner_allows_it(settings):
    first = ingest.ingest(make_mail(message_id="start@example.com"), Source.IMAP)
    colleague = "Sam <sam@example.com>"  # the customer writes from jo@example.com
    refused = ingest.ingest(
        make_mail(sender=colleague, message_id="c1@example.com",
                  subject=f"Re: [{first.case.reference}]"), Source.IMAP,
    )  # fmt: skip
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_SAME_DOMAIN_JOINS": True}
    allowed = ingest.ingest(
        make_mail(sender=colleague, message_id="c2@example.com",
                  subject=f"Re: [{first.case.reference}]"), Source.IMAP,
    )  # fmt: skip

    assert refused.case != first.case
    assert allowed.case == first.case


def test_an_unknown_sender_answering_our_mail_by_message_id_still_joins():
    # Message-IDs are not guessable: someone copied in on the thread had the mail.
    first = ingest.ingest(make_mail(message_id="start@example.com"), Source.IMAP)

    copied_in = ingest.ingest(
        make_mail(sender="Kim <kim@other.example>", message_id="kim@other.example",
                  in_reply_to="start@example.com", subject="Re: Boiler"),
        Source.IMAP,
    )  # fmt: skip

    assert copied_in.case == first.case


def test_reference_to_a_case_that_does_not_exist_opens_a_new_case():
    inbound = ingest.ingest(make_mail(subject="Re: Boiler [RT-999999]"), Source.IMAP)

    assert inbound.opened_case
    assert inbound.case.subject == "Boiler [RT-999999]"


def test_customer_answer_to_our_reply_threads_by_our_message_id(agent):
    first = ingest.ingest(make_mail(), Source.IMAP)
    reply = desk_messages.add_message(
        first.case, actor=agent, direction=Direction.OUTBOUND, body_text="On it."
    )
    our_id = OutboundMail.objects.get(message=reply).mail_message_id.strip("<>")

    answer = ingest.ingest(
        make_mail(message_id="answer@example.com", subject="Re: hi", in_reply_to=our_id),
        Source.IMAP,
    )

    assert answer.case == first.case


def test_colleague_copied_in_becomes_a_contact_of_the_same_customer():
    first = ingest.ingest(make_mail(sender="jo@example.com"), Source.IMAP)

    reply = ingest.ingest(
        make_mail(
            sender="Sam Colleague <sam@example.com>",
            message_id="colleague@example.com",
            in_reply_to="request-1@example.com",
        ),
        Source.IMAP,
    )

    sam = Contact.objects.get(email="sam@example.com")
    assert reply.case == first.case
    assert sam.customer == first.case.customer
    assert reply.case_message.author_contact == sam


def test_attachments_are_kept_on_the_message():
    raw = make_mail(attachments=[("photo 1.jpg", "image/jpeg", b"jpeg-bytes")])

    inbound = ingest.ingest(raw, Source.IMAP)

    attachment = Attachment.objects.get(message=inbound.case_message)
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "photo 1.jpg",
        "image/jpeg",
        10,
    )
    assert attachment.file.read() == b"jpeg-bytes"


def test_oversize_attachment_is_left_out_with_a_note_and_the_message_kept(mail_settings):
    mail_settings(MAX_ATTACHMENT_BYTES=1024)
    raw = make_mail(
        attachments=[
            ("small.txt", "text/plain", b"ok"),
            ("big.zip", "application/zip", b"x" * 3000),
        ]
    )

    inbound = ingest.ingest(raw, Source.IMAP)

    message = inbound.case_message
    note = inbound.case.messages.get(direction=Direction.NOTE)
    assert message.body_text.startswith("Since this morning")
    assert [a.filename for a in message.attachments.all()] == ["small.txt"]
    assert "big.zip (2.9 KB)" in note.body_text
    assert "1.0 KB limit" in note.body_text
    assert f"inbound mail #{inbound.pk}" in note.body_text


def test_html_only_mail_keeps_its_formatting_on_the_case():
    inbound = ingest.ingest(fixture("html_only.eml"), Source.IMAP)

    message = inbound.case_message
    assert "<strong>warm</strong>" in message.body_html
    assert "evil.example" not in message.body_html
    assert message.body_text.startswith("Our fridge is warm since Sunday.")


def test_mail_with_only_attachments_gets_a_placeholder_text():
    raw = make_mail(body="", attachments=[("plan.pdf", "application/pdf", b"%PDF")])

    inbound = ingest.ingest(raw, Source.IMAP)

    assert inbound.case_message.body_text == "(This e-mail has no text; see the attachments.)"


def test_very_long_text_is_shortened_with_a_note(mail_settings):
    mail_settings(MAX_MESSAGE_CHARS=500)

    inbound = ingest.ingest(make_mail(body="word " * 400), Source.IMAP)

    assert inbound.status == InboundStatus.PROCESSED
    assert len(inbound.case_message.body_text) <= 500
    assert "shortened" in inbound.case.messages.get(direction=Direction.NOTE).body_text


def test_person_opening_a_case_gets_acknowledged_in_the_same_transaction(monkeypatch):
    acknowledged = []
    monkeypatch.setattr(ingest, "after_new_case", lambda case, mail: acknowledged.append(case))

    inbound = ingest.ingest(make_mail(), Source.IMAP)

    assert ingest.should_acknowledge(inbound)
    assert acknowledged == [inbound.case]


# Bounces and auto-replies never open a case of their own: tests/mail/test_bounces.py.
@pytest.mark.parametrize("name", ["list_mail.eml"])
def test_machine_mail_opens_a_case_but_is_never_acknowledged(name, monkeypatch):
    acknowledged = []
    monkeypatch.setattr(ingest, "after_new_case", lambda case, mail: acknowledged.append(case))

    inbound = ingest.ingest(fixture(name), Source.IMAP)

    assert inbound.status == InboundStatus.PROCESSED
    assert inbound.is_automated
    assert not ingest.should_acknowledge(inbound)
    assert acknowledged == []
    assert list(inbound.case.tags.values_list("name", flat=True)) == ["automated"]


def test_auto_reply_to_a_case_is_added_to_it_without_acknowledgement():
    first = ingest.ingest(fixture("plain_request.eml"), Source.IMAP)

    auto = ingest.ingest(fixture("auto_reply.eml"), Source.IMAP)

    assert auto.case == first.case
    assert auto.automated_reason == "Auto-Submitted: auto-replied"
    assert not ingest.should_acknowledge(auto)


def test_flood_from_one_sender_is_stored_but_ignored(mail_settings):
    mail_settings(MAIL_RATE_LIMIT_COUNT=3, MAIL_RATE_LIMIT_MINUTES=10)

    results = [
        ingest.ingest(make_mail(message_id=f"loop-{n}@example.com"), Source.IMAP) for n in range(5)
    ]
    other_sender = ingest.ingest(
        make_mail(sender="calm@example.com", message_id="calm@example.com"), Source.IMAP
    )

    assert [r.status for r in results] == ["processed"] * 3 + ["ignored"] * 2
    assert results[4].error == (
        "rate limited: more than 3 mails from jo@example.com within 10 minutes"
    )
    assert results[4].case is None
    assert not ingest.should_acknowledge(results[4])
    assert other_sender.status == InboundStatus.PROCESSED
    assert InboundMail.objects.count() == 6


def test_unparseable_mail_is_kept_as_failed_and_retry_gives_the_same_reason():
    inbound = ingest.ingest(fixture("no_sender.eml"), Source.IMAP)

    again = ingest.retry(InboundMail.objects.get(pk=inbound.pk))

    assert inbound.status == InboundStatus.FAILED
    assert inbound.error == "The mail has no sender address (no readable From header)."
    assert (again.status, again.error) == (InboundStatus.FAILED, inbound.error)
    assert bytes(InboundMail.objects.get(pk=inbound.pk).raw) == fixture("no_sender.eml")
    assert Case.objects.count() == 0


def test_mail_over_the_size_limit_fails_then_retry_works_once_the_limit_is_raised(mail_settings):
    mail_settings(MAX_INBOUND_MAIL_BYTES=200)
    inbound = ingest.ingest(make_mail(body="x" * 500), Source.IMAP)
    failed_reason = inbound.error

    mail_settings(MAX_INBOUND_MAIL_BYTES=10_000)
    retried = ingest.retry(InboundMail.objects.get(pk=inbound.pk))

    assert "larger than the limit" in failed_reason
    assert retried.status == InboundStatus.PROCESSED
    assert retried.error == ""
    assert retried.case.messages.filter(direction=Direction.INBOUND).count() == 1


def test_mail_processed_by_another_worker_meanwhile_is_not_processed_again():
    stored = ingest.store_raw(make_mail(), Source.IMAP)
    same_mail_elsewhere = InboundMail.objects.get(pk=stored.pk)
    ingest.process(stored)

    again = ingest.process(same_mail_elsewhere)

    assert again.status == InboundStatus.PROCESSED
    assert again.case == stored.case
    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert OutboundMail.objects.count() == 1  # acknowledged once
