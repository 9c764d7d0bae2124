"""Mail status (issue #17 item 4): a bounce marks the outgoing mail it answers failed,
with the reason, on the case and in the Outbox, and tells the case's owner; it never
opens a case. An auto-reply joins the case it answers, is never acknowledged and does
not reopen a solved case. Fixtures are real servers' reports (Postfix DSN, Exchange
NDR, qmail plain text) in tests/fixtures/mail/."""

import pytest
from django.test import Client
from django.urls import reverse

from rightthere.cases.models import Case, CaseEvent, Direction, EventKind, Status
from rightthere.desk import casework
from rightthere.desk.messages import send_reply
from rightthere.mail import ingest
from rightthere.mail.automation import Automated
from rightthere.mail.bounces import read_report
from rightthere.mail.models import InboundMail, InboundStatus, Source
from rightthere.mail.parser import parse_mail
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from tests.factories import ContactFactory, CustomerFactory, make_case
from tests.mail.mails import fixture

pytestmark = pytest.mark.django_db

USER_UNKNOWN = (
    "550 5.1.1 <ada.byron@exampel.com>: Recipient address rejected: "
    "User unknown in virtual mailbox table"
)


# -- reading the reports (pure) -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ids", "recipients", "reason"),
    [
        ("dsn_user_unknown.eml", ("rt.1.5f3a9c0e12ab34cd@rightthere.test",),
         ("ada.byron@exampel.com",), USER_UNKNOWN),
        ("bounce_exchange_undeliverable.eml", ("rt.1.0a1b2c3d4e5f6789@rightthere.test",),
         ("jo.bloggs@contoso.example",),
         "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
        ("bounce_plain_text.eml", ("rt.1.77aa88bb99cc00dd@rightthere.test",),
         ("sam@oldhost.example",), "552 5.2.2 <sam@oldhost.example>: mailbox full"),
        ("bounce.eml", (), ("nobody@example.net",), "status 5.1.1"),
        ("dsn_malformed.eml", (), (), "the server gave no reason"),
    ],
)  # fmt: skip
def test_a_bounce_is_read_for_the_mail_it_answers_and_why(name, ids, recipients, reason):
    raw = fixture(name)

    report = read_report(raw)

    assert parse_mail(raw).automated_kind == Automated.BOUNCE
    assert (report.original_ids, report.recipients, report.reason) == (ids, recipients, reason)
    assert report.failed


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("auto_reply.eml", Automated.AUTO_REPLY),
        ("auto_reply_to_our_mail.eml", Automated.AUTO_REPLY),
        ("out_of_office_by_reference.eml", Automated.AUTO_REPLY),
        ("list_mail.eml", ""),
        ("plain_request.eml", ""),
    ],
)
def test_auto_replies_are_told_from_bounces_and_from_people(name, kind):
    assert parse_mail(fixture(name)).automated_kind == kind


def test_a_delay_report_is_not_a_failure():
    raw = fixture("dsn_user_unknown.eml").replace(b"Action: failed", b"Action: delayed")

    assert read_report(raw).failed is False


# -- a bounce through mail intake ----------------------------------------------------


@pytest.fixture
def sent(agent):
    """Our reply to Ada on her case (assigned to the agent), with the Message-ID the
    DSN fixture quotes."""
    contact = ContactFactory(customer=CustomerFactory(name="Ada Byron"), name="Ada Byron",
                             email="ada.byron@exampel.com")  # fmt: skip
    case = make_case(subject="Boiler leaks", contact=contact, assignee=agent)
    message = send_reply(case, actor=agent, body_text="We will come on Tuesday at 10:00.",
                         check_wording=False)  # fmt: skip
    mail = OutboundMail.objects.get(message=message)
    OutboundMail.objects.filter(pk=mail.pk).update(
        mail_message_id="<rt.1.5f3a9c0e12ab34cd@rightthere.test>", status=DeliveryStatus.SENT
    )
    mail.refresh_from_db()
    return mail


