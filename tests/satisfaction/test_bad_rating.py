"""A "Not good" makes the desk act, whichever door it comes through (`desk.satisfaction`):
the case reopens as a customer's reply reopens it, its assignee (or the owners) hears of
it with the comment, it shows among "Upset customers", and the case page offers the
complaint recovery (or the owner's setting for upset customers starts it). Once per
case; a "Good" changes nothing of this."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Kind, Status
from rightthere.coach.models import CoachSettings, MessageSentiment
from rightthere.desk import casework
from rightthere.desk import satisfaction as desk_satisfaction
from rightthere.inbox import InboxFilters, inbox_cases, view_counts
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.recovery.models import Recovery, StartedBy
from rightthere.satisfaction.models import SatisfactionAnswer
from tests.factories import make_case
from tests.satisfaction.conftest import answer_path, email_link, solve, status_page_path
from tests.world import open_case_for, people_of

pytestmark = pytest.mark.django_db


def told(case) -> list[tuple[str, str]]:
    """Who was notified of the customer's mood on the case, and what they read."""
    return sorted(
        Notification.objects.filter(case=case, kind=NotificationKind.CUSTOMER_UPSET).values_list(
            "recipient__username", "text"
        )
    )


def upset_view(user) -> list:
    return list(inbox_cases(user, "upset", InboxFilters(), "due"))


def put(client, case, body):
    return client.put(
        f"/api/cases/{case.pk}/satisfaction", json.dumps(body), content_type="application/json"
    )


# --- each door ---------------------------------------------------------------------------


def test_not_good_on_the_status_page_reopens_the_case_and_tells_the_assignee(
    client, solved_case, agent
):
    case = solved_case(subject="Boiler still leaks", assignee=agent)

    client.post(answer_path(case), {"rating": "bad", "comment": "It leaks again."})

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert (case.solved_at, case.closed_at) == (None, None)
    assert told(case) == [
        ("adam", f"{case.customer.name} rated {case.reference} Boiler still leaks “Not good”: "
                 "“It leaks again.”"),
    ]  # fmt: skip
    assert upset_view(agent) == [case]
    assert view_counts(agent)["upset"] == 1
    status = case.events.filter(kind="status").latest("created_at", "id")
    assert (status.before, status.after, status.actor) == ("Solved", "Open", None)
    page = client.get(status_page_path(case)).content.decode()
    assert "You told us" in page  # her answer, still open to a comment or a change


def test_not_good_from_the_email_link_acts_the_same(client, solved_case, agent):
    case = solved_case(subject="Gate jammed", assignee=agent)

    response = client.get(email_link(case, "bad"))

    case.refresh_from_db()
    assert response.status_code == 200
    assert "Your request is open again and our team has been told." in response.content.decode()
    assert case.status == Status.OPEN
    assert told(case) == [
        ("adam", f"{case.customer.name} rated {case.reference} Gate jammed “Not good”")
    ]
    assert upset_view(agent) == [case]


def test_a_closed_case_rated_not_good_reopens_too(client, solved_case, agent):
    case = solve(make_case(assignee=agent), Status.CLOSED)

    client.get(email_link(case, "bad"))

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert len(told(case)) == 1


def test_with_nobody_on_the_case_the_owners_are_told(client, solved_case, owner, agent):
    case = solved_case(subject="Dripping tap")

    client.post(answer_path(case), {"rating": "bad"})

    assert [who for who, _ in told(case)] == ["olivia"]


ROLES_RECORDING = {
    # role -> (status of the PUT, whether the desk acted)
    "owner": (200, True),
    "agent": (200, True),
    "technician": (403, False),
    "subcontractor": (403, False),
    "anonymous": (401, False),
}


@pytest.mark.parametrize("role", ROLES_RECORDING)
def test_staff_recording_a_not_good_by_api_makes_the_desk_act_for_owners_and_agents(
    role, api_as, solved_case, owner, agent, technician, subcontractor
):
    people = {"owner": owner, "agent": agent, "technician": technician,
              "subcontractor": subcontractor, "anonymous": None}  # fmt: skip
    # The technician's case; the subcontractor acts on theirs (one they may see).
    who = "subcontractor" if role == "subcontractor" else "technician"
    case = solve(open_case_for(who, people_of(owner, agent, technician, subcontractor)))
    status, acts = ROLES_RECORDING[role]

    response = put(api_as(people[role]), case, {"rating": "bad", "comment": "Rang to complain."})

    case.refresh_from_db()
    assert response.status_code == status
    assert (case.status == Status.OPEN) is acts
    assert SatisfactionAnswer.objects.filter(case=case).exists() is acts
    if acts:  # the technician who has the case hears of it, not whoever typed it in
        assert [who for who, _ in told(case)] == ["tom"]
        assert response.json()["answer"]["rating"] == "bad"
        assert upset_view(owner) == [case]
    else:
        assert told(case) == []


