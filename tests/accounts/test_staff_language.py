"""Each person chooses the language of their own screens (My settings, PUT /api/me; an
owner on their Team page, PATCH /api/users/{id}, `rightthere team change --language`).
Without a choice the browser's Accept-Language decides among the languages offered, then
the business's. Customers' pages keep the customer's language, and nobody but an owner
changes someone else's choice."""

import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rightthere.accounts.languages import language_for, set_language
from rightthere.accounts.models import SettingsChange, User
from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from rightthere.core.errors import InvalidField, NotAllowed
from rightthere.customers.models import Customer
from rightthere.portal.links import status_path
from tests.factories import make_case

pytestmark = pytest.mark.django_db

ROLES = ["owner", "agent", "technician", "subcontractor"]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def api(client, user, method, path, body=None, **headers):
    _, key = create_api_token(user, "test")
    return getattr(client, method)(path, body, content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {key}", **headers)  # fmt: skip


# -- which language a signed-in person's pages are in ---------------------------------


def test_a_person_who_chose_german_gets_german_pages(as_user, agent):
    agent.language = "de"
    agent.save()

    page = as_user(agent).get(reverse("inbox"))

    assert '<html lang="de"' in page.content.decode()
    assert "Posteingang" in text_of(page) and "Save this view" not in text_of(page)


def test_without_a_choice_the_browsers_language_decides(as_user, agent):
    page = as_user(agent).get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")

    assert '<html lang="de"' in page.content.decode()
    assert "Posteingang" in text_of(page)


def test_a_language_not_offered_falls_back_to_the_business_language(as_user, owner, agent):
    client = as_user(agent)
    english = client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    update_business_profile(owner, language="de")
    german = client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert '<html lang="en"' in english.content.decode()
    assert "Save this view" in text_of(english)
    assert '<html lang="de"' in german.content.decode()


def test_the_own_choice_wins_over_the_browser_and_the_business(as_user, owner, agent):
    update_business_profile(owner, language="de")
    agent.language = "en-gb"
    agent.save()

    page = as_user(agent).get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="de")

    assert '<html lang="en"' in page.content.decode()
    assert "Save this view" in text_of(page)


def test_language_for_reads_choice_then_browser_then_business(agent):
    assert language_for(agent, "de-AT,de;q=0.8") == "de"
    assert language_for(agent, "en-US") == "en-us"
    assert language_for(agent, "fr, *;q=0.1") == settings.LANGUAGE_CODE
    assert language_for(agent, "") == settings.LANGUAGE_CODE
    agent.language = "de"
    assert language_for(agent, "en-US") == "de"
    agent.language = "xx"  # no longer offered: as if none was chosen
    assert language_for(agent, "") == settings.LANGUAGE_CODE


def test_the_log_in_page_stays_in_the_business_language(client, owner):
    update_business_profile(owner, language="de")

    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")

    assert '<html lang="de"' in page.content.decode()


def test_a_customers_status_page_keeps_the_customers_language(as_user, owner):
    owner.language = "de"
    owner.save()
    case = make_case(customer=Customer.objects.create(name="Ann", language="en-gb"))

    page = as_user(owner).get(status_path(case))

    assert 'lang="en' in page.content.decode()
    assert "Your reply" in text_of(page) and "Ihre Antwort" not in text_of(page)


def test_the_contact_form_keeps_the_customers_rule_not_the_staff_persons_language(as_user, owner):
    """The contact form speaks to a customer: their browser's language, else the
    business's (portal), never the signed-in staff person's own choice."""
    owner.language = "de"
    owner.save()

    page = as_user(owner).get(reverse("contact"))

    assert '<html lang="en-gb"' in page.content.decode()


def test_the_persons_language_costs_no_query(as_user, agent, django_assert_num_queries):
    agent.language = "de"
    agent.save()
    client = as_user(agent)
    client.get(reverse("inbox"))  # once-per-process reads done
    without = [m for m in settings.MIDDLEWARE if not m.endswith("StaffLanguage")]
    with override_settings(MIDDLEWARE=without), CaptureQueriesContext(connection) as plain:
        client.get(reverse("inbox"))

    with django_assert_num_queries(len(plain.captured_queries)):
        client.get(reverse("inbox"))


# -- My settings ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_chooses_their_own_language_on_my_settings(role, request, client):
    person = request.getfixturevalue(role)
    client.force_login(person)
    assert client.get(reverse("my_settings")).status_code == 200

    answer = client.post(reverse("my_settings"), {"language": "de"})

    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.language == "de"
    page = client.get(answer["Location"])
    assert "Meine Einstellungen" in text_of(page)
    assert "Ihre Einstellungen sind gespeichert." in text_of(page)
    assert not SettingsChange.objects.exists()  # one's own choice is not a desk setting


def test_my_settings_is_in_the_header_menu(as_user, technician):
    page = as_user(technician).get(reverse("token_list"))

    assert f'href="{reverse("my_settings")}"' in page.content.decode()


