"""The "New case" form, for phone calls and walk-ins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import can_manage_cases
from rightthere.cases.forms import NewCaseForm
from rightthere.cases.models import Case, Channel, Direction
from rightthere.core.errors import CaseError
from rightthere.customers.actions import add_contact, create_customer, set_address
from rightthere.customers.models import Customer
from rightthere.desk import opening


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not can_manage_cases(user):
        raise PermissionDenied(gettext("Only owners and agents open cases."))
    initial = {}
    if request.GET.get("customer", "").isdecimal():
        initial["customer"] = Customer.objects.filter(pk=request.GET["customer"]).first()
    form = NewCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = _open_from_form(user, data)
                opening.acknowledge_by_text(case)  # a caller with only a mobile number
        except CaseError as exc:
            form.add_error(getattr(exc, "field", None), exc.message)
        else:
            messages.success(
                request, gettext("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect("case_detail", pk=case.pk)
    return render(request, "cases/new_case.html", {"form": form})


def _open_from_form(user: User, data: dict) -> Case:
    customer = data["customer"]
    contact = None
    if customer is None:
        customer = create_customer(
            name=data["new_customer_name"],
            kind=data["new_customer_kind"],
            internal=data["new_customer_internal"],
            contact_name=data["new_customer_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            address=data["address"],
        )
        contact = customer.contacts.first()
    elif data["contact_email"] or data["contact_phone"]:
        contact = customer.contacts.filter(email__iexact=data["contact_email"]).first() if data[
            "contact_email"
        ] else None  # fmt: skip
        if contact is None:
            contact = add_contact(
                customer,
                name=customer.name,
                email=data["contact_email"],
                phone=data["contact_phone"],
            )
    else:
        contact = customer.contacts.first()
    if data["address"]:
        set_address(customer, data["address"])
    return opening.open_case(
        actor=user,
        subject=data["subject"],
        customer=customer,
        contact=contact,
        channel=Channel.INTERNAL if customer.internal else Channel.PHONE,
        kind=data["kind"],
        priority=data["priority"],
        assignee=data["assignee"],
        team=data["team"],
        body_text=data["body"],
        direction=Direction.INBOUND,
    )