def test_an_agent_recording_not_good_on_their_own_case_is_not_told_of_it(
    api_as, solved_case, agent
):
    case = solved_case(assignee=agent)

    put(api_as(agent), case, {"rating": "bad"})

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert told(case) == []  # they know: they typed it in
    assert upset_view(agent) == [case]


# --- once per case -------------------------------------------------------------------------


def test_rating_not_good_twice_tells_once(client, solved_case, agent):
    case = solved_case(assignee=agent)

    client.post(answer_path(case), {"rating": "bad"})
    client.get(email_link(case, "bad"))
    client.post(answer_path(case), {"rating": "bad"})

    assert len(told(case)) == 1
    assert case.events.filter(kind="status", after="Open").count() == 1


def test_changing_to_good_and_back_does_not_act_again(client, solved_case, agent):
    case = solved_case(assignee=agent)
    client.post(answer_path(case), {"rating": "bad"})

    client.post(answer_path(case), {"rating": "good"})
    assert upset_view(agent) == []  # "Good" now: not an upset customer any more
    casework_solve = solve(case)
    client.post(answer_path(case), {"rating": "bad"})

    casework_solve.refresh_from_db()
    assert casework_solve.status == Status.SOLVED  # solved since: not reopened twice
    assert len(told(case)) == 1


def test_good_changed_to_not_good_acts_once(client, solved_case, agent):
    case = solved_case(assignee=agent)
    client.post(answer_path(case), {"rating": "good", "comment": "Fine."})
    assert told(case) == []

    client.post(answer_path(case), {"rating": "bad", "comment": "Actually, it broke again."})

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert [text.endswith("“Actually, it broke again.”") for _, text in told(case)] == [True]


def test_a_comment_added_after_the_not_good_is_passed_on_once(client, solved_case, agent):
    case = solved_case(subject="Gate jammed", assignee=agent)
    client.post(answer_path(case), {"rating": "bad"})

    client.post(answer_path(case), {"rating": "bad", "comment": "Third visit, still jammed."})
    client.post(answer_path(case), {"comment": "Third visit, still jammed!"})  # an edit

    who = case.customer.name
    assert told(case) == sorted([
        ("adam", f"{who} rated {case.reference} Gate jammed “Not good”"),
        ("adam", f"{who} added to their “Not good” on {case.reference} Gate jammed: "
                 "“Third visit, still jammed.”"),
    ])  # fmt: skip
    assert SatisfactionAnswer.objects.get(case=case).comment == "Third visit, still jammed!"


def test_a_change_after_the_change_period_is_refused_and_does_nothing(
    client, solved_case, agent, now
):
    case = solved_case(assignee=agent)
    desk_satisfaction.answer_case(
        case, actor=None, via="email", rating="good", now=now - timedelta(days=8)
    )

    client.post(answer_path(case), {"rating": "bad"})

    case.refresh_from_db()
    assert case.status == Status.SOLVED
    assert told(case) == []


# --- a good rating ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [("low", "high"), ("normal", "high"), ("high", "high"), ("urgent", "urgent")],
)
def test_not_good_raises_the_priority_to_high_on_the_timeline(
    client, solved_case, agent, before, after
):
    case = solved_case(assignee=agent, priority=before)
    due_before = case.resolution_due

    client.post(answer_path(case), {"rating": "bad", "comment": "It leaks again."})

    case.refresh_from_db()
    assert case.priority == after
    raised = list(case.events.filter(kind="priority").values_list("before", "after", "actor"))
    if before == after:
        assert raised == []
        assert case.resolution_due == due_before
    else:  # by the desk, as an upset message raises a case; the due times follow
        assert raised == [(before.capitalize(), "High", None)]
        assert case.resolution_due != due_before


def test_not_good_recorded_by_api_raises_the_priority_once(api_as, solved_case, agent):
    case = solved_case(assignee=agent)

    put(api_as(agent), case, {"rating": "bad"})
    put(api_as(agent), case, {"rating": "good"})
    case.refresh_from_db()
    assert case.priority == "high"
    casework.change_priority(case, actor=agent, priority="normal")  # the agent lowers it
    put(api_as(agent), case, {"rating": "bad"})

    case.refresh_from_db()
    assert case.priority == "normal"  # acted on once: not raised again
    assert case.events.filter(kind="priority", after="High").count() == 1


