"""Turning ids in a request into the objects they name, within what the caller may see.

Customers and contacts come through the permission-checked customer accessors.
People and teams are known to all staff; whether the caller may assign a case
to them is for the case action to decide.
"""

from django.db.models import BigIntegerField
from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, Team, User
from rightthere.core.compiled import CompiledModels, Param, compile_once
from rightthere.core.errors import InvalidInput
from rightthere.customers.access import access_customer, visible_customers
from rightthere.customers.models import Contact, Customer


def visible_contact(user: User, contact_id: int) -> Contact:
    """The contact if the user may see its customer, else 404."""
    if user.sees_all_cases:
        # Staff who see every case see every customer (as visible_customers says), so
        # the lookup is the same for all of them: compiled once, run with the id. It
        # is on the path of every case opened through the API.
        found = compile_once("contact with its customer", _contact_with_customer).fetch(
            {"contact_id": contact_id}
        )
        if found:
            return found[0]
        raise Http404("No such contact")
    contacts = Contact.objects.select_related("customer").filter(
        customer__in=visible_customers(user)
    )
    try:
        return contacts.get(pk=contact_id)
    except Contact.DoesNotExist:
        raise Http404("No such contact") from None


def _contact_with_customer() -> CompiledModels[Contact]:
    return CompiledModels(
        Contact.objects.select_related("customer")
        .filter(pk=Param("contact_id", BigIntegerField()))
        .order_by()
    )


def customer_and_contact(
    user: User, customer_id: int | None, contact_id: int | None
) -> tuple[Customer, Contact | None]:
    """The customer a new case is for: given directly, or as the contact's customer."""
    contact = visible_contact(user, contact_id) if contact_id is not None else None
    if customer_id is not None:
        return access_customer(user, customer_id), contact
    if contact is not None:
        return contact.customer, contact
    raise InvalidInput(gettext("Give a customer_id or a contact_id: a case needs a customer."))


def person(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise InvalidInput(gettext("There is no active user with id %(id)s.") % {"id": user_id})
    return found


def partner(partner_id: int | None) -> PartnerCompany | None:
    if partner_id is None:
        return None
    found = PartnerCompany.objects.filter(pk=partner_id).first()
    if found is None:
        raise InvalidInput(
            gettext("There is no partner company with id %(id)s.") % {"id": partner_id}
        )
    return found


def team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    found = Team.objects.filter(pk=team_id).first()
    if found is None:
        raise InvalidInput(gettext("There is no team with id %(id)s.") % {"id": team_id})
    return found
