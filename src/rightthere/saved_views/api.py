"""/api/saved-views: the inbox views people saved (their own and the shared ones)."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.schemas import Input, NotNull, UserRef, error_responses
from rightthere.saved_views.actions import delete_view, save_view, update_view
from rightthere.saved_views.models import SavedView
from rightthere.saved_views.queries import access_view, visible_views

router = Router(tags=["saved views"])

ViewName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
QueryText = Annotated[str, StringConstraints(max_length=1000)]


class SavedViewOut(Schema):
    id: int
    name: str
    query: str = Field(description="The inbox's query string, e.g. view=mine&sort=due.")
    shared: bool
    owner: UserRef
    created_at: datetime


class SavedViewCreate(Input):
    name: ViewName
    query: QueryText = Field("", description="The inbox's query string (view, filters, sort, q).")
    shared: bool = Field(False, description="Everyone at the desk sees it.")


class SavedViewChange(Input):
    name: Annotated[ViewName | None, NotNull] = None
    query: Annotated[QueryText | None, NotNull] = None
    shared: Annotated[bool | None, NotNull] = None


@router.get("/saved-views", response={200: list[SavedViewOut], **error_responses()})
def list_saved_views(request: HttpRequest) -> list[SavedView]:
    """Your saved views and the ones others shared, by name."""
    return list(visible_views(current_user(request)))


@router.post("/saved-views", response={201: SavedViewOut, **error_responses(400, 403, 422)})
def create_saved_view(request: HttpRequest, payload: SavedViewCreate) -> tuple[int, SavedView]:
    view = save_view(
        current_user(request), name=payload.name, query=payload.query, shared=payload.shared
    )
    return 201, view


@router.get("/saved-views/{view_id}", response={200: SavedViewOut, **error_responses(404)})
def get_saved_view(request: HttpRequest, view_id: int) -> SavedView:
    return access_view(current_user(request), view_id)


@router.patch(
    "/saved-views/{view_id}", response={200: SavedViewOut, **error_responses(400, 403, 404, 422)}
)
def change_saved_view(request: HttpRequest, view_id: int, payload: SavedViewChange) -> SavedView:
    """Rename, re-share or change the filters of your own view (403 on someone else's)."""
    user = current_user(request)
    view = access_view(user, view_id)
    return update_view(user, view, **payload.dict(exclude_unset=True))


@router.delete("/saved-views/{view_id}", response={204: None, **error_responses(403, 404)})
def delete_saved_view(request: HttpRequest, view_id: int) -> tuple[int, None]:
    user = current_user(request)
    delete_view(user, access_view(user, view_id))
    return 204, None
