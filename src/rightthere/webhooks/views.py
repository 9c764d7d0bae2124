"""The owners' set-up screens for outgoing webhooks: the list with "Add", one webhook
with its delivery log and "Send again". Each action calls webhooks.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.integrations import HEADER
from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.webhooks import actions
from rightthere.webhooks.access import access_delivery, access_subscription
from rightthere.webhooks.delivery import DELIVERY_HEADER
from rightthere.webhooks.models import DeliveryStatus, EventType, Subscription

LOG_SIZE = 50


def _owner(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.is_owner:
        raise PermissionDenied(gettext("Only owners set up webhooks."))
    return user


def _form(request: HttpRequest) -> dict[str, object]:
    return {
        "name": request.POST.get("name", ""),
        "url": request.POST.get("url", ""),
        "events": request.POST.getlist("events"),
    }


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Every webhook, and the form that adds one."""
    user = _owner(request)
    error, status, error_field = "", 200, ""
    form: dict[str, object] = {"name": "", "url": "", "events": []}
    if request.method == "POST":
        form = _form(request)
        try:
            made = actions.create_subscription(user, **form)  # type: ignore[arg-type]
        except CaseError as exc:
            error, status = exc.message, exc.http_status
            error_field = getattr(exc, "field", "")
        else:
            request.session["new_webhook_secret"] = [made.pk, made.secret]
            messages.success(
                request,
                gettext("%(name)s added: copy its secret into the receiver.") % {"name": made.name},
            )
            return redirect("webhook_detail", made.pk)
    return render(request, "webhooks/list.html", {
        "subscriptions": Subscription.objects.all(), "event_types": EventType.choices,
        "form": form, "error": error, "error_field": error_field,
    }, status=status)  # fmt: skip


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One webhook: change it, pause or resume it, its secret, and its delivery log."""
    user = _owner(request)
    subscription = access_subscription(user, pk)
    error, status, error_field = "", 200, ""
    form: dict[str, object] = {
        "name": subscription.name, "url": subscription.url, "events": subscription.events,
    }  # fmt: skip
    if request.method == "POST":
        form = _form(request)
        try:
            actions.update_subscription(user, subscription, **form)  # type: ignore[arg-type]
        except CaseError as exc:
            error, status = exc.message, exc.http_status
            error_field = getattr(exc, "field", "")
            subscription.refresh_from_db()
        else:
            messages.success(request, gettext("Saved."))
            return redirect("webhook_detail", subscription.pk)
    shown = request.GET.get("status", "")
    log = subscription.deliveries.all()
    if shown in DeliveryStatus.values:
        log = log.filter(status=shown)
    secret = request.session.pop("new_webhook_secret", None)
    return render(request, "webhooks/detail.html", {
        "subscription": subscription, "event_types": EventType.choices, "form": form,
        "error": error, "error_field": error_field, "log": log[:LOG_SIZE],
        "statuses": DeliveryStatus.choices,
        "shown": shown, "new_secret": secret[1] if secret and secret[0] == pk else None,
        "header": HEADER, "delivery_header": DELIVERY_HEADER,
    }, status=status)  # fmt: skip


@login_required
@require_POST
def webhook_pause(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    paused = actions.pause_subscription(user, access_subscription(user, pk))
    messages.success(
        request,
        gettext("%(name)s paused: its events wait until you resume it.") % {"name": paused.name},
    )
    return redirect("webhook_detail", pk)


@login_required
@require_POST
def webhook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    resumed = actions.resume_subscription(user, access_subscription(user, pk))
    messages.success(
        request,
        gettext("%(name)s resumed: what waited is being sent, in order.") % {"name": resumed.name},
    )
    return redirect("webhook_detail", pk)


@login_required
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    rotated = actions.rotate_secret(user, access_subscription(user, pk))
    request.session["new_webhook_secret"] = [rotated.pk, rotated.secret]
    messages.success(request, gettext("New secret: deliveries are signed with it from now on."))
    return redirect("webhook_detail", pk)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    found = access_subscription(user, pk)
    actions.delete_subscription(user, found)
    messages.success(
        request, gettext("%(name)s removed, with its delivery log.") % {"name": found.name}
    )
    return redirect("webhook_list")


@login_required
@require_POST
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    found = access_delivery(user, pk)
    try:
        actions.send_again(user, found)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Queued to be sent again, as a new delivery."))
    return redirect("webhook_detail", found.subscription_id)
