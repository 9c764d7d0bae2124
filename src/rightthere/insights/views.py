"""The insights pages: dashboard, signs, relationship, calls, owner's time, staff and routing.

Views parse, fetch through access checks, call one action or figure function, render.
"""

import csv
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from rightthere.accounts.models import Role, Team, User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Channel, Kind
from rightthere.core.errors import CaseError, InvalidField
from rightthere.customers.access import access_customer
from rightthere.customers.models import Customer
from rightthere.insights import actions, providers, setup
from rightthere.insights.access import can_see_staff, require_insights, require_staff
from rightthere.insights.calls import calls_due
from rightthere.insights.dashboard_charts import figure_chart, sign_chart
from rightthere.insights.kpis.dashboard import FIGURES, dashboard, figure
from rightthere.insights.kpis.load import load_per_person
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import (
    WEEK_CHOICES,
    Period,
    parse_audience,
    parse_period,
)
from rightthere.insights.models import (
    Absence,
    AbsenceKind,
    PickBy,
    RelationshipCall,
    RelationshipStatus,
    RoutingRule,
    StaffRecord,
)
from rightthere.insights.owner_time import owner_time
from rightthere.insights.relationships import relationship_of
from rightthere.insights.routing import routing_rules
from rightthere.insights.signs import SIGNS, telltale_signs
from rightthere.recovery.models import Recovery


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _choices(request: HttpRequest) -> tuple[Period, str]:
    return parse_period(request.GET.get("weeks")), parse_audience(request.GET.get("audience"))


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_insights(user)
    period, audience = _choices(request)
    memo = Memo()  # the signs reuse what the figures fetched (the 12-week backlog)
    figures = dashboard(period, audience, memo)
    signs = telltale_signs(period.now, memo)
    return render(
        request,
        "insights/dashboard.html",
        {
            "period": period,
            "audience": audience,
            "week_choices": WEEK_CHOICES,
            "figures": [(f, figure_chart(f)) for f in figures],
            "signs": [(s, sign_chart(s)) for s in signs],
            "can_see_staff": can_see_staff(user),
        },
    )


@login_required
def export_csv(request: HttpRequest, key: str) -> HttpResponse:
    """The table behind one chart, as CSV, for the same period and audience."""
    user = _user(request)
    require_insights(user)
    period, audience = _choices(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    if key == "signs":
        filename = f"telltale-signs-{period.now:%Y-%m-%d}.csv"
        signs = telltale_signs(period.now)
        writer.writerow(["week", *[s.key for s in signs]])
        for i, (week, _) in enumerate(signs[0].series):
            writer.writerow([week.isoformat(), *[s.series[i][1] for s in signs]])
    elif key in FIGURES:
        found = figure(key, period, audience)
        filename = f"{key}-{audience}-{period.weeks}w-{period.now:%Y-%m-%d}.csv"
        writer.writerow(found.columns)
        for row in found.rows:
            writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v)
                             for v in row])  # fmt: skip
    else:
        raise Http404("No such table")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def sign_detail(request: HttpRequest, key: str) -> HttpResponse:
    """What is behind a sign: the cases (complaints, replies) or the people."""
    user = _user(request)
    require_insights(user)
    if key not in SIGNS or key == "customers_lost":
        raise Http404("No such sign")
    now = timezone.now()
    since = now - timedelta(weeks=4)
    sign = next(s for s in telltale_signs(now) if s.key == key)
    cases, people = None, None
    if key == "complaints":
        ids = Recovery.objects.filter(started_at__gte=since).values("case_id")
        cases = visible_cases(user).filter(pk__in=ids).select_related("customer", "assignee")
    elif key in ("excuses", "blame"):
        ids_found = providers.cases_with_findings(key.rstrip("s"), since, now)
        cases = visible_cases(user).filter(pk__in=ids_found).select_related("customer", "assignee")
    elif key == "overwhelm":
        people = [row for row in load_per_person(Period(weeks=4, now=now), "all").rows]
    else:
        require_staff(user)
        if key == "turnover":
            people = [
                (r.user.display_name, f"left {r.ended_on:%d %b %Y}", "", "")
                for r in StaffRecord.objects.filter(
                    ended_on__gte=now.date() - timedelta(weeks=12)
                ).select_related("user")
            ]
        else:
            people = [
                (a.user.display_name, f"sick {a.starts_on:%d %b}–{a.ends_on:%d %b}", a.note, "")
                for a in Absence.objects.filter(
                    kind=AbsenceKind.SICK, ends_on__gte=since.date()
                ).select_related("user")
            ]
    return render(
        request,
        "insights/sign_detail.html",
        {"sign": sign, "cases": None if cases is None else cases.order_by("-created_at")[:200],
         "people": people},
    )  # fmt: skip


