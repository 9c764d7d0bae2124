"""The reply check in the composer: htmx posts the draft as the agent types."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case, Direction
from rightthere.coach import owner_rules
from rightthere.coach.actions import (
    check_draft,
    flagged_as_vague,
    not_checked_because,
    read_promises,
)
from rightthere.coach.check import Finding, next_working_day
from rightthere.coach.models import PHRASE_CATEGORIES
from rightthere.core.errors import CaseError


@dataclass(frozen=True)
class Segment:
    text: str
    finding: int | None  # number of the finding it belongs to, for the highlight
    level: str = ""  # that finding's level: "flag" or "suggestion" (shown differently)


def highlight(text: str, findings: list[Finding]) -> list[Segment]:
    """The text cut into plain and highlighted pieces. Where spans overlap a flag wins
    over a suggestion (the owner's "it is what it is" inside a sentence the scorer
    finds less surely), else the first wins."""
    chosen: list[tuple[int, Finding]] = []
    by_level = sorted(enumerate(findings, 1), key=lambda item: item[1].level == "suggestion")
    for number, finding in by_level:
        if finding.end <= finding.start:
            continue
        if any(f.start < finding.end and finding.start < f.end for _, f in chosen):
            continue
        chosen.append((number, finding))
    segments, position = [], 0
    for number, finding in sorted(chosen, key=lambda item: item[1].start):
        segments.append(Segment(text[position : finding.start], None))
        segments.append(Segment(text[finding.start : finding.end], number, finding.level))
        position = finding.end
    segments.append(Segment(text[position:], None))
    return [s for s in segments if s.text]


def promise_due_value() -> str:
    """The suggested date as a datetime-local value, for "make it a promise"."""
    day = next_working_day(timezone.localdate())
    return datetime.combine(day, time(17, 0)).strftime("%Y-%m-%dT%H:%M")


@login_required
@require_POST
def reply_check(request: HttpRequest) -> HttpResponse:
    """The findings panel under a composer. `case` (optional) is the case replied on."""
    user: User = request.user  # type: ignore[assignment]
    case_id = request.POST.get("case", "")
    case: Case | None = access_case(user, int(case_id)) if case_id.isdecimal() else None
    text = (request.POST.get("body") or request.POST.get("text") or "").replace("\x00", "")
    note = ""
    if request.POST.get("direction", Direction.OUTBOUND) != Direction.OUTBOUND:
        findings: list[Finding] = []  # internal notes are not read by the customer
    elif note := not_checked_because(text, case):
        findings = []
    else:
        complaint = True if request.POST.get("complaint") == "1" else None
        findings = check_draft(text, case=case, complaint=complaint)
    return render(
        request,
        "coach/_reply_check.html",
        {
            "findings": findings,
            "flags": [f for f in findings if f.level == "flag"],
            "maybes": [f for f in findings if f.level == "suggestion"],
            "segments": highlight(text, findings),
            "promise_due": promise_due_value(),
            "checked": bool(text.strip()),
            "not_checked": note,
        },
    )


@login_required
def rule_settings(request: HttpRequest) -> HttpResponse:
    """Settings → Reply check: owners add or turn off patterns, tried on the labelled set
    (and on a sentence) before they are saved."""
    user: User = request.user  # type: ignore[assignment]
    if not user.is_owner:
        raise PermissionDenied(gettext("Only owners change the reply check's rules."))
    form = {k: request.POST.get(k, "").replace("\x00", "") for k in
            ("category", "pattern", "suggestion", "sentence")}  # fmt: skip
    trial, error, status = None, "", 200
    if request.method == "POST":
        action = request.POST.get("action", "try")
        try:
            if action == "toggle":
                owner_rules.set_active(
                    user, int(request.POST.get("rule", "0") or 0),
                    request.POST.get("active") == "1",
                )  # fmt: skip
                return redirect("coach_rule_settings")
            if action == "turn_off":
                owner_rules.turn_off_shipped(user, form["category"], form["pattern"])
                messages.success(
                    request, gettext("That pattern of the rule file is off for this desk.")
                )
                return redirect("coach_rule_settings")
            trial = owner_rules.try_rule(
                form["category"], form["pattern"], form["sentence"], form["suggestion"]
            )
            if action == "save":
                owner_rules.add_rule(user, form["category"], form["pattern"], form["suggestion"])
                messages.success(
                    request,
                    gettext(
                        "Saved: it newly flags %(newly)s labelled replies, with %(false)s false "
                        "alarms."
                    )
                    % {"newly": trial.newly_flagged, "false": trial.false_alarms},
                )
                return redirect("coach_rule_settings")
        except CaseError as exc:
            error, status = exc.message, exc.http_status
    return render(
        request,
        "coach/rule_settings.html",
        {
            "form": form, "trial": trial, "error": error,
            "categories": PHRASE_CATEGORIES, "rules": owner_rules.owner_rules(),
            "changes": recent_changes("reply_check"),
        },
        status=status,
    )  # fmt: skip


@login_required
@require_POST
def promise_read(request: HttpRequest) -> HttpResponse:
    """The promise chip under a composer: the first dated commitment in the draft
    (what, and by when), recorded as a promise when the reply is sent unless the writer
    says "Not a promise" (`read_promises=0`, kept in the composer), or a vague one
    asking for a date."""
    user: User = request.user  # type: ignore[assignment]
    case_id = request.POST.get("case", "")
    # 404 for a case they cannot see
    case = access_case(user, int(case_id)) if case_id.isdecimal() else None
    text = (request.POST.get("body") or "").replace("\x00", "")
    found = (
        []
        if request.POST.get("direction", Direction.OUTBOUND) != Direction.OUTBOUND
        else (read_promises(text))
    )
    dated_ones = [c for c in found if c.kind == "dated"]
    dated = dated_ones[0] if dated_ones else None
    vague = next((c for c in found if c.kind == "vague"), None)
    if vague and flagged_as_vague(text, vague.start, vague.end, case):
        vague = None  # the reply check beside it names it, with a one-click fix
    return render(
        request,
        "coach/_promise_chip.html",
        {
            "dated": dated,
            "more": len(dated_ones) - 1,
            "not_a_promise": request.POST.get("read_promises") == "0",
            "due_value": timezone.localtime(dated.due).strftime("%Y-%m-%dT%H:%M")
            if dated and dated.due
            else "",
            "vague": vague,
        },
    )
