"""Contacts: /api/customers/{id}/contacts and /api/contacts/{id}."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.customers import actions
from rightthere.customers.access import access_customer
from rightthere.customers.api.customers import require_customer_editor
from rightthere.customers.api.schemas import ContactCreate, ContactOut, ContactPage, ContactUpdate
from rightthere.customers.models import Contact
from rightthere.customers.references import visible_contact

router = Router(tags=["customers"])

CONTACT_ORDER = (Key("name", kind=str), Key("id"))


@router.get(
    "/customers/{customer_id}/contacts",
    response={200: ContactPage, **error_responses(400, 404, 422)},
)
def list_contacts(
    request: HttpRequest, customer_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    customer = access_customer(current_user(request), customer_id)
    items, next_cursor = paginate(
        customer.contacts.all(), CONTACT_ORDER, cursor=page.cursor, limit=page.limit
    )
    return {"items": items, "next": next_cursor}


@router.post(
    "/customers/{customer_id}/contacts",
    response={201: ContactOut, **error_responses(403, 404, 422)},
)
def add_contact(
    request: HttpRequest, customer_id: int, payload: ContactCreate
) -> tuple[int, Contact]:
    user = current_user(request)
    customer = access_customer(user, customer_id)
    require_customer_editor(user)
    contact = actions.add_contact(
        customer, name=payload.name, email=payload.email, phone=payload.phone,
        language=payload.language,
    )  # fmt: skip
    return 201, contact


@router.patch(
    "/contacts/{contact_id}", response={200: ContactOut, **error_responses(403, 404, 422)}
)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactUpdate) -> Contact:
    user = current_user(request)
    contact = visible_contact(user, contact_id)
    require_customer_editor(user)
    return actions.update_contact(contact, **payload.model_dump(exclude_unset=True))


@router.delete("/contacts/{contact_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_contact(request: HttpRequest, contact_id: int) -> tuple[int, None]:
    """Delete a contact; their cases and messages stay, without the link to them."""
    user = current_user(request)
    contact = visible_contact(user, contact_id)
    require_customer_editor(user)
    actions.delete_contact(contact)
    return 204, None
