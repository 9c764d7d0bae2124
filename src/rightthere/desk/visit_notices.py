"""What a change to a field visit sends: the customer's message with the visit's
calendar invite (or, while the visit's promise is open, the promise renegotiated to the
visit's new end), the visit's webhook event, and the staff notification of a move.
Shared by the visit use cases (`desk.visits`, `desk.part_orders`, `desk.visit_day`).
"""

from datetime import datetime

from rightthere.accounts.models import User
from rightthere.cases.models import Message
from rightthere.desk.messages import send_reply
from rightthere.desk.promises import renegotiate_promise
from rightthere.field import invites, visits
from rightthere.field.invites import VisitNotice
from rightthere.field.models import Visit
from rightthere.notifications import actions as notifications
from rightthere.promises.models import PromiseState
from rightthere.webhooks import events as webhooks


def emit_visit_webhook(event: str, visit: Visit, *, actor: User | None, at: datetime) -> None:
    """The visit's webhook event (`visit.booked`, `.moved`, `.done`)."""
    webhooks.emit(event, case=visit.case, at=at, data={"actor": webhooks.actor_name(actor),
        "visit": {
            "id": visit.pk, "starts_at": visit.starts_at, "ends_at": visit.ends_at,
            "status": visit.status, "outcome": visit.outcome or None,
            "technician": visit.technician.username if visit.technician else None,
            "partner": visit.partner.name if visit.partner else None,
            "return_of": visit.return_of_id,
        }})  # fmt: skip


def send_visit_notice(notice: VisitNotice) -> Message:
    """Send the customer field's message with the visit's calendar invite, as a reply
    (without the reply check: field drafted the text)."""
    return send_reply(
        notice.visit.case,
        actor=notice.author,
        body_text=notice.text,
        attachments=[notice.invite()],
        check_wording=False,
    )


def send_move_notice(notice: VisitNotice, *, now: datetime) -> Message:
    """A visit moved: while its promise is open, the promise is renegotiated to the new
    end (which sends the customer the text) and the invite is added to that message;
    otherwise the customer is sent the text with the invite. Returns the message."""
    visit = notice.visit
    promise = visit.promise
    if promise is not None and promise.state == PromiseState.OPEN:
        new = renegotiate_promise(promise, actor=notice.author, new_due=visit.ends_at,
                                  message_text=notice.text, now=now)  # fmt: skip
        visits.link_promise(visit, new)
        if new.message is not None:
            invites.attach_invite(new.message, visit)
            return new.message
    return send_visit_notice(notice)


def notify_visit_moved(visit: Visit, *, actor: User | None) -> None:
    notifications.visit_moved(visit.case, visit_id=visit.pk, starts_at=visit.starts_at,
                              technician=visit.technician, actor=actor)  # fmt: skip
