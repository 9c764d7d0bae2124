"""Every new page route and API route, every role: the answer each one gets.

Owners and agents work on every checklist; a technician or subcontractor on the
checklists of the cases they can see, and on others' not at all (404: we do not
reveal that a case exists); an anonymous visitor is sent to log in (401 in the
API). A refused request changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from rightthere.api.urls import api
from rightthere.checklists import api as checklists_api
from tests.checklists.api_routes import ROUTES as TEMPLATE_SETUP_ROUTES
from tests.checklists.conftest import (
    MAY_NOT_SEE,
    MAY_WORK,
    ROLES,
    build_desk,
    checklist_state,
    send,
)
from tests.world import fresh, make_people, once_per_module


@pytest.fixture(scope="module")
def module_desk(django_db_setup, django_db_blocker):
    """The desk, built once for this module's hundred-odd requests (tests/world.py)."""
    yield from once_per_module(django_db_blocker, lambda: build_desk(make_people()))


@pytest.fixture
def desk(module_desk, db):
    """This test's own copy of the module's desk, in this test's own transaction."""
    return fresh(module_desk)


# --- Web ----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    args: Callable  # (desk, role) -> url arguments
    data: Callable = lambda desk: {}

    def __str__(self) -> str:
        return self.name

    def url(self, desk, role: str) -> str:
        return reverse(self.name, args=self.args(desk, role))


def _case(desk, role):
    return [desk.case(role).pk]


def _step(desk, role):
    return [desk.case(role).pk, desk.first_step(role).pk]


WEB_ROUTES = [
    Route("checklist_add_item", _case, lambda desk: {"text": "Check the pressure"}),
    Route("checklist_apply_template", _case, lambda desk: {"template": desk.template.pk}),
    Route("checklist_set_done", _step, lambda desk: {"done": "1"}),
    Route("checklist_start_item", _step),
    Route("checklist_remove_item", _step),
]


@pytest.mark.parametrize("route", WEB_ROUTES, ids=str)
@pytest.mark.parametrize("role", MAY_WORK)
def test_who_may_work_on_the_case_changes_its_checklist_and_returns_to_it(
    role, route, desk, web_as
):
    before = checklist_state()

    response = web_as(role).post(route.url(desk, role), route.data(desk))

    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[desk.case(role).pk]) + "#checklist"
    assert checklist_state() != before


@pytest.mark.parametrize("route", WEB_ROUTES, ids=str)
@pytest.mark.parametrize("role", MAY_WORK)
def test_who_may_work_on_the_case_gets_the_panel_back_by_htmx(role, route, desk, web_as):
    response = web_as(role).post(
        route.url(desk, role), route.data(desk), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'id="checklist"' in response.content.decode()


@pytest.mark.parametrize("route", WEB_ROUTES, ids=str)
@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_a_checklist_on_someone_elses_case_is_not_found(role, route, desk, web_as):
    before = checklist_state()

    response = web_as(role).post(route.url(desk, role), route.data(desk))

    assert response.status_code == 404
    assert checklist_state() == before


@pytest.mark.parametrize("route", WEB_ROUTES, ids=str)
def test_anonymous_visitor_is_sent_to_login_and_changes_nothing(route, desk, web_as):
    before = checklist_state()
    url = route.url(desk, "anonymous")

    response = web_as("anonymous").post(url, route.data(desk))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert checklist_state() == before


@pytest.mark.parametrize("role", MAY_WORK)
def test_the_case_page_shows_the_checklist_to_who_may_work_on_it(role, desk, web_as):
    response = web_as(role).get(reverse("case_detail", args=[desk.case(role).pk]))

    assert response.status_code == 200
    assert desk.first_step(role).text in response.content.decode()


# --- API ----------------------------------------------------------------------

#          owner agent  tech-own tech-other sub-own sub-other anonymous
SEE = (200, 200, 200, 404, 200, 404, 401)
ADD = (201, 201, 201, 404, 201, 404, 401)
REMOVE = (204, 204, 204, 404, 204, 404, 401)
ANYONE =  (200,  200,   200,     200,       200,    200,      401)  # fmt: skip


def _reversed_steps(desk, role):
    return {"item_ids": [step.pk for step in reversed(desk.steps_for(role))]}


def no_body(desk, role):
    return None


API_READS = [
    ("get", "/api/cases/{case}/checklist", SEE, no_body),
    ("get", "/api/checklist-templates", ANYONE, no_body),
]
API_CHANGES = [
    ("post", "/api/cases/{case}/checklist/items", ADD, lambda d, r: {"text": "Check the flue"}),
    ("post", "/api/cases/{case}/checklist/apply-template", ADD,
     lambda d, r: {"template_id": d.template.pk}),
    ("put", "/api/cases/{case}/checklist/order", SEE, _reversed_steps),
    ("patch", "/api/checklist-items/{item}", SEE, lambda d, r: {"done": True}),
    ("delete", "/api/checklist-items/{item}", REMOVE, no_body),
]  # fmt: skip
API_ROUTES = API_READS + API_CHANGES

# For tests/api's "the matrix covers every route of the API": the routes this
# file covers, spelt as in the OpenAPI schema.
CHECKLIST_ROUTES = {
    (method, path.replace("{case}", "{case_id}").replace("{item}", "{item_id}"))
    for method, path, _, _ in API_ROUTES
}

API_MATRIX = [
    pytest.param(role, method, path, body, answer, id=f"{role} {method} {path}")
    for method, path, answers, body in API_ROUTES
    for role, answer in zip(ROLES, answers, strict=True)
]
REFUSED = [
    pytest.param(role, method, path, body, id=f"{role} {method} {path}")
    for method, path, _, body in API_CHANGES
    for role in [*MAY_NOT_SEE, "anonymous"]
]


@pytest.mark.parametrize(("role", "method", "path", "body", "answer"), API_MATRIX)
def test_each_role_gets_its_own_answer_from_every_checklist_route(
    role, method, path, body, answer, desk, api_as
):
    url = path.format(case=desk.case(role).pk, item=desk.first_step(role).pk)

    response = send(api_as(role), method, url, body(desk, role))

    assert response.status_code == answer, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize(("role", "method", "path", "body"), REFUSED)
def test_a_refused_api_change_changes_nothing(role, method, path, body, desk, api_as):
    url = path.format(case=desk.case(role).pk, item=desk.first_step(role).pk)
    before = checklist_state()

    send(api_as(role), method, url, body(desk, role))

    assert checklist_state() == before


def test_the_matrix_covers_every_checklist_route_of_the_api():
    routes = {
        (method.lower(), f"/api{path}")
        for path, view in checklists_api.router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }

    # The templates' set-up (owners) is in the project-wide matrix: tests/checklists/api_routes.py.
    set_up = {(method, path) for method, path, *_ in TEMPLATE_SETUP_ROUTES}
    assert routes == CHECKLIST_ROUTES | set_up


def test_the_checklist_routes_are_in_the_api_schema():
    schema = api.get_openapi_schema()
    listed = {
        (method, path) for path, operations in schema["paths"].items() for method in operations
    }

    assert listed >= CHECKLIST_ROUTES
