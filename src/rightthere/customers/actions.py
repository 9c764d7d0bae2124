"""Every write to customers and contacts goes through these functions."""

from django.db import transaction
from django.db.models import CharField, ProtectedError
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.core.compiled import CompiledModels, Param, compile_once
from rightthere.core.errors import CaseError, InvalidField
from rightthere.core.rows import insert_row
from rightthere.customers import phones
from rightthere.customers.language import clean_language
from rightthere.customers.models import Contact, Customer, CustomerKind, CustomerNote


@transaction.atomic
def create_customer(
    *,
    name: str,
    kind: str = CustomerKind.PERSON,
    internal: bool = False,
    account_owner: User | None = None,
    address: str = "",
    language: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Customer:
    """Create a customer, with a first contact when any contact detail is given."""
    customer, _ = _create_customer(
        name=name,
        kind=kind,
        internal=internal,
        account_owner=account_owner,
        address=address,
        language=language,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    return customer


def _create_customer(
    *,
    name: str,
    kind: str = CustomerKind.PERSON,
    internal: bool = False,
    account_owner: User | None = None,
    address: str = "",
    language: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> tuple[Customer, Contact | None]:
    """`create_customer`, in the caller's transaction, with the contact it made."""
    # core.rows: one plain INSERT each, as create() would write them (a new sender of
    # the web form or a mail: ~400 Python calls fewer, #23).
    customer = insert_row(
        Customer(
            name=name.strip(),
            kind=kind,
            internal=internal,
            account_owner=account_owner,
            address=clean_address(address),
            language=clean_language(language),
        )
    )
    contact = None
    if contact_name or contact_email or contact_phone:
        contact = add_contact(
            customer,
            name=contact_name or name,
            email=contact_email,
            phone=contact_phone,
        )
    return customer, contact


def update_customer(customer: Customer, **fields: object) -> Customer:
    allowed = {"name", "kind", "internal", "account_owner", "address", "language"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} on a customer")
    if "language" in fields:
        fields["language"] = clean_language(str(fields["language"] or ""))
    if "address" in fields:
        fields["address"] = clean_address(str(fields["address"] or ""))
    for name, value in fields.items():
        setattr(customer, name, value)
    with transaction.atomic():
        customer.save()
        if "internal" in fields:
            # Cases keep a copy for fast inbox filters.
            customer.cases.exclude(internal=customer.internal).update(internal=customer.internal)
    return customer


ADDRESS_MAX_LENGTH = 1000


def clean_address(raw: str) -> str:
    """The address as stored (trimmed); InvalidField("address") when it is too long
    to be an address."""
    text = (raw or "").replace("\x00", "").strip()
    if len(text) > ADDRESS_MAX_LENGTH:
        raise InvalidField(
            "address",
            gettext(
                "Keep the address under %(limit)s characters: this one has %(count)s. "
                "Put directions or door codes in the message instead."
            )
            % {"limit": f"{ADDRESS_MAX_LENGTH:,}", "count": f"{len(text):,}"},
        )
    return text


def set_address(customer: Customer, address: str) -> Customer:
    """Where the customer's visits go (a visit booked without an address of its own
    takes it): the staff's new-case form, the customer page and the API's new case."""
    text = clean_address(address)
    if text != customer.address:
        customer.address = text
        customer.save(update_fields=["address", "updated_at"])
    return customer


def fill_in_details(contact: Contact, *, address: str = "", phone: str = "") -> dict[str, str]:
    """What a customer gave about themselves without logging in (the contact form):
    the address goes on their customer and the phone on the contact where these have
    none. One that differs from what is stored is not written over (anyone who knows
    the e-mail address can send the form): it is returned, for the staff to check."""
    given = {"address": clean_address(address), "phone": phones.normalise(phone)}
    customer = contact.customer
    stored = {"address": customer.address, "phone": contact.phone}
    different = {k: v for k, v in given.items() if v and stored[k] and v != stored[k]}
    if given["address"] and not customer.address:
        customer.address = given["address"]
        customer.save(update_fields=["address", "updated_at"])
    if given["phone"] and not contact.phone:
        contact.phone = given["phone"]
        contact.save(update_fields=["phone"])
    return different


class CustomerHasCases(CaseError):
    code = "conflict"
    http_status = 409


def delete_customer(customer: Customer) -> None:
    """Delete a customer that has no cases; one with cases is kept for their history."""
    refusal = gettext("%(name)s has cases, so it cannot be deleted: cases keep their customer.") % {
        "name": customer.name
    }
    if customer.cases.exists():
        raise CustomerHasCases(refusal)
    try:
        with transaction.atomic():
            customer.delete()
    except ProtectedError as error:  # a case was opened meanwhile
        raise CustomerHasCases(refusal) from error


def add_contact(
    customer: Customer, *, name: str, email: str = "", phone: str = "", language: str = ""
) -> Contact:
    """A contact; the phone stored in E.164 (`customers.phones`), InvalidInput when it is
    not a phone number; `language` for their mails ("" for the customer's)."""
    return insert_row(Contact(
        customer=customer, name=name.strip(), email=email.strip(), phone=phones.normalise(phone),
        language=clean_language(language),
    ))  # fmt: skip


def update_contact(contact: Contact, **fields: object) -> Contact:
    allowed = {"name", "email", "phone", "language"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} on a contact")
    if "language" in fields:
        fields["language"] = clean_language(str(fields["language"] or ""))
    if "phone" in fields:
        fields["phone"] = phones.normalise(str(fields["phone"] or ""))
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    return contact


def delete_contact(contact: Contact) -> None:
    contact.delete()


def add_customer_note(customer: Customer, *, author: User, text: str) -> CustomerNote:
    return CustomerNote.objects.create(customer=customer, author=author, text=text.strip())


# Every incoming mail looks its sender up. Plain SQL (Django's raw querysets still
# give model instances) costs ~60 µs a statement here, the same lookup built with
# the ORM ~400 µs (issue #3, see the mail-ingest section of docs/benchmarks.md).
# LOWER(email) uses the contact_email_lower index on SQLite and PostgreSQL.
_CUSTOMERS_CONTACT_BY_EMAIL = (
    "SELECT * FROM customers_contact WHERE customer_id = %s AND LOWER(email) = %s "
    "ORDER BY id LIMIT 1"
)


def find_contact_by_email(email: str, *, customer_id: int | None = None) -> Contact | None:
    """Match a contact case-insensitively, the way mail senders are matched.

    Among all contacts it comes with its customer; among one customer's contacts
    (`customer_id`, which the caller has) it comes without."""
    address = email.strip().lower()
    if customer_id is not None:
        found = Contact.objects.raw(_CUSTOMERS_CONTACT_BY_EMAIL, [customer_id, address])
        return next(iter(found), None)
    # Every mail and web-form message asks this: the contact and its customer in one
    # statement, compiled once (core.compiled), the address bound at each call.
    matched = compile_once("contact by e-mail with its customer", _contact_by_email).fetch(
        {"address": address}
    )
    return matched[0] if matched else None


def _contact_by_email() -> CompiledModels[Contact]:
    return CompiledModels(
        Contact.objects.select_related("customer")
        .filter(Exact(Lower("email"), Param("address", CharField())))
        .order_by("id")[:1]
    )


def contact_for_sender(*, name: str, email: str, language: str = "") -> Contact:
    """The contact writing from `email` (matched case-insensitively), created with a new
    customer when the address is unknown, who gets `language` (the one they wrote in,
    when offered and not the business's: `customers.language.learnt_language`). Used by
    the web form and incoming mail."""
    existing = find_contact_by_email(email)
    if existing is not None:  # the common case needs no transaction of its own
        return existing
    # Called in the door's transaction (the web form, mail intake), the lookup above was
    # already inside it (on SQLite, under its write lock), so it is not asked twice, and
    # no savepoint: the door rolls back as a whole on an error. That was 6 statements of
    # the 9 a new customer took (two lookups more, two savepoints, the new contact read
    # back). Called on its own, it looks again in the transaction that creates them.
    looked_in_transaction = transaction.get_connection().in_atomic_block
    with transaction.atomic(savepoint=False):
        if not looked_in_transaction:
            existing = find_contact_by_email(email)
            if existing is not None:
                return existing
        display = name.strip() or email.split("@", 1)[0]
        _, contact = _create_customer(
            name=display, contact_name=display, contact_email=email.strip(), language=language
        )
        assert contact is not None  # an e-mail address was given
        return contact
