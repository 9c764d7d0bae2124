"""The owner's Customer sign-in screen (/settings/customer-pages/) and its API twin
(/api/customer-pages): whether an organisation's contacts see all its requests. Owners
only, each change in the settings change log, the same function behind both doors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.accounts.tokens import create_api_token
from rightthere.portal.setup import organisation_sharing

pytestmark = pytest.mark.django_db

SCREEN = reverse("settings_customer_pages")
ROLES = [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)]


def api(client, user):
    _, key = create_api_token(user, "test")
    return lambda method, body=None: getattr(client, method)(
        "/api/customer-pages", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip


@pytest.mark.parametrize(("who", "status"), ROLES)
def test_each_role_opening_the_screen(request, as_user, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(SCREEN).status_code == status


def test_a_visitor_is_sent_to_log_in(client, owner):
    response = client.get(SCREEN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_owner_turns_sharing_on_and_off_and_each_change_is_logged(as_user, owner):
    client = as_user(owner)
    page = client.get(SCREEN).content.decode()
    assert "Contacts of an organisation see all its requests" in page
    assert "Customer sign-in" in page  # its entry in the settings nav

    assert client.post(SCREEN, {"organisation_sharing": "on"})["Location"] == SCREEN
    assert organisation_sharing()
    assert 'name="organisation_sharing" id="id_organisation_sharing" checked' in (
        client.get(SCREEN).content.decode()
    )
    client.post(SCREEN, {})  # the box unticked
    assert not organisation_sharing()
    client.post(SCREEN, {})  # saved again unchanged: nothing to log

    summaries = list(SettingsChange.objects.values_list("screen", "summary", "actor"))
    assert summaries == [
        ("customer_pages", "Each contact now sees only the requests they asked themselves",
         owner.pk),
        ("customer_pages", "An organisation's contacts now see all its requests when they "
         "sign in", owner.pk),
    ]  # fmt: skip
    assert "An organisation&#x27;s contacts now see" in client.get(SCREEN).content.decode()


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_other_roles_cannot_change_it(request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    assert client.post(SCREEN, {"organisation_sharing": "on"}).status_code == 403
    assert not organisation_sharing()
    assert not SettingsChange.objects.exists()


def test_the_api_twin_reads_and_changes_it_for_owners(client, owner):
    call = api(client, owner)
    assert call("get").json() == {"organisation_sharing": False}

    response = call("put", {"organisation_sharing": True})

    assert response.status_code == 200
    assert response.json() == {"organisation_sharing": True}
    assert organisation_sharing()
    assert SettingsChange.objects.get().actor == owner


def test_the_api_refuses_bad_input_with_its_reason(client, owner):
    call = api(client, owner)
    for body, named in (({"organisation_sharing": "perhaps"}, "organisation_sharing"),
                        ({}, "organisation_sharing"),
                        ({"organisation_sharing": True, "colour": "red"}, "colour")):  # fmt: skip
        response = call("put", body)
        assert response.status_code == 422, body
        assert named in response.content.decode(), response.content
    assert not organisation_sharing()


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_use_the_api_twin(request, client, who):
    call = api(client, request.getfixturevalue(who))
    assert call("get").status_code == 403
    assert call("put", {"organisation_sharing": True}).status_code == 403
    assert not organisation_sharing()


def test_the_api_without_a_token_is_refused(client, owner):
    response = client.put("/api/customer-pages", {"organisation_sharing": True},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 401
    assert not organisation_sharing()


def test_the_command_shows_and_changes_it_for_owners(owner, agent):
    out = StringIO()
    call_command("customer_pages", stdout=out)
    assert "Organisation sharing: off" in out.getvalue()

    call_command("customer_pages", "--organisation-sharing", "on", "--as", owner.username,
                 stdout=out)  # fmt: skip

    assert organisation_sharing()
    assert "Organisation sharing: on" in out.getvalue()
    assert SettingsChange.objects.get().actor == owner
    with pytest.raises(CommandError, match="Only owners can"):
        call_command("customer_pages", "--organisation-sharing", "off", "--as", agent.username)
    with pytest.raises(CommandError, match="--as USERNAME"):
        call_command("customer_pages", "--organisation-sharing", "off")
    assert organisation_sharing()
