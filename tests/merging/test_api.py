"""The merging API: duplicates, merge (409 for two customers unless confirmed), get, undo."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.merging.models import CaseMerge
from tests.api.conftest import send
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(contact):
    older = make_case(subject="Boiler bangs at night", contact=contact)
    newer = make_case(subject="Boiler banging at night", contact=contact)
    return older, newer


def test_duplicates_lists_likely_duplicates_best_first(twins, agent, api_as):
    older, newer = twins

    response = api_as(agent).get(f"/api/cases/{newer.pk}/duplicates")

    assert response.status_code == 200
    body = response.json()
    assert body["window_days"] == 14
    [item] = body["items"]
    assert item["case"]["id"] == older.pk
    assert item["case"]["reference"] == older.reference
    assert item["case"]["customer"]["name"] == "Ada Byron"
    assert item["reasons"][0] == "same contact"
    assert 0 < item["score"] <= 1


def test_merge_moves_the_case_and_answers_what_moved(pair, agent, api_as):
    merged, survivor = pair

    response = send(api_as(agent), "post", f"/api/cases/{merged.pk}/merge", {"into": survivor.pk})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["survivor"]["id"] == survivor.pk
    assert body["merged"]["merged_into_id"] == survivor.pk
    assert body["merged"]["status"] == "closed"
    assert body["actor"]["id"] == agent.pk
    assert body["can_undo"] is True
    moved = {line["relation"]: line for line in body["moved"]}
    assert moved["cases.Message.case"]["label"] == "messages"
    assert len(moved["cases.Message.case"]["ids"]) == 3  # the mail, acknowledgement, reply
    assert survivor.messages.count() == 4  # its own message and the three moved


def test_merge_of_two_customers_cases_answers_409_unless_confirmed(agent, api_as):
    merged = make_case(subject="Boiler bangs")
    survivor = make_case(subject="Boiler bangs")
    client = api_as(agent)
    url = f"/api/cases/{merged.pk}/merge"

    refused = send(client, "post", url, {"into": survivor.pk})
    confirmed = send(
        client, "post", url, {"into": survivor.pk, "confirm_different_customers": True}
    )

    assert refused.status_code == 409
    assert refused.json()["code"] == "different_customers"
    assert merged.customer.name in refused.json()["detail"]
    assert survivor.customer.name in refused.json()["detail"]
    assert confirmed.status_code == 201


def test_get_merge_and_undo_it(pair, agent, api_as):
    merged, survivor = pair
    client = api_as(agent)
    merge_id = send(client, "post", f"/api/cases/{merged.pk}/merge", {"into": survivor.pk}).json()[
        "id"
    ]

    shown = client.get(f"/api/merges/{merge_id}")
    undone = send(client, "post", f"/api/merges/{merge_id}/undo")

    assert shown.status_code == 200
    assert shown.json()["undone_at"] is None
    assert undone.status_code == 200
    assert undone.json()["undone_by"]["id"] == agent.pk
    assert undone.json()["can_undo"] is False
    assert undone.json()["merged"]["merged_into_id"] is None
    assert merged.messages.count() == 3


def test_undo_after_a_day_answers_409_with_the_reason(twins, agent, api_as):
    older, newer = twins
    client = api_as(agent)
    merge_id = send(client, "post", f"/api/cases/{newer.pk}/merge", {"into": older.pk}).json()["id"]
    CaseMerge.objects.filter(pk=merge_id).update(created_at=timezone.now() - timedelta(days=2))

    response = send(client, "post", f"/api/merges/{merge_id}/undo")

    assert response.status_code == 409
    assert "can be undone for 24 hours" in response.json()["detail"]


def test_undo_twice_answers_409(twins, agent, api_as):
    older, newer = twins
    client = api_as(agent)
    merge_id = send(client, "post", f"/api/cases/{newer.pk}/merge", {"into": older.pk}).json()["id"]
    send(client, "post", f"/api/merges/{merge_id}/undo")

    response = send(client, "post", f"/api/merges/{merge_id}/undo")

    assert response.status_code == 409
    assert response.json()["detail"] == "This merge was already undone."


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({}, 422, "into"),
        ({"into": "RT-1"}, 422, "into"),
        ({"into": 0}, 422, "into"),
        ({"into": 2**70}, 422, "into"),
        ({"into": 999999}, 404, "No such case."),
        ({"into": None}, 422, "into"),
        ({"into": 1, "surprise": True}, 422, "surprise"),
        ({"into": 1, "confirm_different_customers": "perhaps"}, 422, "confirm"),
    ],
)
def test_bad_merge_payloads_get_a_clear_4xx(twins, agent, api_as, payload, status, message):
    _, newer = twins

    response = send(api_as(agent), "post", f"/api/cases/{newer.pk}/merge", payload)

    assert response.status_code == status
    assert message in response.json()["detail"]


def test_merging_a_case_into_itself_answers_400(twins, agent, api_as):
    _, newer = twins

    response = send(api_as(agent), "post", f"/api/cases/{newer.pk}/merge", {"into": newer.pk})

    assert response.status_code == 400
    assert "cannot be merged into itself" in response.json()["detail"]


def test_merging_into_a_merged_case_answers_409_naming_its_survivor(contact, agent, api_as):
    first, second, third = (make_case(subject="Boiler", contact=contact) for _ in range(3))
    client = api_as(agent)
    send(client, "post", f"/api/cases/{first.pk}/merge", {"into": second.pk})

    response = send(client, "post", f"/api/cases/{third.pk}/merge", {"into": first.pk})

    assert response.status_code == 409
    assert f"merge into {second.reference} instead" in response.json()["detail"]


def test_unknown_merge_is_404(agent, api_as):
    assert api_as(agent).get("/api/merges/999").status_code == 404
