"""Every write to customers and contacts goes through these functions."""

from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.functions import Lower

from rightthere.accounts.models import User
from rightthere.cases.errors import CaseError
from rightthere.customers.models import Contact, Customer, CustomerKind, CustomerNote


@transaction.atomic
def create_customer(
    *,
    name: str,
    kind: str = CustomerKind.PERSON,
    internal: bool = False,
    account_owner: User | None = None,
    address: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Customer:
    """Create a customer, with a first contact when any contact detail is given."""
    customer = Customer.objects.create(
        name=name.strip(),
        kind=kind,
        internal=internal,
        account_owner=account_owner,
        address=address,
    )
    if contact_name or contact_email or contact_phone:
        add_contact(
            customer,
            name=contact_name or name,
            email=contact_email,
            phone=contact_phone,
        )
    return customer


def update_customer(customer: Customer, **fields: object) -> Customer:
    allowed = {"name", "kind", "internal", "account_owner", "address"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} on a customer")
    for name, value in fields.items():
        setattr(customer, name, value)
    with transaction.atomic():
        customer.save()
        if "internal" in fields:
            # Cases keep a copy for fast inbox filters.
            customer.cases.exclude(internal=customer.internal).update(internal=customer.internal)
    return customer


class CustomerHasCases(CaseError):
    code = "conflict"
    http_status = 409


def delete_customer(customer: Customer) -> None:
    """Delete a customer that has no cases; one with cases is kept for their history."""
    refusal = f"{customer.name} has cases, so it cannot be deleted: cases keep their customer."
    if customer.cases.exists():
        raise CustomerHasCases(refusal)
    try:
        with transaction.atomic():
            customer.delete()
    except ProtectedError as error:  # a case was opened meanwhile
        raise CustomerHasCases(refusal) from error


def add_contact(customer: Customer, *, name: str, email: str = "", phone: str = "") -> Contact:
    return Contact.objects.create(
        customer=customer, name=name.strip(), email=email.strip(), phone=phone.strip()
    )


def update_contact(contact: Contact, **fields: object) -> Contact:
    allowed = {"name", "email", "phone"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} on a contact")
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    return contact


def delete_contact(contact: Contact) -> None:
    contact.delete()


def add_customer_note(customer: Customer, *, author: User, text: str) -> CustomerNote:
    return CustomerNote.objects.create(customer=customer, author=author, text=text.strip())


def find_contact_by_email(email: str) -> Contact | None:
    """Match a contact case-insensitively, the way mail senders are matched."""
    # Lower(email) = lower(value) uses the contact_email_lower index; iexact would not.
    return (
        Contact.objects.select_related("customer")
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .order_by("pk")
        .first()
    )


def contact_for_sender(*, name: str, email: str) -> Contact:
    """The contact writing from `email` (matched case-insensitively), created with a new
    customer when the address is unknown. Used by the web form and incoming mail."""
    existing = find_contact_by_email(email)
    if existing is not None:  # the common case needs no transaction of its own
        return existing
    with transaction.atomic():
        existing = find_contact_by_email(email)
        if existing is not None:
            return existing
        display = name.strip() or email.split("@", 1)[0]
        customer = create_customer(name=display, contact_name=display, contact_email=email.strip())
        return customer.contacts.get()
