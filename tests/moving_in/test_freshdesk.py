"""Moving in from a Freshdesk export: tickets (their first message in the description),
conversations (incoming, replies, private notes), contacts under companies, agents,
groups and attachment files, written from Freshdesk's documented API objects
(benchmarks/freshdesk_source.py; Freshdesk itself is out of reach here). Malformed
tickets lose only their bad part, with the reason in the report."""

import io
import json
import zipfile

import pytest
from benchmarks.freshdesk_source import expected_counts, freshdesk_export
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.accounts.models import User
from rightthere.cases.models import Attachment, Case, Channel, Direction, Message, Priority, Status
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Contact
from rightthere.moving_in import actions
from rightthere.moving_in.models import ImportJob, JobStatus, SourceKind
from rightthere.moving_in.running import run_job

pytestmark = pytest.mark.django_db


def _run(data: bytes, name: str = "freshdesk.zip") -> ImportJob:
    job = actions.new_export_import(None, name, data)
    return run_job(job.pk)


def _counts() -> tuple[int, ...]:
    return (Case.objects.count(), Message.objects.count(), Contact.objects.count(),
            User.objects.count(), Attachment.objects.count())  # fmt: skip


def test_tickets_conversations_people_and_files_arrive():
    job = _run(freshdesk_export(tickets=4))

    assert (job.kind, job.status, job.system) == (SourceKind.FRESHDESK, JobStatus.DONE, "freshdesk")
    made = expected_counts(4)
    assert (Case.objects.count(), Message.objects.count(), Attachment.objects.count()) == (
        made["cases"], made["messages"], made["attachments"])  # fmt: skip
    case = Case.objects.get(subject="Boiler 0 loses pressure")
    assert case.contact.email == "customer0@people.example"
    assert case.customer.name == "Hopper Heating Ltd"  # the contact's company
    assert case.team.name == "Boilers"
    assert (case.status, case.priority, case.channel) == (Status.OPEN, Priority.HIGH, Channel.EMAIL)
    assert sorted(case.tags.values_list("name", flat=True)) == ["boiler", "vip-customer"]
    assert case.created_at.isoformat() == "2025-01-10T09:00:00+00:00"
    first, again, answered, noted = case.messages.order_by("created_at")
    assert (first.direction, first.author_contact) == (Direction.INBOUND, case.contact)
    assert "<b>0.5 bar</b>" in first.body_html
    assert Attachment.objects.filter(message=first).get().filename == "gauge.jpg"
    assert (again.direction, again.body_text) == (Direction.INBOUND, "Still low this morning.")
    assert answered.direction == Direction.OUTBOUND
    assert answered.author.get_full_name() == "Ada Agent"
    assert not User.objects.get(email="ada.agent@acme.example").is_active
    assert noted.direction == Direction.NOTE
    assert case.first_responded_at == answered.created_at
    statuses = dict(Case.objects.values_list("subject", "status"))
    assert statuses["Boiler 1 loses pressure"] == Status.SOLVED
    assert statuses["Boiler 2 loses pressure"] == Status.WAITING_CUSTOMER
    assert statuses["Boiler 3 loses pressure"] == Status.CLOSED


def test_the_empty_conversation_is_reported_with_the_reason():
    job = _run(freshdesk_export(tickets=2))

    reasons = [(item["what"], item["reason"]) for item in job.skipped]
    assert ("FD-1000 conversation 10004", "no words and no attachments") in reasons
    assert ("FD-1001 conversation 10014", "no words and no attachments") in reasons
    assert job.skipped_total == 2


def test_a_missing_file_is_reported_not_fetched():
    job = _run(freshdesk_export(tickets=1, with_files=False))

    missing = [item for item in job.skipped if "not in the upload" in item["reason"]]
    assert [item["what"] for item in missing] == ["FD-1000 attachment gauge.jpg"]
    assert "attachment_url is not fetched" in missing[0]["reason"]
    assert Case.objects.get().messages.count() == 4  # the message came, without its file


def test_importing_the_same_export_again_adds_nothing():
    _run(freshdesk_export(tickets=3))
    before = _counts()

    again = _run(freshdesk_export(tickets=3))

    assert _counts() == before
    assert again.counts["already imported"] == 3


def test_a_crash_mid_run_is_continued_by_the_next_run():
    data = freshdesk_export(tickets=5)
    job = actions.new_export_import(None, "freshdesk.zip", data)

    def crash(done: ImportJob) -> None:
        if done.position >= 2:
            raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        run_job(job.pk, batch_size=2, after_batch=crash)
    assert Case.objects.count() == 2

    finished = run_job(job.pk, batch_size=2)

    assert finished.status == JobStatus.DONE
    assert Case.objects.count() == 5
    assert Message.objects.count() == expected_counts(5)["messages"]


def test_the_fd_reference_finds_the_case(as_user, owner):
    _run(freshdesk_export(tickets=3))

    page = as_user(owner).get(reverse("inbox"), {"q": "FD-1001"}).content.decode()

    assert "Boiler 1 loses pressure" in page
    assert "Boiler 0 loses pressure" not in page


