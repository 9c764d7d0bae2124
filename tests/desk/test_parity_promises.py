"""Moving a promise to a new date (desk.promises.renegotiate_promise) from the case
page's "new date" form and with `POST /api/promises/{id}/renegotiate` does the same
things (issue #15): the customer is sent the same apology, the old promise is marked
renegotiated and a new one is made against that message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Direction
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource, PromiseState
from tests.desk.parity import api, outcome
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db

WHAT = "Send the quote for the new boiler"


def _days(n):
    return timezone.localtime(timezone.now() + timedelta(days=n)).replace(second=0, microsecond=0)


@pytest.mark.parametrize("text", ["", "Sorry Ada, the quote will come on Friday instead."])
def test_a_promise_moved_from_the_case_page_and_the_api_tells_the_customer_alike(
    client, agent, text
):
    old_due, new_due = _days(1), _days(3)
    contact = ContactFactory(name="Ada Byron", email="ada@example.com")
    cases = make_case(contact=contact, assignee=agent), make_case(contact=contact, assignee=agent)
    by_page, by_api = (make_promise(case, actor=agent, what=WHAT, due_at=old_due) for case in cases)
    client.force_login(agent)

    page = client.post(
        reverse("promise_renegotiate", args=[by_page.pk]),
        {"due": new_due.strftime("%Y-%m-%dT%H:%M"), "message": text, "send": "1"},
    )
    answer = api(agent).post(
        f"/api/promises/{by_api.pk}/renegotiate",
        {"new_due": new_due.isoformat(), "message": text},
        content_type="application/json",
    )

    assert page.status_code == 302, page.content
    assert page.url == reverse("case_detail", args=[by_page.case_id])
    assert answer.status_code == 201, answer.content
    from_page, from_api = outcome(by_page.case), outcome(by_api.case)
    assert from_page == from_api
    # ... and both did the whole job: the customer got the message (mail and first
    # answer), the old promise is renegotiated and the new one hangs on that message.
    assert from_page["mails"] == [("reply", "ada@example.com", "queued")]
    assert ("outbound", "adam", False) in from_page["messages"]
    assert from_page["first_responded"]
    assert (WHAT, PromiseSource.MANUAL, PromiseState.RENEGOTIATED, "adam", "adam", False) in (
        from_page["promises"]
    )
    assert any(
        kind == "promise" and after.startswith("renegotiated in time to")
        for kind, _, _, after, _ in from_page["events"]
    )
    assert sum(p[0] == WHAT and p[2] == PromiseState.OPEN for p in from_page["promises"]) == 1
    sent = []
    for old in (by_page, by_api):
        old.refresh_from_db()
        new = old.replaced_by
        assert new is not None and new.due_at == new_due and new.state == PromiseState.OPEN
        assert new.message is not None and new.message.direction == Direction.OUTBOUND
        sent.append(new.message.body_text)
    assert sent[0] == sent[1]
    assert (text or "I am sorry") in sent[0]
