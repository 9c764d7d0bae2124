"""`update_row` writes exactly the named columns, converted as the ORM would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.cases.rows import update_row
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_update_row_writes_only_the_named_fields_with_their_types(agent):
    case = make_case(subject="Before")
    due = timezone.now() + timedelta(hours=3)
    case.subject = "Not written"
    case.assignee = agent
    case.next_due_at = due
    case.internal = True

    changed = update_row(case, ["assignee", "next_due_at", "internal"])

    stored = Case.objects.get(pk=case.pk)
    assert changed == 1
    assert (stored.assignee, stored.next_due_at, stored.internal) == (agent, due, True)
    assert stored.subject == "Before"


def test_update_row_of_a_deleted_row_changes_nothing():
    case = make_case()
    Case.objects.filter(pk=case.pk).delete()

    assert update_row(case, ["subject"]) == 0
