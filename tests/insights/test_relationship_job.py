"""Relationship statuses are refreshed every hour by a periodic job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.desk import casework
from rightthere.insights.relationships import refresh_relationships, relationship_of
from rightthere.jobs.periodic import JOBS, run_periodic_job
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def test_relationships_are_refreshed_every_hour():
    assert JOBS["refresh-relationships"].every == timedelta(hours=1)


def test_the_job_turns_a_customer_gone_quiet_from_good_to_lost(run_tasks):
    customer = CustomerFactory()
    case = make_case(customer=customer, opened_at=timezone.now() - timedelta(days=401))
    casework.change_status(case, actor=None, status="solved")
    refresh_relationships()
    assert relationship_of(customer).status == "good"
    Case.objects.filter(pk=case.pk).update(solved_at=timezone.now() - timedelta(days=400))

    run_periodic_job.enqueue("refresh-relationships")
    run_tasks()

    assert relationship_of(customer).status == "lost"
    assert relationship_of(customer).changes.filter(after="lost").exists()
