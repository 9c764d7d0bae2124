"""Settings screens for field service (owners): technicians with their skills, weekly
hours, time off and the load ceiling; partner companies with their fee and users.

Each screen parses the form and calls one `field.setup` function (the API and
`rightthere field_setup` call the same ones); a refusal is shown next to its field.
"""

from collections.abc import Callable
from datetime import time
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import PartnerCompany, User
from rightthere.accounts.roles import is_owner
from rightthere.core import time_spans
from rightthere.core.errors import CaseError, InvalidField
from rightthere.field import setup
from rightthere.field.models import (
    FeeKind,
    FieldSettings,
    PartnerProfile,
    Skill,
    TechnicianProfile,
    TimeOff,
)

DAYS = [("mon", gettext_lazy("Monday")), ("tue", gettext_lazy("Tuesday")), ("wed", gettext_lazy("Wednesday")), ("thu", gettext_lazy("Thursday")),
        ("fri", gettext_lazy("Friday")), ("sat", gettext_lazy("Saturday")), ("sun", gettext_lazy("Sunday"))]  # fmt: skip
T = TypeVar("T")


def _owner(request: HttpRequest) -> User:
    user = request.user
    if not is_owner(user):
        raise PermissionDenied(gettext("Only owners change the desk's set-up."))
    assert isinstance(user, User)
    return user


def _attempt(form: forms.Form, change: Callable[[], T], field: str | None = None) -> T | None:
    """Run one set-up function; a refusal goes next to its field (or `field`)."""
    try:
        return change()
    except InvalidField as refused:
        form.add_error(refused.field if refused.field in form.fields else field, refused.message)
    except CaseError as refused:
        if refused.http_status == 403:
            raise PermissionDenied(refused.message) from refused
        form.add_error(field, refused.message)
    return None


def parse_spans(text: str) -> list[tuple[time, time]]:
    """ "08:00-12:00, 12:30-16:30" (or "9-13", "9:30–17", "9am-1pm") -> periods, read by
    the same parser and with the same messages as the business hours
    (`core.time_spans`); empty: a day off."""
    try:
        spans = time_spans.parse_spans(text)
    except time_spans.SpanError as error:
        raise forms.ValidationError(error.message) from error
    for starts, ends in spans:
        if ends <= starts:
            raise forms.ValidationError(
                gettext("A period must end after it starts (%(part)s).")
                % {"part": f"{starts:%H:%M}-{ends:%H:%M}"}
            )
    spans.sort()
    for (_, first_ends), (second_starts, _) in zip(spans, spans[1:], strict=False):
        if second_starts < first_ends:
            raise forms.ValidationError(gettext("Two periods on this day overlap."))
    return spans


def spans_text(periods: list[Any]) -> str:
    return ", ".join(f"{p.starts:%H:%M}-{p.ends:%H:%M}" for p in periods)


class HoursMixin(forms.Form):
    """A text box per weekday: "08:00-12:00, 12:30-16:30" (two periods: a break)."""

    def add_hours_fields(self) -> None:
        for key, label in DAYS:
            self.fields[f"hours_{key}"] = forms.CharField(
                label=label, required=False, max_length=100,
                widget=forms.TextInput(attrs={"placeholder": "08:00-12:00, 12:30-16:30"}),
            )  # fmt: skip

    def periods(self) -> list[setup.Period]:
        found: list[setup.Period] = []
        for weekday, (key, _) in enumerate(DAYS):
            text = self.cleaned_data.get(f"hours_{key}", "")
            try:
                found.extend((weekday, starts, ends) for starts, ends in parse_spans(text))
            except forms.ValidationError as error:
                self.add_error(f"hours_{key}", error)
        return found

    def hours_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{key}"] for key, _ in DAYS]


class SkillsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Skills"))
        super().__init__(queryset=Skill.objects.all(), required=False,
                         widget=forms.CheckboxSelectMultiple, **kwargs)  # fmt: skip


class NewTechnicianForm(HoursMixin):
    first_name = forms.CharField(max_length=150, label=gettext_lazy("First name"))
    last_name = forms.CharField(max_length=150, required=False, label=gettext_lazy("Last name"))
    username = forms.CharField(
        max_length=150,
        label=gettext_lazy("Username"),
        help_text=gettext_lazy("What they log in with."),
    )
    email = forms.EmailField(
        required=False,
        label=gettext_lazy("Email"),
        help_text=gettext_lazy("Where their invitation and visits go."),
    )
    skills = SkillsField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_hours_fields()


