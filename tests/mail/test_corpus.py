"""Every mail in CPython's own e-mail test data, and every fixture, goes through
ingest without a crash: each becomes a case or is listed as failed with a reason."""

import pytest

from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.mail.mails import corpus

pytestmark = pytest.mark.django_db


def test_cpython_corpus_is_complete(cpython_corpus_present):
    assert len(cpython_corpus_present) >= 40


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_every_mail_becomes_a_case_or_a_failure_with_a_reason(path, mail_settings):
    mail_settings(MAIL_RATE_LIMIT_COUNT=0)

    inbound = ingest.ingest(path.read_bytes(), Source.EML, detail=path.name)

    stored = InboundMail.objects.get(pk=inbound.pk)
    assert stored.status in (InboundStatus.PROCESSED, InboundStatus.FAILED)
    assert (stored.status == InboundStatus.PROCESSED) == (stored.case_id is not None)
    assert (stored.status == InboundStatus.FAILED) == bool(stored.error)
    assert bytes(stored.raw) == path.read_bytes()


def test_whole_corpus_in_one_database_has_no_crash(mail_settings):
    mail_settings(MAIL_RATE_LIMIT_COUNT=0)

    for path in corpus():
        ingest.ingest(path.read_bytes(), Source.EML)

    failed = InboundMail.objects.filter(status=InboundStatus.FAILED)
    processed = InboundMail.objects.filter(status=InboundStatus.PROCESSED)
    assert failed.count() + processed.count() == InboundMail.objects.count()
    assert processed.filter(case__isnull=True).count() == 0
    # The only mail that cannot become a case is mail without a sender.
    assert set(failed.values_list("error", flat=True)) == {
        "The mail has no sender address (no readable From header)."
    }
