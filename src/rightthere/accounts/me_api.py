"""/api/me: who is calling, and their own settings (their screens' language)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.languages import language_for, set_language
from rightthere.accounts.models import User
from rightthere.core.api.schemas import Input, error_responses

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    language: str = Field(description="Their own choice of language; empty: none (their "
                                      "browser's, else the business's).")  # fmt: skip
    language_in_use: str = Field(description="The language their screens are shown in now.")


class MeIn(Input):
    language: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10)] = Field(
        examples=["de"], description="A code of the languages offered; empty: none."
    )


def _me_out(request: HttpRequest, person: User) -> dict[str, Any]:
    return {
        "id": person.pk, "username": person.username, "name": person.display_name,
        "role": person.role, "language": person.language,
        "language_in_use": language_for(person, request.META.get("HTTP_ACCEPT_LANGUAGE", "")),
    }  # fmt: skip


@router.get("/me", response={200: MeOut, **error_responses()})
def get_me(request: HttpRequest) -> dict[str, Any]:
    """You: your account and your own language setting."""
    return _me_out(request, current_user(request))


@router.put("/me", response={200: MeOut, **error_responses(400, 422)})
def put_me(request: HttpRequest, payload: MeIn) -> dict[str, Any]:
    """Choose the language of your own screens (as My settings does); only yours: an
    owner sets someone else's with PATCH /api/users/{id}."""
    person = current_user(request)
    return _me_out(request, set_language(person, person, payload.language))
