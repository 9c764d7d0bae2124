"""Working a case (desk.casework) through the case page's inline field edit
(`POST /cases/{id}/field/{field}/`) and `PATCH /api/cases/{id}` does the same
things (issue #15): a status with its promise date, a complaint's close refused
until its recovery steps are done, an assignment with the promises that follow it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Kind, Status, WaitingReason
from rightthere.promises.actions import make_promise
from rightthere.promises.models import Promise, PromiseSource
from rightthere.recovery.actions import waive_step
from rightthere.recovery.models import Recovery, StartedBy
from tests.desk.parity import api, outcome
from tests.factories import SubcontractorFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


def _in_two_days():
    return timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)


def _edit(client, case, field, value, **more):
    """The case page's inline edit of one header field, as the page's htmx sends it."""
    case.refresh_from_db()
    return client.post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": value, "version": case.version, **more},
        headers={"hx-request": "true"},
    )


def _patch(client, case, **fields):
    case.refresh_from_db()
    return client.patch(
        f"/api/cases/{case.pk}",
        {**fields, "version": case.version},
        content_type="application/json",
    )


def test_waiting_on_us_with_a_promise_date_is_the_same_from_the_case_page_and_the_api(
    client, agent
):
    due = _in_two_days()
    by_page, by_api = make_case(assignee=agent), make_case(assignee=agent)
    client.force_login(agent)

    page = _edit(
        client,
        by_page,
        "status",
        Status.WAITING_US,
        waiting_reason=WaitingReason.PART,
        promise_due=due.strftime("%Y-%m-%dT%H:%M"),
    )
    answer = _patch(
        api(agent),
        by_api,
        status=Status.WAITING_US,
        waiting_reason=WaitingReason.PART,
        promise_due=due.isoformat(),
    )

    assert page.status_code == 200, page.content
    assert answer.status_code == 200, answer.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    # ... and both did the whole job: the case waits on us for the part, and the
    # customer has a promise for that date, owned by the agent who has the case.
    assert (from_page["status"], from_page["waiting_reason"]) == (
        Status.WAITING_US,
        WaitingReason.PART,
    )
    assert (
        "Carry on once we have a part",
        PromiseSource.WAITING_ON_US,
        "open",
        "adam",
        "adam",
        False,
    ) in from_page["promises"]
    assert {"status", "waiting", "promise"} <= {kind for kind, *_ in from_page["events"]}
    for case in (by_page, by_api):
        assert Promise.objects.get(case=case, source=PromiseSource.WAITING_ON_US).due_at == due


def test_a_complaint_closes_from_the_case_page_and_the_api_only_once_its_steps_are_done(
    client, agent, owner
):
    by_page = make_case(kind=Kind.COMPLAINT, assignee=agent)
    by_api = make_case(kind=Kind.COMPLAINT, assignee=agent)
    client.force_login(agent)
    through_api = api(agent)
    before = outcome(by_page)

    refused_page = _edit(client, by_page, "status", Status.CLOSED)
    refused_api = _patch(through_api, by_api, status=Status.CLOSED)

    assert refused_page.status_code == 200
    assert "cannot be closed yet" in refused_page.content.decode()
    assert refused_api.status_code == 400, refused_api.content
    assert "cannot be closed yet" in refused_api.json()["detail"]
    refused = outcome(by_page)
    assert refused == outcome(by_api)
    # Refused means nothing was written: the case is as it was, still open.
    assert refused == before
    assert refused["status"] == Status.NEW

    for case in (by_page, by_api):  # the owner waives every step, with a reason
        recovery = Recovery.objects.get(case=case)
        for step in range(1, 7):
            waive_step(recovery, actor=owner, step=step, reason="Customer withdrew the complaint")
    closed_page = _edit(client, by_page, "status", Status.CLOSED)
    closed_api = _patch(through_api, by_api, status=Status.CLOSED)

    assert closed_page.status_code == 200, closed_page.content
    assert closed_api.status_code == 200, closed_api.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    assert from_page["status"] == Status.CLOSED
    assert ("status", "status", "New", "Closed", "adam") in from_page["events"]
    assert "cannot be closed yet" not in closed_page.content.decode()


@pytest.mark.parametrize("to", ["agent", "subcontractor"])
def test_assigning_from_the_case_page_and_the_api_moves_the_promises_alike(
    client, agent, owner, to
):
    new_assignee = (
        UserFactory(username="bea") if to == "agent" else SubcontractorFactory(username="sid")
    )
    cases = make_case(assignee=agent), make_case(assignee=agent)
    for case in cases:  # the agent's own promise, besides the first-answer one
        make_promise(case, actor=agent, what="Ring back with a price", due_at=_in_two_days())
    by_page, by_api = cases
    client.force_login(owner)

    page = _edit(client, by_page, "assignee", str(new_assignee.pk))
    answer = _patch(api(owner), by_api, assignee_id=new_assignee.pk)

    assert page.status_code == 200, page.content
    assert answer.status_code == 200, answer.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    # ... and both did the whole job: the case and every open promise moved to the new
    # assignee (a subcontractor's company gets the case with them).
    assert from_page["assignee"] == new_assignee.username
    assert {owner_name for _, _, state, owner_name, _, _ in from_page["promises"]} == {
        new_assignee.username
    }
    assert len(from_page["promises"]) == 2
    kinds = {kind for kind, *_ in from_page["events"]}
    assert "assignee" in kinds
    if to == "subcontractor":
        assert from_page["partner"] == new_assignee.partner.name
        assert "partner" in kinds


def test_a_repair_made_a_complaint_from_the_case_page_and_the_api_goes_on_the_playbook_alike(
    client, agent
):
    by_page, by_api = make_case(assignee=agent), make_case(assignee=agent)
    client.force_login(agent)

    page = _edit(client, by_page, "kind", Kind.COMPLAINT)
    answer = _patch(api(agent), by_api, kind=Kind.COMPLAINT)

    assert page.status_code == 200, page.content
    assert answer.status_code == 200, answer.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    # ... and both did the whole job: a complaint, put on the playbook by the agent.
    assert from_page["kind"] == Kind.COMPLAINT
    assert from_page["recovery"]["started_by"] == StartedBy.AGENT
    assert not any(done for _, done, _ in from_page["recovery"]["steps"])
    assert ("kind", "kind", "Repair", "Complaint", "adam") in from_page["events"]
    assert ("recovery", "", "", "recovery started (marked by an agent)", "adam") in from_page[
        "events"
    ]
