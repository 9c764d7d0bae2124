"""Book a visit from the case page: the slot finder's suggestions, one click each, or a
time and technician picked by hand. Owners and agents only; the booking itself is the
desk's use case (the customer gets the date with a calendar invite)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.cases.access import access_case
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import visit_choice as desk_visit_choice
from rightthere.desk import visits as desk_visits
from rightthere.field import booking
from rightthere.field.access import chosen_doer
from rightthere.field.models import Skill, TechnicianProfile
from rightthere.field.views.day import _local

DEFAULT_MINUTES = 60


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise PermissionDenied(gettext("Only owners and agents book visits."))
    return user


def _skill(text: str | None) -> Skill | None:
    text = (text or "").strip()
    if not (text.isdecimal() and len(text) < 19):
        return None
    return Skill.objects.filter(pk=int(text)).first()


def _minutes(text: str | None) -> int:
    text = (text or "").strip()
    return int(text) if text.isdecimal() and len(text) < 5 else DEFAULT_MINUTES


@login_required
@require_GET
def visit_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """The booking part of the field panel: the earliest slots and the by-hand form."""
    user = _manager(request)
    case = access_case(user, pk)
    skill = _skill(request.GET.get("skill"))
    minutes = _minutes(request.GET.get("duration"))
    technicians = User.objects.filter(
        role=Role.TECHNICIAN, is_active=True, field_profile__active=True
    ).order_by("first_name", "username")
    partners = PartnerCompany.objects.filter(field_profile__active=True).order_by("name")
    set_up = TechnicianProfile.objects.filter(active=True, user__is_active=True).exists()
    proposal = None
    error = ""
    if set_up or partners.exists():
        now = timezone.now()
        try:
            proposal = booking.propose(
                case, skill=skill, duration=timedelta(minutes=minutes), earliest=now,
                deadline=booking.promise_window(case, now), count=5,
            )  # fmt: skip
        except CaseError as problem:
            error = problem.message
    # htmx asks for the panel's part; without JavaScript it is a page of its own.
    template = "field/_book.html" if request.headers.get("HX-Request") else "field/book_page.html"
    return render(request, template, {
        "case": case, "proposal": proposal, "error": error, "set_up": set_up,
        "technicians": technicians, "partners": partners,
        "skills": Skill.objects.all(), "skill": skill, "minutes": minutes,
    })  # fmt: skip


@login_required
@require_POST
def book_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Book the chosen slot (or the time picked by hand) through the desk's use case."""
    user = _manager(request)
    case = access_case(user, pk)
    back = reverse("case_detail", args=[case.pk]) + "#book-visit"
    suggested = request.POST.get("suggested") == "1"
    kind, _, doer = request.POST.get("doer", "").partition(":")
    try:
        technician, partner = chosen_doer(kind, doer)
    except ValueError:
        messages.error(request, gettext("Choose a technician or a partner for the visit."))
        return redirect(back)
    try:
        starts_at = _local(request.POST.get("starts_at", ""))
    except InvalidInput as error:
        messages.error(
            request, gettext("Could not book that time: %(problem)s") % {"problem": error.message}
        )
        return redirect(back)
    try:
        visit = desk_visits.book_visit(
            case, actor=user, starts_at=starts_at,
            duration_minutes=_minutes(request.POST.get("duration")),
            technician=technician, partner=partner, skill=_skill(request.POST.get("skill")),
        )  # fmt: skip
    except InvalidInput as error:
        if suggested and starts_at <= timezone.now():
            messages.error(
                request, gettext("That slot has passed meanwhile. Here are fresh suggestions.")
            )
        elif suggested:
            messages.error(request, gettext("That slot was taken meanwhile: %(problem)s "
                                            "Here are fresh suggestions.") % {"problem": error.message})  # fmt: skip
        else:
            messages.error(
                request,
                gettext("Could not book that time: %(problem)s") % {"problem": error.message},
            )
        return redirect(back)
    except CaseError as error:
        if error.http_status == 403:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(back)
    when = timezone.localtime(visit.starts_at)
    back = reverse("case_detail", args=[case.pk]) + "#field-visits"
    messages.success(request, gettext(
        "Visit booked for %(when)s with %(name)s; the customer has the date and a calendar invite."
    ) % {"when": date_format(when, "D d M H:i"), "name": visit.doer_name})  # fmt: skip
    return redirect(back)


@login_required
@require_POST
def offer_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """Let the customer choose a time: they are mailed the best slots, and pick one (or
    move it later) on their status page."""
    user = _manager(request)
    case = access_case(user, pk)
    back = reverse("case_detail", args=[case.pk]) + "#book-visit"
    try:
        desk_visit_choice.offer_visit_slots(
            case,
            actor=user,
            skill=_skill(request.POST.get("skill")),
            duration_minutes=_minutes(request.POST.get("duration")),
        )
    except CaseError as error:
        if error.http_status == 403:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, gettext("The customer has the free times by mail and on their status page; "
                                      "you will be notified when they choose."))  # fmt: skip
    return redirect(back)
