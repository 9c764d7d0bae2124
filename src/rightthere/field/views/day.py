"""The technician's phone-sized day: today's visits, the outcome, the parts used, the part
to order, the return."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.core.public_links import public_url
from rightthere.desk import visit_day as desk_visit_day
from rightthere.desk import visits as desk_visits
from rightthere.field import agenda, booking, feeds, parts_used, reported, visit_day, visits
from rightthere.field.access import (
    access_visit,
    can_work_on_visit,
    catalogue_part,
    part_use_of,
)
from rightthere.field.models import Outcome, Part, ReturnReason, Visit, VisitStatus
from rightthere.field.slots import Proposal
from rightthere.recovery.models import active_root_causes


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _local(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(gettext("Give the date and time, e.g. 2026-11-27 14:00.")) from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _done(request: HttpRequest, pk: int, error: CaseError | None, ok: str) -> HttpResponse:
    if error is not None:
        if error.http_status == 403:
            raise PermissionDenied(error.message)
        messages.error(request, error.message)
    else:
        messages.success(request, ok)
    return redirect("field_visit", pk=pk)


# My day's tabs: which days each shows, from today.
SPANS = {"today": (0, 1), "tomorrow": (1, 1), "week": (0, agenda.WEEK_DAYS)}


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    """The technician's visits today, tomorrow or this week (a partner's users: their
    company's), with the address their phone's calendar can subscribe to."""
    user = _user(request)
    span = request.GET.get("when", "today")
    if span not in SPANS:
        span = "today"
    offset, count = SPANS[span]
    today = timezone.localdate()
    days = agenda.days_of_visits(user, today + timedelta(days=offset), count)
    feed = feeds.feed_of(user) if agenda.goes_to_visits(user) else None
    feed_url = public_url(feeds.feed_path(feed)) if feed else ""
    return render(
        request,
        "field/my_day.html",
        {
            "span": span,
            "today": today,
            "tomorrow": today + timedelta(days=1),
            "days": days,
            "next_visit": agenda.next_visit(days, timezone.now()) if span != "tomorrow" else None,
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feeds.webcal(feed_url),
            "can_set_off": agenda.goes_to_visits(user),
            **DAY_CHOICES,
        },
    )


DAY_CHOICES = {"eta_choices": visit_day.ETA_MINUTES, "late_choices": visit_day.LATE_MINUTES}


@dataclass
class TypedPart:
    """A part used as typed, shown again with the refusal (nothing is lost)."""

    error: str = ""
    part: str = ""
    quantity: str = "1"
    note: str = ""


@login_required
def visit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit on a phone: set off, record the outcome and the parts used, order the
    part, book the return."""
    user = _user(request)
    return _visit_page(request, user, access_visit(user, pk), TypedPart())


def _visit_page(
    request: HttpRequest, user: User, visit: Visit, typed: TypedPart, status: int = 200
) -> HttpResponse:
    proposal: Proposal | None = None
    chosen_part = None
    arrival = request.GET.get("arrival", "")
    if request.GET.get("part") and visit.outcome == Outcome.RETURN_NEEDED:
        try:
            chosen_part = catalogue_part(request.GET["part"])
            proposal = booking.propose_return(
                visit, actor=user, part=chosen_part,
                expected_arrival=_local(arrival) if arrival else None,
            )  # fmt: skip
        except (CaseError, ValueError) as error:
            messages.error(
                request, getattr(error, "message", gettext("Choose a part from the list."))
            )
    can_work = can_work_on_visit(user, visit)
    return render(
        request,
        "field/visit.html",
        {
            "visit": visit,
            "can_work": can_work,
            "sees_case": can_work_on(user, visit.case),
            "reasons": ReturnReason.choices,
            "causes": active_root_causes(),
            "parts": Part.objects.select_related("vendor"),
            "proposal": proposal,
            "chosen_part": chosen_part,
            "arrival": arrival,
            "return_booked": visit.returns.exists(),
            "open": visit.status in (VisitStatus.TENTATIVE, VisitStatus.CONFIRMED,
                                     VisitStatus.ON_THE_WAY),
            "is_today": timezone.localdate(visit.starts_at) == timezone.localdate(),
            "before_its_day": visits.is_before_its_day(visit, timezone.now()),
            "used": parts_used.parts_used(visit),
            "records_parts": can_work and visit.status in parts_used.RECORDABLE,
            "typed_part": typed,
            "parts_said": _parts_said(request, visit),
            "told": visit_day.told_on_the_way(visit) if visit.status == VisitStatus.ON_THE_WAY
            else None,
            "reported": reported.first_report(visit) if can_work else None,
            **DAY_CHOICES,
        },
        status=status,
    )  # fmt: skip


