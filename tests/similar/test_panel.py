"""The "Similar solved cases" panel: a placeholder on the case page, filled by htmx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_case
from tests.similar.conftest import solved_case

pytestmark = pytest.mark.django_db

# the session with its person (accounts.sessions), the case (permission-checked), its
# words, their document counts, the ranking, the matches (with their last reply, note
# and solver), the solvers.
# PostgreSQL: + the transaction's settings, and the counts are two queries (planner
# statistics, then the uncommon words); SQLite: the ranking is two (candidates, then
# the words they share).
LIST_QUERIES = {"postgresql": 9, "sqlite": 8}[connection.vendor]


def list_url(case):
    return reverse("similar_cases", args=[case.pk])


def test_the_case_page_has_a_panel_that_loads_the_list_after_the_page(as_user, agent):
    case = make_case(subject="Boiler pressure drops")

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "Similar solved cases" in page
    assert f'hx-get="{list_url(case)}"' in page
    assert 'hx-trigger="load"' in page


def test_the_list_shows_each_match_with_how_it_was_solved(desk, as_user, agent):
    case = make_case(subject="Washing machine full of water", body="It will not drain.")

    response = as_user(agent).get(list_url(case))

    page = response.content.decode()
    washer = desk.solved["washer-drain"]
    assert response.status_code == 200
    assert reverse("case_detail", args=[washer.pk]) in page
    assert washer.reference in page
    assert "Washing machine not draining" in page
    assert "A sock was stuck in the drain pump filter; cleared and tested." in page
    assert f"by {agent.display_name}" in page
    assert page.index("Washing machine not draining") < page.index("Boiler shows error F28")


def test_a_case_with_no_matches_says_so(desk, as_user, agent):
    case = make_case(subject="Help", body="")

    page = as_user(agent).get(list_url(case)).content.decode()

    assert "No similar solved cases yet." in page


def test_html_and_scripts_in_old_replies_are_shown_as_text(as_user, agent):
    solved_case(
        "Skylight leaking",
        "Water drips from the skylight.",
        '<script>alert("x")</script> Resealed the <img src=x onerror=alert(1)> skylight.',
        solver=agent,
    )
    case = make_case(subject="Skylight leaks", body="Drips from the skylight.")

    page = as_user(agent).get(list_url(case)).content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_see_every_matching_solved_case(role, role_desk, client):
    client.force_login(role_desk["people"][role])

    page = client.get(list_url(role_desk["look_from"][role])).content.decode()

    for key in ("technician_case", "subcontractor_case", "office_case"):
        assert role_desk[key].reference in page


@pytest.mark.parametrize(("role", "hidden"), [
    ("technician", ("subcontractor_case", "office_case")),
    ("subcontractor", ("technician_case", "office_case")),
])  # fmt: skip
def test_technicians_and_subcontractors_see_only_cases_they_may_see(
    role, hidden, role_desk, client
):
    client.force_login(role_desk["people"][role])

    page = client.get(list_url(role_desk["look_from"][role])).content.decode()

    assert role_desk[f"{role}_case"].reference in page
    for key in hidden:
        assert role_desk[key].reference not in page


@pytest.mark.parametrize(("role", "other"), [("technician", "subcontractor"),
                                             ("subcontractor", "technician")])  # fmt: skip
def test_the_list_of_a_case_they_may_not_see_is_a_404(role, other, role_desk, client):
    client.force_login(role_desk["people"][role])

    response = client.get(list_url(role_desk["look_from"][other]))

    assert response.status_code == 404
    assert role_desk["office_case"].reference not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(role_desk, client):
    url = list_url(role_desk["look_from"]["agent"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def test_the_list_takes_as_many_queries_for_many_matches_as_for_few(agent, client):
    client.force_login(agent)
    case = make_case(subject="Boiler pressure", body="Boiler pressure drops.")
    for n in range(2):
        solved_case(f"Boiler pressure {n}", "Boiler pressure drops.", "Fixed.", solver=agent)
    few = queries_of(client, list_url(case))
    for n in range(6):
        solved_case(f"Boiler pressure {n}", "Boiler pressure drops.", "Fixed.", solver=agent)

    many = queries_of(client, list_url(case))

    assert many == few
    assert many == LIST_QUERIES
