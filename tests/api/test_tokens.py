from datetime import timedelta

from django.test import Client

from rightthere.accounts.models import ApiToken
from rightthere.accounts.tokens import create_api_token, user_for_api_key
from tests.api.conftest import send


def bearer(key):
    return Client(headers={"authorization": f"Bearer {key}"})


def test_user_creates_a_token_sees_its_key_once_and_uses_it(as_user, agent):
    session = as_user(agent)

    created = send(session, "post", "/api/tokens", {"name": "Accounting sync"})
    listed = session.get("/api/tokens").json()

    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("rt_")
    assert created.json()["prefix"] == key[3:11]
    assert [(t["name"], "key" in t) for t in listed] == [("Accounting sync", False)]
    assert bearer(key).get("/api/cases").status_code == 200


def test_revoked_token_is_refused(api_as, agent):
    token, key = create_api_token(agent, "Old script")
    client = bearer(key)

    revoked = client.delete(f"/api/tokens/{token.pk}")
    refused = client.get("/api/cases")

    assert revoked.status_code == 204
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    listed = {t["name"]: t for t in api_as(agent).get("/api/tokens").json()}
    assert listed["Old script"]["revoked_at"] is not None


def test_user_cannot_see_or_revoke_someone_elses_token(api_as, agent, owner):
    theirs, their_key = create_api_token(owner, "Owner's")
    client = api_as(agent)

    response = client.delete(f"/api/tokens/{theirs.pk}")

    assert response.status_code == 404
    assert "Owner's" not in [t["name"] for t in client.get("/api/tokens").json()]
    assert bearer(their_key).get("/api/cases").status_code == 200


def test_token_of_a_deactivated_user_is_refused(agent):
    _, key = create_api_token(agent, "Leaver's laptop")
    agent.is_active = False
    agent.save()

    assert bearer(key).get("/api/cases").status_code == 401


def test_made_up_or_malformed_credentials_are_refused(db):
    made_up = bearer("rt_made-up").get("/api/cases")
    wrong_scheme = Client(headers={"authorization": "Token rt_x"}).get("/api/cases")

    assert (made_up.status_code, wrong_scheme.status_code) == (401, 401)
    assert made_up["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_tokens_last_use_is_stamped_at_most_once_a_minute(agent):
    token, key = create_api_token(agent, "Nightly export")
    client = bearer(key)

    client.get("/api/cases")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/cases")
    token.refresh_from_db()
    within_the_minute = token.last_used_at
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    client.get("/api/cases")
    token.refresh_from_db()

    assert first is not None
    assert within_the_minute == first
    assert token.last_used_at > first


def test_the_key_identifies_its_own_user(agent, owner):
    _, agents_key = create_api_token(agent, "Agent's")
    _, owners_key = create_api_token(owner, "Owner's")

    assert user_for_api_key(agents_key) == agent
    assert user_for_api_key(owners_key) == owner
    assert user_for_api_key(owners_key).role == owner.role
    assert user_for_api_key(agents_key[:-1]) is None