def _run(request: HttpRequest, change: object) -> None:
    """Call the action; its refusal becomes a message (or a 403)."""
    try:
        change()  # type: ignore[operator]
    except CaseError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Saved."))


@login_required
def relationship_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    require_insights(user)
    customer = access_customer(user, pk)
    relationship = relationship_of(customer)
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        if request.POST.get("form") == "flags":
            flags = {n: request.POST.get(n) == "on" for n in ("abusive", "unpaid", "gone")}
            _run(
                request, lambda: actions.set_flags(relationship, actor=user, reason=reason, **flags)
            )
        else:
            status = request.POST.get("status", "") or None
            _run(request, lambda: actions.override_status(
                relationship, actor=user, status=status, reason=reason))  # fmt: skip
        return redirect("insights_relationship", pk=customer.pk)
    return render(
        request,
        "insights/relationship.html",
        {
            "customer": customer,
            "relationship": relationship,
            "history": relationship.changes.select_related("actor")[:50],
            "statuses": RelationshipStatus.choices,
            "calls": customer.relationship_calls.select_related("caller")[:20],
        },
    )


@login_required
def calls_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_insights(user)
    audience = parse_audience(request.GET.get("audience"))
    log = RelationshipCall.objects.select_related("caller", "customer")
    if not user.is_owner:
        log = log.filter(caller=user)
    return render(
        request,
        "insights/calls.html",
        {
            "due": [
                {**row, "status_label": RelationshipStatus(row["status"]).label}
                for row in calls_due(limit=100, audience=audience)
            ],
            "log": log[:50],
            "audience": audience,
        },
    )


