"""Whose time entries a person sees and may change. Views and the API fetch only through here.

Owners and agents see and correct everyone's time. Technicians and
subcontractors see their own entries only, and change them only while they
can still see the case (or the visit) the time was spent on.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.field.access import access_visit, visible_visits
from rightthere.field.models import Visit
from rightthere.timetracking.models import TimeEntry


def sees_everyones_time(user: User) -> bool:
    return user.is_authenticated and user.sees_all_cases


def person_to_record_for(user: User, person_id: int | None) -> User | None:
    """Whose time `user` records: None for their own; someone else only for owners and
    agents, and only an active member of staff."""
    if person_id is None or person_id == user.pk:
        return None
    if not sees_everyones_time(user):
        raise NotAllowed(gettext("Only owners and agents can record time for someone else."))
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise InvalidInput(gettext("There is no person with id %(id)s.") % {"id": person_id})
    return person


def visible_entries(user: User) -> QuerySet[TimeEntry]:
    entries = TimeEntry.objects.all()
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.sees_all_cases:
        return entries
    return entries.filter(person=user)


def access_entry(user: User, entry_id: int) -> TimeEntry:
    """The entry if the user may see it, else 404 (we do not reveal that it exists)."""
    entry = (
        visible_entries(user).select_related("person", "case", "visit").filter(pk=entry_id).first()
    )
    if entry is None:
        raise Http404(gettext("No such time entry"))
    return entry


def check_may_change(user: User, entry: TimeEntry) -> None:
    """The person themself or an owner/agent; a technician or subcontractor only while the
    case or the visit is still theirs to see."""
    if user.sees_all_cases:
        return
    if entry.person_id != user.pk:
        raise NotAllowed(gettext("Only owners and agents can change someone else's time."))
    on_visible_case = visible_cases(user).filter(pk=entry.case_id).exists()
    on_visible_visit = (
        entry.visit_id is not None and visible_visits(user).filter(pk=entry.visit_id).exists()
    )
    if not (on_visible_case or on_visible_visit):
        raise NotAllowed(
            gettext("This case is no longer yours to see, so its time cannot be changed.")
        )


def access_visit_on_case(user: User, case_id: int, visit_id: int) -> Visit:
    """A visit the user may see, which must belong to the case in the address."""
    visit = access_visit(user, visit_id)
    if visit.case_id != case_id:
        raise Http404(gettext("No such visit on this case"))
    return visit


def entries_on(user: User, case: Case, visit: Visit | None = None) -> QuerySet[TimeEntry]:
    """The entries the user sees on one case (or one visit of it)."""
    scope = Q(visit=visit) if visit is not None else Q(case=case)
    return visible_entries(user).filter(scope)
