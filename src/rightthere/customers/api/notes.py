"""/api/customers/{id}/notes: the notes staff keep about a customer, as on the
customer's page (owners and agents add them; whoever sees the customer reads them)."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import AfterValidator, Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.schemas import Input, UserRef, _no_nul, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.customers import actions
from rightthere.customers.access import access_customer, can_edit_customers
from rightthere.customers.models import CustomerNote

router = Router(tags=["customers"])

NoteText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000),
    AfterValidator(_no_nul),
]  # fmt: skip


class NoteIn(Input):
    text: NoteText = Field(examples=["Prefers a call after 17:00; side gate is locked."])


class NoteOut(Schema):
    id: int
    text: str
    author: UserRef | None
    created_at: datetime


@router.get("/customers/{customer_id}/notes", response={200: list[NoteOut], **error_responses(404)})
def list_notes(request: HttpRequest, customer_id: int) -> list[CustomerNote]:
    """The customer's notes, newest first."""
    customer = access_customer(current_user(request), customer_id)
    return list(customer.notes.select_related("author"))


@router.post(
    "/customers/{customer_id}/notes",
    response={201: NoteOut, **error_responses(403, 404, 422)},
)
def add_note(request: HttpRequest, customer_id: int, payload: NoteIn) -> tuple[int, CustomerNote]:
    """Add a note about the customer (owners and agents)."""
    user = current_user(request)
    customer = access_customer(user, customer_id)
    if not can_edit_customers(user):
        raise NotAllowed(gettext("Only owners and agents change customers."))
    return 201, actions.add_customer_note(customer, author=user, text=payload.text)
