"""The reply check in the composer: htmx posts the draft as the agent types."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case, Direction
from rightthere.coach.actions import check_draft
from rightthere.coach.check import Finding, next_working_day


@dataclass(frozen=True)
class Segment:
    text: str
    finding: int | None  # number of the finding it belongs to, for the highlight


def highlight(text: str, findings: list[Finding]) -> list[Segment]:
    """The text cut into plain and highlighted pieces (overlapping spans: the first wins)."""
    segments, position = [], 0
    for number, finding in enumerate(findings, 1):
        if finding.start < position or finding.end <= finding.start:
            continue
        segments.append(Segment(text[position : finding.start], None))
        segments.append(Segment(text[finding.start : finding.end], number))
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
    if request.POST.get("direction", Direction.OUTBOUND) != Direction.OUTBOUND:
        findings: list[Finding] = []  # internal notes are not read by the customer
    else:
        complaint = True if request.POST.get("complaint") == "1" else None
        findings = check_draft(text, case=case, complaint=complaint)
    return render(
        request,
        "coach/_reply_check.html",
        {
            "findings": findings,
            "segments": highlight(text, findings),
            "promise_due": promise_due_value(),
            "checked": bool(text.strip()),
        },
    )
