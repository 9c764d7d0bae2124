"""A bad online review (desk.reviews.receive_review) sent to the webhook
(`POST /api/reviews/webhook`) and imported from a file on the reviews pages
(`/reviews/import/`, then the preview's "Import") opens the same complaint case
(issue #15): the same customer, events, first-answer promise, playbook and priority."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rightthere.cases.models import Channel, Kind
from rightthere.recovery.models import StartedBy
from rightthere.reviews.models import Review
from tests.desk.parity import api, outcome
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

TEXT = "Waited three days for an engineer who never came. Avoid."


def _review(external_id: str) -> dict:
    """The same review twice, as two platforms' ids would carry it."""
    return {"platform": "google", "id": external_id, "author": "Rita Moss", "rating": 1,
            "text": TEXT, "email": "rita@example.com"}  # fmt: skip


def test_a_bad_review_by_webhook_and_by_file_import_opens_the_same_complaint(client, agent):
    contact = ContactFactory(name="Rita Moss", email="rita@example.com")

    hooked = api(agent).post(
        "/api/reviews/webhook", {"reviews": [_review("g-1")]}, content_type="application/json"
    )
    client.force_login(agent)
    uploaded = client.post(
        reverse("review_import_file"),
        {
            "file": SimpleUploadedFile(
                "reviews.json", json.dumps([_review("g-2")]).encode(), "application/json"
            )
        },
    )
    assert uploaded.status_code == 302, uploaded.content
    imported = client.post(uploaded.url)

    assert hooked.status_code == 200, hooked.content
    assert hooked.json()["created"] == 1
    assert imported.status_code == 302, imported.content
    by_hook = Review.objects.get(external_id="g-1").case
    by_file = Review.objects.get(external_id="g-2").case
    assert by_hook is not None and by_file is not None and by_hook != by_file
    assert hooked.json()["cases_opened"] == [by_hook.pk]
    from_hook, from_file = (outcome(case, with_created=True) for case in (by_hook, by_file))
    assert from_hook == from_file
    assert by_hook.customer == by_file.customer == contact.customer
    # Written to the customer, who reads it in every mail about it (#17).
    assert by_hook.subject == by_file.subject == "Your 1★ review on Google"
    # ... and both did the whole job: a complaint from the review channel on the
    # playbook, with the review as the customer's first message and the first-answer promise.
    assert (from_hook["kind"], from_hook["channel"]) == (Kind.COMPLAINT, Channel.REVIEW)
    assert from_hook["recovery"]["started_by"] == StartedBy.KIND
    assert from_hook["messages"] == [("inbound", None, False)]
    assert [p[:3] for p in from_hook["promises"]] == [
        ("Send the first answer", "first_response", "open")
    ]
    assert {"created", "message", "promise", "recovery"} <= {k for k, *_ in from_hook["events"]}
    for case in (by_hook, by_file):
        assert case.messages.get().body_text == TEXT
