"""Customer list and page (all their cases and history)."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.accounts.profile import LANGUAGES
from rightthere.cases.access import visible_cases
from rightthere.cases.models.case import IS_OPEN
from rightthere.core.errors import InvalidInput
from rightthere.customers import actions
from rightthere.customers.access import access_customer, can_edit_customers, visible_customers
from rightthere.customers.forms import AddressForm, ContactForm, CustomerForm, NoteForm
from rightthere.customers.models import Contact, Customer
from rightthere.customers.search import customers_matching

PAGE_SIZE = 30


def _page(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return max(int(value), 1) if value.isdecimal() and len(value) < 10 else 1


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    audience = request.GET.get("audience", "")
    customers = visible_customers(user).select_related("account_owner", "relationship")
    if query:
        customers = customers_matching(query, within=customers)
    if audience == "internal":
        customers = customers.filter(internal=True)
    elif audience == "external":
        customers = customers.filter(internal=False)
    from rightthere.insights.customer_list import (
        filter_by_relationship,  # insights builds on customers
    )

    customers, relationship, relationship_counts = filter_by_relationship(
        customers, request.GET.get("relationship", "")
    )
    customers = customers.annotate(
        open_cases=Count(
            "cases", filter=Q(cases__in=visible_cases(user).filter(IS_OPEN)), distinct=True
        )
    ).order_by("name", "id")
    page = _page(request)
    window = list(customers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "customers/customer_list.html",
        {
            "customers": window[:PAGE_SIZE],
            "has_next": len(window) > PAGE_SIZE,
            "page": page,
            "query": query,
            "audience": audience,
            "relationship": relationship,
            "relationship_counts": relationship_counts,
            "base_query": params.urlencode(),
            "can_edit": can_edit_customers(user),
        },
    )


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _detail(request, user, access_customer(user, pk))


def _detail(
    request: HttpRequest,
    user: User,
    customer: Customer,
    address_form: AddressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    cases = (
        visible_cases(user)
        .filter(customer=customer)
        .select_related("assignee")
        .order_by("-created_at")
    )
    page = _page(request)
    window = list(cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "language_label": dict(LANGUAGES).get(customer.language, ""),
            "contacts": _with_language_labels(customer.contacts.all()),
            "notes": customer.notes.select_related("author")[:50]
            if can_edit_customers(user)
            else [],
            "cases": window[:PAGE_SIZE],
            "has_next": len(window) > PAGE_SIZE,
            "page": page,
            "can_edit": can_edit_customers(user),
            "contact_form": ContactForm(),
            "note_form": NoteForm(),
            "address_form": address_form or AddressForm(),
        },
        status=status,
    )


def _with_language_labels(contacts: Iterable[Contact]) -> list[Contact]:
    """The contacts, each with `language_label` ("Deutsch"; "" for the customer's)."""
    names = dict(LANGUAGES)
    listed = list(contacts)
    for contact in listed:
        contact.language_label = names.get(contact.language, "")  # type: ignore[attr-defined]
    return listed


def _require_editor(user: User) -> None:
    if not can_edit_customers(user):
        raise PermissionDenied(gettext("Only owners and agents change customers."))


@login_required
def customer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    customer = access_customer(user, pk) if pk is not None else None
    _require_editor(user)
    form = CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if customer is None:
            customer = actions.create_customer(**data)
            messages.success(request, gettext("Customer %(name)s added.") % {"name": customer.name})
        else:
            actions.update_customer(customer, **data)
            messages.success(request, gettext("Customer saved."))
        return redirect("customer_detail", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    customer = access_customer(user, pk)
    _require_editor(user)
    form = ContactForm(request.POST)
    if form.is_valid():
        actions.add_contact(customer, **form.cleaned_data)
        messages.success(request, gettext("Contact added."))
    else:
        messages.error(request, gettext("Check the contact: %(problems)s") % {"problems": "; ".join(
            f"{field}: {' '.join(str(e) for e in errs)}" for field, errs in form.errors.items())})  # fmt: skip
    return redirect("customer_detail", pk=customer.pk)


@login_required
@require_POST
def address_set(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer page's "Add their address", for a customer who has none yet: a
    refusal shows the page again with what was typed, the reason under the field."""
    user: User = request.user  # type: ignore[assignment]
    customer = access_customer(user, pk)
    _require_editor(user)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            actions.update_customer(customer, address=form.cleaned_data["address"])
        except InvalidInput as error:
            form.add_error("address", error.message)
        else:
            messages.success(request, gettext("Address saved."))
            return redirect("customer_detail", pk=customer.pk)
    return _detail(request, user, customer, address_form=form, status=400)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    customer = access_customer(user, pk)
    _require_editor(user)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.add_customer_note(customer, author=user, text=form.cleaned_data["text"])
        messages.success(request, gettext("Note added."))
    else:
        messages.error(request, gettext("Write a note before saving."))
    return redirect("customer_detail", pk=customer.pk)
