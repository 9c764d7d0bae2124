"""Permission-checked access to cases. Views never fetch a case any other way.

Owners and agents see every case; a technician sees the cases assigned to
them; a subcontractor user sees the cases handed to their company; anyone
else sees nothing.
"""

from django.db.models import IntegerField, QuerySet
from django.http import Http404

from rightthere.accounts.models import Role, User
from rightthere.accounts.roles import is_manager
from rightthere.cases.models import Attachment, Case
from rightthere.core.compiled import Param


def case_scope(user: User) -> str:
    """Which of the rules below decides what the user sees: "all", "assignee"
    (a technician: the cases assigned to them), "partner" (a subcontractor: the
    cases handed to their company) or "none"."""
    if not user.is_authenticated or not user.is_active:
        return "none"
    if user.sees_all_cases:
        return "all"
    if user.role == Role.TECHNICIAN:
        return "assignee"
    if user.role == Role.SUBCONTRACTOR and user.partner_id is not None:
        return "partner"
    return "none"


def visible_cases(user: User, *, reusable: bool = False) -> QuerySet[Case]:
    """The cases the user may see. With `reusable`, the user's id and partner are
    left as `Param`s ("user_id", "partner_id"; see `scope_values`), so that the
    compiled statement serves everyone with the same `case_scope`."""
    scope = case_scope(user)
    if scope == "all":
        return Case.objects.all()
    if scope == "assignee":
        return Case.objects.filter(
            assignee_id=Param("user_id", IntegerField()) if reusable else user.pk
        )
    if scope == "partner":
        return Case.objects.filter(
            partner_id=Param("partner_id", IntegerField()) if reusable else user.partner_id
        )
    return Case.objects.none()


def scope_values(user: User) -> dict[str, int | None]:
    """The values of `visible_cases(user, reusable=True)`'s parameters."""
    return {"user_id": user.pk, "partner_id": getattr(user, "partner_id", None)}


def access_case(user: User, case_id: int, *, for_update: bool = False) -> Case:
    """The case if the user may see it, else 404 (we do not reveal that it exists)."""
    queryset = visible_cases(user)
    if for_update:
        queryset = queryset.select_for_update()
    case = queryset.filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    return case


def can_manage_cases(user: User) -> bool:
    """Open cases, assign, re-prioritise, change team, kind, subject and tags."""
    return is_manager(user)


def can_work_on(user: User, case: Case) -> bool:
    """Reply, add notes and move the status of a case the user can see.

    The same rule as `visible_cases`, decided on the case in hand (no query).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_all_cases:
        return True
    if user.role == Role.TECHNICIAN:
        return case.assignee_id == user.pk
    if user.role == Role.SUBCONTRACTOR:
        return user.partner_id is not None and case.partner_id == user.partner_id
    return False


def access_attachment(user: User, attachment_id: int) -> Attachment:
    """An attachment, if the user may see the case it belongs to."""

    attachment = (
        Attachment.objects.select_related("message")
        .filter(pk=attachment_id, message__case__in=visible_cases(user))
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment")
    return attachment
