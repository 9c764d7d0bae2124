"""Permission-checked access to customers.

Owners and agents see every customer; technicians and subcontractors only the
customers of cases they can see.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.customers.models import Customer


def visible_customers(user: User) -> QuerySet[Customer]:
    if not user.is_authenticated or not user.is_active:
        return Customer.objects.none()
    if user.sees_all_cases:
        return Customer.objects.all()
    from rightthere.cases.access import visible_cases

    return Customer.objects.filter(pk__in=visible_cases(user).values("customer_id"))


def access_customer(user: User, customer_id: int) -> Customer:
    customer = find_customer(user, customer_id)
    if customer is None:
        raise Http404(gettext("No such customer"))
    return customer


def find_customer(user: User, customer_id: int) -> Customer | None:
    """The customer if the user may see it, else None: for a door that answers a missing
    customer in its own words (a 400, a message on the page) rather than with a 404."""
    return visible_customers(user).filter(pk=customer_id).first()


def can_edit_customers(user: User) -> bool:
    return user.is_authenticated and user.sees_all_cases
