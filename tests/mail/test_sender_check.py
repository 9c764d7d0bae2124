"""Mail the receiving server could not confirm is still taken, and staff are warned
on the message: on the case page and in the API."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rightthere.mail import ingest
from rightthere.mail.authentication import Verdict
from rightthere.mail.models import InboundStatus, Source
from tests.factories import make_case
from tests.mail.mails import make_mail

pytestmark = pytest.mark.django_db

OURS = "mx.rightthere.test"
SPF_FAIL = (
    f"Authentication-Results: {OURS};\r\n\tspf=fail (domain of example.com does not "
    "designate 198.51.100.9 as permitted sender) smtp.mailfrom=example.com;\r\n"
    "\tdkim=none (message not signed); dmarc=none header.from=example.com\r\n"
)
SOFTFAIL = (
    f"Authentication-Results: {OURS}; spf=softfail smtp.mailfrom=example.com; "
    "dkim=none; dmarc=none header.from=example.com\r\n"
)
PASS = (
    f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom=example.com; "
    "dkim=pass header.d=example.com header.s=s1; dmarc=pass header.from=example.com\r\n"
)
FAILED_WARNING = (
    "The receiving mail server could not confirm this mail came from example.com "
    "(SPF failed): be careful before acting on it, e.g. changing bank details."
)


@pytest.fixture
def api_as(token_for):
    """A client that sends the user's API token."""
    return lambda user: Client(headers={"authorization": f"Bearer {token_for(user)}"})


@pytest.fixture
def our_server(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_AUTHSERV_ID": OURS}


def received(*headers: str, **mail) -> bytes:
    """A mail as it reaches us: the receiving server's headers on top of the sender's."""
    return "".join(headers).encode() + make_mail(
        sender="Jo Bloggs <jo@example.com>",
        subject="Please pay our new bank account",
        body="Our bank details changed: pay invoice 881 to NL00 FAKE 0123 4567 89 from now on.",
        **mail,
    )


def test_mail_that_failed_spf_is_taken_and_warned_about_on_the_case_page(
    our_server, as_user, agent
):
    inbound = ingest.ingest(received(SPF_FAIL), Source.IMAP)

    assert inbound.status == InboundStatus.PROCESSED
    assert (inbound.sender_check, inbound.sender_check_detail) == (Verdict.FAILED, "SPF failed")
    page = as_user(agent).get(f"/cases/{inbound.case.pk}/").content.decode()
    assert "pay invoice 881" in page
    assert "Sender not confirmed." in page
    assert FAILED_WARNING in page


def test_a_reply_that_softfailed_gets_the_weaker_warning_on_its_own_message(
    our_server, as_user, agent
):
    first = ingest.ingest(received(PASS, message_id="first@example.com"), Source.IMAP)
    reply = ingest.ingest(
        received(SOFTFAIL, message_id="second@example.com", in_reply_to="first@example.com"),
        Source.IMAP,
    )

    assert reply.case == first.case
    assert (first.sender_check, reply.sender_check) == (Verdict.CONFIRMED, Verdict.DOUBTFUL)
    page = as_user(agent).get(f"/cases/{first.case.pk}/").content.decode()
    assert page.count('class="msg-sender-warning"') == 1
    assert "had doubts that this mail came from example.com (SPF soft-failed)" in page


def test_mail_that_passed_or_had_no_header_shows_no_warning(our_server, as_user, agent):
    confirmed = ingest.ingest(received(PASS, message_id="ok@example.com"), Source.IMAP)
    unchecked = ingest.ingest(received(message_id="plain@example.com"), Source.IMAP)

    assert (confirmed.sender_check, unchecked.sender_check) == (
        Verdict.CONFIRMED,
        Verdict.NOT_CHECKED,
    )
    for inbound in (confirmed, unchecked):
        page = as_user(agent).get(f"/cases/{inbound.case.pk}/").content.decode()
        assert "msg-sender-warning" not in page


def test_a_forged_pass_below_our_servers_header_is_ignored(our_server):
    forged = (
        f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom=example.com; "
        "dmarc=pass header.from=example.com"
    )

    inbound = ingest.ingest(received(SPF_FAIL, headers={"Authentication-Results": forged}), "eml")

    assert inbound.sender_check == Verdict.FAILED


def test_a_forged_fail_from_another_server_is_ignored_when_ours_is_named(our_server):
    forged_fail = (
        "Authentication-Results: mx.forger.example; spf=fail smtp.mailfrom=example.com\r\n"
    )

    inbound = ingest.ingest(received(forged_fail, PASS), Source.IMAP)

    assert inbound.sender_check == Verdict.CONFIRMED


def test_without_an_authserv_id_the_topmost_header_decides(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_AUTHSERV_ID": ""}

    inbound = ingest.ingest(received(SPF_FAIL, PASS), Source.IMAP)

    assert inbound.sender_check == Verdict.FAILED


def test_the_api_gives_the_warning_with_the_message(our_server, api_as, agent):
    inbound = ingest.ingest(received(SPF_FAIL), Source.IMAP)
    client = api_as(agent)
    client.post(
        f"/api/cases/{inbound.case.pk}/messages",
        {"direction": "outbound", "body_text": "We will check this by phone first."},
        content_type="application/json",
    )

    items = client.get(f"/api/cases/{inbound.case.pk}/messages").json()["items"]

    assert [(m["direction"], m["sender_warning"]) for m in items] == [
        ("inbound", FAILED_WARNING),
        ("outbound", ""),  # the acknowledgement
        ("outbound", ""),
    ]


def test_listing_messages_reads_every_sender_check_in_one_query(our_server, api_as, agent):
    case = ingest.ingest(received(SPF_FAIL, message_id="a@example.com"), Source.IMAP).case
    client = api_as(agent)
    client.get(f"/api/cases/{case.pk}/messages")  # the token's first use is written once
    with CaptureQueriesContext(connection) as one_message:
        client.get(f"/api/cases/{case.pk}/messages")
    for n in range(3):
        ingest.ingest(
            received(SOFTFAIL, message_id=f"r{n}@example.com", in_reply_to="a@example.com"),
            Source.IMAP,
        )

    with CaptureQueriesContext(connection) as four_messages:
        items = client.get(f"/api/cases/{case.pk}/messages").json()["items"]

    assert [m["sender_warning"] != "" for m in items if m["direction"] == "inbound"] == [True] * 4
    assert len(four_messages) == len(one_message)


def test_a_message_added_by_staff_has_no_warning(api_as, agent):
    case = make_case()

    response = api_as(agent).post(
        f"/api/cases/{case.pk}/messages",
        {"direction": "inbound", "body_text": "Customer phoned: boiler fixed."},
        content_type="application/json",
    )

    assert response.json()["sender_warning"] == ""
