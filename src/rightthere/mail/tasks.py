"""Background polling of the IMAP mailboxes with django-tasks.

`poll_mailboxes_task` polls every active mailbox and then enqueues itself
again, to run after MAIL_POLL_SECONDS (default 60). Saving a mailbox in the
admin, or `rightthere fetch-mail --schedule`, starts the chain; a chain that
is already waiting is never doubled.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from rightthere.mail.imap import poll_all_mailboxes


@task()
def poll_mailboxes_task() -> dict[str, int]:
    results = poll_all_mailboxes()
    schedule_next_poll()
    return {
        "mailboxes": len(results),
        "new": sum(r.new for r in results),
        "errors": sum(1 for r in results if r.error),
    }


def _poll_pending() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=poll_mailboxes_task.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule_next_poll(now: datetime | None = None) -> bool:
    """Enqueue the next poll unless one is already waiting; False when nothing was enqueued.

    Backends that cannot run a task later (the immediate backend used by the
    tests and by setups without a worker) get nothing: `fetch-mail` polls there.
    """
    backend = poll_mailboxes_task.get_backend()
    if not backend.supports_defer:
        return False
    if backend.__class__.__module__.startswith("django_tasks_db") and _poll_pending():
        return False
    seconds = int(settings.RIGHTTHERE.get("MAIL_POLL_SECONDS", 60))
    run_after = (now or timezone.now()) + timedelta(seconds=seconds)
    poll_mailboxes_task.using(run_after=run_after).enqueue()
    return True