def _count(text: str) -> int:
    """How many, as typed: anything but a whole number from 1 to 1,000 is refused (by the use
    case, for a number out of range)."""
    text = text.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits.isdecimal() or len(digits) > 6:
        raise InvalidInput(gettext("Use 1 to 1,000 of a part."))
    return int(text)


@login_required
@require_POST
def part_used(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician records a part fitted on the visit (as POST /api/visits/{id}/parts-used)."""
    user = _user(request)
    visit = access_visit(user, pk)
    typed = TypedPart(part=request.POST.get("part", ""), quantity=request.POST.get("quantity", ""),
                      note=request.POST.get("note", ""))  # fmt: skip
    try:
        use = parts_used.record_part_used(visit, actor=user, part=catalogue_part(typed.part),
                                          quantity=_count(typed.quantity), note=typed.note)  # fmt: skip
    except CaseError as error:
        if error.http_status == 403:
            raise PermissionDenied(error.message) from error
        typed.error = error.message
        return _visit_page(request, user, visit, typed, status=422)
    return _to_parts(request, pk, gettext("Recorded: %(quantity)s x %(part)s.")
                     % {"quantity": use.quantity, "part": use.part.name})  # fmt: skip


@login_required
@require_POST
def remove_part_used(request: HttpRequest, pk: int, use_pk: int) -> HttpResponse:
    """A part recorded by mistake comes off the visit; stock goes back up."""
    user = _user(request)
    use = part_use_of(access_visit(user, pk), use_pk)
    try:
        parts_used.remove_part_used(use, actor=user)
    except CaseError as error:
        if error.http_status == 403:
            raise PermissionDenied(error.message) from error
        return _to_parts(request, pk, error.message, refused=True)
    return _to_parts(request, pk, gettext("Removed: %(quantity)s x %(part)s.")
                     % {"quantity": use.quantity, "part": use.part.name})  # fmt: skip


_PARTS_SAID = "field_parts_said"


def _to_parts(request: HttpRequest, pk: int, said: str, refused: bool = False) -> HttpResponse:
    """Back to the visit's parts used, on screen, with what was done said there, under
    the heading (the page's own messages, at its top, are out of view on a phone)."""
    request.session[_PARTS_SAID] = {"visit": pk, "text": said, "refused": refused}
    return redirect(reverse("field_visit", args=[pk]) + "#parts-used-h")


def _parts_said(request: HttpRequest, visit: Visit) -> dict | None:
    """What `_to_parts` left to say on this visit's parts used, once."""
    said = request.session.get(_PARTS_SAID)
    if not said or said.get("visit") != visit.pk:
        return None
    del request.session[_PARTS_SAID]
    return said


@login_required
@require_POST
def visit_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    visit = access_visit(user, pk)
    try:
        visits.set_visit_status(visit, actor=user, status=request.POST.get("status", ""))
    except CaseError as error:
        return _done(request, pk, error, "")
    return _done(request, pk, None, gettext("Status saved."))


@login_required
@require_POST
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    visit = access_visit(user, pk)
    outcome = request.POST.get("outcome", "")
    if outcome == Outcome.RETURN_NEEDED:
        missing = [label for name, label in (("return_reason", gettext("why a return is needed")),
                                             ("root_cause", gettext("the root cause")))
                   if not request.POST.get(name, "").strip()]  # fmt: skip
        if missing:
            return _done(
                request,
                pk,
                InvalidInput(
                    gettext("Choose %(what)s.") % {"what": gettext(" and ").join(missing)}
                ),
                "",
            )
    cause = request.POST.get("root_cause", "").strip() if outcome != "fixed" else ""
    try:
        desk_visits.record_visit_outcome(
            visit, actor=user, outcome=outcome,
            return_reason=request.POST.get("return_reason", "") if outcome != "fixed" else "",
            root_cause_id=int(cause) if cause.isdigit() else None,
            root_cause="" if cause.isdigit() else cause,
            note=request.POST.get("note", ""), early=request.POST.get("early") == "1",
        )  # fmt: skip
    except CaseError as error:
        return _done(request, pk, error, "")
    ok = (
        gettext("Well done: fixed.")
        if outcome == "fixed"
        else gettext("Now order the part and book the return.")
    )
    return _done(request, pk, None, ok)


@login_required
@require_POST
def book_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    visit = access_visit(user, pk)
    try:
        part = catalogue_part(request.POST.get("part", ""))
        arrival = request.POST.get("arrival", "")
        kind, _, doer = request.POST.get("slot_doer", "").partition(":")
        slot = booking.ChosenSlot(kind, int(doer), _local(request.POST.get("slot_start", "")))
        result = desk_visits.book_return(
            visit, actor=user, part=part, slot=slot,
            expected_arrival=_local(arrival) if arrival else None,
        )  # fmt: skip
    except ValueError:
        return _done(request, pk, InvalidInput(gettext("Choose one of the proposed slots.")), "")
    except CaseError as error:
        return _done(request, pk, error, "")
    when = timezone.localtime(result.visit.starts_at)
    return _done(request, pk, None,
                 gettext("Return visit booked for %(when)s; the customer has the date.")
                 % {"when": date_format(when, "D d M H:i")})  # fmt: skip


def _minutes(request: HttpRequest, name: str) -> int:
    text = request.POST.get(name, "").strip()
    return int(text) if text.isdecimal() and len(text) < 5 else 0


def _back(request: HttpRequest, pk: int, error: CaseError | None, ok: str) -> HttpResponse:
    """Back to My day when the button was there, else to the visit."""
    if request.POST.get("back") != "day":
        return _done(request, pk, error, ok)
    if error is not None:
        if error.http_status == 403:
            raise PermissionDenied(error.message)
        messages.error(request, error.message)
    else:
        messages.success(request, ok)
    return redirect("field_my_day")


@login_required
@require_POST
def on_my_way(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician sets off: the customer gets their name and the estimated arrival;
    the technician is told who was told and how (a repeated tap sends nothing again)."""
    user = _user(request)
    visit = access_visit(user, pk)
    minutes = _minutes(request, "eta_minutes")
    try:
        set_off = desk_visit_day.set_off_to_visit(visit, actor=user, eta_minutes=minutes)
    except CaseError as error:
        return _back(request, pk, error, "")
    return _back(request, pk, None, _told(set_off, minutes))


def _told(set_off: desk_visit_day.SetOff, minutes: int) -> str:
    """Who was told of the arrival and how, or that nothing was sent again."""
    visit = set_off.visit
    contact = visit.case.contact
    name = contact.name if contact is not None else visit.case.customer.name
    if not set_off.told:
        at = timezone.localtime(visit.expected_at) if visit.expected_at else None
        return gettext(
            "%(name)s already knows you'll be there at about %(time)s; nothing was sent again."
        ) % {"name": name, "time": f"{at:%H:%M}" if at else ""}
    if not set_off.channels:
        return gettext(
            "%(name)s has no e-mail address or mobile number: only their status page says "
            "you'll be there in about %(minutes)s min."
        ) % {"name": name, "minutes": minutes}
    if "sms" in set_off.channels and "email" in set_off.channels:
        by = gettext("by SMS and e-mail")
    elif "sms" in set_off.channels:
        by = gettext("by SMS")
    else:
        by = gettext("by e-mail")
    return gettext(
        "Safe trip: %(name)s has been told you'll be there in about %(minutes)s min (%(by)s)."
    ) % {"name": name, "minutes": minutes, "by": by}


@login_required
@require_POST
def running_late(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician runs late: the window moves and the customer is told."""
    user = _user(request)
    visit = access_visit(user, pk)
    try:
        visit = desk_visit_day.report_running_late(
            visit, actor=user, minutes=_minutes(request, "minutes")
        )
    except CaseError as error:
        return _back(request, pk, error, "")
    start = timezone.localtime(visit.starts_at)
    return _back(request, pk, None,
                 f"The customer knows: the visit now starts at {start:%H:%M}.")  # fmt: skip