def _single_json(tickets: list[dict]) -> bytes:
    return json.dumps({"tickets": tickets, "contacts": [
        {"id": 1, "name": "Mary Major", "email": "mary@example.com"}]}).encode()  # fmt: skip


def test_malformed_tickets_lose_only_their_bad_part():
    data = _single_json([
        {"id": 1, "subject": "No requester", "description_text": "Who wrote this?",
         "status": 2, "created_at": "2025-03-01T10:00:00Z"},
        {"id": 2, "subject": "Bad date", "description_text": "When?", "requester_id": 1,
         "status": 2, "created_at": "yesterday-ish"},
        {"id": 3, "subject": "Own status", "description_text": "Waiting on parts",
         "requester_id": 1, "status": 7, "priority": 9, "created_at": "2025-03-01T10:00:00Z"},
    ])  # fmt: skip

    job = _run(data, "tickets.json")

    assert job.status == JobStatus.DONE
    assert Case.objects.count() == 3
    assert Message.objects.count() == 3
    reasons = {item["what"]: item["reason"] for item in job.skipped}
    assert reasons["FD-1 its requester"] == "no requester_id: filed under Unknown customer"
    assert reasons["FD-2 its date"].startswith("no readable created_at")
    assert "status 7 is not one of Freshdesk's own" in reasons["FD-3 its status"]
    unknown = Case.objects.get(subject="No requester")
    assert unknown.customer.name == "Unknown customer (Freshdesk)"
    own = Case.objects.get(subject="Own status")
    assert (own.status, own.priority) == (Status.OPEN, Priority.NORMAL)


def test_embedded_conversations_and_one_ticket_per_line_are_read():
    lines = [json.dumps({
        "id": 10, "subject": "Tap drips", "description_text": "It drips.", "requester_id": 1,
        "status": 2, "created_at": "2025-03-01T10:00:00Z",
        "conversations": [{"id": 101, "body_text": "Plumber booked.", "incoming": False,
                           "private": False, "user_id": 55,
                           "created_at": "2025-03-01T11:00:00Z"}],
    }), json.dumps({"id": 11, "subject": "Tap drips again", "description_text": "Again.",
                    "requester_id": 1, "status": 5, "description": "<p>Again.</p>",
                    "created_at": "2025-03-02T10:00:00Z"})]  # fmt: skip

    job = _run("\n".join(lines).encode(), "tickets.ndjson")

    assert job.status == JobStatus.DONE
    tap = Case.objects.get(subject="Tap drips")
    assert list(tap.messages.values_list("direction", flat=True).order_by("created_at")) == [
        Direction.INBOUND, Direction.OUTBOUND]  # fmt: skip
    assert tap.messages.get(direction=Direction.OUTBOUND).author.get_full_name() == (
        "Freshdesk agent 55"
    )


def test_the_preview_names_freshdesk_counts_and_first_rows():
    job = actions.new_export_import(None, "freshdesk.zip", freshdesk_export(tickets=3))

    assert (job.kind, job.status) == (SourceKind.FRESHDESK, JobStatus.PREVIEW)
    counts = job.preview["counts"]
    assert (counts["tickets"], counts["conversations"], counts["attachments"]) == (3, 12, 2)
    first = job.preview["rows"][0]
    assert (first["reference"], first["requester"], first["messages"]) == (
        "FD-1000", "customer0@people.example", 4)  # fmt: skip
    assert not Case.objects.exists()


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "name", "message"), [
    (json.dumps({"tickets": [], "contacts": []}).encode(), "x.json", "No tickets found"),
    (json.dumps({"contacts": [{"name": "no id"}], "tickets": []}).encode(), "x.json",
     "without an id"),
    (_zip(**{"contacts.json": "[]", "tickets.json": "{not json"}), "x.zip",
     "tickets.json, line 1"),
])  # fmt: skip
def test_a_broken_freshdesk_export_is_refused_with_the_reason(data, name, message):
    with pytest.raises(InvalidInput, match=message):
        actions.new_export_import(None, name, data)
    assert not ImportJob.objects.exists()


def test_the_command_imports_freshdesk_and_names_the_wrong_desk(tmp_path, capsys):
    export = tmp_path / "freshdesk.zip"
    export.write_bytes(freshdesk_export(tickets=2))

    call_command("import", "freshdesk", str(export))

    assert Case.objects.count() == 2
    with pytest.raises(CommandError, match="looks like a Freshdesk export"):
        call_command("import", "zendesk", str(export))


def test_the_owner_uploads_a_freshdesk_export_on_the_screen(as_user, owner):
    client = as_user(owner)
    upload = io.BytesIO(freshdesk_export(tickets=2))
    upload.name = "freshdesk.zip"

    answer = client.post(reverse("moving_in"), {"file": upload})

    job = ImportJob.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("moving_in_job", args=[job.pk])
    assert job.kind == SourceKind.FRESHDESK
    page = client.get(answer.url).content.decode()
    assert "FD-1000" in page and "Freshdesk" in page
