"""Request and response shapes for customers and their contacts."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from rightthere.core.api.schemas import (
    Address,
    Email,
    Id,
    Input,
    Name,
    NotNull,
    Phone,
    SearchText,
    UserRef,
)
from rightthere.customers.models import CustomerKind

Language = Annotated[
    str,
    Field(
        max_length=10,
        description="Language of their mails and status page: 'en-gb', 'en-us' or 'de'; "
        "empty: the business's (Business profile).",
    ),
]


class ContactCreate(Input):
    name: Name
    email: Email = ""
    phone: Phone = ""
    language: Language = ""


class ContactUpdate(Input):
    name: Annotated[Name | None, NotNull] = None
    email: Annotated[Email | None, NotNull] = None
    phone: Annotated[Phone | None, NotNull] = None
    language: Annotated[Language | None, NotNull] = None


class ContactOut(Schema):
    id: int
    customer_id: int
    name: str
    email: str
    phone: str
    language: str = Field(description="Their mails' language; empty: the customer's.")
    created_at: datetime


class ContactPage(Schema):
    items: list[ContactOut]
    next: str | None


class CustomerCreate(Input):
    name: Name
    kind: CustomerKind = CustomerKind.PERSON
    internal: bool = Field(False, description="A department or colleague of the business.")
    account_owner_id: Id | None = None
    address: Address = ""
    language: Language = ""
    contact: ContactCreate | None = Field(None, description="A first contact, if any.")


class CustomerUpdate(Input):
    name: Annotated[Name | None, NotNull] = None
    kind: Annotated[CustomerKind | None, NotNull] = None
    internal: Annotated[bool | None, NotNull] = None
    account_owner_id: Id | None = Field(None, description="null to clear.")
    address: Annotated[Address | None, NotNull] = None
    language: Annotated[Language | None, NotNull] = None


class CustomerFilters(Schema):
    q: SearchText = Field(
        "",
        description="Part of the customer's name or of a contact's e-mail, or a contact's"
        " phone number or part of it, typed in any usual way (07700 900123, +44 7700 900123).",
    )


class CustomerOut(Schema):
    id: int
    name: str
    kind: CustomerKind
    internal: bool
    account_owner: UserRef | None
    address: str
    language: str = Field(
        description="Their mails and status page's language; empty: the business's."
    )
    created_at: datetime
    updated_at: datetime


class CustomerPage(Schema):
    items: list[CustomerOut]
    next: str | None
