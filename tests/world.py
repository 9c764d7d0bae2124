"""One world for the role tests: a person of every role, and cases each may or may not see.

Owners and agents see every case; a technician the cases assigned to them; a
subcontractor the cases handed to their company (assigning a case to a
subcontractor hands it over as well). What the folders' desks and the
permission matrices share:

- `make_people()`: the four people, made as tests/conftest.py's `owner`,
  `agent`, `technician` and `subcontractor` fixtures make them;
- `open_case_for(who, people, ...)`: a case that owners, agents and `who` see;
- `World`: the people and the cases by name, and `ACTING`: the case each role
  of a matrix acts on ("technician-own", "technician-other", ...);
- `once_per_module(...)`: a world built once for a whole test module, for the
  matrices that ask the same world hundreds of times.

A world built once per module
-----------------------------
`once_per_module` opens a transaction, builds the world in it and keeps it
open until the module's last test is done, then rolls it back. Each test still
runs in its own transaction inside that one (pytest-django's `db` fixture, a
savepoint), so whatever a test writes is gone for the next test, and each test
gets its own deep copy of the built objects (as Django's `setUpTestData` does),
so changes to the Python objects do not leak either. The pattern in a conftest
or test module::

    @pytest.fixture(scope="module")
    def module_desk(django_db_setup, django_db_blocker):
        yield from once_per_module(django_db_blocker, build_desk)

    @pytest.fixture
    def desk(module_desk, db):
        return copy.deepcopy(module_desk)

While such a world is built, tests of that module must take its people from the
world, not from the `owner`/`agent`/... fixtures (those would make a second
"olivia" and fail on the unique username). Nothing built once per module may
depend on function-scoped fixtures, and tests that commit (`transactional_db`,
`live_server`) do not belong in such a module. pytest-django runs a module's
tests without the database after every test with it, at the end of the session:
such tests should not ask for the world (it would be built again just for them).
What building the world left for after the commit (`transaction.on_commit`) stays
pending all module long: `run_tasks` in such a module would run it, once.
"""

import copy
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

from rightthere.accounts.models import User
from rightthere.cases import actions
from rightthere.cases.models import Case
from tests.factories import (
    OwnerFactory,
    SubcontractorFactory,
    TechnicianFactory,
    UserFactory,
    make_case,
)

T = TypeVar("T")

ROLES = ("owner", "agent", "technician", "subcontractor")

# A matrix role -> (who acts, the case they act on). Owners and agents work on
# any case; a technician on the case assigned to them ("own") but not on the
# subcontractor's ("other"); a subcontractor likewise the other way round; an
# anonymous visitor on nothing.
ACTING = {
    "owner": ("owner", "technician_case"),
    "agent": ("agent", "subcontractor_case"),
    "technician-own": ("technician", "technician_case"),
    "technician-other": ("technician", "subcontractor_case"),
    "subcontractor-own": ("subcontractor", "subcontractor_case"),
    "subcontractor-other": ("subcontractor", "technician_case"),
    "anonymous": (None, "technician_case"),
}
ACTING_ROLES = list(ACTING)
MAY_SEE = ["owner", "agent", "technician-own", "subcontractor-own"]
MAY_NOT_SEE = ["technician-other", "subcontractor-other"]


def make_people() -> dict[str, User]:
    """A person of each role, as tests/conftest.py's fixtures of the same names make them."""
    return {
        "owner": OwnerFactory(username="olivia"),
        "agent": UserFactory(username="adam"),
        "technician": TechnicianFactory(username="tom"),
        "subcontractor": SubcontractorFactory(username="sam"),
    }


def people_of(owner: User, agent: User, technician: User, subcontractor: User) -> dict[str, User]:
    """The people by role, from the fixtures: `people_of(owner, agent, technician, subcontractor)`."""
    return {
        "owner": owner,
        "agent": agent,
        "technician": technician,
        "subcontractor": subcontractor,
    }


# Who sees a case, besides owners and agents -> whom it is assigned to.
VISIBILITY = {
    "technician": "technician",
    "subcontractor": "subcontractor",
    "partner": None,
    "everyone": "technician",
    "managers": None,
}


def open_case_for(who: str, people: Mapping[str, User], **fields) -> Case:
    """A case owners and agents see, opened with `make_case(**fields)`, and besides them:

    - "technician": the technician, to whom it is assigned;
    - "subcontractor": the subcontractor's company (assigned to the subcontractor,
      which hands it to their company);
    - "partner": the subcontractor's company, handed to it with nobody assigned;
    - "everyone": both: assigned to the technician and handed to the company;
    - "managers": nobody else.

    `people` needs the roles the case goes to ("technician", "subcontractor").
    The case is the object `make_case` returned (a hand-over changes the row, not it).
    """
    assignee = VISIBILITY[who]
    case = make_case(assignee=people[assignee] if assignee else None, **fields)
    if who in ("partner", "everyone"):
        actions.hand_to_partner(case, actor=None, partner=people["subcontractor"].partner)
    return case


@dataclass(frozen=True)
class World:
    people: dict[str, User]
    cases: dict[str, Case]

    def person(self, role: str) -> User | None:
        """The person acting as `role`, one of ACTING's; None for an anonymous visitor."""
        who = ACTING[role][0]
        return self.people[who] if who else None

    def case_key(self, role: str) -> str:
        """The name of the case `role`, one of ACTING's, acts on."""
        return ACTING[role][1]

    def case(self, role: str) -> Case:
        """The case `role`, one of ACTING's, acts on."""
        return self.cases[self.case_key(role)]


def once_per_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture: `yield from once_per_module(django_db_blocker, build)`.

    Runs `build()` in a transaction that stays open while the module's tests run
    (each in a savepoint of its own) and is rolled back after the last one.
    Between tests the database stays blocked for tests that do not ask for it.
    """
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)


def fresh(built: T) -> T:
    """A test's own copy of what was built once for the module."""
    return copy.deepcopy(built)
