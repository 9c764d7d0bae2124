"""Telling members of staff what needs them: one function per kind, all through `notify`.

The use cases in `desk` (and the promise timers) call these, so a customer's reply
notifies the assignee whichever door it came through (mail, the status page, the
API, the case page). Rows are written in bulk in the caller's transaction; mail for
those who chose "by mail at once" is queued for after the commit.
"""

import re
from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from rightthere.accounts.business_locale import business_language
from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case, Message
from rightthere.core.tasks import enqueue_on_commit
from rightthere.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    default_delivery,
)
from rightthere.notifications.tasks import mail_notifications

MAX_TEXT = 300


def deliveries(users: Iterable[User], kind: str) -> dict[int, str]:
    """How each user wants `kind` delivered (their saved choice, else the default)."""
    ids = [user.pk for user in users]
    saved = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: saved.get(pk, default_delivery(kind)) for pk in ids}


def notify(
    kind: str,
    recipients: Iterable[User | None],
    *,
    text: str,
    url: str,
    case: Case | None = None,
    actor: User | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """Notify each active recipient once, never the actor who caused it, as each chose:
    a row for the bell (unless "off"), and mail after commit for "by mail at once"."""
    people: dict[int, User] = {}
    for user in recipients:
        if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        people.setdefault(user.pk, user)
    if not people:
        return []
    how = deliveries(people.values(), kind)
    now = now or timezone.now()
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, case=case, text=text, url=url, created_at=now)
        for pk, user in people.items()
        if how[pk] != Delivery.OFF
    )
    by_mail = [row.pk for row in rows if how[row.recipient_id] == Delivery.NOW]
    if by_mail:
        enqueue_on_commit(mail_notifications, by_mail)
    return rows


def case_url(case: Case) -> str:
    return reverse("case_detail", args=[case.pk])


def _about(case: Case) -> str:
    return f"{case.reference} {case.subject}"


def customer_replied(case: Case, message: Message, *, actor: User | None) -> list[Notification]:
    """The customer wrote on a case someone has: tell its assignee (not the member of
    staff who typed it in from a call)."""
    who = message.author_contact.name if message.author_contact else case.customer.name
    with translation.override(business_language()):  # also when written on their status page
        text = gettext("%(who)s replied on %(case)s") % {"who": who, "case": _about(case)}
    return notify(NotificationKind.CUSTOMER_REPLIED, [case.assignee], actor=actor, case=case,
                  text=text, url=case_url(case))  # fmt: skip


def case_assigned(case: Case, *, actor: User | None) -> list[Notification]:
    """The case was given to someone: tell them, unless they took it themselves."""
    text = (
        gettext("%(case)s was assigned to you by %(who)s")
        % {"case": _about(case), "who": actor.display_name}
        if actor
        else gettext("%(case)s was assigned to you") % {"case": _about(case)}
    )
    return notify(NotificationKind.ASSIGNED, [case.assignee], actor=actor, case=case,
                  text=text, url=case_url(case))  # fmt: skip


def team_assigned(case: Case, team: Team, *, actor: User | None) -> list[Notification]:
    """The case was given to a team: tell its members."""
    return notify(NotificationKind.ASSIGNED, team.members.filter(is_active=True), actor=actor,
                  case=case, text=gettext("%(case)s was given to your team %(team)s") % {"case": _about(case), "team": team.name},
                  url=case_url(case))  # fmt: skip


def partner_handed(
    case: Case, partner: PartnerCompany, *, actor: User | None
) -> list[Notification]:
    """The case was handed to a partner company: tell its active users."""
    return notify(NotificationKind.ASSIGNED, partner.users.filter(is_active=True), actor=actor,
                  case=case, text=gettext("%(case)s was handed to your company %(company)s") % {"case": _about(case), "company": partner.name},
                  url=case_url(case))  # fmt: skip


def mentioned_users(text: str, candidates: Iterable[User]) -> list[User]:
    """The people named in `text` as `@username` or `@First Last` (any case)."""
    if "@" not in text:
        return []
    lowered = text.casefold()
    found = []
    for user in candidates:
        names = {user.username.casefold()}
        full = user.get_full_name().strip()
        if full:
            names.add(full.casefold())
        if any(_names_at(lowered, name) for name in names):
            found.append(user)
    return found


def _names_at(text: str, name: str) -> bool:
    """`@name` in `text`, not followed by more of a word (`@ann` is not `@anna`)."""
    return re.search(rf"(?<![\w.])@{re.escape(name)}(?![\w])", text) is not None


def mentioned_in_note(case: Case, note: Message, *, actor: User | None) -> list[Notification]:
    """An internal note that names people (`@username` or `@Display Name`): tell those of
    them who may work on the case."""
    if "@" not in note.body_text:
        return []  # most notes name nobody: no query
    staff = User.objects.filter(is_active=True)
    people = [u for u in mentioned_users(note.body_text, staff) if can_work_on(u, case)]
    by = actor.display_name if actor else gettext("A note")
    return notify(NotificationKind.MENTIONED, people, actor=actor, case=case,
                  text=gettext("%(who)s mentioned you on %(case)s") % {"who": by, "case": _about(case)}, url=case_url(case))  # fmt: skip


def _owners() -> QuerySet[User]:
    return User.objects.filter(role=Role.OWNER, is_active=True)


def customer_upset(case: Case, *, actor: User | None = None) -> list[Notification]:
    """A customer's message reads as upset: tell the assignee, or the owners when nobody
    has the case."""
    people: Iterable[User | None] = [case.assignee] if case.assignee_id else _owners()
    with translation.override(business_language()):  # also when written on their status page
        text = gettext("%(customer)s sounds upset on %(case)s") % {
            "customer": case.customer.name, "case": _about(case)
        }  # fmt: skip
    return notify(NotificationKind.CUSTOMER_UPSET, people, actor=actor, case=case,
                  text=text, url=case_url(case))  # fmt: skip


