"""Promises follow the process (issue #17 item 3): raising a case's priority re-plans
its open first-answer promise to the new first-response due time (desk.casework)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.desk import casework
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from tests.desk.parity import api, outcome
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _first_answer(case):
    return case.promises.get(source=PromiseSource.FIRST_RESPONSE)


@pytest.fixture
def fresh_case(db):
    """A case that just arrived, so its first answer is promised (normal priority)."""
    from rightthere.desk.opening import open_case
    from tests.factories import ContactFactory

    contact = ContactFactory(name="Ada Byron", email="ada@example.com")
    return open_case(customer=contact.customer, contact=contact, subject="Boiler leaks",
                     body_text="Water on the floor.", channel="email", actor=None)  # fmt: skip


def test_raising_the_priority_re_plans_the_first_answer_promise(fresh_case, agent):
    promise = _first_answer(fresh_case)
    before = promise.due_at

    case = casework.change_priority(fresh_case, actor=agent, priority="urgent")

    promise.refresh_from_db()
    assert case.first_response_due < before
    assert promise.due_at == case.first_response_due
    assert promise.state == PromiseState.OPEN
    assert promise.replaced_by is None and promise.renegotiated_at is None
    event = CaseEvent.objects.filter(case=case, kind=EventKind.PROMISE,
                                     field=promise.what).latest("pk")  # fmt: skip
    assert event.actor is None  # the priority change re-planned it, not a person
    assert event.after.startswith("re-planned by the priority change (Urgent): due ")
    # ... and lowering it again moves it back.
    casework.change_priority(case, actor=agent, priority="normal")
    promise.refresh_from_db()
    assert promise.due_at == before


def test_a_re_planned_promise_is_reminded_again_for_its_new_time(fresh_case, agent):
    promise = _first_answer(fresh_case)
    Promise.objects.filter(pk=promise.pk).update(reminded_at=timezone.now(),
                                                 escalated_at=timezone.now())  # fmt: skip

    casework.change_priority(fresh_case, actor=agent, priority="urgent")

    promise.refresh_from_db()
    assert promise.reminded_at is None and promise.escalated_at is None


def test_a_kept_first_answer_is_not_touched_by_the_priority(fresh_case, agent):
    from rightthere.desk.messages import send_reply

    send_reply(fresh_case, actor=agent, body_text="We will come on Tuesday at 10:00.",
               check_wording=False)  # fmt: skip
    promise = _first_answer(fresh_case)
    kept_due = promise.due_at

    casework.change_priority(fresh_case, actor=agent, priority="urgent")

    promise.refresh_from_db()
    assert (promise.state, promise.due_at) == (PromiseState.KEPT, kept_due)


def test_a_case_without_a_first_answer_promise_changes_priority_as_before(agent):
    case = make_case(subject="Old case")
    case.promises.all().delete()

    case = casework.change_priority(case, actor=agent, priority="urgent")

    assert case.priority == "urgent"
    assert not case.promises.exists()


def test_raising_the_priority_from_the_case_page_and_the_api_re_plans_alike(client, agent):
    """The case page's inline priority edit and `PATCH /api/cases/{id}` both go through
    desk.casework.change_priority: the same events, and the promise moved the same way."""
    by_page, by_api = make_case(assignee=agent), make_case(assignee=agent)
    client.force_login(agent)
    by_page.refresh_from_db()

    page = client.post(
        reverse("case_update_field", args=[by_page.pk, "priority"]),
        {"value": "urgent", "version": by_page.version},
        headers={"hx-request": "true"},
    )
    by_api.refresh_from_db()
    answer = api(agent).patch(
        f"/api/cases/{by_api.pk}",
        {"priority": "urgent", "version": by_api.version},
        content_type="application/json",
    )

    assert page.status_code == 200, page.content
    assert answer.status_code == 200, answer.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    for case in (by_page, by_api):
        case.refresh_from_db()
        promise = _first_answer(case)
        assert (promise.state, promise.due_at) == (PromiseState.OPEN, case.first_response_due)
    assert any(
        kind == "promise" and after.startswith("re-planned by the priority change (Urgent)")
        for kind, _, _, after, _ in from_page["events"]
    )
