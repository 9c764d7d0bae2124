"""A whole complaint, from the customer's first e-mail to a satisfied customer and an
improvement, through the API (staff) and the status page (customer)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rightthere.mail.ingest import ingest
from rightthere.portal.links import status_path
from rightthere.promises.models import Promise
from rightthere.recovery.actions import send_satisfaction_checks
from rightthere.recovery.models import RootCause

pytestmark = pytest.mark.django_db

FIRST_MAIL = b"""From: Dana Scully <dana@example.org>
To: support@brightside.test
Subject: Your technician never showed up
Message-ID: <complaint-1@example.org>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

I took a day off work on Tuesday and nobody came. Not happy.
"""


def send(client, method, url, body=None):
    import json

    return client.generic(
        method.upper(), url, json.dumps(body or {}), content_type="application/json"
    )


def test_complaint_from_first_mail_to_satisfied_customer_and_improvement(
    agent, as_user, client, run_tasks
):
    inbound = ingest(FIRST_MAIL, "eml")
    case = inbound.case
    staff = as_user(agent)
    base = f"/api/cases/{case.pk}"

    marked = send(staff, "patch", base, {"kind": "complaint", "assignee_id": agent.pk})
    apology = send(staff, "post", f"{base}/messages", {
        "direction": "outbound",
        "body_text": "I am so sorry we let you down on Tuesday. That was our mistake.",
    })  # fmt: skip
    offered = send(staff, "post", f"{base}/recovery/options",
                   {"options": ["Visit tomorrow 8:00, no charge", "Full refund of the call-out"]})  # fmt: skip

    # The customer chooses on their status page, no account needed.
    path = status_path(case)
    token = path.strip("/").split("/")[1]
    customer = client.__class__()
    page = customer.get(path).content.decode()
    option_id = offered.json()["options"][0]["id"]
    customer.post(f"/s/{token}/recovery/choose/", {"option": option_id})

    due = (timezone.now() + timedelta(days=1)).isoformat()
    promised = send(staff, "post", f"{base}/recovery/follow-through", {"due_at": due})
    promise_id = promised.json()["follow_through_promise_id"]
    send(staff, "post", f"/api/promises/{promise_id}/keep")
    kept_at = Promise.objects.get(pk=promise_id).kept_at
    send_satisfaction_checks(kept_at + timedelta(days=3))
    customer.post(f"/s/{token}/recovery/satisfaction/", {"satisfied": "yes", "comment": "Great"})
    customer.post(f"/s/{token}/recovery/feedback/", {"feedback": "Text me when running late"})

    cause = RootCause.objects.get(name="Communication")
    improvement = send(staff, "post", "/api/improvements", {
        "title": "Technicians text the customer when running late",
        "root_cause_id": cause.pk, "changed_on": date.today().isoformat(),
    })  # fmt: skip
    linked = send(staff, "post", f"{base}/recovery/root-cause",
                  {"root_cause_id": cause.pk, "improvement_id": improvement.json()["id"]})  # fmt: skip
    closed = send(staff, "patch", base, {"status": "closed"})
    run_tasks()

    assert marked.status_code == 200
    assert apology.status_code == 201
    assert "Visit tomorrow 8:00, no charge" in page
    assert all(step["done"] for step in linked.json()["steps"])
    assert linked.json()["satisfied"] is True
    assert linked.json()["feedback"] == "Text me when running late"
    assert closed.status_code == 200, closed.content
    detail = as_user(agent).get(f"/api/improvements/{improvement.json()['id']}").json()
    assert detail["complaint_case_ids"] == [case.pk]
    assert len(detail["weeks"]) == 16
    assert case.events.filter(kind="recovery").count() >= 7


def test_closing_a_complaint_with_a_step_missing_is_refused_by_the_api(agent, as_user):
    from tests.factories import make_case

    case = make_case(kind="complaint")

    response = send(as_user(agent), "patch", f"/api/cases/{case.pk}", {"status": "closed"})

    assert response.status_code == 400
    assert "cannot be closed yet" in response.json()["detail"]
