"""tests/world.py: a world built once per module, yet each test starts from the world as built.

The tests below run in the order they are written: the first changes the world
in the database and in its Python objects, the next ones check that none of it
is left.
"""

import pytest

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.customers.models import Customer
from tests.world import (
    ACTING_ROLES,
    World,
    fresh,
    make_people,
    once_per_module,
    open_case_for,
)

CASES = {
    "technician_case": "technician",
    "subcontractor_case": "subcontractor",
    "partner_case": "partner",
    "shared_case": "everyone",
    "office_case": "managers",
}


def build() -> World:
    people = make_people()
    cases = {key: open_case_for(who, people, subject=key) for key, who in CASES.items()}
    return World(people=people, cases=cases)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def world(module_world, db):
    return fresh(module_world)


def test_a_test_changes_the_world_as_it_likes(world):
    world.cases["shared_case"].delete()
    world.people["agent"].first_name = "Changed"
    world.people["agent"].save()
    world.cases["office_case"].subject = "Changed in memory only"
    Customer.objects.create(name="Left behind?")

    assert Case.objects.count() == len(CASES) - 1


def test_the_next_test_sees_the_world_as_it_was_built(world, module_world):
    assert Case.objects.count() == len(CASES)
    assert not Customer.objects.filter(name="Left behind?").exists()
    assert User.objects.get(username="adam").first_name != "Changed"
    assert world.cases["office_case"].subject == "office_case"
    assert world.people["agent"].first_name != "Changed"
    assert world.cases["office_case"] is not module_world.cases["office_case"]


def test_the_people_are_those_of_the_role_fixtures(world):
    people = {role: (user.username, user.role) for role, user in world.people.items()}

    assert people == {
        "owner": ("olivia", "owner"),
        "agent": ("adam", "agent"),
        "technician": ("tom", "technician"),
        "subcontractor": ("sam", "subcontractor"),
    }
    assert world.people["subcontractor"].partner is not None


def test_each_case_goes_to_whom_it_says(world):
    technician, subcontractor = world.people["technician"], world.people["subcontractor"]
    cases = {key: Case.objects.get(pk=case.pk) for key, case in world.cases.items()}
    partner = subcontractor.partner_id

    assert {key: (c.assignee_id, c.partner_id) for key, c in cases.items()} == {
        "technician_case": (technician.pk, None),
        "subcontractor_case": (subcontractor.pk, partner),
        "partner_case": (None, partner),
        "shared_case": (technician.pk, partner),
        "office_case": (None, None),
    }


def test_acting_roles_name_a_person_and_a_case(world):
    acting = {role: (world.person(role), world.case(role).subject) for role in ACTING_ROLES}

    assert acting == {
        "owner": (world.people["owner"], "technician_case"),
        "agent": (world.people["agent"], "subcontractor_case"),
        "technician-own": (world.people["technician"], "technician_case"),
        "technician-other": (world.people["technician"], "subcontractor_case"),
        "subcontractor-own": (world.people["subcontractor"], "subcontractor_case"),
        "subcontractor-other": (world.people["subcontractor"], "technician_case"),
        "anonymous": (None, "technician_case"),
    }


def test_what_once_per_module_built_is_rolled_back_when_it_is_done(db, django_db_blocker):
    built = once_per_module(django_db_blocker, lambda: Customer.objects.create(name="Built once"))

    customer = next(built)
    kept = Customer.objects.filter(pk=customer.pk).exists()
    built.close()

    assert kept
    assert not Customer.objects.filter(pk=customer.pk).exists()


def test_between_tests_the_database_stays_blocked_while_the_world_is_kept(db, django_db_blocker):
    # As between two tests of a module: blocked, unless a test asks for the database.
    with django_db_blocker.block():
        built = once_per_module(django_db_blocker, lambda: Customer.objects.create(name="Kept"))
        next(built)
        with pytest.raises(RuntimeError, match="Database access not allowed"):
            Customer.objects.count()
        built.close()
        with pytest.raises(RuntimeError, match="Database access not allowed"):
            Customer.objects.count()

    assert not Customer.objects.filter(name="Kept").exists()
