"""A merged case's reference is an alias: its mail and status link reach the survivor."""

import pytest

from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.merging.actions import merge_cases, undo_merge
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.factories import make_case
from tests.mail.mails import make_mail

pytestmark = pytest.mark.django_db


def test_mail_naming_the_merged_case_in_the_subject_lands_in_the_survivor(pair, agent):
    merged, survivor = pair
    merge_cases(merged, into=survivor, actor=agent)

    inbound = ingest.ingest(
        make_mail(
            sender="ada@example.com",
            subject=f"Re: Boiler [{merged.reference}]",
            message_id="later@example.com",
        ),
        Source.IMAP,
    )

    assert inbound.case == survivor
    assert not inbound.opened_case
    assert survivor.messages.latest("id") == inbound.case_message


def test_reply_to_a_mail_the_customer_sent_on_the_merged_case_lands_in_the_survivor(pair, agent):
    merged, survivor = pair
    merge_cases(merged, into=survivor, actor=agent)

    inbound = ingest.ingest(
        make_mail(
            sender="ada@example.com",
            subject="Re: Boiler bangs every night",
            message_id="follow-up@example.com",
            in_reply_to="first@example.com",
        ),
        Source.IMAP,
    )

    assert inbound.case == survivor


def test_answer_to_our_reply_on_the_merged_case_lands_in_the_survivor(pair, agent):
    merged, survivor = pair
    reply = merged.messages.get(direction="outbound", automatic=False)
    our_id = OutboundMail.objects.get(message=reply).mail_message_id.strip("<>")
    merge_cases(merged, into=survivor, actor=agent)

    inbound = ingest.ingest(
        make_mail(sender="ada@example.com", subject="Re: hi", message_id="a@example.com",
                  in_reply_to=our_id),
        Source.IMAP,
    )  # fmt: skip

    assert inbound.case == survivor


def test_a_chain_of_merges_leads_mail_to_the_last_survivor(agent, contact):
    first = make_case(subject="Boiler bangs", contact=contact)
    second = make_case(subject="Boiler bangs", contact=contact)
    third = make_case(subject="Boiler bangs", contact=contact)
    merge_cases(first, into=second, actor=agent)
    merge_cases(second, into=third, actor=agent)

    inbound = ingest.ingest(
        make_mail(sender="ada@example.com", subject=f"[{first.reference}]"), Source.IMAP
    )

    assert inbound.case == third


def test_after_undo_mail_for_the_merged_case_lands_in_it_again(pair, agent):
    merged, survivor = pair
    undo_merge(merge_cases(merged, into=survivor, actor=agent), actor=agent)

    by_subject = ingest.ingest(
        make_mail(sender="ada@example.com", subject=f"[{merged.reference}]", message_id="s@x.y"),
        Source.IMAP,
    )
    by_thread = ingest.ingest(
        make_mail(sender="ada@example.com", message_id="t@x.y", in_reply_to="first@example.com"),
        Source.IMAP,
    )

    assert by_subject.case == merged
    assert by_thread.case == merged


def test_the_merged_cases_status_link_redirects_to_the_survivors_status_page(pair, agent, client):
    merged, survivor = pair
    old_link = status_path(merged)
    merge_cases(merged, into=survivor, actor=agent)

    response = client.get(old_link)

    assert response.status_code == 302
    assert response["Location"] == status_path(survivor)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "The boiler bangs every night around two." in page.content.decode()


def test_a_reply_sent_from_the_merged_cases_status_page_lands_in_the_survivor(pair, agent, client):
    merged, survivor = pair
    old_link = status_path(merged)
    merge_cases(merged, into=survivor, actor=agent)

    response = client.post(old_link + "reply/", {"text": "Still banging tonight."}, follow=True)

    assert response.status_code == 200
    assert "Thank you, we have your message." in response.content.decode()
    assert survivor.messages.latest("id").body_text == "Still banging tonight."


def test_after_undo_the_status_link_shows_the_merged_case_again(pair, agent, client):
    merged, survivor = pair
    old_link = status_path(merged)
    undo_merge(merge_cases(merged, into=survivor, actor=agent), actor=agent)

    response = client.get(old_link)

    assert response.status_code == 200
    assert merged.subject in response.content.decode()
