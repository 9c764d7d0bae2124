"""A reply still holding a placeholder the case had no value for is not sent."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rightthere.canned.picker import fill_for_case
from rightthere.cases.models import Message
from tests.canned.conftest import promise_on

pytestmark = pytest.mark.django_db

DRAFT = "Hello Grace, we come back by {promise.due} <b>sharp</b>."


def reply(client, case, body, direction="outbound", **extra):
    return client.post(
        reverse("case_reply", args=[case.pk]), {"direction": direction, "body": body, **extra}
    )


def test_a_reply_with_a_missing_value_is_refused_and_the_draft_kept(agent, as_user, shared_case):
    response = reply(as_user(agent), shared_case, DRAFT, promise_what="Call back",
                     promise_due="2099-07-01T14:00")  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 422
    assert "Fill in {promise.due} before sending: the customer would see it as it is." in page
    assert f">{html.escape(DRAFT, quote=False)}</textarea>" in page
    assert 'value="Call back"' in page and 'value="2099-07-01T14:00"' in page
    assert '<input type="radio" name="direction" value="outbound"' in page
    assert not shared_case.messages.filter(direction="outbound").exists()


def test_every_missing_value_is_named(technician, as_user, shared_case):
    response = reply(
        as_user(technician), shared_case, "{contact.title} {promise.what} by {promise.due}"
    )

    assert "Fill in {promise.what}, {promise.due} before sending" in response.content.decode()


def test_attachments_have_to_be_added_again_after_a_refusal(agent, as_user, shared_case):
    response = reply(as_user(agent), shared_case, DRAFT,
                     attachments=SimpleUploadedFile("quote.pdf", b"%PDF-1"))  # fmt: skip

    assert "Attach your files again." in response.content.decode()


def test_the_reply_goes_out_once_the_value_is_filled_in(agent, as_user, shared_case):
    response = reply(as_user(agent), shared_case, "We come back by Wednesday 1 July, 14:00.")

    assert response.status_code == 302
    assert shared_case.messages.filter(direction="outbound").count() == 1


def test_an_internal_note_may_mention_a_placeholder(agent, as_user, shared_case):
    response = reply(as_user(agent), shared_case, "The {promise.due} template needs a promise first.",
                     direction="note")  # fmt: skip

    assert response.status_code == 302
    assert shared_case.messages.filter(direction="note").count() == 1


def test_braces_that_are_no_placeholder_do_not_block_a_reply(agent, as_user, shared_case):
    response = reply(as_user(agent), shared_case, "Your code is {A7-22} and {weather.today}.")

    assert response.status_code == 302


def test_a_technician_cannot_reach_the_refusal_page_of_a_case_they_cannot_see(
    technician, as_user, other_case
):
    response = reply(as_user(technician), other_case, DRAFT)

    assert response.status_code == 404


# --- API -----------------------------------------------------------------------------


def test_the_api_refuses_a_reply_with_a_missing_value_and_names_it(agent, api_as, shared_case):
    response = api_as(agent).post(
        f"/api/cases/{shared_case.pk}/messages",
        {"direction": "outbound", "body_text": "By {promise.due}, {customer.first_name}."},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Fill in {promise.due}, {customer.first_name} before sending: "
        "the customer would see it as it is.",
        "code": "unfilled_placeholder",
    }
    assert not Message.objects.filter(case=shared_case, direction="outbound").exists()


def test_the_api_looks_in_the_html_body_too(subcontractor, api_as, shared_case):
    response = api_as(subcontractor).post(
        f"/api/cases/{shared_case.pk}/messages",
        {
            "direction": "outbound",
            "body_html": "<p>Dear {contact.first_name }</p><p>{promise.what}</p>",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "Fill in {contact.first_name}, {promise.what} before sending"
    )


def test_the_api_sends_a_filled_reply(agent, api_as, shared_case, write):
    promise_on(shared_case)
    filled = fill_for_case(write(agent, body="We come back by {promise.due}."), shared_case, agent)

    response = api_as(agent).post(
        f"/api/cases/{shared_case.pk}/messages",
        {"direction": "outbound", "body_text": filled.text},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["body_text"] == "We come back by Wednesday 1 July, 14:00."


@pytest.mark.parametrize("direction", ["inbound", "note"])
def test_the_api_records_customer_words_and_notes_with_braces_as_they_are(
    agent, api_as, shared_case, direction
):
    response = api_as(agent).post(
        f"/api/cases/{shared_case.pk}/messages",
        {"direction": direction, "body_text": "Your form said {customer.first_name}!"},
        content_type="application/json",
    )

    assert response.status_code == 201
