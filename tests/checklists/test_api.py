"""The checklist API: what each route does, and bad requests getting JSON errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rightthere.cases.models import Kind
from rightthere.checklists import actions
from rightthere.checklists.models import CaseChecklistItem
from tests.checklists.conftest import checklist_state, send
from tests.checklists.factories import ChecklistTemplateFactory, make_checklist
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(technician):
    return make_case(subject="Boiler leaking", assignee=technician, kind=Kind.REPAIR)


@pytest.fixture
def steps(case):
    return make_checklist(case, ["Order the valve", "Book the visit", "Fit the valve"])


@pytest.fixture
def tech(api_as):
    return api_as("technician-own")


@pytest.fixture
def agent_api(api_as):
    return api_as("agent")


def test_technician_reads_the_checklist_of_their_case(tech, case, steps, technician):
    actions.complete_item(steps[0], actor=technician)
    actions.start_item(steps[1], actor=technician)

    body = tech.get(f"/api/cases/{case.pk}/checklist").json()

    assert (body["case_id"], body["done"], body["total"], body["not_started"]) == (
        case.pk, 1, 3, False,
    )  # fmt: skip
    assert [(i["text"], i["state"], i["position"]) for i in body["items"]] == [
        ("Order the valve", "done", 1),
        ("Book the visit", "started", 2),
        ("Fit the valve", "todo", 3),
    ]
    assert body["items"][0]["done_by"] == {"id": technician.pk, "name": technician.display_name}
    assert body["items"][0]["template_id"] is None


def test_a_checklist_not_started_in_time_says_so(tech, technician):
    case = make_case(assignee=technician)
    make_checklist(case, at=timezone.now() - timedelta(hours=30))

    body = tech.get(f"/api/cases/{case.pk}/checklist").json()

    assert body["not_started"] is True


def test_technician_adds_a_step(tech, case, steps):
    response = send(tech, "post", f"/api/cases/{case.pk}/checklist/items", {"text": " Test it "})

    assert response.status_code == 201
    assert (response.json()["text"], response.json()["position"]) == ("Test it", 4)
    assert response.json()["state"] == "todo"


def test_technician_ticks_off_a_step_through_the_api(tech, steps, technician):
    response = send(tech, "patch", f"/api/checklist-items/{steps[0].pk}", {"done": True})

    assert response.status_code == 200
    assert response.json()["state"] == "done"
    assert response.json()["done_by"]["id"] == technician.pk


def test_technician_starts_rewords_and_unticks_in_one_request(tech, steps, technician):
    actions.complete_item(steps[0], actor=technician)

    response = send(tech, "patch", f"/api/checklist-items/{steps[0].pk}",
                    {"done": False, "started": False, "text": "Order the 22 mm valve"})  # fmt: skip

    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["text"]) == ("todo", "Order the 22 mm valve")


def test_an_empty_patch_changes_nothing(tech, steps):
    before = checklist_state()

    response = send(tech, "patch", f"/api/checklist-items/{steps[0].pk}", {})

    assert response.status_code == 200
    assert checklist_state() == before


def test_technician_removes_a_step(tech, case, steps):
    response = send(tech, "delete", f"/api/checklist-items/{steps[1].pk}")

    assert response.status_code == 204
    assert list(case.checklist_items.values_list("text", flat=True)) == [
        "Order the valve",
        "Fit the valve",
    ]


def test_agent_applies_a_template(agent_api, case, steps):
    template = ChecklistTemplateFactory(name="Safety check", steps=["Check the flue", "Test CO"])

    response = send(agent_api, "post", f"/api/cases/{case.pk}/checklist/apply-template",
                    {"template_id": template.pk})  # fmt: skip

    assert response.status_code == 201
    assert response.json()["total"] == 5
    assert [i["template_id"] for i in response.json()["items"][3:]] == [template.pk] * 2


def test_agent_reorders_the_steps(agent_api, case, steps):
    new_order = [steps[2].pk, steps[0].pk, steps[1].pk]

    response = send(agent_api, "put", f"/api/cases/{case.pk}/checklist/order",
                    {"item_ids": new_order})  # fmt: skip

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == new_order


def test_templates_are_listed_by_name_with_their_steps(tech, desk):
    ChecklistTemplateFactory(name="Every case", steps=["Confirm the contact"])

    body = tech.get("/api/checklist-templates").json()

    assert [t["name"] for t in body["items"]] == ["Boiler repair", "Every case"]
    assert body["items"][1] == {
        "id": body["items"][1]["id"],
        "name": "Every case",
        "case_kind": None,
        "apply_automatically": False,
        "steps": ["Confirm the contact"],
    }
    assert body["next"] is None


def test_templates_can_be_filtered_by_the_kind_of_case(tech, desk):
    ChecklistTemplateFactory(name="Every case")
    ChecklistTemplateFactory(name="Complaint recovery", case_kind=Kind.COMPLAINT)

    body = tech.get("/api/checklist-templates", {"kind": "repair"}).json()

    assert [t["name"] for t in body["items"]] == ["Boiler repair", "Every case"]


def test_templates_are_paged(tech, desk):
    for n in range(3):
        ChecklistTemplateFactory(name=f"Extra {n}")

    first = tech.get("/api/checklist-templates", {"limit": 2}).json()
    second = tech.get("/api/checklist-templates", {"limit": 2, "cursor": first["next"]}).json()

    assert [t["name"] for t in first["items"] + second["items"]] == [
        "Boiler repair", "Extra 0", "Extra 1", "Extra 2",
    ]  # fmt: skip
    assert second["next"] is None


def test_a_page_of_templates_takes_four_queries_however_many_steps(
    tech, desk, django_assert_num_queries
):
    for n in range(5):
        ChecklistTemplateFactory(name=f"Extra {n}", steps=[f"Step {s}" for s in range(8)])

    # token, user, templates, their steps
    with django_assert_num_queries(4):
        response = tech.get("/api/checklist-templates")

    assert len(response.json()["items"]) == 6


# --- Bad input ----------------------------------------------------------------

WRITES = [
    ("post", "/api/cases/{case}/checklist/items"),
    ("post", "/api/cases/{case}/checklist/apply-template"),
    ("put", "/api/cases/{case}/checklist/order"),
    ("patch", "/api/checklist-items/{item}"),
]


def url_for(path, case, steps):
    return path.format(case=case.pk, item=steps[0].pk)


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_body_that_is_not_json_gets_400(method, path, agent_api, case, steps):
    response = agent_api.generic(method.upper(), url_for(path, case, steps), '{"text": "Hi",}',
                                 content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_unknown_field_gets_422_naming_it(method, path, agent_api, case, steps):
    before = checklist_state()

    response = send(agent_api, method, url_for(path, case, steps), {"colour": "red"})

    assert response.status_code == 422
    assert {"field": "colour", "message": "Extra inputs are not permitted"} in response.json()[
        "errors"
    ]
    assert checklist_state() == before


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_body_that_is_a_list_gets_422(method, path, agent_api, case, steps):
    response = send(agent_api, method, url_for(path, case, steps), ["text"])

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("body", "detail"),
    [({}, "text: Field required"),
     ({"text": ""}, "text: String should have at least 1 character"),
     ({"text": "   "}, "text: String should have at least 1 character"),
     ({"text": "x" * 251}, "text: String should have at most 250 characters"),
     ({"text": "a\x00b"}, "text: must not contain NUL characters"),
     ({"text": 7}, "text: Input should be a valid string")],
    ids=["missing", "empty", "blank", "oversize", "nul", "number"],
)  # fmt: skip
def test_a_bad_new_step_gets_422(body, detail, agent_api, case, steps):
    before = checklist_state()

    response = send(agent_api, "post", f"/api/cases/{case.pk}/checklist/items", body)

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert checklist_state() == before


@pytest.mark.parametrize(
    ("body", "detail"),
    [({"done": None}, "done: may be left out, but cannot be null"),
     ({"text": None}, "text: may be left out, but cannot be null"),
     ({"done": "maybe"}, "done: Input should be a valid boolean, unable to interpret input"),
     ({"text": "x" * 251}, "text: String should have at most 250 characters"),
     ({"done": True, "started": False}, "body: a step cannot be done and not started")],
    ids=["null-done", "null-text", "not-a-boolean", "oversize", "contradiction"],
)  # fmt: skip
def test_a_bad_step_change_gets_422(body, detail, agent_api, steps):
    before = checklist_state()

    response = send(agent_api, "patch", f"/api/checklist-items/{steps[0].pk}", body)

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert checklist_state() == before


def test_marking_a_done_step_not_started_gets_400(agent_api, steps):
    actions.complete_item(steps[0], actor=None)

    response = send(agent_api, "patch", f"/api/checklist-items/{steps[0].pk}", {"started": False})

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "That step is done; untick it before marking it not started."
    )


def test_a_half_applied_change_is_rolled_back(agent_api, steps):
    actions.complete_item(steps[0], actor=None)
    before = checklist_state()

    # The text change is valid, un-starting a done step is not: neither happens.
    response = send(agent_api, "patch", f"/api/checklist-items/{steps[0].pk}",
                    {"text": "Order the 22 mm valve", "started": False})  # fmt: skip

    assert response.status_code == 400
    assert checklist_state() == before


@pytest.mark.parametrize("method", ["patch", "delete"])
@pytest.mark.parametrize("item_id", [10**6, 2**63 - 1, 10**30])
def test_an_unknown_step_is_not_found(method, item_id, agent_api, steps):
    response = send(agent_api, method, f"/api/checklist-items/{item_id}", {"done": True})

    assert response.status_code == 404
    assert response.json() == {"detail": "No such checklist step.", "code": "not_found"}


def test_an_unknown_case_is_not_found(agent_api):
    response = send(agent_api, "post", "/api/cases/999999/checklist/items", {"text": "Hello"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("template_id", [999999, 2**63 - 1])
def test_an_unknown_template_gets_400(template_id, agent_api, case, steps):
    response = send(agent_api, "post", f"/api/cases/{case.pk}/checklist/apply-template",
                    {"template_id": template_id})  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == f"There is no checklist template with id {template_id}."


@pytest.mark.parametrize("template_id", [0, -1, 2**63, "one"])
def test_an_impossible_template_id_gets_422(template_id, agent_api, case):
    response = send(agent_api, "post", f"/api/cases/{case.pk}/checklist/apply-template",
                    {"template_id": template_id})  # fmt: skip

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "template_id"


def test_a_template_applied_twice_gets_400(agent_api, case):
    template = ChecklistTemplateFactory(name="Safety check")
    path = f"/api/cases/{case.pk}/checklist/apply-template"
    send(agent_api, "post", path, {"template_id": template.pk})

    response = send(agent_api, "post", path, {"template_id": template.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_order_missing_a_step_gets_400(agent_api, case, steps):
    before = checklist_state()

    response = send(agent_api, "put", f"/api/cases/{case.pk}/checklist/order",
                    {"item_ids": [steps[0].pk, steps[1].pk]})  # fmt: skip

    assert response.status_code == 400
    assert checklist_state() == before


def test_an_order_naming_another_cases_step_gets_400(agent_api, case, steps):
    foreign = make_checklist(make_case())[0]

    response = send(agent_api, "put", f"/api/cases/{case.pk}/checklist/order",
                    {"item_ids": [steps[0].pk, steps[1].pk, foreign.pk]})  # fmt: skip

    assert response.status_code == 400


def test_a_full_checklist_refuses_another_step(agent_api, case, steps, monkeypatch):
    monkeypatch.setattr(actions, "MAX_STEPS_PER_CASE", 3)

    response = send(agent_api, "post", f"/api/cases/{case.pk}/checklist/items", {"text": "More"})

    assert response.status_code == 400
    assert "at most 3 steps" in response.json()["detail"]
    assert CaseChecklistItem.objects.filter(case=case).count() == 3


def test_an_unknown_kind_filter_gets_422(tech):
    response = tech.get("/api/checklist-templates", {"kind": "wizardry"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_a_change_through_the_session_needs_the_csrf_token(agent, steps):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = send(client, "patch", f"/api/checklist-items/{steps[0].pk}", {"done": True})

    assert response.status_code == 403
    assert response.json()["code"] == "csrf"


def test_checklist_events_are_listed_with_the_case_events(agent_api, case, steps):
    response = agent_api.get(f"/api/cases/{case.pk}/events")

    assert response.status_code == 200
    events = [(e["kind"], e["field"], e["after"]) for e in response.json()["items"]]
    assert ("checklist", "added", "Order the valve") in events
