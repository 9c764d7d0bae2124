"""Who may see and retry stored inbound mail: owners and agents, who see every case."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from rightthere.accounts.models import User
from rightthere.mail.models import InboundMail, InboundStatus


def can_handle_inbound_mail(user: User) -> bool:
    return user.is_authenticated and user.sees_all_cases


def failed_mail(user: User) -> QuerySet[InboundMail]:
    """The "could not process" list, newest first, without the raw bytes."""
    if not can_handle_inbound_mail(user):
        raise PermissionDenied("Only owners and agents handle incoming mail.")
    return (
        InboundMail.objects.filter(status=InboundStatus.FAILED)
        .defer("raw")
        .select_related("mailbox")
        .order_by("-created_at", "-id")
    )


def access_inbound_mail(user: User, inbound_id: int, *, with_raw: bool = False) -> InboundMail:
    if not can_handle_inbound_mail(user):
        raise PermissionDenied("Only owners and agents handle incoming mail.")
    queryset = InboundMail.objects.all() if with_raw else InboundMail.objects.defer("raw")
    inbound = queryset.filter(pk=inbound_id).first()
    if inbound is None:
        raise Http404("No such mail")
    return inbound
