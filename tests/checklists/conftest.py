"""A desk with two cases, each carrying a checklist, and the people who work on them.

The roles tests act as, and the case each one acts on (tests/world.py's ACTING):
- owner and agent work on any case;
- a technician on the case assigned to them ("own") but not on the
  subcontractor's ("other"); a subcontractor likewise the other way round;
- an anonymous visitor on nothing.
"""

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import CaseEvent, EventKind
from rightthere.checklists.models import CaseChecklistItem, ChecklistTemplate
from tests.checklists.factories import ChecklistTemplateFactory, make_checklist
from tests.world import ACTING_ROLES as ROLES  # noqa: F401 - for this folder's tests
from tests.world import (
    MAY_NOT_SEE,  # noqa: F401 - for this folder's tests
    MAY_SEE,
    World,
    open_case_for,
    people_of,
)

MAY_WORK = MAY_SEE  # whoever sees the case works on its checklist


@dataclass(frozen=True)
class Desk(World):
    steps: dict[str, list[CaseChecklistItem]]
    template: ChecklistTemplate

    def steps_for(self, role: str) -> list[CaseChecklistItem]:
        return self.steps[self.case_key(role)]

    def first_step(self, role: str) -> CaseChecklistItem:
        return self.steps_for(role)[0]


def build_desk(people) -> Desk:
    cases = {
        "technician_case": open_case_for("technician", people, subject="Boiler leaking"),
        "subcontractor_case": open_case_for("subcontractor", people, subject="Gate motor jammed"),
    }
    return Desk(
        people=people,
        cases=cases,
        steps={key: make_checklist(case) for key, case in cases.items()},
        template=ChecklistTemplateFactory(name="Boiler repair", case_kind="repair"),
    )


@pytest.fixture
def desk(owner, agent, technician, subcontractor):
    return build_desk(people_of(owner, agent, technician, subcontractor))


@pytest.fixture
def web_as(desk):
    """A browser session for the role ("anonymous" stays logged out)."""

    def client_for(role: str) -> Client:
        client = Client()
        person = desk.person(role)
        if person is not None:
            client.force_login(person)
        return client

    return client_for


@pytest.fixture
def api_as(desk):
    """An API client sending the role's personal token (none for "anonymous")."""

    def client_for(role: str) -> Client:
        person = desk.person(role)
        if person is None:
            return Client()
        _, key = create_api_token(person, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return client_for


def send(client: Client, method: str, path: str, body=None):
    """Send `body` as JSON with any HTTP method (nothing at all when it is None)."""
    payload = "" if body is None else json.dumps(body)
    return client.generic(method.upper(), path, payload, content_type="application/json")


def checklist_state() -> dict:
    """Everything a refused request must leave alone: compare before and after."""
    return {
        "steps": list(
            CaseChecklistItem.objects.order_by("pk").values(
                "pk", "case_id", "position", "text", "started_at", "done_at", "done_by_id"
            )
        ),
        "events": CaseEvent.objects.filter(kind=EventKind.CHECKLIST).count(),
    }
