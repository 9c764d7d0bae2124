"""/api/customers: find, add, change and delete customers."""

from typing import Any

from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.customers import actions, references
from rightthere.customers.access import access_customer, can_edit_customers, visible_customers
from rightthere.customers.api.schemas import (
    CustomerCreate,
    CustomerFilters,
    CustomerOut,
    CustomerPage,
    CustomerUpdate,
)
from rightthere.customers.models import Customer
from rightthere.customers.search import customers_matching

router = Router(tags=["customers"])

# Alphabetical, served by the customer_name_lower index.
CUSTOMER_ORDER = (Key("name_key", kind=str), Key("id"))


def require_customer_editor(user: User) -> None:
    if not can_edit_customers(user):
        raise NotAllowed(gettext("Only owners and agents can change customers and contacts."))


@router.get("", response={200: CustomerPage, **error_responses(400, 422)})
def list_customers(
    request: HttpRequest, filters: Query[CustomerFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Customers the caller can see, by name; `q` finds them by name, a contact's e-mail or
    phone number (typed in any usual way)."""
    customers = visible_customers(current_user(request)).select_related("account_owner")
    if filters.q:
        customers = customers_matching(filters.q, within=customers)
    customers = customers.annotate(name_key=Lower("name"))
    items, next_cursor = paginate(customers, CUSTOMER_ORDER, cursor=page.cursor, limit=page.limit)
    return {"items": items, "next": next_cursor}


@router.post("", response={201: CustomerOut, **error_responses(400, 403, 422)})
def create_customer(request: HttpRequest, payload: CustomerCreate) -> tuple[int, Customer]:
    """Add a customer, with a first contact if one is given."""
    require_customer_editor(current_user(request))
    contact = payload.contact
    customer = actions.create_customer(
        name=payload.name,
        kind=payload.kind,
        internal=payload.internal,
        account_owner=references.person(payload.account_owner_id),
        address=payload.address,
        language=payload.language,
        contact_name=contact.name if contact else "",
        contact_email=contact.email if contact else "",
        contact_phone=contact.phone if contact else "",
    )
    return 201, customer


@router.get("/{customer_id}", response={200: CustomerOut, **error_responses(404, 422)})
def get_customer(request: HttpRequest, customer_id: int) -> Customer:
    return access_customer(current_user(request), customer_id)


@router.patch("/{customer_id}", response={200: CustomerOut, **error_responses(400, 403, 404, 422)})
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerUpdate) -> Customer:
    """Change the fields given."""
    user = current_user(request)
    customer = access_customer(user, customer_id)
    require_customer_editor(user)
    fields: dict[str, object] = payload.model_dump(exclude_unset=True, exclude={"account_owner_id"})
    if "account_owner_id" in payload.model_fields_set:
        fields["account_owner"] = references.person(payload.account_owner_id)
    return actions.update_customer(customer, **fields)


@router.delete("/{customer_id}", response={204: None, **error_responses(403, 404, 409, 422)})
def delete_customer(request: HttpRequest, customer_id: int) -> tuple[int, None]:
    """Delete a customer without cases (409 when it has any)."""
    user = current_user(request)
    customer = access_customer(user, customer_id)
    require_customer_editor(user)
    actions.delete_customer(customer)
    return 204, None
