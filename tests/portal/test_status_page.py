"""The customer's status page: one unguessable link per case, revocable, isolated."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Direction, Status
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.portal.links import link_for_token, revoke_links, rotate_link, status_path
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_status_page_shows_status_handler_next_date_and_public_conversation(client, agent):
    case = make_case(subject="Boiler pressure drops", assignee=agent)
    desk_messages.add_message(case, actor=agent, direction=Direction.NOTE, body_text="Secret note")
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="Coming Friday"
    )

    page = client.get(status_path(case)).content.decode()

    assert "Boiler pressure drops" in page
    assert agent.first_name in page
    assert "We aim to have this resolved by" in page
    assert "Coming Friday" in page
    assert "Secret note" not in page


def test_customer_reply_on_status_page_reaches_the_case(client):
    case = make_case()
    path = status_path(case)
    token = path.strip("/").split("/")[1]

    response = client.post(reverse("status_reply", args=[token]), {"text": "Friday works."})

    assert response.status_code == 302
    assert case.messages.last().body_text == "Friday works."
    assert case.messages.last().direction == Direction.INBOUND


def test_reply_on_a_solved_case_reopens_it(client, agent):
    case = make_case()
    casework.change_status(case, actor=agent, status=Status.SOLVED)
    token = status_path(case).strip("/").split("/")[1]

    client.post(reverse("status_reply", args=[token]), {"text": "It broke again."})

    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_a_token_never_reaches_another_case(client):
    mine = make_case(subject="My washing machine")
    other = make_case(subject="Neighbour's secret boiler")
    token = status_path(mine).strip("/").split("/")[1]
    link_id, rest = token.split(".", 1)
    other_link_id = str(link_for_token(status_path(other).strip("/").split("/")[1]).pk)

    tampered = client.get(f"/s/{other_link_id}.{rest}/")
    page = client.get(f"/s/{token}/").content.decode()

    assert tampered.status_code == 404
    assert "secret boiler" not in page
    assert client.get("/s/garbage/").status_code == 404


def test_revoked_and_rotated_links_give_404(client):
    case = make_case()
    old_path = status_path(case)

    rotate_link(case)
    new_path = status_path(case)
    revoke_links(case)

    assert client.get(old_path).status_code == 404
    assert new_path != old_path
    assert client.get(new_path).status_code == 404
    assert client.get(status_path(case)).status_code == 200
