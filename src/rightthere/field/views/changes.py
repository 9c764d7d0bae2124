"""Move, reassign and cancel a visit from the case page, the visit page and the schedule
board (owners and agents). Each calls the desk's use case, which tells the customer
first, with the updated calendar invite (or the cancelling one)."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import visits as desk_visits
from rightthere.field import booking
from rightthere.field.access import access_visit, chosen_doer
from rightthere.field.models import Visit
from rightthere.field.views.day import _local


def _when(value: datetime) -> str:
    """A visit's start as staff read it ("Mon 07 Dec 14:00"), in their language."""
    return date_format(timezone.localtime(value), "D d M H:i")


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise PermissionDenied(gettext("Only owners and agents move, reassign or cancel visits."))
    return user


def _next(request: HttpRequest, visit: Visit) -> str:
    """Where to go after a change: back where the form was (same site only)."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("field_visit", args=[visit.pk])


@dataclass
class Typed:
    """What the person typed, shown again with the error (nothing is lost)."""

    error: str = ""
    starts_at: str = ""
    doer: str = ""
    reason: str = ""
    cancel_reason: str = ""


def doer_choices() -> list[tuple[str, str]]:
    """Every active technician and partner company, as the doer select's options."""
    technicians = User.objects.filter(
        role=Role.TECHNICIAN, is_active=True, field_profile__active=True
    ).order_by("first_name", "username")
    partners = PartnerCompany.objects.filter(field_profile__active=True).order_by("name")
    return [(f"technician:{t.pk}", t.display_name) for t in technicians] + [
        (f"partner:{p.pk}", gettext("%(name)s (partner)") % {"name": p.name}) for p in partners
    ]


def _page(request: HttpRequest, visit: Visit, typed: Typed, status: int = 200) -> HttpResponse:
    """The move / reassign / cancel forms, with the slot finder's suggestions."""
    proposal, problem = None, ""
    if visit.is_active:
        now = timezone.now()
        try:
            proposal = booking.propose(
                visit.case, skill=visit.skill, duration=visit.ends_at - visit.starts_at,
                earliest=now, deadline=booking.promise_window(visit.case, now), count=5,
                ignore_visit=visit.pk,
            )  # fmt: skip
        except CaseError as error:
            problem = error.message
    local = timezone.localtime(visit.starts_at)
    current_doer = (
        f"technician:{visit.technician_id}"
        if visit.technician_id
        else f"partner:{visit.partner_id}"
    )
    # The slot the visit is in now is free for it, but moving there changes nothing.
    suggestions = [
        s
        for s in (proposal.slots if proposal else [])
        if (f"{s.kind}:{s.id}", s.starts_at) != (current_doer, visit.starts_at)
    ]
    template = "field/_change.html" if request.headers.get("HX-Request") else "field/change.html"
    return render(request, template, {
        "visit": visit, "proposal": proposal, "suggestions": suggestions, "problem": problem,
        "typed": typed,
        "next": _next(request, visit),
        "starts_at": typed.starts_at or f"{local:%Y-%m-%dT%H:%M}",
        "doer": typed.doer or current_doer,
        "reassign_to": typed.doer or current_doer, "doers": doer_choices(),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET"])
def change_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The forms to move, reassign or cancel the visit (a page, or the htmx fragment)."""
    user = _manager(request)
    return _page(request, access_visit(user, pk), Typed())


def _failed(request: HttpRequest, visit: Visit, error: CaseError, typed: Typed) -> HttpResponse:
    if error.http_status == 403:
        raise PermissionDenied(error.message)
    typed.error = error.message
    return _page(request, access_visit(request.user, visit.pk), typed, status=400)  # type: ignore[arg-type]


def _doer(typed: Typed) -> tuple[User | None, PartnerCompany | None]:
    kind, _, doer = typed.doer.partition(":")
    try:
        return chosen_doer(kind, doer)
    except ValueError as error:
        raise InvalidInput(gettext("Choose a technician or a partner.")) from error


@login_required
@require_POST
def move_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move to a suggested slot, or to a time (and technician) typed by hand."""
    user = _manager(request)
    visit = access_visit(user, pk)
    typed = Typed(starts_at=request.POST.get("starts_at", ""), doer=request.POST.get("doer", ""),
                  reason=request.POST.get("reason", ""))  # fmt: skip
    try:
        technician, partner = _doer(typed)
        kind, doer = ("technician", technician.pk) if technician else ("partner", partner.pk)  # type: ignore[union-attr]
        slot = booking.ChosenSlot(kind, doer, _local(typed.starts_at))
        moved = desk_visits.reschedule_visit(visit, actor=user, slot=slot, reason=typed.reason)
    except CaseError as error:
        return _failed(request, visit, error, typed)
    messages.success(request, gettext(
        "Visit moved to %(when)s with %(name)s; the customer has the new date and calendar invite."
    ) % {"when": _when(moved.starts_at), "name": moved.doer_name})  # fmt: skip
    return redirect(_next(request, moved))


@login_required
@require_POST
def reassign_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the visit to another technician or partner at the same time."""
    user = _manager(request)
    visit = access_visit(user, pk)
    typed = Typed(doer=request.POST.get("doer", ""))
    before = visit.doer_name
    try:
        technician, partner = _doer(typed)
        moved = desk_visits.reassign_visit(visit, actor=user, technician=technician,
                                           partner=partner)  # fmt: skip
    except CaseError as error:
        return _failed(request, visit, error, typed)
    if moved.doer_name == before:
        messages.info(
            request,
            gettext("The visit is already with %(name)s; nothing changed.") % {"name": before},
        )
    else:
        messages.success(
            request,
            gettext("Visit given to %(name)s; the customer has been told.")
            % {"name": moved.doer_name},
        )
    return redirect(_next(request, moved))


@login_required
@require_POST
def cancel_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel with a reason the customer reads, once the person has confirmed."""
    user = _manager(request)
    visit = access_visit(user, pk)
    typed = Typed(cancel_reason=request.POST.get("reason", ""))
    if request.POST.get("confirm") != "yes":
        return _failed(request, visit, InvalidInput(
            gettext("Tick “Yes, cancel this visit” to confirm; nothing was changed.")), typed)  # fmt: skip
    try:
        cancelled = desk_visits.cancel_visit(visit, actor=user, reason=typed.cancel_reason)
    except CaseError as error:
        return _failed(request, visit, error, typed)
    messages.success(request, gettext(
        "Visit %(when)s cancelled; the customer has been told, with a calendar update that removes it."
    ) % {"when": _when(cancelled.starts_at)})  # fmt: skip
    return redirect(_next(request, cancelled))
