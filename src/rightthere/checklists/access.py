"""Permission-checked access to checklist steps (through the case they belong to) and
to the templates applied to a case. The panel's forms and the API fetch only through here."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case
from rightthere.checklists.models import CaseChecklistItem, ChecklistTemplate


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


def template_to_apply(template_id: int | str) -> ChecklistTemplate:
    """A checklist template chosen to go on a case, else `ChecklistTemplate.DoesNotExist`
    (each door says so in its own words). Templates are shared set-up every staff member
    sees; whether the user may change the case is `actions.apply_template`'s check."""
    text = str(template_id)
    found = (
        ChecklistTemplate.objects.filter(pk=int(text)).first()
        if text.isdecimal() and len(text) < 19
        else None
    )
    if found is None:
        raise ChecklistTemplate.DoesNotExist(text)
    return found
