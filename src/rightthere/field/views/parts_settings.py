"""Settings → Parts and vendors (owners): the parts catalogue with its stock and reorder
levels, and the vendors parts are ordered from. Each form calls the `field.setup`
function the API calls (`add_part`, `change_part`, `add_vendor`, `change_vendor`,
`remove_vendor`)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.core.errors import CaseError
from rightthere.field import setup
from rightthere.field.models import Part, Vendor
from rightthere.field.views.settings import _attempt, _owner


class PartForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    vendor = forms.ModelChoiceField(
        label=gettext_lazy("Vendor"), queryset=Vendor.objects.all(),
        empty_label=gettext_lazy("Choose the vendor…"),
    )  # fmt: skip
    cost = forms.DecimalField(label=gettext_lazy("Cost"), min_value=Decimal("0"),
                              max_digits=10, decimal_places=2, initial=Decimal("0"))  # fmt: skip
    stock_on_hand = forms.IntegerField(
        label=gettext_lazy("In stock"), initial=0, min_value=-1_000_000, max_value=1_000_000,
        help_text=gettext_lazy("Goes up when an order is received, down when a visit uses one."),
    )  # fmt: skip
    reorder_level = forms.IntegerField(
        label=gettext_lazy("Reorder at"), initial=0, min_value=0, max_value=1_000_000,
        help_text=gettext_lazy("At or under this many in stock, the part shows as low stock."),
    )  # fmt: skip
    lead_time_days = forms.IntegerField(
        label=gettext_lazy("Lead time (days)"), initial=2, min_value=0, max_value=365,
        help_text=gettext_lazy("When an order gives no arrival date, it is due this many days later."),
    )  # fmt: skip


class NewPartForm(PartForm):
    sku = forms.CharField(label=gettext_lazy("SKU"), max_length=50)
    field_order = ["sku", "name", "vendor", "cost", "stock_on_hand", "reorder_level",
                   "lead_time_days"]  # fmt: skip


class VendorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Vendor name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)


def _page(request: HttpRequest, forms_in_use: dict[str, Any], status: int) -> HttpResponse:
    context = {
        "parts": Part.objects.select_related("vendor"),
        "vendors": Vendor.objects.all(),
        "part_form": NewPartForm(prefix="part"),
        "vendor_form": VendorForm(prefix="vendor"),
        **forms_in_use,
    }
    return render(request, "field/settings/parts.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def parts(request: HttpRequest) -> HttpResponse:
    """The catalogue and its vendors, and the form to add a part."""
    owner = _owner(request)
    if request.method != "POST":
        return _page(request, {}, 200)
    form = NewPartForm(request.POST, prefix="part")
    if form.is_valid():
        data = dict(form.cleaned_data)
        sku, name, vendor = data.pop("sku"), data.pop("name"), data.pop("vendor")
        made = _attempt(form, lambda: setup.add_part(owner, sku=sku, name=name, vendor=vendor,
                                                     **data), field="sku")  # fmt: skip
        if made is not None:
            messages.success(request, gettext("Part %(sku)s “%(name)s” added to the catalogue.")
                             % {"sku": made.sku, "name": made.name})  # fmt: skip
            return redirect("settings_parts")
    return _page(request, {"part_form": form}, 422)


@login_required
@require_POST
def add_vendor(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = VendorForm(request.POST, prefix="vendor")
    if form.is_valid():
        vendor = _attempt(form, lambda: setup.add_vendor(owner, name=form.cleaned_data["name"],
                                                         email=form.cleaned_data["email"] or ""),
                          field="name")  # fmt: skip
        if vendor is not None:
            messages.success(request, gettext("Vendor “%(name)s” added.") % {"name": vendor.name})
            return redirect("settings_parts")
    return _page(request, {"vendor_form": form}, 422)


@login_required
@require_http_methods(["GET", "POST"])
def part(request: HttpRequest, pk: int) -> HttpResponse:
    """One part: its name, vendor, cost, stock, reorder level and lead time."""
    owner = _owner(request)
    found = Part.objects.select_related("vendor").filter(pk=pk).first()
    if found is None:
        raise Http404("No such part")
    initial = {name: getattr(found, name) for name in setup.PART_FIELDS}
    form = PartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        if not changes:
            messages.info(request, gettext("Nothing changed."))
            return redirect("settings_parts")
        changed = _attempt(form, lambda: setup.change_part(owner, found, **changes))
        if changed is not None:
            messages.success(request, gettext("Part %(sku)s saved.") % {"sku": changed.sku})
            return redirect("settings_parts")
        found.refresh_from_db()
    status = 422 if request.method == "POST" else 200
    return render(request, "field/settings/part.html", {"part": found, "form": form}, status=status)


def _found_vendor(pk: int) -> Vendor:
    found = Vendor.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such vendor")
    return found


def _vendor_page(
    request: HttpRequest, vendor: Vendor, form: VendorForm, status: int, remove_error: str = ""
) -> HttpResponse:
    context = {"vendor": vendor, "form": form, "parts": vendor.parts.all(),
               "orders": vendor.orders.count(), "remove_error": remove_error}  # fmt: skip
    return render(request, "field/settings/vendor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vendor(request: HttpRequest, pk: int) -> HttpResponse:
    """One vendor: its name and order e-mail address, and removing it when nothing uses it."""
    owner = _owner(request)
    found = _found_vendor(pk)
    if request.method != "POST":
        return _vendor_page(request, found, VendorForm(initial={"name": found.name,
                                                                "email": found.email}), 200)  # fmt: skip
    form = VendorForm(request.POST)
    if form.is_valid():
        changed = _attempt(form, lambda: setup.change_vendor(owner, found,
                                                             name=form.cleaned_data["name"],
                                                             email=form.cleaned_data["email"] or ""),
                           field="name")  # fmt: skip
        if changed is not None:
            messages.success(request, gettext("Vendor “%(name)s” saved.") % {"name": changed.name})
            return redirect("settings_parts")
        found.refresh_from_db()
    return _vendor_page(request, found, form, 422)


@login_required
@require_POST
def remove_vendor(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    found = _found_vendor(pk)
    try:
        setup.remove_vendor(owner, found)
    except CaseError as refused:
        if refused.http_status == 403:
            raise PermissionDenied(refused.message) from refused
        form = VendorForm(initial={"name": found.name, "email": found.email})
        return _vendor_page(request, found, form, 422, remove_error=refused.message)
    messages.success(request, gettext("Vendor “%(name)s” removed.") % {"name": found.name})
    return redirect("settings_parts")
