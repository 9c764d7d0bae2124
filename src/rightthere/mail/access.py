"""Who may see and retry stored inbound mail: owners and agents, who see every case; and
who sets up the mailboxes mail is fetched from: owners (`access_mailbox`, for the
Settings -> Mail screens and /api/mailboxes alike)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.cases.models import Direction, Message
from rightthere.core.compiled import CompiledModels, Param, compile_once, store_prefetched
from rightthere.mail.models import InboundMail, InboundStatus, Mailbox


def can_handle_inbound_mail(user: User) -> bool:
    return user.is_authenticated and user.sees_all_cases


def failed_mail(user: User) -> QuerySet[InboundMail]:
    """The "could not process" list, newest first, without the raw bytes."""
    if not can_handle_inbound_mail(user):
        raise PermissionDenied(gettext("Only owners and agents handle incoming mail."))
    return (
        InboundMail.objects.filter(status=InboundStatus.FAILED)
        .defer("raw")
        .select_related("mailbox")
        .order_by("-created_at", "-id")
    )


def access_inbound_mail(user: User, inbound_id: int, *, with_raw: bool = False) -> InboundMail:
    if not can_handle_inbound_mail(user):
        raise PermissionDenied(gettext("Only owners and agents handle incoming mail."))
    queryset = InboundMail.objects.all() if with_raw else InboundMail.objects.defer("raw")
    inbound = queryset.filter(pk=inbound_id).first()
    if inbound is None:
        raise Http404("No such mail")
    return inbound


def access_mailbox(user: User, mailbox_id: int) -> Mailbox:
    """The mailbox if the user is an owner (else NotAllowed, 403, before any lookup: an
    agent learns nothing of which mailboxes exist), else 404 when there is none."""
    check_owner(user, gettext("set up mailboxes"))
    found = Mailbox.objects.filter(pk=mailbox_id).first()
    if found is None:
        raise Http404("No such mailbox")
    return found


_SENDER_CHECK_FIELDS = ("id", "case_message_id", "sender", "sender_check", "sender_check_detail")


def with_sender_checks(messages: Iterable[Message]) -> None:
    """Fetch, in one query for them all, the mail each customer message came in
    (its `inbound_mails`, without the raw bytes), for `sender_warning`."""
    inbound = [m for m in messages if m.direction == Direction.INBOUND]
    if inbound:
        mails = InboundMail.objects.only(*_SENDER_CHECK_FIELDS).order_by("id")
        prefetch_related_objects(inbound, Prefetch("inbound_mails", queryset=mails))


# What `with_sender_checks` stores: a message's mails, without the raw bytes, by id.
_SENDER_CHECKS = InboundMail.objects.only(*_SENDER_CHECK_FIELDS).order_by("id")


def _sender_checks_of_case() -> CompiledModels[InboundMail]:
    by_case = Param("case", BigIntegerField())
    return CompiledModels(_SENDER_CHECKS.filter(case_message__case_id=by_case))


def with_sender_checks_of_case(case_id: int, messages: Iterable[Message]) -> None:
    """`with_sender_checks` for messages of the case `case_id` (the case page's): the
    mails of all its messages read by one statement compiled once (core.compiled), not
    one built anew with the messages' ids (#23). Guard: tests/cases/test_case_page_reads.py."""
    inbound = [m for m in messages if m.direction == Direction.INBOUND]
    if inbound:
        mails = compile_once("sender checks of a case", _sender_checks_of_case)
        store_prefetched(inbound, "inbound_mails", mails.fetch({"case": case_id}), _SENDER_CHECKS)


def sender_warning(message: Message) -> str:
    """The receiving server's doubt about who sent this message, "" when none.
    Staff see it on the message; the message itself is taken either way."""
    if message.direction != Direction.INBOUND:
        return ""
    return next((w for mail in message.inbound_mails.all() if (w := mail.sender_warning)), "")
