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
from rightthere.core.errors import CaseError, CustomerExists
from rightthere.customers import duplicates
from rightthere.customers.access import visible_customers
from rightthere.customers.actions import add_contact, set_address
from rightthere.customers.models import Customer
from rightthere.desk import opening


def _check_can_open(user: User) -> None:
    if not can_manage_cases(user):
        raise PermissionDenied(gettext("Only owners and agents open cases."))


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """The form. Without JavaScript "Find" (or Enter in the search field) shows the
    customers the text finds as choices, keeping all that was typed; with htmx they come
    as the text is typed (`customer_choices`). A new caller whose e-mail or phone number
    a customer has already is shown that customer to use, or created anyway."""
    user: User = request.user  # type: ignore[assignment]
    _check_can_open(user)
    if request.method == "POST" and "find" in request.POST:
        # Only looking up the customer: the form again with what was typed, no errors.
        form = NewCaseForm(initial=request.POST.dict())
        return _render(request, form, user, picked=_picked(request.POST.get("customer")))
    initial = {}
    if request.GET.get("customer", "").isdecimal():
        initial["customer"] = visible_customers(user).filter(pk=request.GET["customer"]).first()
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("use_customer"):  # "Use this customer"
        data.setlist("customer", data.getlist("use_customer")[-1:])
    form = NewCaseForm(data, initial=initial)
    existing = None
    if data is not None and form.is_valid():
        try:
            with transaction.atomic():
                case = _open_from_form(user, form.cleaned_data)
                opening.acknowledge_by_text(case)  # a caller with only a mobile number
        except CustomerExists as exc:
            existing = exc
        except CaseError as exc:
            form.add_error(getattr(exc, "field", None), exc.message)
        else:
            messages.success(
                request, gettext("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect("case_detail", pk=case.pk)
    picked = form["customer"].value() if data is not None else initial.get("customer")
    return _render(request, form, user, picked=_picked(picked), existing=existing)


@login_required
def customer_choices(request: HttpRequest) -> HttpResponse:
    """The customers the search field's text finds, as the form's choices (htmx)."""
    user: User = request.user  # type: ignore[assignment]
    _check_can_open(user)
    form = NewCaseForm(initial={"customer": request.GET.get("customer", "")})
    return render(
        request,
        "cases/_customer_choices.html",
        _choices_context(
            request.GET.get("find_customer", ""), form, user, _picked(request.GET.get("customer"))
        ),
    )


def _picked(value: object) -> int | None:
    if isinstance(value, Customer):
        return value.pk
    text = str(value or "")
    return int(text) if text.isdecimal() and len(text) < 19 else None


def _choices_context(text: str, form: NewCaseForm, user: User, picked: int | None) -> dict:
    found = duplicates.customer_choices(
        text.replace("\x00", ""), within=visible_customers(user), picked=picked
    )
    return {
        "form": form,
        "choices": found,
        "picked": picked if any(choice.id == picked for choice in found) else None,
        "searched": bool(text.strip()),
    }


def _render(
    request: HttpRequest,
    form: NewCaseForm,
    user: User,
    *,
    picked: int | None,
    existing: CustomerExists | None = None,
) -> HttpResponse:
    text = str(form["find_customer"].value() or "")
    context = _choices_context(text, form, user, picked)
    context["existing"] = existing
    return render(request, "cases/new_case.html", context)


def _open_from_form(user: User, data: dict) -> Case:
    customer = data["customer"]
    fields = {
        "actor": user,
        "subject": data["subject"],
        "kind": data["kind"],
        "priority": data["priority"],
        "assignee": data["assignee"],
        "team": data["team"],
        "body_text": data["body"],
        "direction": Direction.INBOUND,
    }
    if customer is None:
        internal = data["new_customer_internal"]
        return opening.open_case_for_new_customer(
            new_customer=opening.NewCustomer(
                name=data["new_customer_name"],
                kind=data["new_customer_kind"],
                internal=internal,
                email=data["contact_email"],
                phone=data["contact_phone"],
                address=data["address"],
            ),
            allow_duplicate_customer=data["allow_duplicate_customer"],
            channel=Channel.INTERNAL if internal else Channel.PHONE,
            **fields,
        )
    contact = None
    if data["contact_email"] or data["contact_phone"]:
        # The contact with the e-mail or number given, else they are added as one.
        contact = duplicates.contact_of(
            customer, email=data["contact_email"], phone=data["contact_phone"]
        )
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
        customer=customer,
        contact=contact,
        channel=Channel.INTERNAL if customer.internal else Channel.PHONE,
        **fields,
    )
