"""/api/tokens: the caller's own API tokens."""

from django.http import Http404, HttpRequest
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import ApiToken
from rightthere.accounts.schemas import TokenCreate, TokenCreated, TokenOut
from rightthere.accounts.tokens import create_api_token, revoke_api_token
from rightthere.core.api.schemas import error_responses

router = Router(tags=["tokens"])


@router.get("", response={200: list[TokenOut], **error_responses()})
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    """Your tokens, newest first, revoked ones included (keys are never shown again)."""
    return list(current_user(request).api_tokens.all())


@router.post("", response={201: TokenCreated, **error_responses(422)})
def create_token(request: HttpRequest, payload: TokenCreate) -> tuple[int, TokenCreated]:
    """Create a token that acts as you. Its key is in this answer only: store it now."""
    token, key = create_api_token(current_user(request), payload.name)
    return 201, TokenCreated(**TokenOut.model_validate(token).model_dump(), key=key)


@router.delete("/{token_id}", response={204: None, **error_responses(404, 422)})
def revoke_token(request: HttpRequest, token_id: int) -> tuple[int, None]:
    """Revoke one of your tokens; requests with it are refused from now on."""
    if not revoke_api_token(current_user(request), token_id):
        raise Http404("No such active token")
    return 204, None
