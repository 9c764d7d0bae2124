"""/api/security: who must use two-factor log-in (owners), an owner turning off
someone's two-factor log-in when they lost their phone, and /api/integrations:
programs that post to the webhooks with their own signing secret."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from rightthere.accounts import integrations, two_factor
from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import (
    Integration,
    IntegrationKind,
    SecurityPolicy,
    TwoFactorRule,
    User,
)
from rightthere.accounts.roles import check_owner
from rightthere.core.api.schemas import error_responses

router = Router(tags=["security"])


class PolicyOut(Schema):
    require_two_factor: TwoFactorRule
    updated_at: Any


class PolicyIn(Schema):
    require_two_factor: TwoFactorRule


def _out(policy: SecurityPolicy) -> dict[str, Any]:
    return {"require_two_factor": policy.require_two_factor, "updated_at": policy.updated_at}


@router.get("/security", response={200: PolicyOut, **error_responses(403)})
def get_policy(request: HttpRequest) -> dict[str, Any]:
    """Who must log in with a code from a phone app: nobody, owners, or managers
    (owners and agents). Owners only."""
    check_owner(current_user(request), _("see the security settings"))
    return _out(two_factor.policy())


@router.put("/security", response={200: PolicyOut, **error_responses(403, 422)})
def set_policy(request: HttpRequest, payload: PolicyIn) -> dict[str, Any]:
    """Require two-factor log-in for nobody, owners, or owners and agents. Owners only."""
    return _out(two_factor.set_policy(current_user(request), payload.require_two_factor))


@router.delete("/users/{user_id}/two-factor", response={204: None, **error_responses(403, 404)})
def turn_off_for(request: HttpRequest, user_id: int) -> tuple[int, None]:
    """Turn off a person's two-factor log-in (their phone was lost); they set it up
    again at their next log-in if their role requires it. Owners only."""
    actor = current_user(request)
    check_owner(actor, _("turn off someone else's two-factor log-in"))
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404("No such user")
    two_factor.turn_off(actor, user)
    return 204, None


class IntegrationOut(Schema):
    id: int
    name: str
    kind: IntegrationKind
    created_at: Any
    last_used_at: Any | None


class IntegrationCreated(IntegrationOut):
    secret: str


class IntegrationIn(Schema):
    name: str
    kind: IntegrationKind


def _integration(actor: User, integration_id: int) -> Integration:
    check_owner(actor, _("set up integrations"))
    found = Integration.objects.filter(pk=integration_id).first()
    if found is None:
        raise Http404("No such integration")
    return found


@router.get("/integrations", response={200: list[IntegrationOut], **error_responses(403)})
def list_integrations(request: HttpRequest) -> list[Integration]:
    """Programs that post to the webhooks with their own signing secret. Owners only."""
    check_owner(current_user(request), _("see integrations"))
    return list(Integration.objects.all())


@router.post("/integrations", response={201: IntegrationCreated, **error_responses(403, 422)})
def add_integration(request: HttpRequest, payload: IntegrationIn) -> tuple[int, Integration]:
    """Add one; its secret is in this answer only. Owners only."""
    made = integrations.create_integration(
        current_user(request), name=payload.name, kind=payload.kind
    )
    return 201, made


@router.post(
    "/integrations/{integration_id}/rotate",
    response={200: IntegrationCreated, **error_responses(403, 404)},
)
def rotate_integration(request: HttpRequest, integration_id: int) -> Integration:
    """A new secret (in this answer only); the old one keeps working for a day."""
    actor = current_user(request)
    return integrations.rotate_secret(actor, _integration(actor, integration_id))


@router.delete("/integrations/{integration_id}", response={204: None, **error_responses(403, 404)})
def remove_integration(request: HttpRequest, integration_id: int) -> tuple[int, None]:
    """Remove it: its requests are refused from now on. Owners only."""
    actor = current_user(request)
    integrations.delete_integration(actor, _integration(actor, integration_id))
    return 204, None
