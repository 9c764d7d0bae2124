"""The checklist API: /api/cases/{id}/checklist..., /api/checklist-items/{id}
and /api/checklist-templates. Mounted on the project API at its root."""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.checklists import actions, setup
from rightthere.checklists.access import access_item, template_to_apply
from rightthere.checklists.models import CaseChecklistItem, ChecklistTemplate
from rightthere.checklists.progress import progress_of
from rightthere.checklists.schemas import (
    ChecklistItemCreate,
    ChecklistItemOut,
    ChecklistItemUpdate,
    ChecklistOrder,
    ChecklistOut,
    ChecklistTemplateIn,
    ChecklistTemplateOut,
    ChecklistTemplatePage,
    TemplateApply,
    TemplateFilters,
)
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.core.errors import InvalidInput

router = Router(tags=["checklists"])

TEMPLATE_ORDER = (Key("name", kind=str), Key("id"))


def _checklist(case: Case) -> dict[str, Any]:
    items = list(case.checklist_items.select_related("done_by"))
    progress = progress_of(items)
    return {
        "case_id": case.pk,
        "done": progress.done,
        "total": progress.total,
        "not_started": progress.late and case.is_open,
        "items": items,
    }


def _template(template_id: int) -> ChecklistTemplate:
    try:
        return template_to_apply(template_id)
    except ChecklistTemplate.DoesNotExist:
        raise InvalidInput(
            gettext("There is no checklist template with id %(id)s.") % {"id": template_id}
        ) from None


@router.get("/cases/{case_id}/checklist", response={200: ChecklistOut, **error_responses(404, 422)})
def get_checklist(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """The case's steps in order, with how many are done."""
    return _checklist(access_case(current_user(request), case_id))


@router.post(
    "/cases/{case_id}/checklist/items",
    response={201: ChecklistItemOut, **error_responses(400, 403, 404, 422)},
)
def add_item(
    request: HttpRequest, case_id: int, payload: ChecklistItemCreate
) -> tuple[int, CaseChecklistItem]:
    """Add a step at the end of the checklist."""
    user = current_user(request)
    case = access_case(user, case_id)
    return 201, actions.add_item(case, actor=user, text=payload.text)


@router.post(
    "/cases/{case_id}/checklist/apply-template",
    response={201: ChecklistOut, **error_responses(400, 403, 404, 422)},
)
def apply_template(
    request: HttpRequest, case_id: int, payload: TemplateApply
) -> tuple[int, dict[str, Any]]:
    """Add a template's steps after the case's own (once per template)."""
    user = current_user(request)
    case = access_case(user, case_id)
    actions.apply_template(case, _template(payload.template_id), actor=user)
    return 201, _checklist(case)


@router.put(
    "/cases/{case_id}/checklist/order",
    response={200: ChecklistOut, **error_responses(400, 403, 404, 422)},
)
def reorder(request: HttpRequest, case_id: int, payload: ChecklistOrder) -> dict[str, Any]:
    """Put the steps in a new order; name every step once."""
    user = current_user(request)
    case = access_case(user, case_id)
    actions.reorder(case, actor=user, item_ids=payload.item_ids)
    return _checklist(case)


@router.patch(
    "/checklist-items/{item_id}",
    response={200: ChecklistItemOut, **error_responses(400, 403, 404, 422)},
)
def update_item(
    request: HttpRequest, item_id: int, payload: ChecklistItemUpdate
) -> CaseChecklistItem:
    """Tick off, untick, start or reword a step; all or none of the changes are applied."""
    user = current_user(request)
    item = access_item(user, item_id)
    with transaction.atomic():
        return _apply_changes(item, user, payload)


def _apply_changes(
    item: CaseChecklistItem, user: User, change: ChecklistItemUpdate
) -> CaseChecklistItem:
    # Undo before redo: untick before un-starting, start before ticking off.
    if change.text is not None:
        item = actions.change_item_text(item, actor=user, text=change.text)
    if change.done is False:
        item = actions.reopen_item(item, actor=user)
    if change.started is False:
        item = actions.unstart_item(item, actor=user)
    if change.started is True:
        item = actions.start_item(item, actor=user)
    if change.done is True:
        item = actions.complete_item(item, actor=user)
    return item


@router.delete("/checklist-items/{item_id}", response={204: None, **error_responses(403, 404, 422)})
def remove_item(request: HttpRequest, item_id: int) -> tuple[int, None]:
    """Take a step off the checklist; the case timeline keeps that it was there."""
    user = current_user(request)
    actions.remove_item(access_item(user, item_id), actor=user)
    return 204, None


@router.get(
    "/checklist-templates", response={200: ChecklistTemplatePage, **error_responses(400, 422)}
)
def list_templates(
    request: HttpRequest, filters: Query[TemplateFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Checklist templates by name; owners set them up on the Checklists settings screen."""
    templates = ChecklistTemplate.objects.prefetch_related("steps")
    if filters.kind is not None:
        templates = templates.filter(Q(case_kind=filters.kind) | Q(case_kind=""))
    items, next_cursor = paginate(templates, TEMPLATE_ORDER, cursor=page.cursor, limit=page.limit)
    return {"items": items, "next": next_cursor}


def _template_fields(payload: ChecklistTemplateIn) -> dict[str, Any]:
    return {"name": payload.name, "steps": payload.steps, "case_kind": payload.case_kind or "",
            "apply_automatically": payload.apply_automatically}  # fmt: skip


def _owned_template(template_id: int) -> ChecklistTemplate:
    found = ChecklistTemplate.objects.prefetch_related("steps").filter(pk=template_id).first()
    if found is None:
        raise Http404(gettext("No such checklist template"))
    return found


@router.post(
    "/checklist-templates",
    response={201: ChecklistTemplateOut, **error_responses(400, 403, 422)},
)
def create_template(
    request: HttpRequest, payload: ChecklistTemplateIn
) -> tuple[int, ChecklistTemplate]:
    """A checklist for a kind of case (owners); the Checklists screen's twin."""
    made = setup.add_template(current_user(request), **_template_fields(payload))
    return 201, _owned_template(made.pk)


@router.put(
    "/checklist-templates/{template_id}",
    response={200: ChecklistTemplateOut, **error_responses(400, 403, 404, 422)},
)
def change_template(
    request: HttpRequest, template_id: int, payload: ChecklistTemplateIn
) -> ChecklistTemplate:
    """Replace a checklist's name, kind and steps (owners); cases keep the steps they have."""
    user = current_user(request)
    setup.change_template(user, _owned_template(template_id), **_template_fields(payload))
    return _owned_template(template_id)


@router.delete(
    "/checklist-templates/{template_id}", response={204: None, **error_responses(403, 404)}
)
def delete_template(request: HttpRequest, template_id: int) -> tuple[int, None]:
    """Remove a checklist (owners); steps already on cases stay there."""
    setup.delete_template(current_user(request), _owned_template(template_id))
    return 204, None
