from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.desk import casework
from rightthere.promises.models import PromiseSource, PromiseState
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_reply_with_a_promise_records_it_and_the_case_page_shows_it(agent, as_user):
    case = make_case(assignee=agent)
    client = as_user(agent)
    due = timezone.now() + timedelta(days=1)

    client.post(reverse("case_reply", args=[case.pk]), {
        "direction": "outbound", "body": "We will send the quote.",
        "promise_what": "Send the quote", "promise_due": local(due),
    })  # fmt: skip
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    promise = case.promises.get(source=PromiseSource.REPLY)
    assert promise.what == "Send the quote"
    assert promise.message.body_text == "We will send the quote."
    assert "Send the quote" in page


def test_half_a_promise_in_the_composer_is_refused_and_nothing_is_sent(agent, as_user):
    case = make_case()
    client = as_user(agent)

    client.post(reverse("case_reply", args=[case.pk]), {
        "direction": "outbound", "body": "Soon.", "promise_what": "Send the quote",
    })  # fmt: skip

    assert case.messages.count() == 1
    assert case.promises.filter(source=PromiseSource.REPLY).count() == 0


def test_keep_button_and_renegotiation_page(agent, as_user):
    case = make_case(assignee=agent)
    promise = case.promises.get()
    client = as_user(agent)
    new_due = timezone.now() + timedelta(days=2)

    draft = client.get(reverse("promise_renegotiate", args=[promise.pk]), {"due": local(new_due)})
    sent = client.post(reverse("promise_renegotiate", args=[promise.pk]), {
        "due": local(new_due), "message": "Sorry, Thursday instead.", "send": "1",
    })  # fmt: skip

    promise.refresh_from_db()
    assert "I am sorry" in draft.content.decode()
    assert sent.status_code == 302
    assert promise.state == PromiseState.RENEGOTIATED
    assert case.messages.filter(body_text="Sorry, Thursday instead.").exists()
    client.post(reverse("promise_keep", args=[promise.replaced_by.pk]))
    promise.replaced_by.refresh_from_db()
    assert promise.replaced_by.state == PromiseState.KEPT


def test_waiting_on_us_without_a_promise_is_listed_as_a_problem(agent, as_user):

    case = make_case(subject="Awaiting compressor")
    case.promises.update(state=PromiseState.KEPT)
    casework.change_status(case, actor=agent, status="waiting_us", waiting_reason="part")

    page = as_user(agent).get(reverse("inbox"), {"view": "waiting-us-no-promise"}).content.decode()

    assert "Awaiting compressor" in page


def test_my_promises_due_today_view(agent, as_user):
    mine = make_case(subject="Mine due today", assignee=agent)
    make_case(subject="Not mine")
    # Its first answer is due within business hours: tomorrow when the test runs in the
    # evening. Due now, it is due today at any hour.
    mine.promises.update(due_at=timezone.now())

    page = as_user(agent).get(reverse("inbox"), {"view": "promises-today"}).content.decode()

    assert mine.subject in page
    assert "Not mine" not in page


def test_promise_routes_are_closed_to_other_roles(technician, subcontractor, as_user, client):
    case = make_case()
    promise = case.promises.get()

    assert as_user(technician).post(reverse("promise_keep", args=[promise.pk])).status_code == 404
    assert (
        as_user(subcontractor).get(reverse("promise_renegotiate", args=[promise.pk])).status_code
        == 404
    )
    assert (
        as_user(technician).post(reverse("promise_make", args=[case.pk]), {"what": "x"}).status_code
        == 404
    )
    client.logout()
    assert client.post(reverse("promise_keep", args=[promise.pk])).status_code == 302
    promise.refresh_from_db()
    assert promise.state == PromiseState.OPEN
