"""A reply that crossed another: the writer reads what came in first, then chooses.

The same rule through the use case, the case page and the API."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Message
from rightthere.core.errors import ReplyCrossed
from rightthere.desk import messages as desk_messages
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db

MY_TEXT = "Dear Ms Hopper, the engineer comes on Thursday at 9."


@pytest.fixture
def case(agent):
    return make_case(subject="No hot water since Sunday", assignee=agent)


@pytest.fixture
def anna():
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


def last_id(case):
    return case.messages.order_by("-pk").values_list("pk", flat=True).first()


def replies(case):
    return list(case.messages.filter(direction="outbound").values_list("body_text", flat=True))


# --- The use case --------------------------------------------------------------------


def test_a_reply_after_someone_elses_is_held_with_theirs(case, agent, anna):
    seen = last_id(case)
    theirs = desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    with pytest.raises(ReplyCrossed) as crossed:
        desk_messages.send_reply(case, actor=agent, body_text=MY_TEXT, seen_last_message_id=seen)

    assert crossed.value.newer == [theirs]
    assert crossed.value.http_status == 409
    assert "a message reached this case" in crossed.value.message
    assert replies(case) == ["Thursday 9 am it is."]


def test_a_customer_message_since_crosses_a_reply_too(case, agent):
    seen = last_id(case)
    desk_messages.add_customer_message(case, actor=None, body_text="Actually, Friday suits me.")

    with pytest.raises(ReplyCrossed, match="a message reached"):
        desk_messages.send_reply(case, actor=agent, body_text=MY_TEXT, seen_last_message_id=seen)


def test_sending_anyway_sends(case, agent, anna):
    seen = last_id(case)
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    desk_messages.send_reply(
        case, actor=agent, body_text=MY_TEXT, seen_last_message_id=seen, confirmed=True
    )

    assert replies(case) == ["Thursday 9 am it is.", MY_TEXT]


def test_notes_and_my_own_replies_do_not_cross(case, agent, anna):
    seen = last_id(case)
    desk_messages.add_note(case, actor=anna, body_text="Ask about the pressure gauge.")
    desk_messages.send_reply(case, actor=agent, body_text="First part of my answer.")

    desk_messages.send_reply(case, actor=agent, body_text=MY_TEXT, seen_last_message_id=seen)

    assert replies(case) == ["First part of my answer.", MY_TEXT]


def test_without_the_last_message_seen_nothing_is_checked(case, agent, anna):
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    desk_messages.send_reply(case, actor=agent, body_text=MY_TEXT)  # an older client

    assert replies(case) == ["Thursday 9 am it is.", MY_TEXT]


# --- The case page -------------------------------------------------------------------


def post_reply(client, case, seen, **extra):
    return client.post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "outbound", "body": MY_TEXT, "seen_last_message": seen, **extra},
    )


def test_the_case_page_shows_their_message_first_and_keeps_my_text(case, agent, anna, as_user):
    client = as_user(agent)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    seen = last_id(case)
    assert f'name="seen_last_message" value="{seen}"' in page
    theirs = desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = post_reply(client, case, seen, promise_what="", promise_due="")

    html = response.content.decode()
    assert response.status_code == 409
    assert "While you were writing, a message reached this case." in html
    crossed = html[html.index('id="crossed"') : html.index("</ol>", html.index('id="crossed"'))]
    assert "Anna Berg" in crossed and "Thursday 9 am it is." in crossed
    assert "Send anyway" in html and "Edit my reply" in html
    assert f">{MY_TEXT}</textarea>" in html  # nothing typed is lost
    # The composer now carries their message as seen: "Edit my reply", then Send, sends.
    assert f'name="seen_last_message" value="{theirs.pk}"' in html
    assert replies(case) == ["Thursday 9 am it is."]


def test_send_anyway_on_the_case_page_sends(case, agent, anna, as_user):
    seen = last_id(case)
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = post_reply(as_user(agent), case, seen, confirmed="1")

    assert response.status_code == 302
    assert replies(case) == ["Thursday 9 am it is.", MY_TEXT]


def test_edit_my_reply_then_send_goes_through_with_the_newer_message_seen(
    case, agent, anna, as_user
):
    theirs = desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = post_reply(as_user(agent), case, theirs.pk)

    assert response.status_code == 302
    assert replies(case) == ["Thursday 9 am it is.", MY_TEXT]


def test_a_note_on_the_case_page_is_never_held(case, agent, anna, as_user):
    seen = last_id(case)
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = as_user(agent).post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "note", "body": "Check the gauge.", "seen_last_message": seen},
    )

    assert response.status_code == 302
    assert case.messages.filter(direction="note").count() == 1


def test_files_attached_to_a_held_reply_are_asked_for_again(case, agent, anna, as_user, tmp_path):
    seen = last_id(case)
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")
    photo = tmp_path / "boiler.jpg"
    photo.write_bytes(b"jpeg")

    with photo.open("rb") as upload:
        response = post_reply(as_user(agent), case, seen, attachments=upload)

    assert response.status_code == 409
    assert "Attach your files again." in response.content.decode()


# --- The API (the same rule, the same messages) --------------------------------------


def api_reply(client, case, **fields):
    return client.post(
        f"/api/cases/{case.pk}/messages",
        {"direction": "outbound", "body_text": MY_TEXT, **fields},
        content_type="application/json",
    )


def test_the_api_answers_409_with_the_newer_messages(case, agent, anna, api_as):
    seen = last_id(case)
    theirs = desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = api_reply(api_as(agent), case, seen_last_message_id=seen)

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "reply_crossed"
    assert body["detail"].startswith("While you were writing, a message reached this case.")
    assert [m["id"] for m in body["newer_messages"]] == [theirs.pk]
    assert body["newer_messages"][0]["author"]["name"] == "Anna Berg"
    assert replies(case) == ["Thursday 9 am it is."]


def test_the_api_sends_anyway_when_confirmed(case, agent, anna, api_as):
    seen = last_id(case)
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = api_reply(api_as(agent), case, seen_last_message_id=seen, confirmed=True)

    assert response.status_code == 201
    assert replies(case) == ["Thursday 9 am it is.", MY_TEXT]


def test_old_api_clients_that_send_no_id_are_unaffected(case, agent, anna, api_as):
    desk_messages.send_reply(case, actor=anna, body_text="Thursday 9 am it is.")

    response = api_reply(api_as(agent), case)

    assert response.status_code == 201


def test_the_api_refuses_a_negative_message_id(case, agent, api_as):
    response = api_reply(api_as(agent), case, seen_last_message_id=-1)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "seen_last_message_id"
    assert not Message.objects.filter(body_text=MY_TEXT).exists()


@pytest.mark.parametrize("door", ["web", "api"])
def test_both_doors_hold_the_same_reply_for_the_same_message(
    door, case, agent, anna, as_user, api_as
):
    seen = last_id(case)
    theirs = desk_messages.add_customer_message(case, actor=None, body_text="Friday suits me.")

    status = {
        "web": lambda: post_reply(as_user(agent), case, seen).status_code,
        "api": lambda: api_reply(api_as(agent), case, seen_last_message_id=seen).status_code,
    }[door]()

    assert status == 409
    assert case.messages.order_by("-pk").first() == theirs
