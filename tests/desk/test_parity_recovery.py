"""Offering the customer ways to put a complaint right (desk.recovery.offer_options)
from the case page's recovery panel and with `POST /api/cases/{id}/recovery/options`
does the same things (issue #15): the options stored, the message listing them sent
and mailed, step 2's event."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Direction, Kind
from rightthere.portal.links import status_path
from tests.desk.parity import api, outcome
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db

OPTIONS = ["A free service visit next week", "A refund of the call-out fee"]


def test_options_offered_from_the_case_page_and_the_api_are_the_same(client, agent):
    contact = ContactFactory(name="Ada Byron", email="ada@example.com")
    by_page, by_api = (
        make_case(kind=Kind.COMPLAINT, contact=contact, assignee=agent) for _ in range(2)
    )
    client.force_login(agent)

    page = client.post(reverse("recovery_step", args=[by_page.pk, "options"]), {"option": OPTIONS})
    answer = api(agent).post(
        f"/api/cases/{by_api.pk}/recovery/options",
        {"options": OPTIONS},
        content_type="application/json",
    )

    assert page.status_code == 302
    assert answer.status_code == 200, answer.content
    from_page, from_api = outcome(by_page), outcome(by_api)
    assert from_page == from_api
    # ... and both did the whole job: the options are stored for this round, the
    # customer was sent them (a mailed reply, the first answer) and step 2 is on record.
    assert from_page["recovery"]["options"] == [(1, 0, OPTIONS[0]), (1, 1, OPTIONS[1])]
    assert from_page["mails"] == [("reply", "ada@example.com", "queued")]
    assert ("outbound", "adam", False) in from_page["messages"]
    assert from_page["first_responded"]
    assert ("recovery", "", "", f"2. offered: {' / '.join(OPTIONS)}", "adam") in from_page["events"]
    # The desk wrote the message, so the reply check left no findings on it.
    assert from_page["findings"] == []
    for case in (by_page, by_api):
        sent = case.messages.get(direction=Direction.OUTBOUND).body_text
        assert all(option in sent for option in OPTIONS)
        assert status_path(case) in sent  # each customer's own link to choose
