"""Who reaches outgoing webhooks and their deliveries: owners only. The set-up screens
and /api/webhooks fetch a webhook or a delivery by its id only through here."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.webhooks.models import Delivery, Subscription


def access_subscription(user: User, subscription_id: int) -> Subscription:
    """The webhook if the user is an owner (else NotAllowed, 403, before any lookup),
    else 404 when there is none."""
    check_owner(user, gettext("set up webhooks"))
    found = Subscription.objects.filter(pk=subscription_id).first()
    if found is None:
        raise Http404(gettext("No such webhook"))
    return found


def access_delivery(user: User, delivery_id: int) -> Delivery:
    """One delivery of a webhook, on the same terms as `access_subscription`."""
    check_owner(user, gettext("set up webhooks"))
    found = Delivery.objects.filter(pk=delivery_id).first()
    if found is None:
        raise Http404(gettext("No such delivery"))
    return found
