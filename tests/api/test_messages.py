from django.conf import settings

from rightthere.cases.models import Message
from tests.api.conftest import send
from tests.factories import make_case


def test_agent_replies_and_the_new_case_becomes_open(api_as, agent):
    case = make_case()

    response = send(api_as(agent), "post", f"/api/cases/{case.pk}/messages", {
        "direction": "outbound", "body_text": "We will come on Tuesday.\n\nBest, Adam",
    })  # fmt: skip

    assert response.status_code == 201, response.content
    message = response.json()
    assert message["direction"] == "outbound"
    assert message["author"] == {"id": agent.pk, "name": agent.display_name}
    assert message["body_html"] == "<p>We will come on Tuesday.</p><p>Best, Adam</p>"
    assert api_as(agent).get(f"/api/cases/{case.pk}").json()["status"] == "open"


def test_script_in_an_html_message_is_stored_and_returned_without_it(api_as, technician):
    case = make_case(assignee=technician)
    client = api_as(technician)

    response = send(client, "post", f"/api/cases/{case.pk}/messages", {
        "direction": "note",
        "body_html": '<p onclick="steal()">Fixed</p><script>alert(1)</script>'
                     '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>',
    })  # fmt: skip
    listed = client.get(f"/api/cases/{case.pk}/messages").json()["items"][-1]

    stored = Message.objects.get(pk=response.json()["id"]).body_html
    for html in (response.json()["body_html"], listed["body_html"], stored):
        assert "<script" not in html
        assert "alert" not in html
        assert "onclick" not in html
        assert "<p>Fixed</p>" in html
    assert listed["body_text"] == "Fixed\nlink"


def test_message_longer_than_the_limit_is_refused(api_as, agent):
    case = make_case()
    too_long = "x" * (settings.RIGHTTHERE["MAX_MESSAGE_CHARS"] + 1)

    response = send(api_as(agent), "post", f"/api/cases/{case.pk}/messages", {
        "direction": "note", "body_text": too_long,
    })  # fmt: skip

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body_text"
    assert case.messages.count() == 1


def test_limit_lowered_at_runtime_is_still_enforced(api_as, agent, settings):
    case = make_case()
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_MESSAGE_CHARS": 10}

    response = send(api_as(agent), "post", f"/api/cases/{case.pk}/messages", {
        "direction": "note", "body_text": "x" * 11,
    })  # fmt: skip

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The message is too long (at most 10 characters).",
        "code": "invalid",
    }


def test_empty_message_is_refused(api_as, agent):
    case = make_case()

    response = send(api_as(agent), "post", f"/api/cases/{case.pk}/messages", {
        "direction": "note", "body_html": "<p> </p>",
    })  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == "The message is empty."


def test_message_needs_a_direction(api_as, agent):
    case = make_case()

    response = send(api_as(agent), "post", f"/api/cases/{case.pk}/messages", {"body_text": "Hi"})

    assert response.status_code == 422
    assert response.json()["detail"] == "direction: Field required"


def test_messages_are_listed_oldest_first_page_by_page(api_as, agent):
    case = make_case(body="First")
    client = api_as(agent)
    for text in ("Second", "Third"):
        send(client, "post", f"/api/cases/{case.pk}/messages", {
            "direction": "note", "body_text": text,
        })  # fmt: skip

    first = client.get(f"/api/cases/{case.pk}/messages?limit=2").json()
    second = client.get(f"/api/cases/{case.pk}/messages?limit=2&cursor={first['next']}").json()

    texts = [m["body_text"] for m in first["items"] + second["items"]]
    assert texts == ["First", "Second", "Third"]
    assert second["next"] is None


def test_timeline_shows_what_happened_oldest_first(api_as, agent):
    case = make_case()
    client = api_as(agent)
    send(client, "patch", f"/api/cases/{case.pk}", {"priority": "low"})

    response = client.get(f"/api/cases/{case.pk}/events")

    events = response.json()["items"]
    assert [event["kind"] for event in events][:4] == ["created", "message", "promise", "priority"]
    priority = events[3]
    assert (priority["before"], priority["after"]) == ("Normal", "Low")
    assert priority["actor"] == {"id": agent.pk, "name": agent.display_name}
    assert events[0]["actor_name"] == "Rightthere"
