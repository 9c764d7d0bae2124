"""Background polling re-enqueues itself, never twice."""

import pytest
from django_tasks_db.models import DBTaskResult

from rightthere.mail.tasks import poll_mailboxes_task, schedule_next_poll

pytestmark = pytest.mark.django_db


def waiting_polls():
    return DBTaskResult.objects.filter(
        task_path=poll_mailboxes_task.module_path, status="READY"
    ).count()


def test_poll_task_runs_and_schedules_the_next_poll_once(mail_settings):
    mail_settings(MAIL_POLL_SECONDS=120)

    summary = poll_mailboxes_task.call()
    second = schedule_next_poll()

    assert summary == {"mailboxes": 0, "new": 0, "errors": 0}
    assert second is False
    assert waiting_polls() == 1


def test_next_poll_waits_for_the_interval(mail_settings):
    mail_settings(MAIL_POLL_SECONDS=300)

    schedule_next_poll()

    job = DBTaskResult.objects.get(task_path=poll_mailboxes_task.module_path)
    assert 295 <= (job.run_after - job.enqueued_at).total_seconds() <= 305


def test_backend_that_cannot_defer_gets_no_chain(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert schedule_next_poll() is False