def test_my_settings_refuses_a_language_not_offered_and_keeps_the_old_one(as_user, agent):
    agent.language = "de"
    agent.save()

    answer = as_user(agent).post(reverse("my_settings"), {"language": "fr"})

    assert answer.status_code == 400
    assert "fr" in text_of(answer)  # Django's "Select a valid choice. fr is not one ..."
    agent.refresh_from_db()
    assert agent.language == "de"


def test_choosing_none_again_follows_the_browser(as_user, agent):
    agent.language = "de"
    agent.save()
    client = as_user(agent)

    client.post(reverse("my_settings"), {"language": ""})

    agent.refresh_from_db()
    assert agent.language == ""
    assert (
        '<html lang="en"'
        in client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    )


def test_my_settings_needs_a_log_in(client):
    answer = client.get(reverse("my_settings"))

    assert answer.status_code == 302 and reverse("login") in answer["Location"]


# -- the owner's Team page ------------------------------------------------------------


def test_the_owner_sets_a_persons_language_on_their_team_page(as_user, owner, agent):
    answer = as_user(owner).post(reverse("settings_person", args=[agent.pk]),
                                 {"role": "agent", "language": "de"})  # fmt: skip

    assert answer.status_code == 302
    agent.refresh_from_db()
    assert agent.language == "de"
    change = SettingsChange.objects.get(screen="team")
    assert change.actor == owner and "language to de" in change.summary


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_nobody_but_an_owner_sets_someone_elses_language_on_the_team_page(
    role, request, client, owner
):
    client.force_login(request.getfixturevalue(role))

    answer = client.post(reverse("settings_person", args=[owner.pk]),
                         {"role": "owner", "language": "de"})  # fmt: skip

    assert answer.status_code in (302, 403)
    assert answer.status_code == 403 or reverse("login") in answer["Location"]
    owner.refresh_from_db()
    assert owner.language == ""


# -- the API --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_and_sets_their_own_language_through_the_api(role, request, client):
    person = request.getfixturevalue(role)

    before = api(client, person, "get", "/api/me", HTTP_ACCEPT_LANGUAGE="de")
    answer = api(client, person, "put", "/api/me", {"language": "de"})

    assert before.status_code == 200
    assert before.json() | {"id": 0} == {
        "id": 0, "username": person.username, "name": person.display_name,
        "role": person.role, "language": "", "language_in_use": "de",
    }  # fmt: skip
    assert answer.status_code == 200
    assert answer.json()["language"] == "de"
    person.refresh_from_db()
    assert person.language == "de"


def test_the_api_refuses_a_language_not_offered(client, agent):
    answer = api(client, agent, "put", "/api/me", {"language": "fr"})

    assert answer.status_code == 400
    assert "de" in str(answer.json())  # the message names the languages offered
    agent.refresh_from_db()
    assert agent.language == ""


def test_put_me_changes_only_the_callers_own_language(client, agent, owner):
    answer = api(client, agent, "put", "/api/me", {"language": "de", "id": owner.pk})

    assert answer.status_code == 422  # no other field: not someone else's
    owner.refresh_from_db()
    agent.refresh_from_db()
    assert (owner.language, agent.language) == ("", "")


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_an_owner_changes_someone_elses_language_through_the_api(role, request, client, owner):
    answer = api(client, request.getfixturevalue(role), "patch", f"/api/users/{owner.pk}",
                 {"language": "de"})  # fmt: skip

    assert answer.status_code == 403
    owner.refresh_from_db()
    assert owner.language == ""


def test_an_owner_changes_someone_elses_language_through_the_api(client, owner, agent):
    answer = api(client, owner, "patch", f"/api/users/{agent.pk}", {"language": "de"})

    assert answer.status_code == 200
    assert answer.json()["language"] == "de"
    agent.refresh_from_db()
    assert agent.language == "de"


def test_the_api_answers_in_the_callers_language_when_signed_in(client, agent):
    agent.language = "de"
    agent.save()
    client.force_login(agent)

    answer = client.get("/api/me")

    assert answer.json()["language_in_use"] == "de"


# -- the use case and the command -------------------------------------------------------


def test_set_language_lets_only_an_owner_choose_for_someone_else(owner, agent, technician):
    with pytest.raises(NotAllowed):
        set_language(agent, technician, "de")
    with pytest.raises(InvalidField) as refused:
        set_language(agent, agent, "klingon")

    set_language(owner, technician, "de")
    set_language(None, agent, "en-us")  # the desk itself (a command, a job)

    assert refused.value.field == "language"
    assert list(User.objects.order_by("username").values_list("username", "language")) == [
        ("adam", "en-us"), ("olivia", ""), ("tom", "de"),
    ]  # fmt: skip


def test_the_team_command_sets_a_language(owner, agent, capsys):
    call_command("team", "change", agent.username, "--language", "de", "--as", owner.username)
    agent.refresh_from_db()
    assert agent.language == "de"

    with pytest.raises(CommandError, match="--language"):
        call_command("team", "change", agent.username, "--language", "fr",
                     "--as", owner.username)  # fmt: skip
    call_command("team", "list")

    assert "language: de" in capsys.readouterr().out
