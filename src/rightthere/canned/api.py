"""/api/canned-replies and /api/cases/{id}/canned-replies/{id}/rendered. Mounted at the API root."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import Team, User
from rightthere.canned.access import access_canned_reply, access_team
from rightthere.canned.actions import ReplyCheckFindings, delete_canned_reply, save_canned_reply
from rightthere.canned.models import CannedReply
from rightthere.canned.picker import fill_for_case, search_replies
from rightthere.canned.placeholders import PLACEHOLDERS
from rightthere.canned.schemas import (
    CannedReplyChange,
    CannedReplyCreate,
    CannedReplyFilters,
    CannedReplyOut,
    CannedReplyPage,
    PlaceholderOut,
    RenderedOut,
)
from rightthere.cases.access import visible_cases
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import ErrorOut, PageParams, error_responses

router = Router(tags=["canned replies"])

REPLY_ORDER = (Key("title", kind=str), Key("id"))


def _team(user: User, team_id: int | None) -> Team | None:
    return None if team_id is None else access_team(user, team_id)


def _findings_answer(exc: ReplyCheckFindings) -> tuple[int, dict[str, Any]]:
    return 422, {
        "detail": exc.message.replace("save anyway", 'send "save_anyway": true'),
        "code": exc.code,
        "errors": [
            {"field": "body", "message": (f"“{f.text}”: " if f.text else "") + f.explanation}
            for f in exc.findings
        ],
    }


@router.get("/canned-replies", response={200: CannedReplyPage, **error_responses(400, 422)})
def list_canned_replies(
    request: HttpRequest, filters: Query[CannedReplyFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The canned replies you can use: yours, your teams' (all teams' for owners and
    agents) and the desk's, by title."""
    replies = search_replies(current_user(request), filters.q).select_related("created_by")
    items, next_cursor = paginate(replies, REPLY_ORDER, cursor=page.cursor, limit=page.limit)
    return {"items": items, "next": next_cursor}


@router.get("/canned-replies/placeholders", response={200: list[PlaceholderOut], 401: ErrorOut})
def list_placeholders(request: HttpRequest) -> list[dict[str, str]]:
    """Every placeholder a canned reply may use; any other `{name}` is refused on save."""
    return [{"name": p.name, "description": p.description} for p in PLACEHOLDERS.values()]


@router.post(
    "/canned-replies",
    response={201: CannedReplyOut, **error_responses(400, 403, 422)},
)
def create_canned_reply(
    request: HttpRequest, payload: CannedReplyCreate
) -> tuple[int, CannedReply | dict[str, Any]]:
    """Save a new canned reply. Unknown placeholders are refused (422, code
    unknown_placeholder); wording with reply-check findings too (422, code reply_check)
    unless `save_anyway`."""
    user = current_user(request)
    try:
        reply = save_canned_reply(
            user, title=payload.title, body=payload.body, scope=payload.scope,
            team=_team(user, payload.team_id), save_anyway=payload.save_anyway,
        )  # fmt: skip
    except ReplyCheckFindings as exc:
        return _findings_answer(exc)
    return 201, reply


@router.get(
    "/canned-replies/{reply_id}", response={200: CannedReplyOut, **error_responses(404, 422)}
)
def get_canned_reply(request: HttpRequest, reply_id: int) -> CannedReply:
    """One canned reply you can see (else 404)."""
    return access_canned_reply(current_user(request), reply_id)


@router.patch(
    "/canned-replies/{reply_id}",
    response={200: CannedReplyOut, **error_responses(400, 403, 404, 422)},
)
def change_canned_reply(
    request: HttpRequest, reply_id: int, payload: CannedReplyChange
) -> tuple[int, CannedReply | dict[str, Any]]:
    """Change a reply: your own, or (owners and agents) a team or desk-wide one."""
    user = current_user(request)
    reply = access_canned_reply(user, reply_id)
    scope = payload.scope or reply.scope
    team = _team(user, payload.team_id) if payload.team_id is not None else reply.team
    try:
        reply = save_canned_reply(
            user, reply=reply, title=payload.title or reply.title,
            body=payload.body or reply.body, scope=scope, team=team,
            save_anyway=payload.save_anyway,
        )  # fmt: skip
    except ReplyCheckFindings as exc:
        return _findings_answer(exc)
    return 200, reply


@router.delete("/canned-replies/{reply_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_reply(request: HttpRequest, reply_id: int) -> tuple[int, None]:
    """Delete a reply: your own, or (owners and agents) a team or desk-wide one."""
    user = current_user(request)
    delete_canned_reply(user, access_canned_reply(user, reply_id))
    return 204, None


@router.get(
    "/cases/{case_id}/canned-replies/{reply_id}/rendered",
    response={200: RenderedOut, **error_responses(404, 422)},
)
def rendered_reply(request: HttpRequest, case_id: int, reply_id: int) -> dict[str, Any]:
    """A canned reply filled from a case you can see, and the placeholders it had no value
    for (they stay as `{name}` in the text; a reply holding one is refused)."""
    user = current_user(request)
    case = visible_cases(user).select_related("customer", "contact").filter(pk=case_id).first()
    if case is None:
        raise Http404(gettext("No such case"))
    filled = fill_for_case(access_canned_reply(user, reply_id), case, user)
    return {"reply_id": reply_id, "case_id": case_id, "text": filled.text,
            "missing": list(filled.missing)}  # fmt: skip
