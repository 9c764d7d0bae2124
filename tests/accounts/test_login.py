"""One limit on guessing for every way in (log-in page, admin, API tokens), which a
stranger cannot use to lock a colleague out, with the client's address read through
trusted proxies only (#19)."""

import pytest
from django.test import Client
from django.urls import reverse

from rightthere.accounts.client_ip import client_ip
from rightthere.accounts.tokens import create_api_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed log-ins"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "LOGIN_MAX_FAILURES": 5,
                           "LOGIN_MAX_FAILURES_PER_ADDRESS": 30, "LOGIN_LOCK_MINUTES": 15}  # fmt: skip


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def fail(client: Client, username: str, times: int, url: str = "/login/") -> None:
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"})


def test_five_wrong_passwords_lock_the_login_even_with_the_right_one():
    UserFactory(username="ann")
    client = from_address("203.0.113.7")
    fail(client, "ann", 5)

    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "Wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_usernames_are_counted_whatever_their_case():
    UserFactory(username="ann")
    client = from_address("203.0.113.7")
    for name in ["ann", "Ann", "ANN", "aNn", "anN"]:
        client.post("/login/", {"username": name, "password": "wrong"})

    response = client.post("/login/", {"username": "ann", "password": PASSWORD})

    assert response.status_code == 429


def test_a_stranger_cannot_lock_a_colleague_out():
    UserFactory(username="ann")
    fail(from_address("198.51.100.66"), "ann", 20)  # the attacker is locked, not Ann
    ann = from_address("203.0.113.7")

    response = ann.post("/login/", {"username": "ann", "password": PASSWORD})

    assert response.status_code == 302
    assert ann.session["_auth_user_id"]


def test_one_address_trying_many_names_is_capped():
    UserFactory(username="zoe")
    attacker = from_address("198.51.100.66")
    for n in range(30):
        fail(attacker, f"user{n}", 1)

    response = attacker.post("/login/", {"username": "zoe", "password": PASSWORD})

    assert response.status_code == 429


def test_the_admin_login_shares_the_limit():
    UserFactory(username="olivia", is_staff=True, is_superuser=True)
    client = from_address("203.0.113.7")
    fail(client, "olivia", 5, url="/admin/login/")

    response = client.post("/admin/login/", {"username": "olivia", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_locked_on_the_log_in_page_means_locked_on_the_admin_too():
    UserFactory(username="olivia", is_staff=True, is_superuser=True)
    client = from_address("203.0.113.7")
    fail(client, "olivia", 5)

    response = client.post("/admin/login/", {"username": "olivia", "password": PASSWORD})

    assert response.status_code == 429


def test_a_right_password_logs_in_after_a_few_mistakes_and_clears_them():
    UserFactory(username="ann")
    client = from_address("203.0.113.7")
    fail(client, "ann", 4)

    assert client.post("/login/", {"username": "ann", "password": PASSWORD}).status_code == 302
    client.logout()
    fail(client, "ann", 4)  # a fresh count after a success
    assert client.post("/login/", {"username": "ann", "password": PASSWORD}).status_code == 302


def test_guessing_api_tokens_is_limited_by_address_and_answered_in_json():
    user = UserFactory(username="ann")
    _, key = create_api_token(user, "tests")
    guesser = Client(REMOTE_ADDR="198.51.100.66", headers={"authorization": "Bearer rt_guess"})
    answers = [guesser.get("/api/cases").status_code for _ in range(6)]
    locked = Client(REMOTE_ADDR="198.51.100.66", headers={"authorization": f"Bearer {key}"})
    elsewhere = Client(REMOTE_ADDR="203.0.113.7", headers={"authorization": f"Bearer {key}"})

    assert answers == [401] * 4 + [429] * 2  # the fifth wrong key sets the lock
    response = guesser.get("/api/cases")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "Too many failed API token attempts" in response.json()["detail"]
    # A right key is never refused: guessing one is hopeless, so nobody is locked out.
    assert locked.get("/api/cases").status_code == 200
    assert elsewhere.get("/api/cases").status_code == 200


def test_login_form_needs_a_csrf_token():
    UserFactory(username="ann")
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("login"), {"username": "ann", "password": PASSWORD})

    assert response.status_code == 403


class FakeRequest:
    def __init__(self, remote: str, forwarded: str = "") -> None:
        self.META = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        ("203.0.113.7", "1.2.3.4", "203.0.113.7"),  # not our proxy: its header is ignored
        ("127.0.0.1", "198.51.100.66", "198.51.100.66"),  # through our nginx
        ("127.0.0.1", "1.2.3.4, 198.51.100.66", "198.51.100.66"),  # a forged first hop
        ("127.0.0.1", "198.51.100.66, 10.0.0.5", "198.51.100.66"),  # two proxies of ours
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("", "", "0.0.0.0"),  # noqa: S104 - unknown, counted as one
    ],
)
def test_the_client_address_comes_through_trusted_proxies_only(remote, forwarded, expected,
                                                                settings):  # fmt: skip
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    assert client_ip(FakeRequest(remote, forwarded)) == expected


def test_behind_the_proxy_each_visitor_has_its_own_count(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    UserFactory(username="ann")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    fail(attacker, "ann", 10)
    ann = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert ann.post("/login/", {"username": "ann", "password": PASSWORD}).status_code == 302
