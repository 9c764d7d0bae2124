"""Moving in from a Zendesk export: tickets with comments (the Ticket Comments API's
fields), side-loaded users and organizations, attachment files in the .zip; the CSV
export of a ticket view; and files that are not an export refused with the reason."""

import json

import pytest
from django.urls import reverse

from rightthere.accounts.models import User
from rightthere.cases.models import Attachment, Case, Direction, Message, Status
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Contact
from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.moving_in import actions
from rightthere.moving_in.models import ImportJob, JobStatus
from rightthere.moving_in.running import run_job
from tests.mail.mails import make_mail
from tests.moving_in.conftest import zendesk_export

pytestmark = pytest.mark.django_db


def _run(data: bytes, name: str = "export.zip") -> ImportJob:
    job = actions.new_export_import(None, name, data)
    return run_job(job.pk)


def test_tickets_comments_people_tags_and_files_arrive():
    job = _run(zendesk_export(tickets=3))

    assert job.status == JobStatus.DONE
    assert job.system == "zendesk:acme"
    assert Case.objects.count() == 3
    case = Case.objects.get(subject="Boiler 0 loses pressure")
    assert case.contact.email == "grace@customer.example"
    assert case.customer.name == "Hopper Heating Ltd"  # her organization
    assert case.team.name == "Boilers"
    assert sorted(case.tags.values_list("name", flat=True)) == ["boiler", "vip-customer"]
    assert case.created_at.isoformat() == "2025-01-10T09:00:00+00:00"
    asked, answered, noted = case.messages.all()
    assert (asked.direction, asked.author_contact) == (Direction.INBOUND, case.contact)
    assert "<b>0.5 bar</b>" in asked.body_html
    assert answered.direction == Direction.OUTBOUND
    assert answered.author.get_full_name() == "Ada Agent"
    assert not User.objects.get(email="ada.agent@acme.example").is_active
    assert noted.direction == Direction.NOTE
    assert case.first_responded_at == answered.created_at
    assert Attachment.objects.get().message == asked
    assert Case.objects.get(subject="Boiler 1 loses pressure").status == Status.SOLVED
    waiting = Case.objects.get(subject="Boiler 2 loses pressure")
    assert (waiting.status, waiting.waiting_reason) == (Status.WAITING_CUSTOMER, "information")


def test_what_was_left_out_is_reported_with_the_reason():
    job = _run(zendesk_export(tickets=3))

    reasons = [(item["what"], item["reason"]) for item in job.skipped]
    assert ("ZD-1234 comment 12344", "no words and no attachments") in reasons
    missing = [what for what, reason in reasons if "not in the upload" in reason]
    assert missing == ["ZD-1235 attachment gauge.jpg", "ZD-1236 attachment gauge.jpg"]
    assert job.skipped_total == 5


def test_importing_the_same_export_again_adds_nothing():
    _run(zendesk_export(tickets=3))
    before = (Case.objects.count(), Message.objects.count(), Contact.objects.count(),
              User.objects.count(), Attachment.objects.count())  # fmt: skip

    again = _run(zendesk_export(tickets=3))

    assert (Case.objects.count(), Message.objects.count(), Contact.objects.count(),
            User.objects.count(), Attachment.objects.count()) == before  # fmt: skip
    assert again.counts["already imported"] == 3


def test_zd_reference_and_message_ids_lead_to_the_case(as_user, owner):
    _run(zendesk_export(tickets=3))
    client = as_user(owner)

    page = client.get(reverse("inbox"), {"q": "ZD-1235"}).content.decode()
    answer = ingest.ingest(make_mail(message_id="new@customer.example", subject="Re: boiler",
                                     in_reply_to="zd-1236@customer.example"), Source.IMAP)  # fmt: skip

    assert "Boiler 1 loses pressure" in page
    assert "Boiler 0 loses pressure" not in page
    assert answer.case.subject == "Boiler 2 loses pressure"


def test_a_known_contact_is_reused_not_doubled(owner):
    from tests.factories import ContactFactory

    grace = ContactFactory(email="Grace@Customer.example")

    _run(zendesk_export(tickets=1))

    assert Case.objects.get().contact == grace
    assert Contact.objects.filter(email__iexact="grace@customer.example").count() == 1


def test_the_csv_export_of_a_view_becomes_cases():
    csv = (
        b"Id,Requester,Requester email,Subject,Status,Priority,Tags,Created at,Updated at,"
        b"Organization,Group,Description\n"
        b"41,Mary Major,mary@example.com,No heating,open,urgent,heating vip,"
        b"2025-03-01 10:00,2025-03-02 10:00,Major Mills,Boilers,The heating is off.\n"
        b"42,Tom Minor,tom@example.com,Invoice twice,closed,,billing,"
        b"2025-03-03 10:00,2025-03-04 10:00,,,\n"
    )

    job = _run(csv, "tickets.csv")

    assert job.status == JobStatus.DONE
    heating = Case.objects.get(subject="No heating")
    assert (heating.priority, heating.status, heating.customer.name) == (
        "urgent",
        Status.OPEN,
        "Major Mills",
    )
    assert heating.messages.get().body_text == "The heating is off."
    assert sorted(heating.tags.values_list("name", flat=True)) == ["heating", "vip"]
    invoice = Case.objects.get(subject="Invoice twice")
    assert (invoice.status, invoice.messages.count()) == (Status.CLOSED, 0)
    assert str(invoice.created_at) == "2025-03-03 10:00:00+00:00"


def test_the_preview_counts_and_shows_the_first_rows():
    job = actions.new_export_import(None, "export.zip", zendesk_export(tickets=3))

    assert job.status == JobStatus.PREVIEW
    assert job.preview["counts"]["tickets"] == 3
    assert job.preview["counts"]["attachment files in the upload"] == 1
    first = job.preview["rows"][0]
    assert (first["reference"], first["requester"], first["messages"]) == (
        "ZD-1234",
        "grace@customer.example",
        3,
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "x.json", "Choose a file"),
    (b"not json at all", "x.json", "Line 1 is not JSON"),
    (json.dumps({"tickets": []}).encode(), "x.json", "No tickets found"),
    (json.dumps({"tickets": [{"subject": "no id"}]}).encode(), "x.json", "without an id"),
    (b"Subject,Status\nx,open\n", "x.csv", "no Id column"),
    (b"PK\x03\x04 broken", "x.zip", "damaged"),
    ("é".encode("latin-1"), "x.json", "UTF-8"),
])  # fmt: skip
def test_a_file_that_is_not_an_export_is_refused_with_the_reason(data, name, message):
    with pytest.raises(InvalidInput, match=message):
        actions.new_export_import(None, name, data)
    assert not ImportJob.objects.exists()
