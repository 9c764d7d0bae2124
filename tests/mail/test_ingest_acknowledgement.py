"""The acknowledgement of a mail's new case runs after the case is committed: if it
fails, the mail is still processed (a retry would open the case a second time),
and the failure is logged."""

import pytest

from rightthere.cases.models import Case, Direction
from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, InboundStatus, Source
from rightthere.portal.models import StatusLink
from tests.factories import ContactFactory
from tests.mail.mails import make_mail

# Real commits: the acknowledgement runs when process() commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_case_is_acknowledged_once_committed():
    inbound = ingest.ingest(make_mail(message_id="ack@example.com"), Source.IMAP)

    acknowledgement = inbound.case.messages.get(direction=Direction.OUTBOUND)
    assert acknowledgement.automatic
    assert acknowledgement.deliveries.get().in_reply_to == "<ack@example.com>"


def test_a_failing_acknowledgement_leaves_the_mail_processed_with_its_case(settings, caplog):
    # Without BASE_URL the status link in the acknowledgement cannot be written.
    settings.RIGHTTHERE = {k: v for k, v in settings.RIGHTTHERE.items() if k != "BASE_URL"}

    inbound = ingest.ingest(make_mail(), Source.IMAP)

    stored = InboundMail.objects.get(pk=inbound.pk)
    assert (stored.status, stored.error) == (InboundStatus.PROCESSED, "")
    assert stored.case == Case.objects.get()
    # The acknowledgement is one transaction: nothing of it is left half-written.
    assert not stored.case.messages.filter(direction=Direction.OUTBOUND).exists()
    assert not StatusLink.objects.exists()
    assert "KeyError: 'BASE_URL'" in caplog.text


GERMAN_MAIL = "Guten Tag, die Heizung ist seit gestern kalt. Können Sie bitte vorbeikommen? Danke!"


def test_a_new_customer_writing_in_german_is_acknowledged_in_german():
    inbound = ingest.ingest(
        make_mail(sender="Jonas Weber <jonas@example.de>", subject="Heizung kalt",
                  body=GERMAN_MAIL), Source.IMAP,
    )  # fmt: skip

    assert inbound.case.customer.language == "de"
    acknowledgement = inbound.case.messages.get(direction=Direction.OUTBOUND)
    assert acknowledgement.body_text.startswith("Hallo Jonas,")


def test_a_new_customer_writing_in_english_follows_the_business():
    inbound = ingest.ingest(make_mail(), Source.IMAP)

    assert inbound.case.customer.language == ""
    acknowledgement = inbound.case.messages.get(direction=Direction.OUTBOUND)
    assert acknowledgement.body_text.startswith("Hello Jo,")


def test_a_known_customer_s_language_is_not_guessed_from_one_mail():
    known = ContactFactory(name="Jonas Weber", email="jonas@example.de")

    ingest.ingest(make_mail(sender="Jonas Weber <jonas@example.de>", body=GERMAN_MAIL),
                  Source.IMAP)  # fmt: skip

    known.customer.refresh_from_db()
    assert known.customer.language == ""
