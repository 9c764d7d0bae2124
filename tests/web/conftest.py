"""A small desk shared by the web tests: one case per kind of visibility.

- the technician's case is assigned to the technician (tom);
- the subcontractor's case is assigned to the subcontractor (sam), so it is
  handed to sam's partner company;
- the unassigned case belongs to nobody.

Each case has its own customer and a customer message with an attachment;
each person has an API token. The desk is built once per test module (in a
transaction rolled back after the module, see tests/world.py) and each test
gets its own copy of it, on top of its own transaction.
"""

from dataclasses import dataclass

import pytest
from django.test import override_settings

from rightthere.accounts.models import ApiToken, User
from rightthere.accounts.tokens import create_api_token
from rightthere.cases import actions
from rightthere.cases.models import Attachment, Case, CaseEvent, Message
from rightthere.customers.models import Contact, Customer, CustomerNote
from rightthere.desk import messages as desk_messages
from tests.factories import CustomerFactory, TeamFactory
from tests.world import World, fresh, make_people, once_per_module, open_case_for


@dataclass(frozen=True)
class Desk(World):
    customers: dict[str, Customer]
    attachments: dict[str, Attachment]
    tokens: dict[str, ApiToken]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def team(db):
    return TeamFactory(name="Field service")


def _case_with_attachment(who: str, people: dict[str, User], subject: str, customer: str) -> Case:
    case = open_case_for(who, people, subject=subject, customer=CustomerFactory(name=customer))
    photo = actions.NewAttachment("photo.jpg", b"jpeg-bytes", "image/jpeg")
    desk_messages.add_message(
        case, actor=None, direction="inbound", body_text="Photo attached.", attachments=[photo]
    )
    case.refresh_from_db()  # the message bumped the version
    return case


def build_desk(people: dict[str, User]) -> Desk:
    cases = {
        "technician_case": _case_with_attachment(
            "technician", people, "Boiler leaking in the cellar", "Harbour Bakery"
        ),
        "subcontractor_case": _case_with_attachment(
            "subcontractor", people, "Gate motor jammed", "Mill Lane Garage"
        ),
        "unassigned_case": _case_with_attachment(
            "managers", people, "Invoice charged twice", "Quayside Dental"
        ),
    }
    return Desk(
        people=people,
        cases=cases,
        customers={key: case.customer for key, case in cases.items()},
        attachments={
            key: Attachment.objects.get(message__case=case) for key, case in cases.items()
        },
        tokens={
            role: create_api_token(user, f"Laptop of {role}")[0] for role, user in people.items()
        },
    )


@pytest.fixture(scope="module")
def desk_media(tmp_path_factory):
    """Where the desk's attachments are stored, for the whole module."""
    return tmp_path_factory.mktemp("desk-media")


@pytest.fixture(scope="module")
def module_desk(django_db_setup, django_db_blocker, desk_media):
    def build() -> Desk:
        with override_settings(MEDIA_ROOT=desk_media):
            return build_desk(make_people())

    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def desk(module_desk, db, settings, media_in_tmp, desk_media):
    """This test's copy of the module's desk. Its people are the desk's own: a test
    using the desk asks for them here, not for the `owner`/`agent`/... fixtures."""
    settings.MEDIA_ROOT = desk_media  # the desk's attachments are there
    return fresh(module_desk)


@pytest.fixture
def client_as(client, desk):
    """A test client logged in as one of the desk's people; "anonymous" stays logged out."""

    def login(role: str):
        user = desk.people.get(role)
        if user is not None:
            client.force_login(user)
        return client

    return login


def _desk_state() -> dict:
    return {
        "cases": list(
            Case.objects.order_by("pk").values(
                "pk",
                "version",
                "status",
                "priority",
                "kind",
                "subject",
                "assignee_id",
                "team_id",
                "partner_id",
                "updated_at",
            )
        ),
        "tags": sorted(Case.tags.through.objects.values_list("case_id", "tag_id")),
        "events": CaseEvent.objects.count(),
        "messages": Message.objects.count(),
        "attachments": Attachment.objects.count(),
        "customers": list(
            Customer.objects.order_by("pk").values(
                "pk", "name", "kind", "internal", "address", "account_owner_id", "updated_at"
            )
        ),
        "contacts": Contact.objects.count(),
        "notes": CustomerNote.objects.count(),
        "tokens": list(ApiToken.objects.order_by("pk").values("pk", "name", "revoked_at")),
    }


@pytest.fixture
def desk_state(db):
    """Everything a refused request must leave alone: call it before and after and compare."""
    return _desk_state
