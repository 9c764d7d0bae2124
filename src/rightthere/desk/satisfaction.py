"""The customer's rating, whichever door it comes through: a "Not good" makes the desk act.

The status page's buttons, the one-click link in the e-mail and the API (staff typing
in what a customer said by phone) all record the answer here, so an unhappy customer
reaches a person the same way from each: the case reopens as their reply would reopen
it and goes up to High priority, its assignee (or the owners) hears of it with the comment, it shows among "Upset
customers" (`rightthere.inbox`) while the answer is "Not good", and the case page offers
complaint recovery (`satisfaction.panels.bad_rating_panel`), or starts it when the
owner chose that for upset customers.
"""

from datetime import datetime

from django.db import transaction

from rightthere.accounts.models import Role, User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Direction, Kind, Message, Priority, Status
from rightthere.cases.models.case import PRIORITY_RANK
from rightthere.cases.writing import lock_case
from rightthere.coach.actions import upset_marks_complaint
from rightthere.desk import casework
from rightthere.notifications import actions as notifications
from rightthere.recovery.actions import start_recovery
from rightthere.recovery.models import StartedBy
from rightthere.satisfaction import actions as satisfaction
from rightthere.satisfaction.models import Rating, SatisfactionAnswer


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
    """Record the customer's rating and/or comment (`satisfaction.actions.answer_case`:
    same arguments, same refusals; actor=None: the customer themselves) and act on the
    first "Not good" of the case (`act_on_bad_rating`).

    Once per case: giving the answer again, or changing it to "Good" and back, does
    not act twice. A comment added later to the "Not good" is passed on to the same
    people, once. A "Good" changes nothing but the answer."""
    case = lock_case(case)  # answers to one case queue up
    before = SatisfactionAnswer.objects.filter(case_id=case.pk).first()
    answer = satisfaction.answer_case(
        case, actor=actor, via=via, rating=rating, comment=comment, now=now
    )
    if answer.rating != Rating.BAD:
        return answer
    if satisfaction.mark_acted_on(answer, answer.updated_at):
        act_on_bad_rating(case, answer, actor=actor)
    elif before is not None and before.acted_on_at and not before.comment and answer.comment:
        notifications.customer_rated_bad(
            case, comment=answer.comment, actor=actor, comment_only=True
        )
    return answer


def act_on_bad_rating(case: Case, answer: SatisfactionAnswer, *, actor: User | None) -> Case:
    """What an upset customer's message gets (`desk.reactions.act_on_note`), for a rating:
    the case reopens to Open as a customer's reply reopens it and its priority is raised
    to High (when lower; the due times follow, `casework.change_priority`); a case nobody
    has goes back to the last staff member who replied to the customer (when still
    active); the assignee, or the owners when nobody has the case, are told with the
    comment; when the owner chose that upset customers' cases become complaints, this
    one does and goes on the recovery playbook (otherwise the case page offers it). Runs in the caller's
    transaction with the case locked."""
    if case.status in case_actions.REOPENED_BY_CUSTOMER:
        case = casework.change_status(case, actor=actor, status=Status.OPEN)
    if PRIORITY_RANK[Priority(case.priority)] < PRIORITY_RANK[Priority.HIGH]:
        # As an upset message raises its case (`desk.reactions`): by the desk, on the timeline.
        case = casework.change_priority(case, actor=None, priority=Priority.HIGH, locked=True)
    if case.assignee_id is None:
        replier = _last_replier(case)
        if replier is not None:  # back to whoever handled it, by the desk
            case = casework.assign_case(case, actor=None, assignee=replier)
    notifications.customer_rated_bad(case, comment=answer.comment, actor=actor)
    if upset_marks_complaint() and case.kind != Kind.COMPLAINT:
        start_recovery(case, actor=None, started_by=StartedBy.RATING)
        case_actions.change_kind(case, actor=None, kind=Kind.COMPLAINT, locked=True)
    return case


def _last_replier(case: Case) -> User | None:
    """The last active staff member who replied to the customer on this case."""
    last = (
        Message.objects.filter(case_id=case.pk, direction=Direction.OUTBOUND,
                               author__is_active=True)
        .exclude(author__role=Role.SUBCONTRACTOR, author__partner__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-pk")
        .first()
    )  # fmt: skip
    return last.author if last is not None else None
