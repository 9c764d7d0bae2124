"""A task enqueued for after commit: with the database backend it is written in
the caller's transaction (committed or rolled back with it); with a backend
that may run it at once, it is enqueued only after the commit."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from rightthere.core.tasks import enqueue_on_commit
from rightthere.outbox.delivery import deliver_outbound_mail

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def test_the_task_row_is_written_in_the_transaction_and_rolled_back_with_it():
    with transaction.atomic():
        enqueue_on_commit(deliver_outbound_mail, 41)
        kept = DBTaskResult.objects.get()

    with pytest.raises(Rollback), transaction.atomic():
        enqueue_on_commit(deliver_outbound_mail, 42)
        assert DBTaskResult.objects.count() == 2
        raise Rollback

    assert list(DBTaskResult.objects.all()) == [kept]
    assert kept.args_kwargs == {"args": [41], "kwargs": {}}
    assert kept.task_path == "rightthere.outbox.delivery.deliver_outbound_mail"


def test_other_backends_get_the_task_only_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    deliver_outbound_mail.get_backend().clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(deliver_outbound_mail, 7)

    backend = deliver_outbound_mail.get_backend()
    assert backend.results == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [r.args for r in backend.results] == [[7]]
    assert not DBTaskResult.objects.exists()