class TechnicianForm(HoursMixin):
    skills = SkillsField()
    active = forms.BooleanField(required=False, label=gettext_lazy("Takes visits"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_hours_fields()


class SkillForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New skill"), max_length=100)


class LoadCeilingForm(forms.Form):
    max_load_percent = forms.IntegerField(
        label=gettext_lazy("Load ceiling (%)"), min_value=10, max_value=100,
        help_text=gettext_lazy("Book each technician's day up to this share of their hours; "
                               "the rest is slack for urgent work and overruns."),
    )  # fmt: skip


class CustomerCutoffForm(forms.Form):
    customer_cutoff_hours = forms.IntegerField(
        label=gettext_lazy("Customers may move their visit until (hours before it)"),
        min_value=0, max_value=setup.MAX_CUTOFF_HOURS,
        help_text=gettext_lazy("On their status page, among the free times; after that they "
                               "write to you. 0: until the visit starts."),
    )  # fmt: skip


class TimeOffForm(forms.Form):
    starts_at = forms.DateTimeField(label=gettext_lazy("From"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))  # fmt: skip
    ends_at = forms.DateTimeField(label=gettext_lazy("Until"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))  # fmt: skip
    reason = forms.CharField(max_length=200, required=False, label=gettext_lazy("Reason"))


def _technicians() -> list[TechnicianProfile]:
    upcoming = TimeOff.objects.filter(ends_at__gte=timezone.now())
    return list(
        TechnicianProfile.objects.select_related("user").order_by("user__first_name", "user__username")
        .prefetch_related("skills", "working_hours", Prefetch("time_off", upcoming, "upcoming"))
    )  # fmt: skip


def _partners() -> list[PartnerCompany]:
    return list(PartnerCompany.objects.select_related("field_profile")
                .prefetch_related("field_profile__skills", "users").order_by("name"))  # fmt: skip


def _page(request: HttpRequest, forms_in_use: dict[str, forms.Form], status: int) -> HttpResponse:
    context: dict[str, Any] = {
        "technicians": _technicians(), "partners": _partners(),
        "field_settings": FieldSettings.current(), "skills": list(Skill.objects.all()),
        "changes": recent_changes("technicians", "partners", limit=15), **forms_in_use,
    }  # fmt: skip
    context.setdefault("new_form", NewTechnicianForm())
    context.setdefault("skill_form", SkillForm())
    context.setdefault("load_form", LoadCeilingForm(
        initial={"max_load_percent": context["field_settings"].max_load_percent}))  # fmt: skip
    context.setdefault("cutoff_form", CustomerCutoffForm(
        initial={"customer_cutoff_hours": context["field_settings"].customer_cutoff_hours}))  # fmt: skip
    return render(request, "field/settings/technicians.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def technicians(request: HttpRequest) -> HttpResponse:
    """The technicians and partners, and the form to add a technician."""
    owner = _owner(request)
    if request.method != "POST":
        return _page(request, {}, 200)
    form = NewTechnicianForm(request.POST)
    if form.is_valid():
        periods = form.periods()
        data = form.cleaned_data
        if form.is_valid():
            made = _attempt(form, lambda: setup.add_technician(
                owner, username=data["username"], first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"] or "",
                skills=data["skills"], periods=periods), field="username")  # fmt: skip
            if made is not None:
                messages.success(request, gettext(
                    "%(name)s added; they can be booked for visits now."
                ) % {"name": made.user.display_name})  # fmt: skip
                return redirect("settings_technician", made.user_id)
    return _page(request, {"new_form": form}, 422)


@login_required
@require_POST
def add_skill(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = SkillForm(request.POST)
    if form.is_valid():
        skill = _attempt(form, lambda: setup.add_skill(owner, name=form.cleaned_data["name"]),
                         field="name")  # fmt: skip
        if skill is not None:
            messages.success(request, gettext("Skill “%(name)s” added.") % {"name": skill.name})
            return redirect("settings_technicians")
    return _page(request, {"skill_form": form}, 422)


@login_required
@require_POST
def load_ceiling(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = LoadCeilingForm(request.POST)
    if form.is_valid():
        percent = form.cleaned_data["max_load_percent"]
        done = _attempt(form, lambda: setup.set_load_ceiling(owner, percent),
                        field="max_load_percent")  # fmt: skip
        if done is not None:
            messages.success(
                request,
                gettext("Technicians are booked up to %(percent)s%% of their hours.")
                % {"percent": percent},
            )
            return redirect("settings_technicians")
    return _page(request, {"load_form": form}, 422)


def _technician(user_id: int) -> TechnicianProfile:
    profile = (TechnicianProfile.objects.select_related("user")
               .prefetch_related("skills", "working_hours").filter(user_id=user_id).first())  # fmt: skip
    if profile is None:
        raise Http404("No technician set up with that id")
    return profile


def _technician_page(request: HttpRequest, profile: TechnicianProfile,
                     form: TechnicianForm | None = None, time_off_form: TimeOffForm | None = None,
                     status: int = 200) -> HttpResponse:  # fmt: skip
    if form is None:
        hours = list(profile.working_hours.all())
        initial: dict[str, Any] = {"skills": list(profile.skills.all()), "active": profile.active}
        for weekday, (key, _) in enumerate(DAYS):
            initial[f"hours_{key}"] = spans_text([p for p in hours if p.weekday == weekday])
        form = TechnicianForm(initial=initial)
    name = profile.user.display_name
    return render(request, "field/settings/technician.html", {
        "profile": profile, "form": form, "time_off_form": time_off_form or TimeOffForm(),
        "time_off": profile.time_off.filter(ends_at__gte=timezone.now()).order_by("starts_at"),
        "changes": [c for c in recent_changes("technicians", limit=200) if name in c.summary][:15],
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def technician(request: HttpRequest, user_id: int) -> HttpResponse:
    """One technician: skills, whether they take visits, weekly hours, time off."""
    owner = _owner(request)
    profile = _technician(user_id)
    if request.method != "POST":
        return _technician_page(request, profile)
    form = TechnicianForm(request.POST)
    if form.is_valid():
        periods = form.periods()
        if form.is_valid():
            data = form.cleaned_data

            @transaction.atomic
            def save() -> object:
                setup.set_up_technician(owner, profile.user, skills=data["skills"],
                                        active=data["active"])  # fmt: skip
                return setup.set_working_hours(owner, profile, periods)

            done = _attempt(form, save, field="hours_mon")
            if done is not None:
                messages.success(request, gettext("%(name)s's set-up is saved.")
                                 % {"name": profile.user.display_name})  # fmt: skip
                return redirect("settings_technician", user_id)
    return _technician_page(request, profile, form=form, status=422)


@login_required
@require_POST
def add_time_off(request: HttpRequest, user_id: int) -> HttpResponse:
    owner = _owner(request)
    profile = _technician(user_id)
    form = TimeOffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        made = _attempt(form, lambda: setup.add_time_off(
            owner, profile, starts_at=data["starts_at"], ends_at=data["ends_at"],
            reason=data["reason"]), field="ends_at")  # fmt: skip
        if made is not None:
            messages.success(request, gettext("Time off added: no visits are booked then."))
            return redirect("settings_technician", user_id)
    return _technician_page(request, profile, time_off_form=form, status=422)


@login_required
@require_POST
def remove_time_off(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    found = TimeOff.objects.select_related("technician__user").filter(pk=pk).first()
    if found is None:
        raise Http404("No such time off")
    setup.remove_time_off(owner, found)
    messages.success(request, gettext("Time off removed."))
    return redirect("settings_technician", found.technician.user_id)


# -- partner companies ---------------------------------------------------------------


class PartnerForm(forms.Form):
    fee_kind = forms.ChoiceField(label=gettext_lazy("The fee you keep"), choices=FeeKind.choices)
    fee_amount = forms.DecimalField(label=gettext_lazy("Fee (amount or %)"), min_value=Decimal(0),
                                    max_digits=10, decimal_places=2)  # fmt: skip
    visit_price = forms.DecimalField(label=gettext_lazy("Visit price"), min_value=Decimal(0), max_digits=10,
                                     decimal_places=2,
                                     help_text=gettext_lazy("What a visit is billed at; a percentage "
                                                            "fee is taken from it."))  # fmt: skip
    crews = forms.IntegerField(min_value=1, max_value=100, initial=1, label=gettext_lazy("Crews"),
                               help_text=gettext_lazy("How many visits they take at once."))  # fmt: skip
    day_starts = forms.TimeField(label=gettext_lazy("Day starts"), initial=time(8),
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    day_ends = forms.TimeField(label=gettext_lazy("Day ends"), initial=time(18),
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    skills = SkillsField()
    active = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Takes visits"))


class NewPartnerForm(PartnerForm):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    email = forms.EmailField(required=False, label=gettext_lazy("Email"))
    phone = forms.CharField(max_length=50, required=False)
    field_order = ["name", "email", "phone"]


class PartnerUserForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)


@login_required
@require_http_methods(["GET", "POST"])
def partner_new(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = NewPartnerForm(request.POST or None, initial={"fee_kind": FeeKind.PERCENT,
                                                          "fee_amount": 15, "visit_price": 120})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = _attempt(form, lambda: setup.add_partner(
            owner, name=data["name"], email=data["email"] or "", phone=data["phone"],
            fee_kind=data["fee_kind"], fee_amount=data["fee_amount"],
            visit_price=data["visit_price"], skills=data["skills"], crews=data["crews"],
            day_starts=data["day_starts"], day_ends=data["day_ends"]), field="name")  # fmt: skip
        if made is not None:
            messages.success(
                request,
                gettext("%(name)s added: add the people who work there.")
                % {"name": made.partner.name},
            )
            return redirect("settings_partner", made.partner_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "field/settings/partner.html", {"form": form}, status=status)


def _partner(pk: int) -> PartnerCompany:
    found = PartnerCompany.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such partner company")
    return found


def _partner_page(request: HttpRequest, company: PartnerCompany, form: PartnerForm | None = None,
                  user_form: PartnerUserForm | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    profile = PartnerProfile.objects.filter(partner=company).first()
    if form is None:
        initial: dict[str, Any] = {"active": True}
        if profile is not None:
            initial = {name: getattr(profile, name) for name in setup.PARTNER_FIELDS}
            initial["skills"] = list(profile.skills.all())
        form = PartnerForm(initial=initial)
    return render(request, "field/settings/partner.html", {
        "company": company, "profile": profile, "form": form,
        "user_form": user_form or PartnerUserForm(),
        "people": company.users.order_by("first_name", "username"),
        "changes": [c for c in recent_changes("partners", limit=200)
                    if company.name in c.summary][:15],
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    """One partner company: its fee, price, crews, day, skills; its people."""
    owner = _owner(request)
    company = _partner(pk)
    if request.method != "POST":
        return _partner_page(request, company)
    form = PartnerForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        done = _attempt(form, lambda: setup.change_partner(owner, company, skills=skills, **data),
                        field="fee_amount")  # fmt: skip
        if done is not None:
            messages.success(request, gettext("%(name)s saved.") % {"name": company.name})
            return redirect("settings_partner", pk)
    return _partner_page(request, company, form=form, status=422)


@login_required
@require_POST
def partner_add_user(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    company = _partner(pk)
    form = PartnerUserForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = _attempt(form, lambda: setup.add_partner_user(
            owner, company, username=data["username"], first_name=data["first_name"],
            last_name=data["last_name"], email=data["email"] or ""), field="username")  # fmt: skip
        if person is not None:
            messages.success(request, gettext(
                "%(name)s added; they see only the visits handed to %(company)s."
            ) % {"name": person.display_name, "company": company.name})  # fmt: skip
            return redirect("settings_partner", pk)
    return _partner_page(request, company, user_form=form, status=422)


@login_required
@require_POST
def customer_cutoff(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = CustomerCutoffForm(request.POST)
    if form.is_valid():
        hours = form.cleaned_data["customer_cutoff_hours"]
        done = _attempt(form, lambda: setup.set_customer_cutoff(owner, hours))
        if done is not None:
            messages.success(
                request,
                gettext("Customers may move their visit until %(hours)s hours before it.")
                % {"hours": hours},
            )
            return redirect("settings_technicians")
    return _page(request, {"cutoff_form": form}, 422)
