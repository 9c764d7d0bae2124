"""A webhook or a delivery is fetched by its id only through `webhooks.access`, for the
set-up screens and /api/webhooks alike: an owner reaches it (404 when there is none);
anyone else is refused before it is looked up, so a missing id and an existing one get
the same 403 and nobody learns which webhooks exist."""

import pytest
from django.urls import reverse

from rightthere.webhooks.models import Delivery, DeliveryStatus, Subscription
from tests.desk.parity import api
from tests.factories import make_case, subscribe

pytestmark = pytest.mark.django_db

MISSING = 999999


@pytest.fixture
def webhook(owner):
    return subscribe("https://books.example.com/hook", ["case.opened"], owner=owner)


@pytest.fixture
def delivery(webhook):
    make_case(subject="Webhook access")
    found = Delivery.objects.get(subscription=webhook)
    Delivery.objects.filter(pk=found.pk).update(status=DeliveryStatus.DELIVERED)
    return found


def screens(client, webhook_pk: int, delivery_pk: int) -> list[int]:
    return [
        client.get(reverse("webhook_detail", args=[webhook_pk])).status_code,
        client.post(reverse("webhook_pause", args=[webhook_pk])).status_code,
        client.post(reverse("webhook_resume", args=[webhook_pk])).status_code,
        client.post(reverse("webhook_rotate", args=[webhook_pk])).status_code,
        client.post(reverse("webhook_delivery_resend", args=[delivery_pk])).status_code,
        client.post(reverse("webhook_delete", args=[webhook_pk])).status_code,
    ]


def routes(client, webhook_pk: int, delivery_pk: int) -> list[int]:
    one = f"/api/webhooks/{webhook_pk}"
    return [
        client.get(one).status_code,
        client.get(one + "/deliveries").status_code,
        client.post(one + "/pause").status_code,
        client.post(one + "/resume").status_code,
        client.post(one + "/secret").status_code,
        client.post(f"/api/webhooks/deliveries/{delivery_pk}/resend").status_code,
        client.delete(one).status_code,
    ]


def test_an_owner_reaches_a_webhook_and_its_delivery_on_the_screens(as_user, owner, delivery):
    webhook = delivery.subscription

    assert screens(as_user(owner), webhook.pk, delivery.pk) == [200, 302, 302, 302, 302, 302]
    assert not Subscription.objects.exists()


def test_an_owner_reaches_a_webhook_and_its_delivery_through_the_api(owner, delivery):
    webhook = delivery.subscription

    assert routes(api(owner), webhook.pk, delivery.pk) == [200, 200, 200, 200, 200, 201, 204]


def test_an_owner_hears_404_for_a_webhook_or_delivery_that_does_not_exist(as_user, owner):
    assert screens(as_user(owner), MISSING, MISSING) == [404] * 6
    assert routes(api(owner), MISSING, MISSING) == [404] * 7


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_others_are_refused_alike_for_existing_and_missing_ids(request, as_user, role, delivery):
    user = request.getfixturevalue(role)
    webhook = delivery.subscription

    assert screens(as_user(user), webhook.pk, delivery.pk) == [403] * 6
    assert screens(as_user(user), MISSING, MISSING) == [403] * 6
    assert routes(api(user), webhook.pk, delivery.pk) == [403] * 7
    assert routes(api(user), MISSING, MISSING) == [403] * 7
    assert Subscription.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_signed_out_nobody_reaches_a_webhook(client, delivery):
    webhook = delivery.subscription

    assert screens(client, webhook.pk, delivery.pk) == [302] * 6
    assert routes(client, webhook.pk, delivery.pk) == [401] * 7
