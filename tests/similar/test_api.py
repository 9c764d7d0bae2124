"""GET /api/cases/{id}/similar: the same suggestions as the case page, as JSON, per role."""

import pytest

from tests.factories import make_case
from tests.similar.conftest import solved_case

pytestmark = pytest.mark.django_db


def similar_url(case, query=""):
    return f"/api/cases/{case.pk}/similar{query}"


def test_an_agent_gets_the_best_match_with_how_it_was_solved(desk, agent, api_client):
    case = make_case(subject="Gutter overflows in the rain", body="Rain spills over the gutter.")

    response = api_client(agent).get(similar_url(case))

    assert response.status_code == 200
    body = response.json()
    assert body["case_id"] == case.pk
    best = body["items"][0]
    overflow = desk.solved["gutter-overflow"]
    assert best["case_id"] == overflow.pk
    assert best["reference"] == overflow.reference
    assert best["subject"] == "Gutter overflowing at the back"
    assert best["status"] == "solved"
    assert best["solution"] == "Cleared leaves and moss from the gutter and the downpipe."
    assert best["solution_kind"] == "reply"
    assert best["solved_by"] == {"id": agent.pk, "name": agent.display_name}
    assert best["solved_at"] is not None
    assert "gutter" in best["shared_words"]
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_limit_caps_the_number_of_suggestions(desk, agent, api_client):
    case = make_case(subject="Boiler pressure", body="Boiler pressure drops.")

    response = api_client(agent).get(similar_url(case, "?limit=1"))

    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


@pytest.mark.parametrize("limit", ["0", "21", "-3", "many", "99999999999999999999999"])
def test_a_bad_limit_gets_a_422_naming_the_field(limit, desk, agent, api_client):
    case = make_case(subject="Boiler pressure")

    response = api_client(agent).get(similar_url(case, f"?limit={limit}"))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "limit" in response.json()["detail"]


def test_a_case_with_no_telling_words_gets_an_empty_list(desk, agent, api_client):
    case = make_case(subject="Help", body="")

    response = api_client(agent).get(similar_url(case))

    assert response.status_code == 200
    assert response.json() == {"case_id": case.pk, "items": []}


def test_html_in_an_old_reply_comes_back_as_the_plain_text_it_was(agent, api_client):
    solved_case(
        "Skylight leaking",
        "Water drips from the skylight.",
        "<script>alert('x')</script> Resealed the <b>skylight</b>.",
        solver=agent,
    )
    case = make_case(subject="Skylight leaks", body="Drips from the skylight.")

    response = api_client(agent).get(similar_url(case))

    [item] = response.json()["items"]
    assert item["solution"] == "<script>alert('x')</script> Resealed the <b>skylight</b>."


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_get_every_matching_solved_case(role, role_desk, api_client):
    person = role_desk["people"][role]

    response = api_client(person).get(similar_url(role_desk["look_from"][role]))

    ids = {item["case_id"] for item in response.json()["items"]}
    assert ids == {role_desk[k].pk for k in ("technician_case", "subcontractor_case",
                                             "office_case")}  # fmt: skip


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_technicians_and_subcontractors_get_only_cases_they_may_see(role, role_desk, api_client):
    person = role_desk["people"][role]

    response = api_client(person).get(similar_url(role_desk["look_from"][role]))

    assert [item["case_id"] for item in response.json()["items"]] == [role_desk[f"{role}_case"].pk]


@pytest.mark.parametrize(("role", "other"), [("technician", "subcontractor"),
                                             ("subcontractor", "technician")])  # fmt: skip
def test_asking_from_a_case_they_may_not_see_is_a_404(role, other, role_desk, api_client):
    person = role_desk["people"][role]

    response = api_client(person).get(similar_url(role_desk["look_from"][other]))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_caller_is_refused(role_desk, client):
    response = client.get(similar_url(role_desk["look_from"]["agent"]))

    assert response.status_code == 401
