"""Every mail in CPython's own e-mail test data, and every fixture, goes through
ingest without a crash: each becomes a case or is listed as failed with a reason
(or, an auto-reply to none of our cases, is kept as ignored with its reason)."""

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
    assert stored.status in (InboundStatus.PROCESSED, InboundStatus.FAILED, InboundStatus.IGNORED)
    assert (stored.status == InboundStatus.PROCESSED) == (stored.case_id is not None)
    assert (stored.status != InboundStatus.PROCESSED) == bool(stored.error)
    assert bytes(stored.raw) == path.read_bytes()


def test_whole_corpus_in_one_database_has_no_crash(mail_settings):
    mail_settings(MAIL_RATE_LIMIT_COUNT=0)

    for path in corpus():
        ingest.ingest(path.read_bytes(), Source.EML)

    failed = InboundMail.objects.filter(status=InboundStatus.FAILED)
    processed = InboundMail.objects.filter(status=InboundStatus.PROCESSED)
    ignored = InboundMail.objects.filter(status=InboundStatus.IGNORED)
    assert failed.count() + processed.count() + ignored.count() == InboundMail.objects.count()
    assert processed.filter(case__isnull=True).count() == 0
    # The only mail that cannot become a case is mail without a sender, and bounces
    # that answer none of our mail (they never open a case).
    errors = set(failed.values_list("error", flat=True))
    assert "The mail has no sender address (no readable From header)." in errors
    assert all(
        e.startswith(("The mail has no sender", "A bounce (a report that mail could not"))
        for e in errors
    )
    # Ignored: only auto-replies to none of our cases.
    assert set(ignored.values_list("error", flat=True)) <= {
        "An automatic reply (e.g. out of office) to none of our cases."
    }
