"""Making, keeping, renegotiating and breaking promises. Every change is a case event."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.events import new_event, record_event
from rightthere.cases.models import Case, CaseEvent, EventKind, Message
from rightthere.cases.writing import check_worker
from rightthere.core import spoken
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.core.rows import insert_row
from rightthere.customers.language import speaking_to_case
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from rightthere.webhooks import events as webhooks
from rightthere.webhooks.models import EventType


def _when(value: datetime) -> str:
    """A time on the timeline, in the active (the business's) language."""
    return date_format(timezone.localtime(value), "D d M H:i")


def _new_event(
    promise: Promise, actor: User | None, before: str, after: str, at: datetime
) -> CaseEvent:
    return new_event(promise.case_id, actor, EventKind.PROMISE, field=promise.what,
                     before=before, after=after, at=at)  # fmt: skip


def _event(promise: Promise, actor: User | None, before: str, after: str, at: datetime) -> None:
    record_event(promise.case_id, actor, EventKind.PROMISE, field=promise.what,
                 before=before, after=after, at=at)  # fmt: skip


def tell_webhooks(promise: Promise, event: str, *, actor: User | None, at: datetime) -> None:
    """The promise's webhook event (`promise.made`, `.kept`, `.broken`); keeping a
    complaint's follow-through also completes its recovery step 3."""
    data = {
        "actor": webhooks.actor_name(actor),
        "promise": {
            "id": promise.pk, "what": promise.what, "due_at": promise.due_at,
            "state": promise.state, "source": promise.source,
            "owner": promise.owner.username if promise.owner_id and promise.owner else None,
        },
    }  # fmt: skip
    webhooks.emit(event, case=promise.case, data=data, at=at)
    if event == EventType.PROMISE_KEPT and promise.source == PromiseSource.RECOVERY:
        webhooks.emit(EventType.COMPLAINT_STEP_DONE, case=promise.case, at=at, data={
            "actor": webhooks.actor_name(actor), "step": 3,
            "name": "Follow through on the choice", "waived": False, "detail": promise.what,
        })  # fmt: skip


def _check_actor(actor: User | None, case: Case) -> None:
    check_worker(actor, case, gettext("You cannot make or change promises on this case."))


def make_promise(
    case: Case,
    *,
    actor: User | None,
    what: str,
    due_at: datetime,
    owner: User | None = None,
    source: str = PromiseSource.MANUAL,
    message: Message | None = None,
    now: datetime | None = None,
) -> Promise:
    """Record a commitment to the customer: what, and by when. Owner defaults to the assignee."""
    made = _make(
        case, actor=actor, what=what, due_at=due_at, owner=owner, source=source,
        message=message, now=now or timezone.now(),
    )  # fmt: skip
    made.event.save()
    tell_webhooks(made.promise, EventType.PROMISE_MADE, actor=actor, at=made.promise.created_at)
    return made.promise


def already_promised(case: Case, *, what: str, due_at: datetime, reply_text: str = "") -> bool:
    """Whether the case already holds this commitment: the same thing (case-insensitive)
    by the same moment, or, with `reply_text`, the same thing read from a reply with the
    very same words (the same reply sent again, its "within the hour" read a bit later)."""
    same = Promise.objects.filter(case=case, what__iexact=what.strip())
    if reply_text:
        return same.filter(
            Q(due_at=due_at)
            | Q(source=PromiseSource.READ_FROM_REPLY, message__body_text=reply_text)
        ).exists()
    return same.filter(due_at=due_at).exists()


@dataclass(frozen=True)
class MadePromise:
    promise: Promise
    event: CaseEvent  # not saved yet


def _make(
    case: Case,
    *,
    actor: User | None,
    what: str,
    due_at: datetime,
    owner: User | None,
    source: str,
    message: Message | None,
    now: datetime,
) -> MadePromise:
    _check_actor(actor, case)
    what = what.strip()
    if not what:
        raise InvalidField("what", gettext("Say what is promised."))
    if len(what) > 300:
        raise InvalidField("what", gettext("Keep the promise short (at most 300 characters)."))
    if due_at <= now:
        raise InvalidField("due_at", gettext("A promise needs a date in the future."))
    if source not in PromiseSource.values:
        raise InvalidInput(gettext("Unknown promise source %(source)r.") % {"source": source})
    promise = insert_row(
        Promise(
            case=case,
            what=what,
            due_at=due_at,
            owner=owner or case.assignee or (actor if actor and actor.sees_all_cases else None),
            source=source,
            message=message,
            created_by=actor,
            created_at=now,
        )
    )
    return MadePromise(
        promise,
        _new_event(promise, actor, "",
                   gettext("made: %(what)s by %(when)s") % {"what": what, "when": _when(due_at)},
                   now),
    )  # fmt: skip


def _already(promise: Promise) -> str:
    """The refusal for a promise no longer open, as a whole sentence per state."""
    sentences: dict[str, str] = {
        PromiseState.KEPT: gettext("This promise is already kept."),
        PromiseState.BROKEN: gettext("This promise is already broken."),
        PromiseState.RENEGOTIATED: gettext("This promise is already renegotiated."),
        PromiseState.RELEASED: gettext("This promise is already released."),
    }
    return sentences.get(promise.state, gettext("This promise is no longer open."))


@transaction.atomic
def keep_promise(promise: Promise, *, actor: User | None, now: datetime | None = None) -> Promise:
    """Mark a promise kept (by the action that fulfilled it, or by hand)."""
    _check_actor(actor, promise.case)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.state != PromiseState.OPEN:
        raise InvalidInput(_already(promise))
    now = now or timezone.now()
    promise.state, promise.kept_at = PromiseState.KEPT, now
    promise.save(update_fields=["state", "kept_at"])
    kept = gettext("kept (late): %(what)s") if now > promise.due_at else gettext("kept: %(what)s")
    _event(promise, actor, "open", kept % {"what": promise.what}, now)
    tell_webhooks(promise, EventType.PROMISE_KEPT, actor=actor, at=now)
    return promise


@transaction.atomic
def release_promise(
    promise: Promise, *, actor: User | None, why: str, now: datetime | None = None
) -> Promise:
    """An open promise is called off because what it promised was called off, with the
    customer told (a cancelled visit): it counts as neither kept nor broken."""
    _check_actor(actor, promise.case)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.state != PromiseState.OPEN:
        raise InvalidInput(_already(promise))
    now = now or timezone.now()
    promise.state = PromiseState.RELEASED
    promise.save(update_fields=["state"])
    _event(promise, actor, "open", (gettext("released: %(why)s") % {"why": why})[:255], now)
    return promise


def keep_first_response(case: Case, *, actor: User | None, at: datetime) -> None:
    """The first reply by a person keeps the first-response promise."""
    for promise in case.promises.filter(
        state=PromiseState.OPEN, source=PromiseSource.FIRST_RESPONSE
    ):
        keep_promise(promise, actor=actor, now=at)


def first_response_promise(case: Case, *, now: datetime) -> MadePromise | None:
    """The first-response due time is a promise too (made by the acknowledgement),
    returned with its event for the caller to save: opening a case saves all its
    first events in one INSERT."""
    if case.first_response_due is None or case.first_response_due <= now:
        return None
    return _make(
        case,
        actor=None,
        what="Send the first answer",
        due_at=case.first_response_due,
        owner=None,
        source=PromiseSource.FIRST_RESPONSE,
        message=None,
        now=now,
    )


def replan_first_response(case: Case, *, why: str, now: datetime) -> int:
    """The first-answer promise follows the case's first-response due time when that
    moves (a priority change): its open promise is re-planned to the new time, by the
    desk (no person, neither broken nor renegotiated), and reminded afresh. `why` ends
    the event ("re-planned by <why>: due ..."). Returns how many were moved."""
    due = case.first_response_due
    if due is None:
        return 0
    moved = 0
    for promise in (
        case.promises.select_for_update()
        .filter(state=PromiseState.OPEN, source=PromiseSource.FIRST_RESPONSE)
        .exclude(due_at=due)
    ):
        before = promise.due_at
        promise.due_at, promise.reminded_at, promise.escalated_at = due, None, None
        promise.save(update_fields=["due_at", "reminded_at", "escalated_at"])
        replanned = gettext("re-planned by %(why)s: due %(when)s") % {
            "why": why,
            "when": _when(due),
        }
        _event(promise, None, _when(before), replanned, now)
        moved += 1
    return moved


def follow_assignee(case: Case, *, previous: User | None, now: datetime) -> int:
    """Open promises of the previous assignee (or of nobody) move to the new one."""
    moved = case.promises.filter(state=PromiseState.OPEN)
    moved = moved.filter(owner=previous) if previous else moved.filter(owner__isnull=True)
    return moved.update(owner=case.assignee)


def draft_renegotiation(promise: Promise, new_due: datetime) -> str:
    """The message to the customer: an apology and the new date, no excuses."""
    contact = promise.case.contact
    first_name = contact.name.split(" ")[0] if contact and contact.name else ""
    with speaking_to_case(promise.case):
        hello = gettext("Hello %(first_name)s,") % {"first_name": first_name}
        words = {
            "what": promise.what[:1].lower() + promise.what[1:],
            "old": _day_at(promise.due_at),
            "new": _day_at(new_due),
        }
        return (
            (hello if first_name else gettext("Hello,"))
            + "\n\n"
            + gettext(
                "I am sorry: we will not manage to %(what)s by %(old)s as promised. The new "
                "date is %(new)s, and I will make sure we keep it."
            )
            % words
            + "\n\n"
            + gettext(
                "If that date does not suit you, reply to this message and we will find another."
            )
        )


def _day_at(moment: datetime) -> str:
    """ "Thursday 10 December at 14:00" """
    return gettext("%(day)s at %(time)s") % {
        "day": spoken.day_padded(moment), "time": spoken.clock_padded(moment)
    }  # fmt: skip


def check_renegotiation(
    promise: Promise, *, actor: User | None, new_due: datetime, now: datetime
) -> Promise:
    """The checks before a promise is moved (nothing is written): the actor may
    work on the case, the promise is still open (or broken) and not moved
    already, and the new date is in the future. Returns the promise locked for
    this transaction, with its case, for `record_renegotiation`."""
    _check_actor(actor, promise.case)
    promise = Promise.objects.select_for_update().select_related("case").get(pk=promise.pk)
    if promise.state not in (PromiseState.OPEN, PromiseState.BROKEN):
        raise InvalidInput(_already(promise))
    if promise.replaced_by_id is not None:
        raise InvalidInput(gettext("This promise was already moved to a new date."))
    if new_due <= now:
        raise InvalidInput(gettext("The new date must be in the future."))
    return promise


def record_renegotiation(
    promise: Promise,
    *,
    actor: User | None,
    new_due: datetime,
    message: Message,
    now: datetime,
    what: str = "",
    agreed_in_person: bool = False,
) -> Promise:
    """Move a promise whose new date the customer was just sent (`message`).

    `promise` is the one `check_renegotiation` returned in this transaction. In
    order: the old promise counts as renegotiated only when the message went
    out before its due time (after that it was already broken), or, while it is
    open, when the new date was agreed with the customer in person
    (`agreed_in_person`: the technician booked the return with them there); the
    new promise (`what`, or the old one's words) is made against the message;
    the old one points to it, with an event. Returns the new promise."""
    in_time = promise.state == PromiseState.OPEN and (agreed_in_person or now < promise.due_at)
    if in_time:
        promise.state, promise.renegotiated_at = PromiseState.RENEGOTIATED, now
    elif promise.state == PromiseState.OPEN:
        promise.state, promise.broken_at = PromiseState.BROKEN, now
    new = make_promise(
        promise.case,
        actor=actor,
        what=what or promise.what,
        due_at=new_due,
        owner=promise.owner,
        source=promise.source,
        message=message,
        now=now,
    )
    promise.replaced_by = new
    promise.save(update_fields=["state", "renegotiated_at", "broken_at", "replaced_by"])
    if agreed_in_person and in_time:
        outcome = gettext("renegotiated, agreed with the customer in person, to %(when)s")
    elif in_time:
        outcome = gettext("renegotiated in time to %(when)s")
    else:
        outcome = gettext("broken, then moved to %(when)s")
    _event(promise, actor, _when(promise.due_at), outcome % {"when": _when(new_due)}, now)
    return new
