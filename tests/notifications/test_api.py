"""/api/notifications: your own, paged, read one or all, and your preferences.
(Every route for every role is in tests/api/test_permissions.py.)"""

import pytest

from rightthere.notifications.models import Notification, NotificationPreference
from tests.desk.parity import api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_is_yours_newest_first_paged_with_the_unread_count(agent, tell):
    rows = [tell(agent, f"News {n}") for n in range(3)]
    tell(UserFactory(), "Not yours")
    client = api(agent)

    first = client.get("/api/notifications", {"limit": 2}).json()
    second = client.get("/api/notifications", {"limit": 2, "cursor": first["next"]}).json()

    assert [i["text"] for i in first["items"]] == ["News 2", "News 1"]
    assert [i["text"] for i in second["items"]] == ["News 0"]
    assert second["next"] is None
    assert first["unread"] == 3
    assert first["items"][0] == {
        "id": rows[2].pk,
        "kind": "customer_replied",
        "text": "News 2",
        "url": rows[2].url,
        "case_id": rows[2].case_id,
        "created_at": first["items"][0]["created_at"],
        "read_at": None,
    }


def test_unread_1_leaves_out_the_read_ones(agent, tell):
    read, unread = tell(agent, "Read"), tell(agent, "Unread")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    answer = api(agent).get("/api/notifications", {"unread": "1"}).json()

    assert [i["id"] for i in answer["items"]] == [unread.pk]
    assert answer["unread"] == 1


def test_reading_one_marks_it_and_another_persons_is_404(agent, owner, tell):
    mine, theirs = tell(agent), tell(owner)
    client = api(agent)

    read = client.post(f"/api/notifications/{mine.pk}/read")
    again = client.post(f"/api/notifications/{mine.pk}/read")
    other = client.post(f"/api/notifications/{theirs.pk}/read")

    assert read.status_code == again.status_code == 200
    assert read.json()["read_at"] is not None
    assert again.json()["read_at"] == read.json()["read_at"]
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_all_marks_only_yours(agent, owner, tell):
    tell(agent), tell(agent)
    theirs = tell(owner)

    answer = api(agent).post("/api/notifications/read-all")

    assert answer.json() == {"marked": 2}
    assert Notification.objects.filter(recipient=agent, read_at=None).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_preferences_show_every_kind_with_its_default_and_change_as_asked(agent, owner):
    client = api(agent)

    before = client.get("/api/notifications/preferences").json()
    changed = client.put("/api/notifications/preferences",
                         {"preferences": {"visit_moved": "digest", "assigned": "off"}},
                         content_type="application/json")  # fmt: skip

    assert {p["kind"]: p["delivery"] for p in before} == {
        "customer_replied": "now",
        "assigned": "now",
        "mentioned": "app",
        "promise_due": "app",
        "customer_upset": "app",
        "part_arrived": "app",
        "visit_moved": "app",
        "mail_bounced": "now",
        "webhook_paused": "now",
        "rule": "app",
    }
    assert before[0]["label"] == "A customer replied on my case"
    after = {p["kind"]: p["delivery"] for p in changed.json()}
    assert changed.status_code == 200
    assert after["visit_moved"] == "digest" and after["assigned"] == "off"
    assert after["customer_replied"] == "now"
    assert NotificationPreference.objects.filter(user=owner).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"preferences": {"visit_moved": "pigeon"}},
        {"preferences": {"gossip": "app"}},
        {"preferences": {}},
        {"preferences": {"visit_moved": "off"}, "extra": 1},
        {},
    ],
)
def test_wrong_preferences_are_refused_with_422_and_nothing_changes(agent, body):
    answer = api(agent).put("/api/notifications/preferences", body,
                            content_type="application/json")  # fmt: skip

    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid"
    assert NotificationPreference.objects.count() == 0


def test_a_bad_cursor_or_limit_is_refused(agent):
    client = api(agent)

    assert client.get("/api/notifications", {"cursor": "nonsense"}).status_code == 400
    assert client.get("/api/notifications", {"limit": 0}).status_code == 422