def test_good_changes_nothing(client, solved_case, agent):
    case = solved_case(assignee=agent)

    response = client.post(answer_path(case), {"rating": "good", "comment": "Quick and tidy."})

    case.refresh_from_db()
    assert case.status == Status.SOLVED
    assert case.priority == "normal"
    assert told(case) == []
    assert upset_view(agent) == []
    assert not Recovery.objects.filter(case=case).exists()
    assert SatisfactionAnswer.objects.get(case=case).acted_on_at is None
    assert response.status_code == 302


# --- recovery ---------------------------------------------------------------------------


def test_recovery_is_offered_not_started_by_default(client, solved_case, agent):
    case = solved_case(assignee=agent)

    client.post(answer_path(case), {"rating": "bad", "comment": "Took three visits."})

    case.refresh_from_db()
    assert case.kind == Kind.REPAIR
    assert not Recovery.objects.filter(case=case).exists()


def test_the_owners_setting_for_upset_customers_starts_recovery(client, solved_case, agent):
    CoachSettings.objects.create(upset_marks_complaint=True)
    case = solved_case(assignee=agent)

    client.post(answer_path(case), {"rating": "bad"})

    case.refresh_from_db()
    assert case.kind == Kind.COMPLAINT
    assert case.recovery.started_by == StartedBy.RATING
    assert len(told(case)) == 1


# role -> whether the case page shows the "Rated Not good" panel, and its start button
CASE_PAGE = {
    "owner": (200, True, True),
    "agent": (200, True, True),
    "technician": (200, True, False),
    "subcontractor": (404, False, False),
}


@pytest.mark.parametrize("role", CASE_PAGE)
def test_the_case_page_offers_complaint_recovery(
    role, client, web_as, solved_case, owner, agent, technician, subcontractor
):
    people = {"owner": owner, "agent": agent, "technician": technician,
              "subcontractor": subcontractor}  # fmt: skip
    case = solved_case(assignee=technician)
    client.post(answer_path(case), {"rating": "bad", "comment": "Took three visits."})
    status, panel, button = CASE_PAGE[role]

    response = web_as(people[role]).get(f"/cases/{case.pk}/")

    assert response.status_code == status
    page = response.content.decode()
    shown = re.search(r'<section class="[^"]*bad-rating-panel.*?</section>', page, re.S)
    assert (shown is not None) is panel
    if shown:
        assert "Took three visits." in shown.group()
        assert (f'action="{reverse("recovery_step", args=[case.pk, "start"])}"'
                in shown.group()) is button  # fmt: skip
    if status == 200:  # one button on the page: the panel's, else the playbook's own card
        assert page.count("Start complaint recovery") == 1


def test_one_start_button_when_the_customer_also_wrote_upset(client, web_as, solved_case, agent):
    case = solved_case(assignee=agent)
    client.post(answer_path(case), {"rating": "bad", "comment": "Took three visits."})
    MessageSentiment.objects.update_or_create(
        message=case.messages.first(),
        defaults={"case": case, "score": -0.8, "upset": True, "upset_score": 3.2,
                  "level": "flag", "reasons": ["“three visits”"], "created_at": timezone.now()},
    )  # fmt: skip

    page = web_as(agent).get(f"/cases/{case.pk}/").content.decode()

    assert 'data-upset="flag"' in page and 'data-rating="bad"' in page
    assert page.count("Start complaint recovery") == 1
    bad = re.search(r'<section class="[^"]*bad-rating-panel.*?</section>', page, re.S)
    assert bad is not None and "Start complaint recovery" in bad.group()


def test_the_panel_goes_once_recovery_starts(client, web_as, solved_case, agent):
    case = solved_case(assignee=agent)
    client.post(answer_path(case), {"rating": "bad"})

    response = web_as(agent).post(reverse("recovery_step", args=[case.pk, "start"]))
    page = web_as(agent).get(f"/cases/{case.pk}/").content.decode()

    assert response.status_code == 302
    assert Recovery.objects.get(case=case).started_by == StartedBy.AGENT
    assert 'data-rating="bad"' not in page


def test_a_good_rating_shows_no_panel(client, web_as, solved_case, agent):
    case = solved_case(assignee=agent)
    client.post(answer_path(case), {"rating": "good"})

    page = web_as(agent).get(f"/cases/{case.pk}/").content.decode()

    assert 'data-rating="bad"' not in page
