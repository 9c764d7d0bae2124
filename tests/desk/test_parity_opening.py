"""Opening a case (desk.opening.open_case) through the staff "New case" form and
`POST /api/cases` does the same things (issue #15): the same events, first-answer
promise, recovery playbook for a complaint, default checklist and routed team."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import Team
from rightthere.cases.models import Case, Channel, Kind, Priority
from rightthere.checklists.models import ChecklistTemplate, ChecklistTemplateStep
from rightthere.insights.models import RoutingRule
from rightthere.recovery.models import StartedBy
from tests.desk.parity import api, outcome
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Engineer never turned up"
BODY = "We waited in all day on Tuesday and nobody came or called."
STEPS = ["Call the customer back the same day", "Check the engineer's diary"]


@pytest.fixture
def complaints_desk(owner):
    """Complaints go to their own team and get a checklist of their own."""
    team = Team.objects.create(name="Complaints")
    RoutingRule.objects.create(
        kind=Kind.COMPLAINT, team=team, created_by=owner, created_at=timezone.now()
    )
    template = ChecklistTemplate.objects.create(
        name="Complaint", case_kind=Kind.COMPLAINT, apply_automatically=True
    )
    for position, text in enumerate(STEPS):
        ChecklistTemplateStep.objects.create(template=template, position=position, text=text)
    return team


def test_a_complaint_opened_on_the_new_case_form_and_through_the_api_is_the_same(
    client, agent, complaints_desk
):
    customer = CustomerFactory(name="Rita Moss")
    contact = ContactFactory(customer=customer, name="Rita Moss", email="rita@example.com")
    client.force_login(agent)

    page = client.post(
        reverse("new_case"),
        {
            "customer": customer.pk,
            "new_customer_kind": "person",
            "contact_email": contact.email,
            "subject": SUBJECT,
            "body": BODY,
            "kind": Kind.COMPLAINT,
            "priority": Priority.NORMAL,
            "assignee": agent.pk,
            "team": "",
        },
    )
    answer = api(agent).post(
        "/api/cases",
        {
            "customer_id": customer.pk,
            "contact_id": contact.pk,
            "subject": SUBJECT,
            "body_text": BODY,
            "kind": Kind.COMPLAINT,
            "priority": Priority.NORMAL,
            "assignee_id": agent.pk,
            # The form opens phone cases (the door's choice); the API says so.
            "channel": Channel.PHONE,
        },
        content_type="application/json",
    )

    assert page.status_code == 302, page.content
    assert answer.status_code == 201, answer.content
    by_api = Case.objects.get(pk=answer.json()["id"])
    by_page = Case.objects.exclude(pk=by_api.pk).get(subject=SUBJECT)
    assert page.url == reverse("case_detail", args=[by_page.pk])
    assert by_page.contact == by_api.contact == contact
    from_page, from_api = (outcome(c, with_created=True) for c in (by_page, by_api))
    assert from_page == from_api
    # ... and both did the whole job: a routed, assigned complaint on the playbook,
    # with its checklist and the first-answer promise.
    assert from_page["kind"] == Kind.COMPLAINT
    assert from_page["team"] == complaints_desk.name
    assert from_page["assignee"] == agent.username
    assert from_page["channel"] == Channel.PHONE
    assert from_page["recovery"]["started_by"] == StartedBy.KIND
    assert [text for _, text, _ in from_page["checklist"]] == STEPS
    assert [p[:3] for p in from_page["promises"]] == [
        ("Send the first answer", "first_response", "open")
    ]
    kinds = {kind for kind, *_ in from_page["events"]}
    assert {"created", "promise", "recovery", "checklist"} <= kinds
    assert from_page["messages"] == [("inbound", agent.username, False)]
    for case in (by_page, by_api):
        assert case.promises.get().due_at == case.first_response_due