def test_a_bounce_marks_our_mail_failed_and_tells_the_cases_owner(sent, agent):
    cases_before = Case.objects.count()

    inbound = ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)

    sent.refresh_from_db()
    assert (sent.status, sent.last_error) == (DeliveryStatus.FAILED, f"Bounced: {USER_UNKNOWN}")
    # The bounce is kept, as a bounce on the mail's case, never a case of its own.
    assert Case.objects.count() == cases_before
    assert (inbound.status, inbound.case, inbound.opened_case) == (
        InboundStatus.BOUNCE, sent.case, False)  # fmt: skip
    assert inbound.case_message is None
    assert inbound.error == f"Our mail to ada.byron@exampel.com bounced: {USER_UNKNOWN}"
    assert not OutboundMail.objects.filter(to_address__icontains="mailer-daemon").exists()
    # The case shows it: a delivery event and an internal note saying what to do.
    event = CaseEvent.objects.get(case=sent.case, kind=EventKind.DELIVERY)
    assert (event.before, event.after) == ("ada.byron@exampel.com", f"bounced: {USER_UNKNOWN}")
    note = sent.case.messages.get(direction=Direction.NOTE)
    assert "bounced" in note.body_text and "by phone" in note.body_text
    # ... and its assignee is told.
    told = Notification.objects.get(kind=NotificationKind.MAIL_BOUNCED)
    assert told.recipient == agent
    assert told.text.startswith("Mail to ada.byron@exampel.com bounced on ")
    # Our mail is not answered by a bounce: nothing was sent to the mailer daemon.
    assert OutboundMail.objects.count() == 1


def test_a_bounce_is_matched_by_its_recipient_when_it_quotes_no_message_id(sent):
    raw = fixture("dsn_user_unknown.eml").replace(
        b"Message-ID: <rt.1.5f3a", b"X-Old-Id: <rt.1.5f3a"
    )

    inbound = ingest.ingest(raw, Source.IMAP)

    sent.refresh_from_db()
    assert inbound.status == InboundStatus.BOUNCE
    assert sent.status == DeliveryStatus.FAILED


def test_a_redelivered_bounce_changes_nothing_more(sent):
    ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)

    again = ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)

    assert again.duplicate
    assert CaseEvent.objects.filter(case=sent.case, kind=EventKind.DELIVERY).count() == 1
    assert Notification.objects.filter(kind=NotificationKind.MAIL_BOUNCED).count() == 1


def test_with_nobody_on_the_case_the_owners_are_told(sent, owner):
    casework.assign_case(sent.case, actor=owner, assignee=None)
    Notification.objects.all().delete()

    ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)

    assert list(
        Notification.objects.filter(kind=NotificationKind.MAIL_BOUNCED).values_list(
            "recipient", flat=True
        )
    ) == [owner.pk]


@pytest.mark.parametrize("name", ["dsn_malformed.eml", "bounce.eml"])
def test_a_bounce_that_matches_none_of_our_mail_is_kept_under_could_not_process(
    name, client, owner
):
    inbound = ingest.ingest(fixture(name), Source.IMAP)

    stored = InboundMail.objects.get(pk=inbound.pk)
    assert stored.status == InboundStatus.FAILED
    assert stored.error.startswith("A bounce (a report that mail could not be delivered) that")
    assert bytes(stored.raw) == fixture(name)  # nothing lost
    assert Case.objects.count() == 0
    client.force_login(owner)
    page = client.get(reverse("mail_failed"))
    assert "A bounce (a report that mail could not be delivered)" in page.content.decode()


def test_a_bounce_kept_for_later_is_matched_once_retried(agent):
    """Bad order of events: the bounce came before its mail was known (e.g. restored
    from a backup); Retry on "Could not process" matches it then."""
    raw = fixture("bounce_plain_text.eml")
    inbound = ingest.ingest(raw, Source.IMAP)
    assert inbound.status == InboundStatus.FAILED
    contact = ContactFactory(name="Sam Old", email="sam@oldhost.example")
    case = make_case(subject="Your quote", contact=contact, assignee=agent)
    message = send_reply(case, actor=agent, body_text="Here is the quote.", check_wording=False)
    OutboundMail.objects.filter(message=message).update(
        mail_message_id="<rt.1.77aa88bb99cc00dd@rightthere.test>"
    )

    again = ingest.retry(InboundMail.objects.get(pk=inbound.pk))

    assert (again.status, again.case) == (InboundStatus.BOUNCE, case)
    assert OutboundMail.objects.get(message=message).last_error == (
        "Bounced: 552 5.2.2 <sam@oldhost.example>: mailbox full"
    )


def test_the_bounce_shows_under_the_message_on_the_case_page_and_in_the_outbox(sent, client, agent):
    ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)
    client.force_login(agent)

    case_page = client.get(reverse("case_detail", args=[sent.case_id])).content.decode()
    outbox = client.get(reverse("outbox") + "?status=failed").content.decode()

    line = "Failed to ada.byron@exampel.com — Bounced: 550 5.1.1"
    assert line in case_page.replace("&lt;", "<").replace("&gt;", ">")
    assert "Bounced: 550 5.1.1" in outbox
    assert "User unknown in virtual mailbox table" in outbox


# -- auto-replies --------------------------------------------------------------------


@pytest.fixture
def ada_case(sent):
    return sent.case


