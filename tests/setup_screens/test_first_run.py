"""A fresh install: opening the site leads to creating the owner, then a guided path
whose skipped steps come back as to-dos; `rightthere init` does the same."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.accounts.models import Role, SettingsChange, User
from rightthere.accounts.profile import business_profile
from rightthere.setup_screens.first_run import STEPS
from rightthere.setup_screens.gaps import missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process():
    """The gate remembers for the life of the process that someone exists; an earlier
    test in this process made people, so start as a freshly started server does."""
    from rightthere.setup_screens import first_run_views

    first_run_views._has_people[0] = False


OWNER = {"first_name": "Olivia", "last_name": "Stone", "username": "olivia",
         "email": "olivia@brightside.test", "password": "a long pass phrase 42",
         "business_name": "Brightside Home Repairs", "time_zone": "Europe/Dublin",
         "language": "en-gb"}  # fmt: skip


def test_opening_a_fresh_install_leads_to_creating_the_owner(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("first_run_start")


def test_owner_created_on_the_first_page_is_logged_in_and_led_through_the_steps(client):
    response = client.post(reverse("first_run_start"), OWNER)

    owner = User.objects.get()
    assert owner.role == Role.OWNER and owner.check_password(OWNER["password"])
    assert response["Location"] == reverse("first_run_step", args=[STEPS[0].key])
    profile = business_profile()
    assert (profile.name, profile.time_zone) == ("Brightside Home Repairs", "Europe/Dublin")
    assert client.get("/").status_code == 200  # the inbox, no longer the first run
    assert client.get(reverse("first_run_start"))["Location"] == reverse("settings_setup")


def test_skipping_every_step_leaves_them_as_to_dos(client):
    client.post(reverse("first_run_start"), OWNER)
    for step in STEPS[:-1]:
        assert client.get(reverse("first_run_step", args=[step.key])).status_code == 200
    response = client.post(reverse("first_run_finish"))

    assert response["Location"] == reverse("settings_setup")
    page = client.get(reverse("settings_setup")).content.decode()
    for gap in ("No business hours", "No mailbox", "Your team is not invited"):
        assert gap in page
    assert business_profile().first_run_finished
    assert SettingsChange.objects.filter(summary="Finished the first-run set-up").exists()


def test_choosing_the_contact_form_only_answers_how_customers_reach_you(client):
    client.post(reverse("first_run_start"), OWNER)
    client.post(reverse("first_run_step", args=["reach"]), {"contact_form_only": "1"})
    assert "mailbox" not in [gap.key for gap in missing()]


def test_first_page_shows_bad_input_next_to_the_field(client):
    page = client.post(reverse("first_run_start"), {**OWNER, "password": "", "business_name": ""})
    assert "Choose a password" in page.content.decode()
    page = client.post(reverse("first_run_start"), {**OWNER, "business_name": " "})
    assert "Give your business a name" in page.content.decode()
    page = client.post(reverse("first_run_start"), {**OWNER, "password": "short"})
    assert "too short" in page.content.decode()
    assert not User.objects.exists()


def test_nobody_else_can_become_owner_once_the_desk_has_people(client, owner):
    response = client.post(reverse("first_run_start"), {**OWNER, "username": "mallory"})
    assert response.status_code == 302
    assert not User.objects.filter(username="mallory").exists()


@pytest.mark.parametrize(("who", "status"), [("agent", 403), ("technician", 403),
                                             ("subcontractor", 403), ("owner", 200)])  # fmt: skip
def test_only_owners_walk_the_first_run_steps(request, as_user, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("first_run_step", args=["hours"])).status_code == status


def test_rightthere_init_creates_the_owner_without_questions(monkeypatch, capsys):
    monkeypatch.setenv("RIGHTTHERE_OWNER_PASSWORD", OWNER["password"])
    call_command("init", "--no-input", "--username", "olivia", "--business-name",
                 "Brightside Home Repairs", "--time-zone", "Europe/London")  # fmt: skip

    assert User.objects.get().is_owner
    assert business_profile().name == "Brightside Home Repairs"
    out = capsys.readouterr().out
    assert "No business hours" in out
    with pytest.raises(CommandError, match="already has people"):
        call_command("init", "--no-input", "--username", "x", "--business-name", "y")


def test_rightthere_init_asks_what_is_not_given(monkeypatch):
    answers = iter(["olivia", "", "Brightside Home Repairs"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: OWNER["password"])
    call_command("init")
    assert User.objects.get().username == "olivia"
