"""The owners' webhook screens: add one (errors next to the form), its delivery log
with the receiver's answer and "Send again", pause and resume; and who may see them."""

import pytest
from django.urls import reverse

from rightthere.webhooks.models import Delivery, DeliveryStatus, Subscription, SubscriptionState
from tests.factories import make_case, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook(owner):
    return subscribe("https://books.example.com/hook", ["case.opened"], owner=owner,
                     name="Accounting")  # fmt: skip


def test_an_owner_adds_a_webhook_and_sees_its_secret_once(as_user, owner):
    client = as_user(owner)

    response = client.post(reverse("webhook_list"), {
        "name": "Accounting", "url": "https://books.example.com/hook",
        "events": ["case.opened", "csat.answered"],
    }, follow=True)  # fmt: skip

    made = Subscription.objects.get()
    assert (made.name, made.events, made.created_by) == (
        "Accounting",
        ["case.opened", "csat.answered"],
        owner,
    )
    assert made.secret in response.content.decode()
    again = client.get(reverse("webhook_detail", args=[made.pk])).content.decode()
    assert made.secret not in again


def test_a_bad_url_is_refused_next_to_the_form_and_what_was_typed_stays(as_user, owner):
    response = as_user(owner).post(reverse("webhook_list"), {
        "name": "Accounting", "url": "ftp://books.example.com", "events": ["case.opened"],
    })  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "The URL must start with https://" in page
    assert 'value="Accounting"' in page
    assert not Subscription.objects.exists()


def test_no_events_chosen_is_refused(as_user, owner):
    response = as_user(owner).post(reverse("webhook_list"), {
        "name": "Accounting", "url": "https://books.example.com/hook",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Choose at least one event" in response.content.decode()


def test_the_log_shows_each_delivery_with_the_answer_and_send_again(as_user, owner, webhook):
    make_case(subject="Boiler bangs")
    sent = Delivery.objects.get()
    Delivery.objects.filter(pk=sent.pk).update(
        status=DeliveryStatus.FAILED, attempts=1, response_status=410,
        response_body='{"error": "gone"}', duration_ms=12,
    )  # fmt: skip
    client = as_user(owner)

    page = client.get(reverse("webhook_detail", args=[webhook.pk])).content.decode()

    assert "case.opened" in page
    assert "HTTP 410" in page
    assert "{&quot;error&quot;: &quot;gone&quot;}" in page
    assert "Send again" in page

    client.post(reverse("webhook_delivery_resend", args=[sent.pk]))

    again = Delivery.objects.exclude(pk=sent.pk).get()
    assert (again.status, again.body, again.resent_by) == (DeliveryStatus.PENDING, sent.body, owner)


def test_the_log_filters_by_status(as_user, owner, webhook):
    make_case(subject="One")
    make_case(subject="Two")
    first = Delivery.objects.order_by("id").first()
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.DELIVERED)

    page = (
        as_user(owner)
        .get(reverse("webhook_detail", args=[webhook.pk]), {"status": "delivered"})
        .content.decode()
    )

    assert page.count("data-delivery=") == 1


def test_an_owner_pauses_and_resumes_a_webhook(as_user, owner, webhook):
    client = as_user(owner)

    client.post(reverse("webhook_pause", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert webhook.state == SubscriptionState.PAUSED
    page = client.get(reverse("webhook_detail", args=[webhook.pk])).content.decode()
    assert "Paused." in page and "Resume" in page

    client.post(reverse("webhook_resume", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert (webhook.state, webhook.consecutive_failures) == (SubscriptionState.ACTIVE, 0)


def test_a_new_secret_replaces_the_old_one(as_user, owner, webhook):
    old = webhook.secret
    page = as_user(owner).post(reverse("webhook_rotate", args=[webhook.pk]), follow=True)
    webhook.refresh_from_db()
    assert webhook.secret != old
    assert webhook.previous_secret == old
    assert webhook.secret in page.content.decode()


def test_webhooks_are_in_the_set_up_nav(as_user, owner):
    page = as_user(owner).get(reverse("settings_setup")).content.decode()
    assert reverse("webhook_list") in page


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_see_or_change_webhooks(request, client, role, webhook):
    client.force_login(request.getfixturevalue(role))
    make_case()
    delivery = Delivery.objects.get()

    pages = [
        client.get(reverse("webhook_list")),
        client.get(reverse("webhook_detail", args=[webhook.pk])),
        client.post(
            reverse("webhook_list"),
            {"name": "X", "url": "https://x.example", "events": ["case.opened"]},
        ),  # fmt: skip
        client.post(reverse("webhook_pause", args=[webhook.pk])),
        client.post(reverse("webhook_resume", args=[webhook.pk])),
        client.post(reverse("webhook_rotate", args=[webhook.pk])),
        client.post(reverse("webhook_delete", args=[webhook.pk])),
        client.post(reverse("webhook_delivery_resend", args=[delivery.pk])),
    ]

    assert [p.status_code for p in pages] == [403] * len(pages)
    assert Subscription.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_anonymous_people_are_sent_to_log_in(client, webhook):
    for url in (reverse("webhook_list"), reverse("webhook_detail", args=[webhook.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