def test_an_auto_reply_to_our_mail_joins_its_case_without_acknowledgement(ada_case):
    ada_case.contact.email = "ada@example.com"
    ada_case.contact.save(update_fields=["email"])
    mails_before = OutboundMail.objects.count()

    inbound = ingest.ingest(fixture("auto_reply_to_our_mail.eml"), Source.IMAP)

    assert (inbound.status, inbound.case, inbound.opened_case) == (
        InboundStatus.PROCESSED, ada_case, False)  # fmt: skip
    assert inbound.case_message.direction == Direction.INBOUND
    assert not ingest.should_acknowledge(inbound)
    assert OutboundMail.objects.count() == mails_before  # no acknowledgement
    assert Case.objects.count() == 1


def test_an_auto_reply_does_not_reopen_a_solved_case(ada_case, agent):
    ada_case.contact.email = "ada@example.com"
    ada_case.contact.save(update_fields=["email"])
    casework.change_status(ada_case, actor=agent, status=Status.SOLVED)

    inbound = ingest.ingest(fixture("auto_reply_to_our_mail.eml"), Source.IMAP)

    ada_case.refresh_from_db()
    assert inbound.case == ada_case
    assert ada_case.status == Status.SOLVED


def test_an_out_of_office_naming_the_case_joins_it(ada_case):
    ada_case.contact.email = "ada@example.com"
    ada_case.contact.save(update_fields=["email"])
    subject = f"Out of Office: Boiler leaks [{ada_case.reference}]".encode()

    inbound = ingest.ingest(
        fixture("out_of_office_by_reference.eml").replace(
            b"Out of Office: Boiler leaks [RT-000001]", subject
        ),
        Source.IMAP,
    )

    assert (inbound.status, inbound.case) == (InboundStatus.PROCESSED, ada_case)
    assert Case.objects.count() == 1


def test_an_auto_reply_to_none_of_our_cases_opens_no_case():
    inbound = ingest.ingest(fixture("auto_reply.eml"), Source.IMAP)

    stored = InboundMail.objects.get(pk=inbound.pk)
    assert stored.status == InboundStatus.IGNORED
    assert stored.error == "An automatic reply (e.g. out of office) to none of our cases."
    assert bytes(stored.raw) == fixture("auto_reply.eml")
    assert Case.objects.count() == 0
    assert OutboundMail.objects.count() == 0


# -- the API doors: a mail service posts the bounce; an integration reads the state -----


@pytest.mark.urls("tests.mail.urls")
def test_a_bounce_posted_by_the_mail_service_shows_in_the_api_outbox(sent, agent, token_for):
    service = Client(headers={"authorization": f"Bearer {token_for(agent)}"})
    integration = Client(headers={"authorization": f"Bearer {token_for(agent)}"})

    posted = service.post("/mail-api/inbound-mail", fixture("dsn_user_unknown.eml"),
                          content_type="message/rfc822")  # fmt: skip
    mail = integration.get(f"/api/outbox/{sent.pk}")
    failed = integration.get("/api/outbox", {"status": "failed"})
    bounces = integration.get("/mail-api/inbound-mail", {"status": "bounce"})

    assert posted.status_code == 201, posted.content
    assert posted.json()["status"] == "bounce"
    assert posted.json()["case_reference"] == sent.case.reference
    assert (mail.json()["status"], mail.json()["last_error"]) == (
        "failed", f"Bounced: {USER_UNKNOWN}")  # fmt: skip
    assert [m["id"] for m in failed.json()] == [sent.pk]
    assert [m["status"] for m in bounces.json()] == ["bounce"]
    assert Case.objects.count() == 1


def test_a_delay_report_leaves_our_mail_as_it_was_with_an_event(sent):
    raw = fixture("dsn_user_unknown.eml").replace(b"Action: failed", b"Action: delayed")

    inbound = ingest.ingest(raw, Source.IMAP)

    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT
    assert inbound.status == InboundStatus.BOUNCE
    assert inbound.error.startswith("Our mail to ada.byron@exampel.com is delayed")
    event = CaseEvent.objects.get(case=sent.case, kind=EventKind.DELIVERY)
    assert event.after.startswith("delayed, the server keeps trying: 550 5.1.1")
    assert not Notification.objects.filter(kind=NotificationKind.MAIL_BOUNCED).exists()


def test_import_eml_says_a_bounce_is_a_bounce(sent, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "dsn.eml"
    path.write_bytes(fixture("dsn_user_unknown.eml"))
    out = StringIO()

    call_command("import_eml", str(path), stdout=out)

    assert out.getvalue().strip() == (
        f"{path}: bounce on {sent.case.reference}: Our mail to ada.byron@exampel.com "
        f"bounced: {USER_UNKNOWN}"
    )
