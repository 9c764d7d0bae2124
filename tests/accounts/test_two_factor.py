"""Two-factor log-in for staff: turn it on with an authenticator app, log in with a
code or a recovery code, and an owner can require it (#19)."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP

from rightthere.accounts import two_factor
from rightthere.accounts.models import TwoFactorRule, User
from tests.api.conftest import api_as  # noqa: F401 - the token client fixture, used below
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(secret: str, step: int = 0) -> str:
    """What the phone app shows (`step` 30-second periods ahead: the desk accepts the
    next one, and never the same one twice)."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key, drift=step).token():06d}"


def secret_on_page(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)[1]


def log_in(user: User) -> Client:
    client = Client()
    assert (
        client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    return client


def turn_on(user: User) -> tuple[Client, str, list[str]]:
    client = log_in(user)
    secret = secret_on_page(client.get("/account/two-factor/").content.decode())
    page = client.post("/account/two-factor/", {"action": "confirm", "code": code_for(secret)},
                       follow=True).content.decode()  # fmt: skip
    codes = re.findall(r"<li><code>(\d{4}-\d{4})</code></li>", page)
    return client, secret, codes


def test_turning_it_on_shows_a_qr_code_then_ten_recovery_codes_once(agent):
    client = log_in(agent)
    page = client.get("/account/two-factor/").content.decode()
    assert "<svg" in page and "Cannot scan? Type this key instead" in page

    client, secret, codes = turn_on(agent)

    agent.refresh_from_db()
    assert agent.two_factor_on
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get("/account/two-factor/").content.decode()
    assert "10 recovery codes left" in again and codes[0] not in again


def test_a_wrong_first_code_leaves_it_off(agent):
    client = log_in(agent)
    client.get("/account/two-factor/")

    response = client.post("/account/two-factor/", {"action": "confirm", "code": "000000"})

    assert response.status_code == 400
    assert "That code does not match" in response.content.decode()
    agent.refresh_from_db()
    assert not agent.two_factor_on


def test_after_the_password_every_page_asks_for_the_code_first(agent, no_wait):
    _, secret, _ = turn_on(agent)
    client = log_in(agent)

    inbox = client.get("/?status=open")
    api = client.get("/api/cases")

    assert (
        inbox.status_code == 302 and inbox["Location"] == "/login/verify/?next=%2F%3Fstatus%3Dopen"
    )
    assert api.status_code == 401 and api.json()["code"] == "two_factor"
    wrong = client.post("/login/verify/", {"code": "123456", "next": "/?status=open"})
    assert wrong.status_code == 400 and "That code did not work" in wrong.content.decode()
    right = client.post(
        "/login/verify/", {"code": code_for(secret, step=1), "next": "/?status=open"}
    )
    assert right.status_code == 302 and right["Location"] == "/?status=open"
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(agent, no_wait):
    _, _, codes = turn_on(agent)
    first = log_in(agent)
    assert first.post("/login/verify/", {"code": codes[0]}).status_code == 302
    second = log_in(agent)

    assert second.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert second.post("/login/verify/", {"code": codes[1].replace("-", "")}).status_code == 302
    assert two_factor.recovery_codes_left(agent) == 8


@pytest.fixture
def no_wait(settings):
    # Each wrong code doubles the wait before the next is checked; these tests type a
    # right code straight after a wrong one. The wait itself: test_wrong_codes_slow_down.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_wrong_codes_slow_down_guessing(agent):
    _, secret, _ = turn_on(agent)
    client = log_in(agent)
    client.post("/login/verify/", {"code": "111111"})

    right_too_soon = client.post("/login/verify/", {"code": code_for(secret, step=1)})

    assert right_too_soon.status_code == 400
    assert "each one doubles the wait" in right_too_soon.content.decode()


def test_a_code_cannot_be_used_twice(agent):
    _, secret, _ = turn_on(agent)
    code = code_for(secret, step=1)
    assert log_in(agent).post("/login/verify/", {"code": code}).status_code == 302

    assert log_in(agent).post("/login/verify/", {"code": code}).status_code == 400


def test_turning_it_off_needs_a_current_code(agent, no_wait):
    client, secret, _ = turn_on(agent)

    refused = client.post("/account/two-factor/", {"action": "off", "code": "000000"})
    done = client.post("/account/two-factor/", {"action": "off", "code": code_for(secret, 1)})

    assert refused.status_code == 400
    assert done.status_code == 302
    agent.refresh_from_db()
    assert not agent.two_factor_on


def test_an_owner_requires_it_and_agents_without_it_are_sent_to_set_it_up(owner, agent,
                                                                          technician):  # fmt: skip
    boss = Client()
    boss.force_login(owner)
    saved = boss.post("/settings/security/", {"require_two_factor": "managers"})
    assert saved.status_code == 302

    agent_client, tech_client = log_in(agent), log_in(technician)

    assert agent_client.get("/").status_code == 302
    assert agent_client.get("/")["Location"] == "/account/two-factor/"
    page = agent_client.get("/account/two-factor/").content.decode()
    assert "Your role must use two-factor log-in: set it up to go on." in page
    assert tech_client.get("/").status_code == 200  # technicians are never required


def test_required_means_it_cannot_be_turned_off(owner, agent):
    two_factor.set_policy(owner, TwoFactorRule.MANAGERS)
    client, secret, _ = turn_on(agent)

    response = client.post("/account/two-factor/", {"action": "off", "code": code_for(secret, 1)})

    assert response.status_code == 400
    assert "required for your role" in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_set_the_policy(role, request, as_user):
    user = request.getfixturevalue(role)

    assert as_user(user).get("/settings/security/").status_code == 403
    assert as_user(user).post("/settings/security/",
                              {"require_two_factor": "nobody"}).status_code == 403  # fmt: skip


def test_a_bad_policy_value_is_explained(owner, as_user):
    response = as_user(owner).post("/settings/security/", {"require_two_factor": "everyone"})

    assert response.status_code == 400
    assert "Choose who must use two-factor log-in: nobody, owners, managers." in (
        response.content.decode()
    )


def test_an_owner_turns_it_off_for_someone_who_lost_their_phone(owner, agent):
    turn_on(agent)

    two_factor.turn_off(owner, agent)

    agent.refresh_from_db()
    assert not agent.two_factor_on
    assert log_in(agent).get("/").status_code == 200


def test_api_tokens_are_not_asked_for_a_code(agent, api_as):  # noqa: F811
    turn_on(agent)

    assert api_as(agent).get("/api/cases").status_code == 200


def test_the_admin_asks_for_the_code_too(owner):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    turn_on(owner)
    client = Client()
    client.post("/admin/login/", {"username": owner.username, "password": PASSWORD})

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/login/verify/")


def test_the_api_and_the_command_set_the_same_policy(owner, api_as):  # noqa: F811
    from django.core.management import call_command

    response = api_as(owner).put("/api/security", {"require_two_factor": "owners"},
                                 content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and two_factor.policy().require_two_factor == "owners"

    call_command("two_factor", "--require", "managers", "--as", owner.username)
    assert api_as(owner).get("/api/security").json()["require_two_factor"] == "managers"


def test_the_command_turns_it_off_for_a_lost_phone_and_names_mistakes(owner, agent):
    from django.core.management import CommandError, call_command

    turn_on(agent)
    call_command("two_factor", "--turn-off", agent.username, "--as", owner.username)
    agent.refresh_from_db()
    assert not agent.two_factor_on
    with pytest.raises(CommandError, match="Say which owner does this"):
        call_command("two_factor", "--require", "owners")
    with pytest.raises(CommandError, match="Only owners can"):
        call_command("two_factor", "--require", "owners", "--as", agent.username)
