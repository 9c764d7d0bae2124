"""Finding customers by what a caller gives: a name, an e-mail or part of a phone number.

`find_customers` names the customers the inbox's search found; `customers_matching`
narrows a list of customers (the Customers page, GET /api/customers?q=) the same way.

The inbox's search looks here first (customers and contacts are a small table next to
the cases) and then lists the cases of the customers found through the cases' indexed
customer key, rather than copying names, e-mails and numbers into every case's
search document. On PostgreSQL the substring lookups are served by trigram indexes
(migration 0005); on SQLite, where desks are small, they scan the two tables.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.db.models import CharField, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from rightthere.customers import phones
from rightthere.customers.models import Contact, Customer

MIN_TEXT = 3  # shorter names match too much (and a trigram needs three characters)
MIN_DIGITS = 4  # the shortest part of a number looked up ("0106", the last four digits)
MAX_CUSTOMERS = 10

_PHONE_TYPED = re.compile(r"\+?[\d\s().\-/]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CustomerMatch:
    id: int
    name: str
    # The contact's name, e-mail or number that matched; "" when the customer's name did.
    matched: str = ""


def phone_patterns(text: str) -> list[tuple[str, str]]:
    """Lookups ("contains" or "startswith", digits) that find `text`, a phone number or a part of one, among the stored
    numbers without their spaces, dashes, dots and brackets (`phone_digits`), however
    it was typed: "900106", "900 106", "07700 900106", "+44 7700 900106", "0044 7700
    900106". Numbers are stored in E.164 (+447700900106); an imported one may be kept as
    it came (07700 900106), so the business's own numbers are looked up both ways.
    [] when `text` is not (part of) a phone number."""
    typed = text.strip()
    if not _PHONE_TYPED.fullmatch(typed):
        return []
    digits = re.sub(r"\D", "", typed)
    if len(digits) < MIN_DIGITS:
        return []
    code = str(phonenumbers.country_code_for_region(phones.default_region()) or "")
    if typed.startswith("+") or digits.startswith("00"):  # with its country code
        international = digits[2:] if not typed.startswith("+") else digits
        patterns = [("startswith", "+" + international)]
        if code and international.startswith(code):  # a home number, kept as dialled
            patterns.append(("startswith", "0" + international[len(code) :]))
        return patterns
    patterns = [("contains", digits)]  # any part of the number, as typed
    if digits.startswith("0") and code:
        # As dialled at home: the trunk 0 stands for the business's country code.
        patterns.append(("startswith", f"+{code}{digits[1:]}"))
    return patterns


class PhoneDigits(Func):
    """A phone number without the separators people type (" ", "-", ".", "(", ")"): the
    expression the trigram index contact_phone_digits_trgm is built on. The separators
    are written into the SQL rather than sent as values, so that a prepared statement's
    generic plan still matches the index's expression."""

    template = (
        "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(%(expressions)s,"
        " ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')"
    )
    output_field = CharField()


def phone_digits() -> PhoneDigits:
    return PhoneDigits(F("phone"))


def _phone_matches(patterns: list[tuple[str, str]]) -> Q:
    condition = Q()
    for lookup, digits in patterns:
        condition |= Q(**{f"phone_digits__{lookup}": digits})
    return condition


def find_customers(
    text: str, *, within: QuerySet[Customer], limit: int = MAX_CUSTOMERS
) -> list[CustomerMatch]:
    """Customers among `within` whose name, or a contact's name, e-mail or phone
    number, holds `text`; by name, at most `limit`. Two statements at most."""
    words = _SPACES.sub(" ", text.strip())
    patterns = phone_patterns(words)
    by_text = len(words) >= MIN_TEXT and not patterns
    if not by_text and not patterns:
        return []
    found: dict[int, CustomerMatch] = {}
    if by_text:
        for pk, name in (
            within.filter(name__icontains=words).order_by("name", "id").values_list("id", "name")
        )[:limit]:
            found[pk] = CustomerMatch(pk, name)
    contacts = Contact.objects.all()
    if within.query.where:  # a technician's or partner's customers; everyone's needs no join
        contacts = contacts.filter(customer__in=within.order_by().values("id"))
    if by_text:
        contacts = contacts.filter(Q(name__icontains=words) | Q(email__icontains=words))
    else:
        contacts = contacts.alias(phone_digits=phone_digits()).filter(_phone_matches(patterns))
    rows = contacts.order_by("name", "id").values_list(
        "customer_id", "customer__name", "name", "email", "phone"
    )[: limit * 2]
    for customer_id, customer_name, name, email, phone in rows:
        if customer_id in found:
            continue
        if patterns:
            matched = phones.readable(phone)
        elif words.lower() in name.lower():
            matched = name
        else:
            matched = email
        if matched == customer_name:  # a person's own contact: nothing to add
            matched = ""
        found[customer_id] = CustomerMatch(customer_id, customer_name, matched)
    return sorted(found.values(), key=lambda match: (match.name.lower(), match.id))[:limit]


def customers_matching(text: str, *, within: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers among `within` whose name or a contact's e-mail holds `text`, or a
    contact's phone number, however it was typed ("07700 900123", "+44 7700 900123",
    "7700900123", as `phone_patterns` reads it for the inbox's search). Each customer
    once: the contacts are a subquery, not a join."""
    words = _SPACES.sub(" ", text.strip())
    if not words:
        return within
    by_contact = Q(email__icontains=words)
    patterns = phone_patterns(words)
    if patterns:
        by_contact |= _phone_matches(patterns)
    contacts = Contact.objects.alias(phone_digits=phone_digits()).filter(by_contact)
    return within.filter(Q(name__icontains=words) | Q(pk__in=contacts.values("customer_id")))


def reply_email(contact: str = "contact", customer: str = "customer_id") -> Coalesce:
    """For rows that name a contact and a customer (a case): the contact's e-mail, else the
    first e-mail among the customer's contacts, else "". An expression of the row's own
    statement (a subquery on the contacts' customer key), so a page of cases shows it
    without a statement per case."""
    first = (
        Contact.objects.filter(customer_id=OuterRef(customer))
        .exclude(email="")
        .order_by("id")
        .values("email")[:1]
    )
    return Coalesce(
        NullIf(F(f"{contact}__email"), Value("")),
        Subquery(first),
        Value(""),
        output_field=CharField(),
    )
