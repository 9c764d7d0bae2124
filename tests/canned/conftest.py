"""A desk with canned replies of each scope, and a case each role can reply on.

- "Desk hello" belongs to everyone at the desk;
- "Boiler parts" to the boiler team, of which the technician is a member;
- "Office only" to the office team (nobody in the tests is a member);
- "Olivia's own" is the owner's personal reply.
"""

from datetime import UTC, datetime

import pytest

from rightthere.canned.actions import save_canned_reply
from rightthere.promises.actions import make_promise
from tests.api.conftest import api_as  # noqa: F401 - a token client: `api_as(agent)`
from tests.factories import ContactFactory, CustomerFactory, TeamFactory, make_case
from tests.world import open_case_for

HELLO = "Hello {customer.first_name}, thank you for your message about {case.reference}."
PARTS = "Hello {contact.first_name}, the part is ordered. We will come back by {promise.due}."


@pytest.fixture
def write(db):
    """Save a canned reply the way the editor does: `write(agent, title=..., body=...)`."""

    def save(user, *, title="Thanks", body=HELLO, scope="personal", team=None, **kwargs):
        return save_canned_reply(user, title=title, body=body, scope=scope, team=team, **kwargs)

    return save


@pytest.fixture
def teams(technician):
    boiler = TeamFactory(name="Boiler team")
    boiler.members.add(technician)
    return {"boiler": boiler, "office": TeamFactory(name="Office team")}


@pytest.fixture
def library(write, owner, agent, teams):
    return {
        "desk": write(agent, title="Desk hello", body=HELLO, scope="everyone"),
        "boiler": write(agent, title="Boiler parts", body=PARTS, scope="team",
                        team=teams["boiler"]),
        "office": write(agent, title="Office only", body="Hello from the office.",
                        scope="team", team=teams["office"]),
        "personal": write(owner, title="Olivia's own", body="Best wishes, {agent.first_name}"),
    }  # fmt: skip


@pytest.fixture
def shared_case(technician, subcontractor):
    """A case every role can see: assigned to the technician, handed to the partner."""
    contact = ContactFactory(name="Grace Hopper", customer=CustomerFactory(name="Hopper Family"))
    people = {"technician": technician, "subcontractor": subcontractor}
    return open_case_for("everyone", people, subject="Boiler bangs", contact=contact)


@pytest.fixture
def other_case(db):
    """A case only owners and agents see."""
    return make_case(subject="Gutter overflows")


def promise_on(case, due=datetime(2099, 7, 1, 13, 0, tzinfo=UTC), what="Fit the new valve"):
    """A promise to the customer on the case (1 July 2099 is a Wednesday; 14:00 in London)."""
    return make_promise(case, actor=None, what=what, due_at=due)
