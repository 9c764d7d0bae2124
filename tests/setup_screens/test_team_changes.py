"""Changing a person's role, teams and manager: the Team screen, PATCH /api/users/{id}
and `rightthere team change` go through one use case (accounts.setup.change_person);
owners only; each change in the settings change log with who and when; the desk keeps
an owner, and a refusal is shown next to its field."""

import contextlib
import html
import re
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from rightthere.accounts import setup
from rightthere.accounts.models import Role, SettingsChange, User
from rightthere.accounts.tokens import create_api_token
from rightthere.core.errors import InvalidField
from tests.factories import OwnerFactory, TeamFactory

pytestmark = pytest.mark.django_db

ROLES = [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)]


def error_next_to(page: str, field: str) -> str:
    block = re.search(rf'<div class="formfield has-error">\s*<label for="id_{field}".*?</div>',
                      page, re.S)  # fmt: skip
    assert block, f"no error next to {field}"
    return html.unescape(re.sub(r"<[^>]+>", " ", block.group(0)))


def patch(client, user, path, body):
    _, key = create_api_token(user, "test")
    return client.patch(path, body, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


def test_owner_changes_an_agents_role_teams_and_manager_on_the_team_screen(as_user, owner, agent):
    repairs, sales = TeamFactory(name="Repairs"), TeamFactory(name="Sales")
    sales.members.add(agent)
    client = as_user(owner)

    team_page = client.get(reverse("settings_team")).content.decode()
    response = client.post(reverse("settings_person", args=[agent.pk]),
                           {"role": "owner", "teams": [repairs.pk], "manager": owner.pk})  # fmt: skip

    assert reverse("settings_person", args=[agent.pk]) in team_page
    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.role, agent.manager, list(agent.teams.all())) == ("owner", owner, [repairs])
    assert agent.is_staff and agent.is_superuser  # owners also use the admin
    change = SettingsChange.objects.get(screen="team")
    assert (change.actor, change.actor_name) == (owner, owner.display_name)
    assert change.at is not None
    assert change.summary == (f"Changed {agent.display_name}'s role from {Role.AGENT.label} to "
                              f"{Role.OWNER.label}; manager to {owner.display_name}; "
                              "teams to Repairs")  # fmt: skip


def test_the_only_owner_cannot_take_away_their_own_role(as_user, owner):
    page = as_user(owner).post(reverse("settings_person", args=[owner.pk]), {"role": "agent"})

    assert "is the only owner: make someone else an owner first" in error_next_to(
        page.content.decode(), "role"
    )
    owner.refresh_from_db()
    assert owner.role == Role.OWNER and owner.is_superuser
    assert not SettingsChange.objects.exists()


def test_an_owner_may_step_down_when_another_owner_remains(as_user, owner):
    OwnerFactory(username="oscar")

    response = as_user(owner).post(reverse("settings_person", args=[owner.pk]), {"role": "agent"})

    owner.refresh_from_db()
    assert response.status_code == 302
    assert (owner.role, owner.is_staff, owner.is_superuser) == ("agent", False, False)


def test_a_manager_loop_is_refused_next_to_the_manager(as_user, owner, agent):
    agent.manager = owner
    agent.save()
    client = as_user(owner)

    page = client.post(reverse("settings_person", args=[owner.pk]),
                       {"role": "owner", "manager": agent.pk})  # fmt: skip

    assert "reports to" in error_next_to(page.content.decode(), "manager")
    owner.refresh_from_db()
    assert owner.manager is None


@pytest.mark.parametrize(("who", "status"), ROLES)
def test_each_role_opening_a_persons_page(request, as_user, agent, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("settings_person", args=[agent.pk])).status_code == status


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_other_roles_cannot_change_anyones_role(request, as_user, owner, who):
    person = request.getfixturevalue(who)
    client = as_user(person)

    response = client.post(reverse("settings_person", args=[owner.pk]), {"role": "agent"})

    owner.refresh_from_db()
    assert response.status_code == 403
    assert owner.role == Role.OWNER
    assert not SettingsChange.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, agent):
    response = client.post(reverse("settings_person", args=[agent.pk]), {"role": "owner"})

    agent.refresh_from_db()
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert agent.role == Role.AGENT


