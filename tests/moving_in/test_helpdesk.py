"""Moving in from a real django-helpdesk database (made by helpdesk's own code in its own
virtual environment): everything arrives with its dates and authors, running again adds
nothing, a crash mid-run is continued from the last batch, the old reference is found by
the inbox's search, and an answer to an old mail joins the imported case."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import Team, User
from rightthere.cases.models import Attachment, Case, Direction, Message, Status
from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.moving_in import importer
from rightthere.moving_in.models import EarlierMessageId, ImportJob, JobStatus
from tests.mail.mails import make_mail

pytestmark = pytest.mark.django_db


def _helpdesk(helpdesk_db, sql):
    with sqlite3.connect(helpdesk_db["sqlite"]) as conn:
        return conn.execute(sql).fetchall()


def _import(helpdesk_db, *more):
    call_command("import", "helpdesk", helpdesk_db["url"], "--media-root",
                 str(helpdesk_db["media"]), *more)  # fmt: skip


def test_every_ticket_follow_up_and_attachment_arrives_with_its_dates_and_authors(helpdesk_db):
    _import(helpdesk_db)

    tickets = _helpdesk(helpdesk_db, "SELECT count(*) FROM helpdesk_ticket")[0][0]
    # The words: each description, and each follow-up except helpdesk's copy of the
    # description and the status changes without words.
    worded = _helpdesk(helpdesk_db, "SELECT count(*) FROM helpdesk_followup WHERE comment <> ''"
                       " AND title <> 'Ticket Opened'")[0][0]  # fmt: skip
    files = _helpdesk(helpdesk_db, "SELECT count(*) FROM helpdesk_followupattachment")[0][0]
    assert (tickets, files) == (50, 15)
    assert Case.objects.count() == tickets
    assert Message.objects.count() == tickets + worded
    assert Attachment.objects.count() == files
    assert set(Team.objects.values_list("name", flat=True)) >= {"Support", "Billing"}

    tid, title, created, email = _helpdesk(
        helpdesk_db, "SELECT id, title, created, submitter_email FROM helpdesk_ticket"
        " WHERE status = 3 ORDER BY id LIMIT 1")[0]  # fmt: skip
    case = Case.objects.get(subject=title)
    assert case.status == Status.SOLVED
    assert case.created_at.isoformat(sep=" ").startswith(created[:19])
    assert case.contact.email == email
    assert case.team.name in ("Support", "Billing")
    messages = list(case.messages.all())
    assert messages[0].direction == Direction.INBOUND
    assert messages[0].author_contact == case.contact
    staff_reply = next(m for m in messages if m.direction == Direction.OUTBOUND)
    assert staff_reply.author.username.startswith("hd-agent-")
    assert not staff_reply.author.is_active  # helpdesk's staff come as deactivated agents
    assert any(m.direction == Direction.NOTE for m in messages)  # the private follow-up
    stored = Attachment.objects.first()
    assert stored.file.read().startswith(b"photo of ticket")


def test_running_again_adds_nothing(helpdesk_db):
    _import(helpdesk_db)
    before = (Case.objects.count(), Message.objects.count(), Attachment.objects.count(),
              User.objects.count(), Team.objects.count())  # fmt: skip

    _import(helpdesk_db)

    after = (Case.objects.count(), Message.objects.count(), Attachment.objects.count(),
             User.objects.count(), Team.objects.count())  # fmt: skip
    assert after == before
    second = ImportJob.objects.order_by("-pk").first()
    assert second.counts.get("already imported") == 50
    assert second.counts.get("cases", 0) == 0


def test_a_crash_mid_run_is_continued_from_the_last_batch_by_the_next_run(helpdesk_db, monkeypatch):
    real = importer.checkpoint
    calls = []

    def crash_in_the_third_batch(job):
        calls.append(job.position)
        if len(calls) == 3:
            raise RuntimeError("the power went out")
        real(job)

    monkeypatch.setattr(importer, "checkpoint", crash_in_the_third_batch)
    with pytest.raises(RuntimeError, match="power"):
        _import(helpdesk_db, "--batch-size", "10")

    job = ImportJob.objects.get()
    assert (job.status, job.position) == (JobStatus.FAILED, 20)
    assert Case.objects.count() == 20  # the third batch rolled back whole
    monkeypatch.setattr(importer, "checkpoint", real)

    _import(helpdesk_db, "--batch-size", "10")

    job.refresh_from_db()
    assert (job.status, job.position, ImportJob.objects.count()) == (JobStatus.DONE, 50, 1)
    assert Case.objects.count() == 50
    assert Case.objects.values("subject").distinct().count() == 50


def test_the_old_reference_finds_the_case_in_the_inbox_and_the_api(helpdesk_db, as_user, owner):
    _import(helpdesk_db)
    tid, slug, title = _helpdesk(helpdesk_db, "SELECT t.id, q.slug, t.title FROM helpdesk_ticket t"
                                 " JOIN helpdesk_queue q ON q.id = t.queue_id"
                                 " ORDER BY t.id DESC LIMIT 1")[0]  # fmt: skip
    client = as_user(owner)

    page = client.get(reverse("inbox"), {"q": f"[{slug}-{tid}]"}).content.decode()
    api = client.get("/api/cases", {"q": f"{slug}-{tid}"}).json()

    assert title in page
    assert [c["subject"] for c in api["items"]][:1] == [title]


def test_an_answer_to_an_old_mail_joins_the_imported_case(helpdesk_db):
    _import(helpdesk_db)
    kept = EarlierMessageId.objects.order_by("pk").first()

    answer = ingest.ingest(make_mail(message_id="late-answer@customer.example",
                                     subject="Re: my old ticket", in_reply_to=kept.message_id),
                           Source.IMAP)  # fmt: skip

    assert answer.case_id == kept.case_id
    assert EarlierMessageId.objects.count() == 100


def test_the_report_says_what_was_skipped_and_why(helpdesk_db):
    _import(helpdesk_db)

    job = ImportJob.objects.get()
    reasons = {item["reason"] for item in job.skipped}
    assert "no words (Resolved)" in reasons
    assert job.skipped_total == 33  # the status changes without words


def test_attachments_whose_files_are_missing_are_reported(helpdesk_db):
    call_command("import", "helpdesk", helpdesk_db["url"])  # no media folder given

    job = ImportJob.objects.get()
    assert Attachment.objects.count() == 0
    assert Message.objects.count() > 0
    assert sum("media folder" in item["reason"] for item in job.skipped) == 15


def test_a_database_that_is_not_helpdesks_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (id int)").connection.commit()

    with pytest.raises(CommandError, match="no django-helpdesk tables"):
        call_command("import", "helpdesk", f"sqlite:///{other}")
    with pytest.raises(CommandError, match="No database file"):
        call_command("import", "helpdesk", f"sqlite:///{tmp_path}/missing.sqlite3")
    assert not ImportJob.objects.exists()


def _dead_pid():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_a_run_killed_mid_way_is_taken_over_by_the_next_one_at_once(helpdesk_db):
    import socket

    from rightthere.moving_in import running
    from rightthere.moving_in.actions import job_for_command

    def die_after_two_batches(job):
        if job.batches == 2:
            raise running.importer.Stop  # the process ends here, as with a kill

    # The first run stops after two committed batches and leaves its job RUNNING, as a
    # killed process does; its runner is made a process that has ended.
    job, _ = job_for_command("helpdesk", database_url=helpdesk_db["url"],
                             media_root=str(helpdesk_db["media"]))  # fmt: skip
    running.run_job(job.pk, batch_size=10, after_batch=die_after_two_batches)
    ImportJob.objects.filter(pk=job.pk).update(runner=f"{socket.gethostname()}:{_dead_pid()}")
    assert ImportJob.objects.get().status == JobStatus.RUNNING
    assert Case.objects.count() == 20

    _import(helpdesk_db, "--batch-size", "10")

    job.refresh_from_db()
    assert (job.status, job.position, Case.objects.count()) == (JobStatus.DONE, 50, 50)


def test_a_run_whose_process_is_alive_is_not_taken_over(helpdesk_db):
    import os
    import socket

    from rightthere.moving_in.actions import job_for_command

    job, _ = job_for_command("helpdesk", database_url=helpdesk_db["url"],
                             media_root=str(helpdesk_db["media"]))  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, runner=f"{socket.gethostname()}:{os.getppid()}",
        heartbeat_at=timezone.now())  # fmt: skip

    with pytest.raises(CommandError, match="being run by another process"):
        _import(helpdesk_db)
    assert not Case.objects.exists()
