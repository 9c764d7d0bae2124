"""/api/business-profile and /api/priority-targets: the Business profile and Hours
screens' twins (owners), through the same accounts.profile and cases.opening_hours
functions; every change lands in the settings change log."""

from dataclasses import asdict
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import Team, User
from rightthere.accounts.profile import business_profile, update_business_profile
from rightthere.accounts.roles import check_owner
from rightthere.cases import opening_hours
from rightthere.cases.business_hours import target_minutes
from rightthere.core.api.schemas import Input, error_responses
from rightthere.setup_screens.team import invite_person, set_active

router = Router(tags=["set-up"])

Text = Annotated[str, StringConstraints(max_length=1000)]


class BusinessProfileIn(Input):
    name: Annotated[str, StringConstraints(max_length=120)] | None = None
    phone: Annotated[str, StringConstraints(max_length=50)] | None = None
    address: Annotated[str, StringConstraints(max_length=500)] | None = None
    signature: Text | None = None
    status_page_intro: Text | None = None
    brand_colour: Annotated[str, StringConstraints(max_length=7)] | None = None
    time_zone: Annotated[str, StringConstraints(max_length=64)] | None = None
    language: Annotated[str, StringConstraints(max_length=10)] | None = None
    contact_form_only: bool | None = None


class BusinessProfileOut(Schema):
    name: str
    name_is_set: bool
    phone: str
    address: str
    signature: str
    status_page_intro: str
    brand_colour: str
    time_zone: str
    language: str
    contact_form_only: bool
    has_logo: bool


class TargetIn(Input):
    first_response_minutes: int = Field(ge=1, le=opening_hours.MAX_TARGET_MINUTES)
    resolution_minutes: int = Field(ge=1, le=opening_hours.MAX_TARGET_MINUTES)


class TargetOut(Schema):
    priority: str
    first_response_minutes: int
    resolution_minutes: int


@router.get("/business-profile", response={200: BusinessProfileOut, **error_responses(403)})
def get_business_profile(request: HttpRequest) -> dict[str, Any]:
    """Who the business is to its customers (owners)."""
    check_owner(current_user(request), gettext("see the business profile"))
    return asdict(business_profile())


@router.patch(
    "/business-profile",
    response={200: BusinessProfileOut, **error_responses(400, 403, 422)},
)
def change_business_profile(request: HttpRequest, payload: BusinessProfileIn) -> dict[str, Any]:
    """Change the fields given (owners); a bad one is refused with its message."""
    changes = payload.model_dump(exclude_none=True)
    return asdict(update_business_profile(current_user(request), **changes))


@router.put(
    "/priority-targets/{priority}",
    response={200: TargetOut, **error_responses(400, 403, 422)},
)
def set_priority_target(
    request: HttpRequest, priority: Literal["urgent", "high", "normal", "low"], payload: TargetIn
) -> dict[str, Any]:
    """Business minutes to the first answer and to solved, for one priority (owners)."""
    opening_hours.set_priority_target(current_user(request), priority,
                                      first_response_minutes=payload.first_response_minutes,
                                      resolution_minutes=payload.resolution_minutes)  # fmt: skip
    first, resolution = target_minutes(priority)
    return {"priority": priority, "first_response_minutes": first,
            "resolution_minutes": resolution}  # fmt: skip


class InvitationIn(Input):
    email: Annotated[str, StringConstraints(max_length=254)]
    role: Literal["owner", "agent", "technician"]
    first_name: Annotated[str, StringConstraints(max_length=150)] = ""
    last_name: Annotated[str, StringConstraints(max_length=150)] = ""
    team_id: int | None = None
    manager_id: int | None = None


class InvitationOut(Schema):
    user_id: int
    username: str
    email: str
    role: str
    invite_link: str


class ActiveIn(Input):
    active: bool


class ActiveOut(Schema):
    user_id: int
    is_active: bool


@router.post("/invitations", response={201: InvitationOut, **error_responses(400, 403, 404, 422)})
def invite(request: HttpRequest, payload: InvitationIn) -> tuple[int, dict[str, Any]]:
    """Invite a person to the desk by mail with a one-time link to choose a password
    (owners), as Settings > Team does; the link is also in the answer."""
    check_owner(current_user(request), gettext("invite people"))  # before saying what exists
    team = get_object_or_404(Team, pk=payload.team_id) if payload.team_id else None
    manager = get_object_or_404(User, pk=payload.manager_id) if payload.manager_id else None
    person, link = invite_person(current_user(request), email=payload.email, role=payload.role,
                                 first_name=payload.first_name, last_name=payload.last_name,
                                 team=team, manager=manager)  # fmt: skip
    return 201, {"user_id": person.pk, "username": person.username, "email": person.email,
                 "role": person.role, "invite_link": link}  # fmt: skip


@router.put("/users/{user_id}/active", response={200: ActiveOut, **error_responses(400, 403, 404)})
def set_user_active(request: HttpRequest, user_id: int, payload: ActiveIn) -> dict[str, Any]:
    """Deactivate a person (they cannot log in; their cases and history stay) or bring
    them back (owners)."""
    check_owner(current_user(request), gettext("deactivate people"))  # before saying who exists
    person = set_active(current_user(request), get_object_or_404(User, pk=user_id),
                        payload.active)  # fmt: skip
    return {"user_id": person.pk, "is_active": person.is_active}
