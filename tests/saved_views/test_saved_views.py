"""Saved inbox views (issue #16): save the inbox's filters under a name, open them from
the view list, rename, share and delete one's own, through the web, the API and a command."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.saved_views.models import SavedView
from tests.desk.parity import api
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", first_name="Ben", last_name="Ito")


def _save(client, name, query="view=mine&priority=urgent&sort=due&page=3", **more):
    return client.post(reverse("saved_view_create"), {"name": name, "query": query, **more})


def test_an_agent_saves_the_inbox_filters_and_opens_them_from_the_view_list(as_user, agent):
    make_case(subject="Urgent leak", assignee=agent, priority="urgent")
    make_case(subject="Slow drain", assignee=agent)
    client = as_user(agent)

    response = _save(client, "Mine, urgent first")

    view = SavedView.objects.get()
    assert (view.owner, view.name, view.query, view.shared) == (
        agent, "Mine, urgent first", "view=mine&priority=urgent&sort=due", False,
    )  # fmt: skip
    assert response.url == f"/?view=mine&priority=urgent&sort=due&saved={view.pk}"
    page = client.get(response.url).content.decode()
    assert "Saved the view “Mine, urgent first”." in page
    assert f'saved={view.pk}" aria-current="page"' in page
    assert "Urgent leak" in page
    assert "Slow drain" not in page


@pytest.mark.parametrize("role", ["owner", "agent", "technician", "subcontractor"])
def test_every_role_may_save_their_own_view(request, as_user, role):
    person = request.getfixturevalue(role)

    _save(as_user(person), "My list", "view=all")

    assert SavedView.objects.get().owner == person


def test_someone_elses_private_view_is_not_found(as_user, agent, ben):
    private = SavedView.objects.create(owner=ben, name="Ben's", query="view=all",
                                       created_at="2026-01-01T00:00Z")  # fmt: skip
    client = as_user(agent)

    assert "Ben&#x27;s" not in client.get("/").content.decode()
    assert client.get(reverse("saved_view_edit", args=[private.pk])).status_code == 404
    assert client.post(reverse("saved_view_delete", args=[private.pk])).status_code == 404
    assert api(agent).get(f"/api/saved-views/{private.pk}").status_code == 404
    assert api(agent).delete(f"/api/saved-views/{private.pk}").status_code == 404
    assert SavedView.objects.filter(pk=private.pk).exists()


def test_a_shared_view_is_listed_for_others_but_only_its_owner_changes_it(as_user, agent, ben):
    shared = SavedView.objects.create(owner=ben, name="Team urgent", query="priority=urgent",
                                      shared=True, created_at="2026-01-01T00:00Z")  # fmt: skip
    client = as_user(agent)

    page = client.get("/").content.decode()
    assert "Team urgent" in page
    assert 'title="Shared by Ben Ito"' in page
    assert client.get(reverse("saved_view_edit", args=[shared.pk])).status_code == 403
    assert client.post(reverse("saved_view_delete", args=[shared.pk])).status_code == 403
    assert [v["name"] for v in api(agent).get("/api/saved-views").json()] == ["Team urgent"]
    patch = api(agent).patch(f"/api/saved-views/{shared.pk}", {"name": "Mine now"},
                             content_type=JSON)  # fmt: skip
    assert (patch.status_code, patch.json()["detail"]) == (403, "Only Ben Ito can change “Team urgent”.")  # fmt: skip
    assert api(agent).delete(f"/api/saved-views/{shared.pk}").status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Team urgent"


def test_the_owner_renames_shares_and_deletes_their_view_on_the_web(as_user, agent, ben):
    _save(as_user(agent), "Urgent")
    view = SavedView.objects.get()
    client = as_user(agent)

    client.post(reverse("saved_view_edit", args=[view.pk]), {"name": "Urgent ones", "shared": "1"})
    view.refresh_from_db()
    assert (view.name, view.shared) == ("Urgent ones", True)
    assert "Urgent ones" in as_user(ben).get("/").content.decode()

    as_user(agent).post(reverse("saved_view_delete", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_a_bad_name_is_explained_and_nothing_is_lost(as_user, agent):
    client = as_user(agent)
    _save(client, "Urgent")
    view = SavedView.objects.get()

    blank = _save(client, "   ")
    twice = _save(client, "Urgent")
    page = client.get(blank.url).content.decode()
    rename = client.post(reverse("saved_view_edit", args=[view.pk]), {"name": ""})

    assert blank.url == "/?view=mine&priority=urgent&sort=due"  # back to the same filters
    assert "The view was not saved: Give the view a name." in page
    assert "You already have a view named “Urgent”: choose another name." in page
    assert twice.status_code == 302
    assert rename.status_code == 400
    assert "Give the view a name." in rename.content.decode()
    assert SavedView.objects.get().name == "Urgent"


def test_the_api_creates_reads_changes_and_deletes_a_view(agent):
    client = api(agent)

    created = client.post("/api/saved-views", {"name": "Overdue", "query": "?view=overdue&x=1"},
                          content_type=JSON)  # fmt: skip
    assert created.status_code == 201
    view_id = created.json()["id"]
    assert created.json()["query"] == "view=overdue"
    assert client.get(f"/api/saved-views/{view_id}").json()["name"] == "Overdue"
    changed = client.patch(f"/api/saved-views/{view_id}", {"shared": True, "name": "Late"},
                           content_type=JSON)  # fmt: skip
    assert (changed.json()["name"], changed.json()["shared"]) == ("Late", True)
    assert client.delete(f"/api/saved-views/{view_id}").status_code == 204
    assert not SavedView.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"name": ""}, 422), ({"name": "x" * 81}, 422), ({"name": "ok", "owner": 3}, 422),
     ({"name": "ok", "shared": None}, 422)],
)  # fmt: skip
def test_the_api_explains_a_bad_view(agent, payload, status):
    response = api(agent).post("/api/saved-views", payload, content_type=JSON)

    assert response.status_code == status
    assert response.json()["detail"]


def test_the_command_saves_lists_renames_and_deletes(agent, capsys):
    call_command("saved_views", "save", "--as", agent.username, "--name", "Urgent",
                 "--query", "priority=urgent")  # fmt: skip
    view = SavedView.objects.get()
    call_command("saved_views", "rename", str(view.pk), "--as", agent.username, "--name", "Hot")
    call_command("saved_views", "list", "--as", agent.username)
    call_command("saved_views", "delete", str(view.pk), "--as", agent.username)

    out = capsys.readouterr().out
    assert f"{view.pk}\tHot\tpriority=urgent" in out
    assert not SavedView.objects.exists()


def test_the_command_refuses_someone_elses_view(agent, ben):
    view = SavedView.objects.create(owner=ben, name="Ben's", shared=True,
                                    created_at="2026-01-01T00:00Z")  # fmt: skip

    with pytest.raises(CommandError, match="Only Ben Ito can change"):
        call_command("saved_views", "delete", str(view.pk), "--as", agent.username)
    with pytest.raises(CommandError, match="Give the view a name"):
        call_command("saved_views", "save", "--as", agent.username, "--name", " ")