def customer_rated_bad(
    case: Case, *, comment: str, actor: User | None = None, comment_only: bool = False
) -> list[Notification]:
    """The customer rated the case "Not good" (told once per case, `desk.satisfaction`):
    tell the assignee, or the owners when nobody has the case, with their comment.
    `comment_only`: they added the comment after the rating they were told of."""
    people: Iterable[User | None] = [case.assignee] if case.assignee_id else _owners()
    with translation.override(business_language()):  # rated on their status page or by mail
        values = {"customer": case.customer.name, "case": _about(case), "comment": comment}
        if comment_only:
            text = gettext("%(customer)s added to their “Not good” on %(case)s: “%(comment)s”")
        elif comment:
            text = gettext("%(customer)s rated %(case)s “Not good”: “%(comment)s”")
        else:
            text = gettext("%(customer)s rated %(case)s “Not good”")
    return notify(NotificationKind.CUSTOMER_UPSET, people, actor=actor, case=case,
                  text=text % values, url=case_url(case))  # fmt: skip


def promise_due_soon(
    case: Case, *, owner: User | None, what: str, due_at: datetime, now: datetime
) -> list[Notification]:
    """A promise of the owner's falls due soon (the timer calls this once per promise)."""
    when = timezone.localtime(due_at)
    return notify(NotificationKind.PROMISE_DUE, [owner], case=case, now=now,
                  text=gettext("Due %(when)s: %(what)s (%(reference)s)") % {"when": date_format(when, "D H:i"), "what": what, "reference": case.reference},
                  url=case_url(case))  # fmt: skip


def promise_broken(
    case: Case, *, owner: User | None, what: str, now: datetime
) -> list[Notification]:
    """A promise of the owner's broke (the timer calls this once per promise)."""
    return notify(NotificationKind.PROMISE_DUE, [owner], case=case, now=now,
                  text=gettext("Broken: %(what)s (%(reference)s); talk to the customer") % {"what": what, "reference": case.reference},
                  url=case_url(case))  # fmt: skip


def mail_bounced(case: Case, *, to_address: str, reason: str) -> list[Notification]:
    """Mail to the customer came back undelivered: tell the case's assignee, or the
    owners when nobody has the case, so someone reaches the customer another way."""
    people: Iterable[User | None] = [case.assignee] if case.assignee_id else _owners()
    return notify(NotificationKind.MAIL_BOUNCED, people, case=case,
                  text=gettext("Mail to %(address)s bounced on %(case)s: %(reason)s") % {"address": to_address, "case": _about(case), "reason": reason},
                  url=case_url(case))  # fmt: skip


def webhook_paused(subscription_id: int, name: str, reason: str) -> list[Notification]:
    """An outgoing webhook kept failing and was paused: tell the owners, who set it up,
    so they fix the receiver and resume it (nothing is lost meanwhile)."""
    return notify(NotificationKind.WEBHOOK_PAUSED, _owners(),
                  text=gettext("Webhook “%(name)s” paused: %(reason)s Its events wait until you resume it.") % {"name": name, "reason": reason},
                  url=reverse("webhook_detail", args=[subscription_id]))  # fmt: skip


def part_arrived(case: Case, *, part: str, actor: User | None) -> list[Notification]:
    """The part a case waited for is in: tell the case's assignee."""
    return notify(NotificationKind.PART_ARRIVED, [case.assignee], actor=actor, case=case,
                  text=gettext("%(part)s arrived for %(case)s") % {"part": part, "case": _about(case)}, url=case_url(case))  # fmt: skip


def visit_moved(
    case: Case,
    *,
    visit_id: int,
    starts_at: datetime,
    technician: User | None,
    actor: User | None,
) -> list[Notification]:
    """A visit moved: its technician is sent to the visit's page, the case's assignee
    (when someone else) to the case."""
    when = timezone.localtime(starts_at)
    text = gettext("Visit for %(reference)s moved to %(when)s") % {
        "reference": case.reference,
        "when": date_format(when, "D d M H:i"),
    }
    rows = notify(NotificationKind.VISIT_MOVED, [technician], actor=actor, case=case,
                  text=text, url=reverse("field_visit", args=[visit_id]))  # fmt: skip
    if case.assignee_id is not None and case.assignee_id != getattr(technician, "pk", None):
        rows += notify(NotificationKind.VISIT_MOVED, [case.assignee], actor=actor, case=case,
                       text=text, url=case_url(case))  # fmt: skip
    return rows


def visit_chosen_by_customer(
    case: Case, *, visit_id: int, starts_at: datetime, technician: User | None, moved: bool
) -> list[Notification]:
    """The customer chose (or moved) their visit's time on their status page: its
    technician is sent to the visit's page, the case's assignee (when someone else) to
    the case. Filed with "a visit of mine moved" (the same preference)."""
    when = timezone.localtime(starts_at)
    text = (
        gettext("The customer moved their visit for %(reference)s: %(when)s")
        if moved
        else gettext("The customer chose their visit for %(reference)s: %(when)s")
    ) % {"reference": case.reference, "when": date_format(when, "D d M H:i")}
    rows = notify(NotificationKind.VISIT_MOVED, [technician], case=case, text=text,
                  url=reverse("field_visit", args=[visit_id]))  # fmt: skip
    if case.assignee_id is not None and case.assignee_id != getattr(technician, "pk", None):
        rows += notify(NotificationKind.VISIT_MOVED, [case.assignee], case=case, text=text,
                       url=case_url(case))  # fmt: skip
    return rows
