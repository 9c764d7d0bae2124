"""Periodic jobs: scheduled once however often the worker starts, and rescheduled after each run."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rightthere.jobs.periodic import JOBS, ensure_scheduled

pytestmark = pytest.mark.django_db


def test_starting_the_worker_twice_schedules_each_job_once():
    first = ensure_scheduled()
    second = ensure_scheduled()

    assert sorted(first) == sorted(JOBS)
    assert second == []
    assert DBTaskResult.objects.filter(status="READY").count() == len(JOBS)


def test_a_job_that_ran_is_scheduled_again_for_its_next_turn(run_tasks):
    ensure_scheduled()

    run_tasks()

    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == len(JOBS)
    assert all(task.run_after > timezone.now() + timedelta(seconds=50) for task in waiting)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == len(JOBS)


def test_the_session_job_deletes_expired_sessions_and_keeps_live_ones():
    from rightthere.accounts.models import StaffSession

    now = timezone.now()
    StaffSession.objects.create(
        session_key="e" * 32, session_data="", expire_date=now - timedelta(seconds=1)
    )
    StaffSession.objects.create(
        session_key="l" * 32, session_data="", expire_date=now + timedelta(days=1)
    )

    result = JOBS["clear-expired-sessions"].run()

    assert result == {"sessions_cleared": 1}
    assert list(StaffSession.objects.values_list("session_key", flat=True)) == ["l" * 32]
    assert JOBS["clear-expired-sessions"].run() == {"sessions_cleared": 0}  # idempotent
