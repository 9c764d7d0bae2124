"""The "Could not process" page: staff see failed mail and retry it."""

import pytest
from django.urls import reverse

from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.mail.mails import fixture, make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.mail.urls")]


@pytest.fixture
def failed_mail():
    return ingest.ingest(fixture("no_sender.eml"), Source.IMAP)


def test_agent_sees_failed_mail_with_its_reason(agent, as_user, failed_mail):
    ingest.ingest(make_mail(), Source.IMAP)

    page = as_user(agent).get(reverse("mail_failed"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Could not process" in html
    assert "Who sent this?" in html
    assert "The mail has no sender address" in html
    assert "Boiler makes a banging noise" not in html
    assert reverse("mail_retry", args=[failed_mail.pk]) in html


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_technicians_and_partners_cannot_see_failed_mail(role, request, as_user, failed_mail):
    client = as_user(request.getfixturevalue(role))

    assert client.get(reverse("mail_failed")).status_code == 403
    assert client.post(reverse("mail_retry", args=[failed_mail.pk])).status_code == 403
    assert client.get(reverse("mail_raw", args=[failed_mail.pk])).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("mail_failed"))

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_retry_that_still_fails_shows_the_reason(agent, as_user, failed_mail):
    response = as_user(agent).post(reverse("mail_retry", args=[failed_mail.pk]), follow=True)

    assert "still could not be processed: The mail has no sender address" in (
        response.content.decode()
    )
    assert InboundMail.objects.get(pk=failed_mail.pk).status == InboundStatus.FAILED


def test_retry_after_fixing_the_cause_opens_the_case(agent, as_user, mail_settings):
    mail_settings(MAX_INBOUND_MAIL_BYTES=100)
    failed = ingest.ingest(make_mail(), Source.IMAP)
    mail_settings(MAX_INBOUND_MAIL_BYTES=10_000_000)

    response = as_user(agent).post(reverse("mail_retry", args=[failed.pk]), follow=True)

    retried = InboundMail.objects.get(pk=failed.pk)
    assert retried.status == InboundStatus.PROCESSED
    assert f"is now on case {retried.case.reference}" in response.content.decode()
    assert "Every e-mail was processed." in response.content.decode()


def test_agent_downloads_the_original_mail(agent, as_user, failed_mail):
    response = as_user(agent).get(reverse("mail_raw", args=[failed_mail.pk]))

    assert response["Content-Type"] == "message/rfc822"
    assert response.content == fixture("no_sender.eml")


def test_failed_list_takes_the_same_number_of_queries_for_many_mails(
    agent, as_user, django_assert_max_num_queries
):
    for number in range(30):
        ingest.ingest(b"Subject: no sender %d\n\nbody" % number, Source.HTTP)
    client = as_user(agent)

    with django_assert_max_num_queries(8):
        client.get(reverse("mail_failed"))
