"""Part orders from the case page (owners and agents): order a part, mark it received,
wrong or defective, or give it a new arrival date. Each calls the use case the API calls
(`field.parts.order_part`, `desk.part_orders.receive_part` / `change_part_order`); a
refusal is shown on the order's page with what was typed."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import part_orders as desk_part_orders
from rightthere.field import parts
from rightthere.field.access import access_part_order, catalogue_part
from rightthere.field.models import Part, PartOrder, RootCause, Vendor

# A day typed without a time: the part is expected that morning.
ARRIVES_AT = time(8)


@dataclass
class Typed:
    """What the person typed, shown again with the error (nothing is lost)."""

    error: str = ""
    part: str = ""
    quantity: str = "1"
    vendor: str = ""
    expected_arrival: str = ""
    root_cause: str = ""


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _arrival(text: str) -> datetime | None:
    """ "2026-12-10" (that morning) or "2026-12-10T14:00"; empty: the vendor's lead time."""
    text = text.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(gettext("Give the arrival date, e.g. 2026-12-10.")) from exc
    if len(text) <= 10:
        parsed = datetime.combine(parsed.date(), ARRIVES_AT)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _quantity(text: str) -> int:
    text = text.strip()
    if not text.isdecimal() or len(text) > 6:
        raise InvalidInput(gettext("Order 1 to 1,000 of a part."))
    return int(text)


def _vendor(text: str) -> Vendor | None:
    """The vendor chosen, or None for the part's own vendor."""
    text = text.strip()
    if not text:
        return None
    vendor = (
        Vendor.objects.filter(pk=int(text)).first() if text.isdecimal() and len(text) < 19 else None
    )
    if vendor is None:
        raise InvalidInput(gettext("Choose a vendor from the list."))
    return vendor


def _back(case_id: int) -> str:
    return reverse("case_detail", args=[case_id]) + "#field-visits"


def _day(value: datetime) -> str:
    return date_format(timezone.localtime(value), "D j M")


def _order_page(request: HttpRequest, case: Case, typed: Typed, status: int = 200) -> HttpResponse:
    fragment = request.headers.get("HX-Request") and request.method == "GET"
    template = "field/_part_order_form.html" if fragment else "field/part_order_new.html"
    return render(request, template, {
        "case": case, "typed": typed,
        "parts": Part.objects.select_related("vendor"), "vendors": Vendor.objects.all(),
        "back": _back(case.pk),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def order_part(request: HttpRequest, pk: int) -> HttpResponse:
    """Order a part for the case: from the catalogue, how many, from which vendor, due when."""
    user = _user(request)
    case = access_case(user, pk)
    if request.method == "GET":
        return _order_page(request, case, Typed(part=request.GET.get("part", "")))
    typed = Typed(part=request.POST.get("part", ""), quantity=request.POST.get("quantity", "1"),
                  vendor=request.POST.get("vendor", ""),
                  expected_arrival=request.POST.get("expected_arrival", ""))  # fmt: skip
    try:
        order = parts.order_part(case, actor=user, part=catalogue_part(typed.part),
                                 quantity=_quantity(typed.quantity), vendor=_vendor(typed.vendor),
                                 expected_arrival=_arrival(typed.expected_arrival))  # fmt: skip
    except CaseError as error:
        if error.http_status == 403:
            raise PermissionDenied(error.message) from error
        typed.error = error.message
        return _order_page(request, case, typed, status=400)
    messages.success(request, gettext("Ordered %(quantity)s × %(part)s from %(vendor)s, due %(when)s.") % {
        "quantity": order.quantity, "part": order.part.name, "vendor": order.vendor.name,
        "when": _day(order.expected_arrival),
    })  # fmt: skip
    return redirect(_back(case.pk))


def _manage_page(
    request: HttpRequest, order: PartOrder, typed: Typed, status: int = 200
) -> HttpResponse:
    return render(request, "field/part_order.html", {
        "order": order, "typed": typed, "causes": RootCause.choices, "back": _back(order.case_id),
        "can_manage": _user(request).sees_all_cases,
    }, status=status)  # fmt: skip


def _refused(
    request: HttpRequest, order: PartOrder, error: CaseError, typed: Typed
) -> HttpResponse:
    if error.http_status == 403:
        raise PermissionDenied(error.message) from error
    typed.error = error.message
    order.refresh_from_db()
    return _manage_page(request, order, typed, status=400)


@login_required
@require_http_methods(["GET"])
def part_order(request: HttpRequest, pk: int) -> HttpResponse:
    """One order: its state and, for owners and agents, what can be done with it."""
    return _manage_page(request, access_part_order(_user(request), pk), Typed())


@login_required
@require_POST
def receive_part(request: HttpRequest, pk: int) -> HttpResponse:
    """The part is in: stock goes up, the visits waiting for it are confirmed."""
    user = _user(request)
    order = access_part_order(user, pk)
    try:
        order = desk_part_orders.receive_part(order, actor=user)
    except CaseError as error:
        return _refused(request, order, error, Typed())
    messages.success(request, gettext(
        "%(part)s received; the visits waiting for it are confirmed and their customers told."
    ) % {"part": order.part.name})  # fmt: skip
    return redirect(_back(order.case_id))


@login_required
@require_POST
def change_part_order(request: HttpRequest, pk: int) -> HttpResponse:
    """A new arrival date, or the part marked wrong or defective with its root cause."""
    user = _user(request)
    order = access_part_order(user, pk)
    what = request.POST.get("change", "")
    typed = Typed(expected_arrival=request.POST.get("expected_arrival", ""),
                  root_cause=request.POST.get("root_cause", ""))  # fmt: skip
    try:
        if what == "arrival":
            arrival = _arrival(typed.expected_arrival)
            if arrival is None:
                raise InvalidInput(gettext("Give the new arrival date."))
            order = desk_part_orders.change_part_order(order, actor=user, expected_arrival=arrival)
            done = gettext("%(part)s is now due %(when)s; visits it can no longer reach in time "
                           "are moved and their customers told.") % {
                "part": order.part.name, "when": _day(order.expected_arrival)}  # fmt: skip
        elif what in ("wrong_part", "defective"):
            if not typed.root_cause:
                raise InvalidInput(gettext("Choose the root cause."))
            order = desk_part_orders.change_part_order(
                order, actor=user, root_cause=typed.root_cause,
                wrong_part=True if what == "wrong_part" else None,
                defective=True if what == "defective" else None,
            )  # fmt: skip
            done = (gettext("%(part)s marked as the wrong part.") if what == "wrong_part"
                    else gettext("%(part)s marked as defective.")) % {"part": order.part.name}  # fmt: skip
        else:
            raise InvalidInput(gettext("Choose what to change."))
    except CaseError as error:
        return _refused(request, order, error, typed)
    messages.success(request, done)
    return redirect(_back(order.case_id))
