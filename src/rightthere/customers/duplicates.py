"""Is a "new" caller someone we know already? The same e-mail or phone number, exactly.

Before a new customer is made for a case (the New case form, POST /api/cases with a
`new_customer`), the contact details given are looked up among the existing contacts:
an e-mail without regard to case, a phone number however it was typed ("07700 900126",
"+44 7700 900126"; stored in E.164, or as dialled at home for an imported one). A name
alone is not enough: two people may share one.
"""

from dataclasses import dataclass

import phonenumbers
from django.db.models import Count, Q, QuerySet

from rightthere.cases.models import OPEN_STATUSES
from rightthere.customers import phones
from rightthere.customers.models import Contact, Customer
from rightthere.customers.search import customers_matching, phone_digits


@dataclass(frozen=True)
class ExistingCustomer:
    id: int
    name: str
    open_cases: int
    matched_by: str  # "email" or "phone"


def phone_forms(raw: str) -> list[str]:
    """The stored forms `raw` may have, without separators: E.164 and, for a number of
    the business's country, as dialled at home. [] when `raw` is not a phone number."""
    number = phones.parse(raw.strip()) if raw and raw.strip() else None
    if number is None:
        return []
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    forms = [e164]
    code = str(phonenumbers.country_code_for_region(phones.default_region()) or "")
    if code and number.country_code == int(code):
        forms.append("0" + e164[len(code) + 1 :])
    return forms


def _same_details(email: str, phone: str) -> tuple[Q, Q]:
    by_email = Q(email__iexact=email.strip()) if email and email.strip() else Q(pk__in=[])
    forms = phone_forms(phone)
    by_phone = Q(phone_digits__in=forms) if forms else Q(pk__in=[])
    return by_email, by_phone


def contacts_with(email: str, phone: str) -> QuerySet[Contact]:
    """Contacts with this e-mail or this phone number (exactly, after normalising)."""
    by_email, by_phone = _same_details(email, phone)
    return Contact.objects.alias(phone_digits=phone_digits()).filter(by_email | by_phone)


def existing_customer(
    *, email: str = "", phone: str = "", within: QuerySet[Customer]
) -> ExistingCustomer | None:
    """The customer among `within` one of whose contacts has this e-mail or phone
    number, with how many open cases they have; the e-mail's match first, then the
    oldest customer. None when nothing matches (or nothing was given)."""
    by_email, by_phone = _same_details(email, phone)
    rows = list(
        Contact.objects.alias(phone_digits=phone_digits())
        .filter(by_email | by_phone, customer__in=within.order_by().values("id"))
        .order_by("customer_id", "id")
        .values_list("customer_id", "email", "customer__name")[:20]
    )
    if not rows:
        return None
    wanted = (email or "").strip().lower()
    by_mail = [row for row in rows if wanted and row[1].lower() == wanted]
    customer_id, _, name = (by_mail or rows)[0]
    open_cases = Customer.objects.filter(pk=customer_id).aggregate(
        count=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES))
    )["count"]
    return ExistingCustomer(
        id=customer_id,
        name=name,
        open_cases=open_cases,
        matched_by="email" if by_mail else "phone",
    )


def contact_of(customer: Customer, *, email: str = "", phone: str = "") -> Contact | None:
    """The customer's contact with this e-mail or phone number, if they have one (the
    e-mail's first): a caller picked from the list is not added as a second contact."""
    found = list(contacts_with(email, phone).filter(customer=customer).order_by("id"))
    wanted = (email or "").strip().lower()
    by_mail = [contact for contact in found if wanted and contact.email.lower() == wanted]
    first = by_mail or found
    return first[0] if first else None


@dataclass(frozen=True)
class CustomerChoice:
    """A customer offered on the New case form: who, how to reach them, open cases."""

    id: int
    name: str
    detail: str  # their first contact's e-mail and phone number, as people write them
    open_cases: int


MAX_CHOICES = 8


def customer_choices(
    text: str, *, within: QuerySet[Customer], picked: int | None = None
) -> list[CustomerChoice]:
    """The customers among `within` that `text` finds (`customers_matching`: a name, an
    e-mail, a phone number typed any way), by name, at most MAX_CHOICES; the `picked`
    customer first when given (still shown after the text changed). [] for no text."""
    wanted = text.strip()[:200]
    found = (
        list(
            customers_matching(wanted, within=within)
            .order_by("name", "id")
            .values_list("id", flat=True)[:MAX_CHOICES]
        )
        if wanted
        else []
    )
    ids = ([picked] if picked is not None else []) + [pk for pk in found if pk != picked]
    if not ids:
        return []
    rows = (
        within.filter(pk__in=ids)
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES)))
        .prefetch_related("contacts")
    )
    by_id = {customer.pk: customer for customer in rows}
    return [_choice(by_id[pk]) for pk in ids if pk in by_id]


def _choice(customer: Customer) -> CustomerChoice:
    contacts = sorted(customer.contacts.all(), key=lambda contact: contact.pk)
    contact = contacts[0] if contacts else None
    parts = [contact.email, phones.readable(contact.phone)] if contact is not None else []
    return CustomerChoice(
        id=customer.pk,
        name=customer.name,
        detail=" · ".join(part for part in parts if part),
        open_cases=customer.open_cases,  # type: ignore[attr-defined]
    )
