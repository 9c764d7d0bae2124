"""The Canned replies pages, as each role uses them."""

import pytest
from django.urls import reverse

from rightthere.canned.models import CannedReply

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script> Hello {customer.first_name}"


def test_an_empty_library_explains_what_canned_replies_are_for(agent, as_user):
    response = as_user(agent).get(reverse("canned_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "No canned replies yet." in page
    assert reverse("canned_new") in page


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("owner", ["Boiler parts", "Desk hello", "Office only", "Olivia&#x27;s own"]),
        ("technician", ["Boiler parts", "Desk hello"]),
        ("subcontractor", ["Desk hello"]),
    ],
)
def test_each_role_lists_the_replies_it_can_use(library, request, as_user, role, listed):
    response = as_user(request.getfixturevalue(role)).get(reverse("canned_list"))

    page = response.content.decode()
    assert [title for title in ["Boiler parts", "Desk hello", "Office only",
                                "Olivia&#x27;s own"] if f"<h2>{title}</h2>" in page] == listed  # fmt: skip


def test_edit_and_delete_links_show_only_on_replies_you_may_change(library, technician, as_user):
    page = as_user(technician).get(reverse("canned_list")).content.decode()

    assert reverse("canned_edit", args=[library["desk"].pk]) not in page
    assert reverse("canned_delete", args=[library["boiler"].pk]) not in page


def test_searching_narrows_the_list_and_says_when_nothing_matches(library, agent, as_user):
    client = as_user(agent)

    found = client.get(reverse("canned_list"), {"q": "office hello"}).content.decode()
    none = client.get(reverse("canned_list"), {"q": "refund"}).content.decode()

    assert "<h2>Office only</h2>" in found and "<h2>Desk hello</h2>" not in found
    assert "No canned replies match “refund”." in none


def test_an_agent_writes_a_team_reply(teams, agent, as_user):
    response = as_user(agent).post(
        reverse("canned_new"),
        {"title": "Part ordered", "body": "Hello {contact.first_name}, the part is ordered.",
         "scope": "team", "team": teams["boiler"].pk},
    )  # fmt: skip

    assert response.status_code == 302 and response["Location"] == reverse("canned_list")
    reply = CannedReply.objects.get()
    assert (reply.title, reply.team, reply.owner, reply.created_by) == (
        "Part ordered", teams["boiler"], None, agent,
    )  # fmt: skip


def test_the_editor_lists_every_placeholder(agent, as_user):
    page = as_user(agent).get(reverse("canned_new")).content.decode()

    assert "<code>{promise.due}</code>" in page
    assert "<code>{customer.first_name}</code>" in page


def test_a_technician_can_only_write_personal_replies(technician, as_user):
    client = as_user(technician)

    form = client.get(reverse("canned_new")).content.decode()
    refused = client.post(
        reverse("canned_new"), {"title": "Hi", "body": "Hello.", "scope": "everyone"}
    )
    kept = client.post(
        reverse("canned_new"), {"title": "Hi", "body": "Hello.", "scope": "personal"}
    )

    assert 'name="team"' not in form and "Only you will see this reply." in form
    assert refused.status_code == 422
    assert kept.status_code == 302
    assert CannedReply.objects.get().owner == technician


def test_an_unknown_placeholder_is_shown_on_the_form_with_the_text_kept(agent, as_user):
    response = as_user(agent).post(
        reverse("canned_new"),
        {"title": "Hi", "body": "Hi {customer.firstname}", "scope": "personal"},
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "did you mean {customer.first_name}?" in page
    assert ">\nHi {customer.firstname}</textarea>" in page
    assert not CannedReply.objects.exists()


def test_reply_check_findings_are_shown_and_saving_needs_an_explicit_save_anyway(agent, as_user):
    client = as_user(agent)
    draft = {"title": "Sure", "body": "No problem, we'll sort it ASAP.", "scope": "personal"}

    first = client.post(reverse("canned_new"), draft)
    second = client.post(reverse("canned_new"), {**draft, "save_anyway": "on"})

    page = first.content.decode()
    assert first.status_code == 422
    assert 'data-category="no_problem"' in page and 'data-category="vague_commitment"' in page
    assert "Save anyway" in page
    assert second.status_code == 302
    assert CannedReply.objects.get().reply_check_findings == 2
    listed = client.get(reverse("canned_list")).content.decode()
    assert "2 reply-check findings" in listed


def test_the_author_edits_their_personal_reply(library, owner, as_user):
    url = reverse("canned_edit", args=[library["personal"].pk])
    client = as_user(owner)

    form = client.get(url).content.decode()
    saved = client.post(url, {"title": "Sign-off", "body": "Best, {agent.first_name}",
                              "scope": "personal"})  # fmt: skip

    assert ">\nBest wishes, {agent.first_name}</textarea>" in form
    assert saved.status_code == 302
    library["personal"].refresh_from_db()
    assert (library["personal"].title, library["personal"].owner) == ("Sign-off", owner)


@pytest.mark.parametrize(
    ("role", "reply", "answer"),
    [
        ("agent", "personal", 404),  # someone else's personal reply is not even shown
        ("technician", "office", 404),  # a team they are not in
        ("technician", "boiler", 403),  # their team's: they use it, managers change it
        ("subcontractor", "desk", 403),
        ("agent", "boiler", 200),
    ],
)
def test_who_may_open_the_editor_and_the_delete_page(
    library, request, as_user, role, reply, answer
):
    client = as_user(request.getfixturevalue(role))
    pk = library[reply].pk

    assert client.get(reverse("canned_edit", args=[pk])).status_code == answer
    assert client.get(reverse("canned_delete", args=[pk])).status_code == answer


def test_deleting_asks_for_confirmation_first(library, agent, as_user):
    url = reverse("canned_delete", args=[library["office"].pk])
    client = as_user(agent)

    confirm = client.get(url)
    deleted = client.post(url)

    assert "Delete “Office only”?" in confirm.content.decode()
    assert "Members of Office team will no longer find it." in confirm.content.decode()
    assert deleted.status_code == 302
    assert not CannedReply.objects.filter(title="Office only").exists()


def test_a_technician_cannot_delete_the_desks_reply_by_posting(library, technician, as_user):
    response = as_user(technician).post(reverse("canned_delete", args=[library["desk"].pk]))

    assert response.status_code == 403
    assert CannedReply.objects.filter(title="Desk hello").exists()


def test_html_in_a_canned_reply_is_shown_as_text(write, agent, as_user):
    reply = write(agent, title="<b>Bold</b>", body=SCRIPT)
    client = as_user(agent)

    pages = [client.get(reverse(name, args=args)).content.decode() for name, args in
             [("canned_list", []), ("canned_edit", [reply.pk]), ("canned_delete", [reply.pk])]]  # fmt: skip

    for page in pages:
        assert "<script>alert" not in page and "<b>Bold</b>" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_anonymous_visitors_are_sent_to_log_in(library, client):
    for name, args in [("canned_list", []), ("canned_new", []),
                       ("canned_edit", [library["desk"].pk])]:  # fmt: skip
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/login/")
