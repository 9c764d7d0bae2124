"""Presence in the API: an app (or a second screen) says it is on a case, as the case
page does every 15 seconds, and hears who else is. Mounted at the API root:
POST /api/cases/{id}/presence."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.core.api.schemas import Input, UserRef, error_responses
from rightthere.desk.reading import case_page_heartbeat
from rightthere.presence.models import PresenceState

router = Router(tags=["presence"])


class PresenceIn(Input):
    state: PresenceState = Field(
        PresenceState.VIEWING, description="writing while a reply or note is being typed."
    )
    opened: bool = Field(
        False,
        description="true once, when you open the case: its messages count as read "
        "(the case list's `unread`, the inbox's 'Customer replied').",
    )


class PresenceOut(Schema):
    user: UserRef
    state: PresenceState
    updated_at: datetime


class OthersOut(Schema):
    others: list[PresenceOut] = Field(
        description="Who else is on the case now (heard from within 45 s), writers first."
    )


@router.post("/cases/{case_id}/presence", response={200: OthersOut, **error_responses(404, 422)})
def heartbeat(request: HttpRequest, case_id: int, payload: PresenceIn) -> dict[str, Any]:
    """Say you are on the case, about every 15 seconds; after 45 s of silence the
    others no longer see you. Answers with the others on it now."""
    user = current_user(request)
    case = access_case(user, case_id)
    others = case_page_heartbeat(user, case, payload.state, opened=payload.opened).others
    return {"others": others}
