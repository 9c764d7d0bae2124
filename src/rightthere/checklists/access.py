"""Permission-checked access to checklist steps: through the case they belong to."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case
from rightthere.checklists.models import CaseChecklistItem


def access_item_on_case(case: Case, item_id: int) -> CaseChecklistItem:
    """A step of `case` (already permission-checked), else 404, also for another case's step."""
    item = CaseChecklistItem.objects.filter(case=case, pk=item_id).first()
    if item is None:
        raise Http404(gettext("No such step on this case"))
    item.case = case
    return item


def access_item(user: User, item_id: int) -> CaseChecklistItem:
    """A step, if the user may see its case, else 404."""
    item = (
        CaseChecklistItem.objects.select_related("case", "done_by")
        .filter(pk=item_id, case__in=visible_cases(user))
        .first()
    )
    if item is None:
        raise Http404(gettext("No such checklist step"))
    return item
