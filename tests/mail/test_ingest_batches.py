"""Many mails at once (`import-eml`, a poll): a batch is stored in one transaction
and processed in another, each mail in its own savepoint, with the same outcome
as one mail at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightthere.cases.models import Case, Direction
from rightthere.mail import ingest
from rightthere.mail.imap import process_stranded
from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.mail.mails import fixture, make_mail

pytestmark = pytest.mark.django_db


def _mails(*raws):
    return [(raw, f"mail-{n}.eml") for n, raw in enumerate(raws)]


def test_a_batch_gives_every_mail_its_outcome_in_order(mail_settings):
    mail_settings(MAIL_PROCESS_BATCH=2)
    first = make_mail(message_id="first@example.com")
    raws = [
        first,
        make_mail(message_id="reply@example.com", in_reply_to="first@example.com",
                  subject="Re: Boiler", body="It stopped now."),
        fixture("no_sender.eml"),
        first,  # delivered twice within the same import
        make_mail(message_id="other@example.com", sender="Sam <sam@example.com>"),
    ]  # fmt: skip

    results = list(ingest.ingest_many(_mails(*raws), Source.EML))

    assert [r.status for r in results] == ["processed", "processed", "failed", "processed",
                                           "processed"]  # fmt: skip
    assert [r.duplicate for r in results] == [False, False, False, True, False]
    assert results[1].case == results[0].case  # a reply threads within its batch
    assert not results[1].opened_case
    assert "no sender address" in results[2].error
    assert results[3].pk == results[0].pk
    assert Case.objects.count() == 2
    assert results[0].case.messages.filter(direction=Direction.INBOUND).count() == 2
    assert results[0].case.messages.filter(direction=Direction.OUTBOUND).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_batch_costs_two_commits_whatever_its_size(mail_settings):
    mail_settings(MAIL_PROCESS_BATCH=3)
    raws = [make_mail(message_id=f"m{n}@example.com", sender=f"c{n}@example.com")
            for n in range(6)]  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        results = list(ingest.ingest_many(_mails(*raws), Source.EML))

    assert all(r.status == InboundStatus.PROCESSED for r in results)
    assert all(r.case.messages.filter(direction=Direction.OUTBOUND).exists() for r in results)
    commits = [q for q in queries.captured_queries if q["sql"] == "COMMIT"]
    assert len(commits) == 2 * 2  # store and process, per batch of three


def test_a_crash_in_a_batch_leaves_its_mails_stored_and_they_are_processed_later(
    mail_settings, monkeypatch
):
    mail_settings(MAIL_PROCESS_BATCH=3)
    raws = [make_mail(message_id=f"m{n}@example.com", sender=f"c{n}@example.com")
            for n in range(3)]  # fmt: skip
    real_deliver = ingest._deliver
    calls = []

    def crash_on_the_second(inbound):
        calls.append(inbound.pk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the worker killed: nothing is caught or recorded
        real_deliver(inbound)

    monkeypatch.setattr(ingest, "_deliver", crash_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        list(ingest.ingest_many(_mails(*raws), Source.EML))

    # The batch's processing is rolled back as a whole; the mails are stored.
    assert list(InboundMail.objects.values_list("status", flat=True)) == ["received"] * 3
    assert Case.objects.count() == 0
    monkeypatch.setattr(ingest, "_deliver", real_deliver)
    assert process_stranded() == 3
    assert set(InboundMail.objects.values_list("status", flat=True)) == {"processed"}
    assert Case.objects.count() == 3
    again = list(ingest.ingest_many(_mails(*raws), Source.EML))  # imported once more
    assert all(r.duplicate for r in again)
    assert Case.objects.count() == 3