@login_required
@require_POST
def log_call(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    require_insights(user)
    customer = access_customer(user, pk)
    notes = request.POST.get("notes", "")
    _run(request, lambda: actions.log_call(customer, actor=user, notes=notes))
    if request.POST.get("next") == "relationship":
        return redirect("insights_relationship", pk=pk)
    return redirect("insights_calls")


@login_required
def owner_time_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_staff(user)
    period, _ = _choices(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        team_id = request.POST.get("team", "")
        team = Team.objects.filter(pk=team_id).first() if team_id.isdecimal() else None
        if team is None:
            messages.error(request, gettext("Choose a team."))
        else:
            _run(request, lambda: actions.route_kind_to_team(actor=user, kind=kind, team=team))
        return redirect("insights_owner_time")
    return render(
        request,
        "insights/owner_time.html",
        {"rows": [{**row, "label": Kind(row["kind"]).label} for row in owner_time(period)],
         "teams": Team.objects.all(), "period": period, "week_choices": WEEK_CHOICES},
    )  # fmt: skip


@login_required
def staff_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_staff(user)
    if request.method == "POST":
        person = User.objects.filter(pk=request.POST.get("user", "0") or 0).first()
        try:
            starts = date.fromisoformat(request.POST.get("starts_on", ""))
            ends = date.fromisoformat(request.POST.get("ends_on", "") or starts.isoformat())
        except ValueError:
            messages.error(request, gettext("Give the dates as YYYY-MM-DD."))
            return redirect("insights_staff")
        if person is None:
            messages.error(request, gettext("Choose a person."))
        else:
            _run(request, lambda: actions.record_absence(
                actor=user, person=person, kind=request.POST.get("kind", ""),
                starts_on=starts, ends_on=ends, note=request.POST.get("note", "")))  # fmt: skip
        return redirect("insights_staff")
    people = (
        User.objects.filter(role__in=[Role.OWNER, Role.AGENT, Role.TECHNICIAN])
        .select_related("staff_record")
        .order_by("username")
    )
    return render(
        request,
        "insights/staff.html",
        {"people": people, "absences": Absence.objects.select_related("user")[:100],
         "kinds": AbsenceKind.choices},
    )  # fmt: skip


class StaffRecordForm(forms.Form):
    started_on = forms.DateField(
        label=gettext_lazy("Started on"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Their first working day."),
    )  # fmt: skip
    ended_on = forms.DateField(
        label=gettext_lazy("Left on"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty while they work here."),
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=gettext_lazy("Capacity"), min_value=setup.CAPACITY_LIMITS[0],
        max_value=setup.CAPACITY_LIMITS[1],
        help_text=gettext_lazy("Open cases this person can carry at once."),
    )  # fmt: skip


@login_required
def staff_record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's start and leaving dates and capacity (owners), through
    `insights.setup.set_staff_record` like `PUT /api/staff/<id>/record`."""
    user = _user(request)
    require_staff(user)
    person = (
        User.objects.filter(pk=pk, role__in=[Role.OWNER, Role.AGENT, Role.TECHNICIAN])
        .select_related("staff_record")
        .first()
    )
    if person is None:
        raise Http404("No such person")
    record = getattr(person, "staff_record", None)
    initial = ({"started_on": record.started_on, "ended_on": record.ended_on,
                "capacity": record.capacity} if record else
               {"capacity": StaffRecord._meta.get_field("capacity").get_default()})  # fmt: skip
    form = StaffRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup.set_staff_record(user, person, **form.cleaned_data)
        except InvalidField as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, gettext("%(name)s's staff record saved.")
                             % {"name": person.display_name})  # fmt: skip
            return redirect("insights_staff")
    status = 400 if form.is_bound else 200
    return render(request, "insights/staff_record.html", {"form": form, "person": person},
                  status=status)  # fmt: skip


def _rule_fields(post: dict[str, str]) -> actions.RuleFields:
    """The rule as the form sent it; an unknown team or customer is refused."""

    def chosen(name: str) -> int | None:
        value = post.get(name, "")
        return int(value) if value.isdecimal() else (0 if value else None)

    return actions.rule_fields(
        channel=post.get("channel", ""), kind=post.get("kind", ""),
        customer_id=chosen("customer"), team_id=chosen("team"),
        pick_by=post.get("pick_by", PickBy.ROUND_ROBIN),
    )  # fmt: skip


def _routing_form(
    rule: RoutingRule | None, sent: dict[str, str] | None = None
) -> dict[str, object]:
    """The choices of the rule form, with what was sent (kept after a refusal) or the rule."""
    if sent is None and rule is not None:
        sent = {"channel": rule.channel, "kind": rule.kind, "pick_by": rule.pick_by,
                "customer": str(rule.customer_id or ""), "team": str(rule.team_id or "")}  # fmt: skip
    return {
        "channels": Channel.choices, "kinds": Kind.choices, "pick_by_choices": PickBy.choices,
        "teams": Team.objects.all(), "customers": Customer.objects.order_by("name")[:500],
        "sent": sent or {"pick_by": PickBy.ROUND_ROBIN},
    }  # fmt: skip


@login_required
def routing_page(request: HttpRequest) -> HttpResponse:
    """Where new cases go: owners add rules here; agents see them."""
    user = _user(request)
    require_insights(user)
    sent = None
    if request.method == "POST":
        sent = request.POST.dict()
        try:
            rule = actions.add_routing_rule(actor=user, fields=_rule_fields(sent))
        except CaseError as exc:
            if exc.http_status == 403:
                raise PermissionDenied(exc.message) from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Saved: %(conditions)s → %(team)s.") % {
                "conditions": rule.conditions, "team": rule.team or gettext("all agents")})  # fmt: skip
            return redirect("insights_routing")
    return render(
        request,
        "insights/routing.html",
        {"rules": routing_rules(), **_routing_form(None, sent)},
        status=400 if sent else 200,
    )


@login_required
def routing_rule_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one rule (owners)."""
    user = _user(request)
    require_staff(user)
    rule = RoutingRule.objects.select_related("team", "customer").filter(pk=pk).first()
    if rule is None:
        raise Http404("No such routing rule")
    sent = None
    if request.method == "POST":
        sent = request.POST.dict()
        try:
            actions.change_routing_rule(actor=user, rule=rule, fields=_rule_fields(sent))
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("insights_routing")
    return render(request, "insights/routing_rule.html",
                  {"rule": rule, **_routing_form(rule, sent)}, status=400 if sent else 200)  # fmt: skip


@login_required
@require_POST
def routing_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    require_staff(user)
    rule = RoutingRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404("No such routing rule")
    _run(request, lambda: actions.delete_routing_rule(actor=user, rule=rule))
    return redirect("insights_routing")
