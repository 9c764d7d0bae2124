"""The demo's agent tools: the team's canned replies, a duplicate to merge, logged time.

Written through each app's actions, after the case history, so a visitor finds
something in the composer's picker (Ctrl+/), a likely duplicate on a case page
and figures on the time report.
"""

import random
from datetime import datetime, timedelta

from rightthere.canned.actions import save_canned_reply
from rightthere.canned.models import Scope
from rightthere.cases.models import Case, Channel, Status
from rightthere.demo.cast import Cast
from rightthere.demo.clock import clock_at
from rightthere.desk.opening import open_case
from rightthere.timetracking.actions import add_entry

CANNED = (
    (
        "Booking confirmed",
        "Hello {customer.first_name},\n\nYour visit is booked. {agent.first_name} will write "
        "to you on {case.reference} if anything changes.\n\nKind regards,\n{agent.name}",
    ),
    (
        "Quote on its way",
        "Hello {customer.first_name},\n\nThank you for your patience. I will send you the "
        "quote for {case.subject} by {promise.due}.\n\n{agent.name}",
    ),
    (
        "Photos would help",
        "Hello {customer.first_name},\n\nCould you send us two or three photos of the problem? "
        "Reply to this e-mail and they will join {case.reference}.\n\n{agent.name}",
    ),
)

# The field's own: Tom's and Sam's personal canned replies.
FIELD_CANNED = (
    (
        "tom",
        "Running late",
        "Hello {customer.first_name}, I am running about 20 minutes late for your visit "
        "on {case.reference}; sorry to keep you waiting. Tom",
    ),
    (
        "sam",
        "Job done",
        "Hello {customer.first_name}, the work on {case.reference} is done and tested. "
        "Brightside will send you the report. Sam, Northside Plumbing",
    ),
)

TIME_NOTES = ("Diagnosis on site", "Phone call with the customer", "Ordering the part", "Repair")


def seed_agent_tools(cast: Cast, rng: random.Random, now: datetime) -> None:
    """Canned replies for the front desk, one duplicate pair, time on recent repair cases."""
    for title, body in CANNED:
        save_canned_reply(
            cast.owner, title=title, body=body, scope=Scope.TEAM, team=cast.front_desk, now=now
        )
    save_canned_reply(
        cast.agents[0],
        title="Call me back",
        body="Hello {customer.first_name}, I tried to call you about {case.reference}. "
        "Could you ring me on our main number? {agent.first_name}",
        scope=Scope.PERSONAL,
        now=now,
    )
    for person, title, body in FIELD_CANNED:
        user = cast.subcontractor if person == "sam" else cast.technicians[0]
        save_canned_reply(user, title=title, body=body, scope=Scope.PERSONAL, now=now)
    _duplicate(now)
    _time_entries(cast, rng, now)


def _duplicate(now: datetime) -> None:
    """The customer of the newest open mail case writes again about the same thing."""
    first = (
        Case.objects.filter(channel=Channel.EMAIL, status__in=[Status.NEW, Status.OPEN])
        .select_related("customer", "contact")
        .order_by("-created_at")
        .first()
    )
    if first is None:
        return
    with clock_at(now - timedelta(hours=1)):
        open_case(
            actor=None,
            subject=f"Re: {first.subject}",
            customer=first.customer,
            contact=first.contact,
            channel=Channel.WEB,
            body_text="I wrote to you about this already; is anyone looking at it?",
        )


def _time_entries(cast: Cast, rng: random.Random, now: datetime) -> None:
    recent = Case.objects.filter(
        assignee__in=[*cast.technicians, *cast.agents, cast.subcontractor],
        created_at__gte=now - timedelta(days=21),
    ).order_by("-created_at")[:40]  # the last three weeks, newest first
    for case in recent:
        person = case.assignee
        assert person is not None
        started = max(case.created_at + timedelta(hours=rng.randint(2, 30)), case.created_at)
        if started >= now:
            continue
        add_entry(
            person,
            case,
            started_at=started,
            minutes=rng.choice((15, 20, 30, 45, 60, 90, 120)),
            note=rng.choice(TIME_NOTES),
            now=now,
        )
