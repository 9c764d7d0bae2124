"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py):
outgoing webhooks are owners' set-up."""

from tests.api.matrix import OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

ONE = "/api/webhooks/{webhook_id}"
HOOK = {"name": "Books", "url": "https://books.example.com/hook", "events": ["case.opened"]}

ROUTES: list = [
    route("get", "/api/webhooks/events", OWNERS),
    route("get", "/api/webhooks", OWNERS),
    route("post", "/api/webhooks", OWNERS_ADD, body=lambda w: HOOK),
    route("get", ONE, OWNERS, webhook_id="webhook"),
    route("put", ONE, OWNERS, webhook_id="webhook", body=lambda w: HOOK),
    route("post", ONE + "/pause", OWNERS, webhook_id="webhook"),
    route("post", ONE + "/resume", OWNERS, webhook_id="webhook"),
    route("post", ONE + "/secret", OWNERS, webhook_id="webhook"),
    route("get", ONE + "/deliveries", OWNERS, webhook_id="webhook"),
    route("post", "/api/webhooks/deliveries/{delivery_pk}/resend", OWNERS_ADD,
          delivery_pk="webhook_delivery"),
    route("delete", ONE, OWNERS_REMOVE, webhook_id="spare_webhook"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A webhook with one finished delivery, and one to remove."""
    from rightthere.webhooks.models import Delivery, DeliveryStatus
    from tests.factories import make_case, subscribe

    webhook = subscribe("https://books.example.com/hook", ["case.opened"], owner=owner)
    make_case(subject="Webhook world")
    delivery = Delivery.objects.get(subscription=webhook)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.DELIVERED)
    spare = subscribe("https://spare.example.com/hook", ["csat.answered"], owner=owner)
    return {"webhook": webhook.pk, "webhook_delivery": delivery.pk, "spare_webhook": spare.pk}
