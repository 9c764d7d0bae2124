"""/api/cases/{id}/duplicates, /api/cases/{id}/merge and /api/merges/{id}[/undo]."""

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.cases.access import access_case, visible_cases
from rightthere.cases.models import Tag
from rightthere.core.api.schemas import error_responses
from rightthere.merging.actions import (
    can_undo,
    check_manager,
    merge_cases,
    undo_deadline,
    undo_merge,
)
from rightthere.merging.duplicates import likely_duplicates, window_days
from rightthere.merging.models import CaseMerge
from rightthere.merging.relations import relation_by_key
from rightthere.merging.schemas import DuplicatesOut, MergeOut, MergeRequest

router = Router(tags=["merging"])


def _access_merge(user: User, merge_id: int) -> CaseMerge:
    """A merge, if the user can see either of its cases (404 otherwise)."""
    visible = visible_cases(user)
    merge = (
        CaseMerge.objects.select_related(
            "survivor__customer", "merged__customer", "actor", "undone_by"
        )
        .filter(Q(survivor__in=visible) | Q(merged__in=visible), pk=merge_id)
        .first()
    )
    if merge is None:
        raise Http404(gettext("No such merge"))
    return merge


def merge_out(merge: CaseMerge) -> dict[str, Any]:
    moved = []
    for key, ids in merge.moved.items():
        relation = relation_by_key(key)
        moved.append({"relation": key, "label": relation.label if relation else key, "ids": ids})
    return {
        "id": merge.pk,
        "survivor": merge.survivor,
        "merged": merge.merged,
        "actor": merge.actor,
        "created_at": merge.created_at,
        "moved": moved,
        "tags_added": sorted(
            Tag.objects.filter(pk__in=merge.tags_added).values_list("name", flat=True)
        ),
        "undo_until": undo_deadline(merge),
        "can_undo": can_undo(merge),
        "undone_at": merge.undone_at,
        "undone_by": merge.undone_by,
    }


@router.get(
    "/cases/{case_id}/duplicates",
    response={200: DuplicatesOut, **error_responses(403, 404, 422)},
)
def list_duplicates(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Open cases that are likely the same request, best first (owners and agents)."""
    user = current_user(request)
    case = access_case(user, case_id)
    check_manager(user)
    suggestions = likely_duplicates(case, visible_cases(user))
    return {
        "case_id": case.pk,
        "window_days": window_days(),
        "items": [{"case": s.case, "score": s.score, "reasons": s.reasons} for s in suggestions],
    }


@router.post(
    "/cases/{case_id}/merge",
    response={201: MergeOut, **error_responses(400, 403, 404, 409, 422)},
)
def merge_case(request: HttpRequest, case_id: int, payload: MergeRequest) -> tuple[int, Any]:
    """Merge this case into `into` (owners and agents).

    Messages, events, promises, visits and everything else move to the survivor;
    this case is closed and its reference stays an alias. Cases of two different
    customers need `confirm_different_customers: true` (409 otherwise).
    """
    user = current_user(request)
    merged = access_case(user, case_id)
    check_manager(user)
    survivor = access_case(user, payload.into)
    merge = merge_cases(
        merged,
        into=survivor,
        actor=user,
        confirm_different_customers=payload.confirm_different_customers,
    )
    return 201, merge_out(_access_merge(user, merge.pk))


@router.get("/merges/{merge_id}", response={200: MergeOut, **error_responses(404, 422)})
def get_merge(request: HttpRequest, merge_id: int) -> dict[str, Any]:
    """A merge: what moved, who did it, and until when it can be undone."""
    return merge_out(_access_merge(current_user(request), merge_id))


@router.post(
    "/merges/{merge_id}/undo",
    response={200: MergeOut, **error_responses(403, 404, 409, 422)},
)
def undo(request: HttpRequest, merge_id: int) -> dict[str, Any]:
    """Undo a merge within 24 hours (owners and agents): both cases are restored."""
    user = current_user(request)
    merge = _access_merge(user, merge_id)
    undo_merge(merge, actor=user)
    return merge_out(_access_merge(user, merge_id))
