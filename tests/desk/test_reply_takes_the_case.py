"""Whoever answers a case nobody has takes it, whichever door they reply through, and a
"Not good" rating gives a case nobody has back to the last person who replied
(audit 2, item 10: the status page said "Handled by Adam" while nobody had the case)."""

import json

import pytest
from django.urls import reverse

from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Status
from rightthere.desk import casework
from rightthere.desk.messages import send_reply
from tests.factories import make_case
from tests.satisfaction.conftest import answer_path, solve

pytestmark = pytest.mark.django_db

REPLY = "Thank you, Mrs Cole. Our engineer comes on Friday morning."


def _taken(case) -> list[tuple[str, str, str]]:
    """The case's assignee changes on its history: (before, after, by whom)."""
    return [
        (e.before, e.after, e.actor.username if e.actor else "")
        for e in case.events.filter(kind="assignee").order_by("pk")
    ]


def _by_page(client, user, case, direction="outbound"):
    client.force_login(user)
    return client.post(reverse("case_reply", args=[case.pk]),
                       {"direction": direction, "body": REPLY})  # fmt: skip


def _by_api(client, user, case, direction="outbound"):
    _, key = create_api_token(user, "tests")
    return client.post(
        f"/api/cases/{case.pk}/messages",
        json.dumps({"direction": direction, "body_text": REPLY}),
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )


@pytest.mark.parametrize("door", [_by_page, _by_api], ids=["case page", "api"])
@pytest.mark.parametrize("role", ["owner", "agent"])
def test_a_reply_to_a_case_nobody_has_takes_it_from_every_door(client, door, role, request):
    replier = request.getfixturevalue(role)
    case = make_case(assignee=None)

    response = door(client, replier, case)

    assert response.status_code in (201, 302), response.content
    case.refresh_from_db()
    assert case.assignee == replier
    assert _taken(case) == [("", replier.display_name, replier.username)]


@pytest.mark.parametrize("door", [_by_page, _by_api], ids=["case page", "api"])
def test_an_internal_note_or_a_case_someone_has_changes_no_assignee(
    client, door, owner, agent, technician
):
    nobodys, techs = make_case(assignee=None), make_case(assignee=technician)
    given_when_opened = _taken(techs)

    assert door(client, agent, nobodys, "note").status_code in (201, 302)
    assert door(client, agent, techs).status_code in (201, 302)

    nobodys.refresh_from_db()
    techs.refresh_from_db()
    assert (nobodys.assignee, techs.assignee) == (None, technician)
    assert (_taken(nobodys), _taken(techs)) == ([], given_when_opened)


def test_a_partners_reply_leaves_the_case_to_the_office(owner, subcontractor):
    """Partners' people (and technicians) do not assign cases; the partner company has it."""
    case = casework.hand_to_partner(make_case(), actor=owner, partner=subcontractor.partner)

    send_reply(case, actor=subcontractor, body_text=REPLY)

    case.refresh_from_db()
    assert (case.assignee, case.partner) == (None, subcontractor.partner)


def test_not_good_gives_a_case_nobody_has_back_to_the_last_who_replied(client, owner, agent):
    case = make_case(assignee=None, subject="Boiler still leaks")
    send_reply(case, actor=owner, body_text="Olivia here: we are on it.")
    send_reply(case, actor=agent, body_text=REPLY)  # Adam answered last
    case = casework.assign_case(case, actor=owner, assignee=None)  # nobody has it now
    solve(case)

    client.post(answer_path(case), {"rating": "bad", "comment": "It leaks again."})

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.assignee == agent
    assert _taken(case)[-1] == ("", agent.display_name, "")  # given back by the desk


def test_not_good_leaves_the_assignee_and_a_case_without_replies_alone(
    client, owner, agent, technician
):
    kept = make_case(assignee=None)
    send_reply(kept, actor=agent, body_text=REPLY)
    kept = casework.assign_case(kept, actor=owner, assignee=technician)
    unanswered = make_case(assignee=None)
    for case in (kept, unanswered):
        solve(case)
        client.post(answer_path(case), {"rating": "bad"})

    kept.refresh_from_db()
    unanswered.refresh_from_db()
    assert (kept.status, kept.assignee) == (Status.OPEN, technician)
    assert (unanswered.status, unanswered.assignee) == (Status.OPEN, None)
