"""Who sees which visits and part orders. Views and the API fetch only through here.

Owners and agents see every visit; a technician sees their own visits and the
visits on cases assigned to them; a subcontractor user sees only the visits
handed to their partner company; anyone else sees nothing.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from rightthere.accounts import roles
from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.cases.access import visible_cases
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.field.models import Part, PartOrder, PartUse, Skill, Vendor, Visit


def visible_visits(user: User) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("case", "technician", "partner", "skill", "root_cause")
    if not user.is_authenticated or not user.is_active:
        return visits.none()
    if user.sees_all_cases:
        return visits.all()
    if user.role == Role.TECHNICIAN:
        return visits.filter(Q(technician=user) | Q(case__assignee=user))
    if user.role == Role.SUBCONTRACTOR and user.partner_id is not None:
        return visits.filter(partner_id=user.partner_id)
    return visits.none()


def access_visit(user: User, visit_id: int) -> Visit:
    """The visit if the user may see it, else 404 (we do not reveal that it exists)."""
    visit = visible_visits(user).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("No such visit")
    return visit


def can_work_on_visit(user: User | None, visit: Visit) -> bool:
    """Record the outcome, order a part, book the return (no query)."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_all_cases:
        return True
    if user.role == Role.TECHNICIAN:
        return visit.technician_id == user.pk or visit.case.assignee_id == user.pk
    if user.role == Role.SUBCONTRACTOR:
        return user.partner_id is not None and visit.partner_id == user.partner_id
    return False


def check_visit_worker(user: User | None, visit: Visit) -> None:
    if not can_work_on_visit(user, visit):
        raise NotAllowed(gettext("You cannot work on this visit."))


def check_manager(user: User | None) -> None:
    roles.check_manager(user)


def visible_part_orders(user: User) -> QuerySet[PartOrder]:
    orders = PartOrder.objects.select_related("part", "vendor", "case")
    if not user.is_authenticated or not user.is_active:
        return orders.none()
    if user.sees_all_cases:
        return orders.all()
    if user.role == Role.SUBCONTRACTOR:
        return orders.filter(case__in=visible_visits(user).values("case"))
    return orders.filter(case__in=visible_cases(user))


def access_part_order(user: User, order_id: int) -> PartOrder:
    order = visible_part_orders(user).filter(pk=order_id).first()
    if order is None:
        raise Http404("No such part order")
    return order


def part_use_of(visit: Visit, use_id: int) -> PartUse:
    """One part recorded on this visit (the visit already fetched through `access_visit`),
    else 404."""
    use = visit.parts_used.select_related("part").filter(pk=use_id).first()
    if use is None:
        raise Http404("No such part used on this visit")
    return use


# What is said when an id names nothing (translated when said).
MISSING = {
    User: gettext_noop("There is no technician with id %(id)s."),
    PartnerCompany: gettext_noop("There is no partner company with id %(id)s."),
    Skill: gettext_noop("There is no skill with id %(id)s."),
    Part: gettext_noop("There is no part with id %(id)s."),
    Vendor: gettext_noop("There is no vendor with id %(id)s."),
}
# Technicians, partner companies and vendors are the managers' to look up (as their
# lists in the API); skills and parts every staff member's (to book and report visits).
MANAGERS_ONLY = (User, PartnerCompany, Vendor)


def catalogue_entry(user: User, model: type[Any], pk: int | None) -> Any:
    """A technician, partner company, skill, part or vendor named by id in an API
    request: None for no id; NotAllowed before any lookup if the user may not look
    that kind up (a technician cannot learn which partner ids exist); InvalidInput for
    an id that names nothing. Whether the user may do the job is the action's check."""
    if pk is None:
        return None
    if model in MANAGERS_ONLY:
        check_manager(user)
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(gettext(MISSING[model]) % {"id": pk})
    return found


def named_technician(user: User, pk: int | None) -> User | None:
    """`catalogue_entry` for a technician: InvalidInput if the user named is someone else."""
    technician = catalogue_entry(user, User, pk)
    if technician is not None and technician.role != Role.TECHNICIAN:
        raise InvalidInput(gettext("User %(id)s is not a technician.") % {"id": pk})
    return technician


def chosen_vendor(pk: int | None) -> Vendor | None:
    """The vendor named for a part order (the order form lists them to whoever may order for
    the case, and the API takes its id): None for the part's own vendor; InvalidInput for an
    id that names nothing."""
    if pk is None:
        return None
    vendor = Vendor.objects.filter(pk=pk).first()
    if vendor is None:
        raise InvalidInput(gettext(MISSING[Vendor]) % {"id": pk})
    return vendor


def catalogue_part(value: object) -> Part:
    """A part from the catalogue, chosen in a form (every staff member may see the catalogue)."""

    text = str(value or "")
    part = (
        Part.objects.filter(pk=int(text)).first() if text.isdecimal() and len(text) < 19 else None
    )
    if part is None:
        raise InvalidInput(gettext("Choose a part from the list."))
    return part


def chosen_doer(kind: str, value: str) -> tuple[User | None, PartnerCompany | None]:
    """The active technician or the partner company picked to do a visit; ValueError if neither."""
    if not (value.isdecimal() and len(value) < 19):
        raise ValueError("no choice")
    if kind == "technician":
        technician = User.objects.filter(
            pk=int(value), is_active=True, role=Role.TECHNICIAN
        ).first()
        if technician is None:
            raise ValueError("no such technician")
        return technician, None
    if kind == "partner":
        partner = PartnerCompany.objects.filter(pk=int(value)).first()
        if partner is None:
            raise ValueError("no such partner")
        return None, partner
    raise ValueError("choose a technician or a partner")
