"""Recording the customer's answer. Every answer and change is a case event.

The customer answers with one click (a link in the e-mail, or a button on the
status page); the answer can be changed, and a comment added, for
CSAT_CHANGE_DAYS after the first answer. After that the answer stands.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext, pgettext

from rightthere.accounts.models import User
from rightthere.cases.events import record_event
from rightthere.cases.models import Case, EventKind, Status
from rightthere.core.errors import CaseError, InvalidInput, NotAllowed
from rightthere.satisfaction.models import (
    MAX_COMMENT_CHARS,
    AnswerChannel,
    Rating,
    SatisfactionAnswer,
    SatisfactionRequest,
)
from rightthere.satisfaction.timing import can_change, change_period
from rightthere.webhooks import events as webhooks
from rightthere.webhooks.models import EventType

RATEABLE_STATUSES = (Status.SOLVED, Status.CLOSED)


class AnswerFinal(CaseError):
    """A different answer after the change period: the first one stands."""

    code = "answer_final"
    http_status = 409


def may_be_rated(case: Case) -> bool:
    """A case can be rated once it is solved, or once we asked (even if reopened since)."""
    return (
        case.status in RATEABLE_STATUSES
        or SatisfactionRequest.objects.filter(case_id=case.pk).exists()
    )


def _clean_rating(rating: str | None) -> str | None:
    if rating is not None and rating not in Rating.values:
        raise InvalidInput(
            gettext("Unknown rating %(rating)r. Use one of: good, bad.") % {"rating": rating[:20]}
        )
    return rating


def _clean_comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(
            gettext("The comment is too long (at most %(count)s characters).")
            % {"count": number_format(MAX_COMMENT_CHARS, force_grouping=True)}
        )
    if "\x00" in comment:
        raise InvalidInput(gettext("The comment contains a character we cannot store."))
    return comment


def _check_staff(actor: User | None) -> None:
    if actor is not None and not actor.sees_all_cases:
        raise NotAllowed(gettext("Only owners and agents can record a customer's answer."))


def _check_not_overwriting_customer(actor: User | None, existing: SatisfactionAnswer) -> None:
    if actor is not None and existing.recorded_by_id is None:
        raise NotAllowed(
            gettext("The customer gave this answer themselves; only they can change it.")
        )


def _event(
    case: Case, actor: User | None, field: str, before: str, after: str, at: datetime
) -> None:
    record_event(case, actor, EventKind.SATISFACTION, field=field, before=before, after=after,
                 at=at)  # fmt: skip


def _final_message(answer: SatisfactionAnswer) -> str:
    days = change_period().days
    return ngettext(
        "The answer “%(rating)s” given on %(day)s stands: an answer can be changed for "
        "%(days)s day only.",
        "The answer “%(rating)s” given on %(day)s stands: an answer can be changed for "
        "%(days)s days only.",
        days,
    ) % {
        "rating": answer.get_rating_display(),
        "day": date_format(
            timezone.localtime(answer.answered_at), pgettext("date format", "d F Y")
        ),
        "days": days,
    }


@transaction.atomic
def answer_case(
    case: Case,
    *,
    actor: User | None,
    via: str,
    rating: str | None,
    comment: str | None = None,
    now: datetime | None = None,
) -> SatisfactionAnswer:
    """Record the customer's rating and/or comment (actor=None: the customer themselves).

    The first answer needs a rating. Within the change period a later answer
    overrides it (`changed_at`) and a comment can be added or edited; after it,
    any change is refused with AnswerFinal. Giving the same answer again
    changes nothing. Staff may record an answer the customer gave them (by
    phone, say), but never overwrite one the customer gave themselves.

    The base write only: doors call `desk.satisfaction.answer_case`, which acts on
    a "Not good" (reopens the case, tells its people).
    """
    _check_staff(actor)
    rating = _clean_rating(rating)
    comment = _clean_comment(comment)
    if via not in AnswerChannel.values:
        raise InvalidInput(gettext("Unknown answer channel %(via)r.") % {"via": via})
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)  # answers to one case queue up
    existing = SatisfactionAnswer.objects.filter(case=case).first()
    # Once answered, the answer may change (or get its comment) within the change period
    # even though the case is open again: a "Not good" reopens it (`desk.satisfaction`).
    if existing is None and not may_be_rated(case):
        raise InvalidInput(gettext("A request can be rated once it is solved."))
    if existing is None:
        answer = _first_answer(case, actor, via, rating, comment or "", now)
    else:
        _check_not_overwriting_customer(actor, existing)
        if answer_unchanged(existing, rating, comment):
            return existing
        answer = _change_answer(case, existing, actor, via, rating, comment, now)
    webhooks.emit(EventType.CSAT_ANSWERED, case=case, at=now, data={
        "actor": webhooks.actor_name(actor), "rating": answer.rating, "comment": answer.comment,
        "via": answer.answered_via, "changed": existing is not None,
    })  # fmt: skip
    return answer


def mark_acted_on(answer: SatisfactionAnswer, now: datetime) -> bool:
    """Note that the desk acted on this "Not good"; False when it had already (by an
    earlier answer, or a concurrent one): the desk acts once per case."""
    if answer.acted_on_at is not None:
        return False
    marked = SatisfactionAnswer.objects.filter(pk=answer.pk, acted_on_at__isnull=True).update(
        acted_on_at=now
    )
    answer.acted_on_at = now
    return marked == 1


def answer_unchanged(answer: SatisfactionAnswer, rating: str | None, comment: str | None) -> bool:
    return (rating is None or rating == answer.rating) and (
        comment is None or comment == answer.comment
    )


def _first_answer(
    case: Case, actor: User | None, via: str, rating: str | None, comment: str, now: datetime
) -> SatisfactionAnswer:
    if rating is None:
        raise InvalidInput(gettext("Choose “Good” or “Not good”."))
    answer = SatisfactionAnswer.objects.create(
        case=case,
        rating=rating,
        comment=comment,
        answered_via=via,
        recorded_by=actor,
        answered_at=now,
        commented_at=now if comment else None,
        updated_at=now,
    )
    _event(case, actor, "rating", "", f"{answer.get_rating_display()} ({_via(via)})", now)
    if comment:
        _event(case, actor, "comment", "", _quoted(comment), now)
    return answer


def _change_answer(
    case: Case,
    answer: SatisfactionAnswer,
    actor: User | None,
    via: str,
    rating: str | None,
    comment: str | None,
    now: datetime,
) -> SatisfactionAnswer:
    new_rating = rating if rating is not None else answer.rating
    new_comment = comment if comment is not None else answer.comment
    if new_rating == answer.rating and new_comment == answer.comment:
        return answer
    if not can_change(answer, now):
        raise AnswerFinal(_final_message(answer))
    if new_rating != answer.rating:
        before = answer.get_rating_display()
        answer.rating, answer.changed_at, answer.answered_via = new_rating, now, via
        after = f"{answer.get_rating_display()} ({_via(via)})"
        _event(case, actor, "rating", before, after, now)
    if new_comment != answer.comment:
        _event(case, actor, "comment", _quoted(answer.comment), _quoted(new_comment), now)
        answer.comment, answer.commented_at = new_comment, now
    answer.recorded_by = actor
    answer.updated_at = now
    answer.save()
    return answer


def _via(via: str) -> str:
    label = AnswerChannel(via).label
    return label if via == AnswerChannel.STAFF else f"by the customer, {label}"


def _quoted(comment: str) -> str:
    return f"comment “{comment}”" if comment else ""
