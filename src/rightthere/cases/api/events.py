"""/api/cases/{id}/events: the append-only timeline of a case."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.cases.api.case_schemas import EventPage
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses

router = Router(tags=["cases"])

EVENT_ORDER = (Key("created_at", kind=datetime), Key("id"))


@router.get("/{case_id}/events", response={200: EventPage, **error_responses(400, 404, 422)})
def list_events(request: HttpRequest, case_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """What happened to the case, oldest first."""
    case = access_case(current_user(request), case_id)
    events = case.events.select_related("actor")
    items, next_cursor = paginate(events, EVENT_ORDER, cursor=page.cursor, limit=page.limit)
    return {"items": items, "next": next_cursor}