def test_owner_changes_a_person_through_the_api(client, owner, agent):
    repairs = TeamFactory(name="Repairs")
    agent.manager = owner
    agent.save()

    response = patch(client, owner, f"/api/users/{agent.pk}",
                     {"role": "technician", "team_ids": [repairs.pk], "manager_id": None})  # fmt: skip

    assert response.status_code == 200
    assert response.json() | {"id": 0} == {
        "id": 0, "username": agent.username, "name": agent.display_name, "role": "technician",
        "email": agent.email, "partner_id": None, "is_active": True,
        "team_ids": [repairs.pk], "manager_id": None, "language": "",
    }  # fmt: skip
    assert SettingsChange.objects.get(screen="team").actor == owner


def test_the_api_leaves_out_what_is_not_sent(client, owner, agent):
    agent.manager = owner
    agent.save()

    response = patch(client, owner, f"/api/users/{agent.pk}", {"role": "owner"})

    agent.refresh_from_db()
    assert response.json()["manager_id"] == owner.pk
    assert (agent.role, agent.manager) == (Role.OWNER, owner)


def test_the_api_refuses_the_last_owners_demotion_with_its_message(client, owner):
    response = patch(client, owner, f"/api/users/{owner.pk}", {"role": "agent"})

    owner.refresh_from_db()
    assert response.status_code == 400
    assert "is the only owner" in response.json()["detail"]
    assert owner.role == Role.OWNER


def test_the_command_changes_a_person_as_the_screen_does(owner, agent, capsys):
    TeamFactory(name="Repairs")

    call_command("team", "change", agent.username, "--role", "technician", "--team", "repairs",
                 "--manager", owner.username, "--as", owner.username)  # fmt: skip

    agent.refresh_from_db()
    assert (agent.role, agent.manager, [t.name for t in agent.teams.all()]) == (
        "technician", owner, ["Repairs"])  # fmt: skip
    assert "Technician, Repairs" in capsys.readouterr().out
    assert SettingsChange.objects.get(screen="team").actor == owner


def test_the_command_refuses_the_last_owners_demotion(owner):
    with pytest.raises(CommandError, match="--role: .* is the only owner"):
        call_command("team", "change", owner.username, "--role", "agent", "--as", owner.username)


def test_the_command_refuses_someone_who_is_not_an_owner(owner, agent):
    with pytest.raises(CommandError, match="Only owners can change people's roles"):
        call_command("team", "change", owner.username, "--role", "agent", "--as", agent.username)


def test_a_partners_person_is_not_changed_here(as_user, owner, subcontractor):
    response = as_user(owner).get(reverse("settings_person", args=[subcontractor.pk]))
    assert response.status_code == 404


def test_a_person_who_is_not_staff_is_not_given_a_team(client, owner, subcontractor):
    team = TeamFactory(name="Repairs")
    response = patch(client, owner, f"/api/users/{subcontractor.pk}", {"team_ids": [team.pk]})

    assert response.status_code == 400
    assert not team.members.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections at once: the test database on SQLite is one in-memory "
    "connection shared by every thread",
)
def test_two_owners_stepping_down_at_the_same_moment_leave_one_owner(monkeypatch):
    # Each waits for the other once it holds the owners' rows: with the lock the second
    # cannot take them until the first has committed (the wait times out), then sees it.
    olivia, oscar = OwnerFactory(username="olivia"), OwnerFactory(username="oscar")
    both_locked = threading.Barrier(2, timeout=1.5)
    real_lock = setup._lock_owners

    def lock_then_wait_for_the_other():
        owners = real_lock()
        with contextlib.suppress(threading.BrokenBarrierError):
            both_locked.wait()
        return owners

    monkeypatch.setattr(setup, "_lock_owners", lock_then_wait_for_the_other)
    outcome = []

    def step_down(owner):
        try:
            setup.change_person(owner, owner, role=Role.AGENT)
            outcome.append("stepped down")
        except InvalidField as refused:
            outcome.append(refused.field)
        finally:
            connection.close()

    threads = [threading.Thread(target=step_down, args=(o,)) for o in (olivia, oscar)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(outcome) == ["role", "stepped down"]
    assert User.objects.filter(role=Role.OWNER).count() == 1
