"""A desk with cases and a visit for each role, and times in the desk's time zone.

- the technician's case is assigned to the technician;
- the partner's case is handed to the subcontractor's company, with a visit by
  that company;
- the office case only owners and agents see;
- the technician also has a visit of their own on the office case (a case they
  cannot see, but a visit they do).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.field.models import Visit
from tests.factories import ContactFactory, CustomerFactory
from tests.world import open_case_for, people_of


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time at the desk (settings.TIME_ZONE)."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def london(settings):
    """The desk in Europe/London, for tests about midnight and daylight-saving changes."""
    settings.TIME_ZONE = "Europe/London"
    return settings


@dataclass
class Desk:
    technician_case: Case
    partner_case: Case
    office_case: Case
    partner_visit: Visit
    technician_visit: Visit


def _visit(case: Case, **doer) -> Visit:
    start = timezone.now() + timedelta(days=1)
    return Visit.objects.create(case=case, starts_at=start, ends_at=start + timedelta(hours=1),
                                created_at=timezone.now(), status="confirmed", **doer)  # fmt: skip


@pytest.fixture
def desk(owner, agent, technician, subcontractor):
    people = people_of(owner, agent, technician, subcontractor)
    technician_case = open_case_for(
        "technician",
        people,
        subject="Boiler bangs",
        contact=ContactFactory(customer=CustomerFactory(name="Hill Farm")),
    )
    partner_case = open_case_for(
        "partner",
        people,
        subject="Gutter overflows",
        contact=ContactFactory(customer=CustomerFactory(name="Mill House")),
    )
    office_case = open_case_for(
        "managers",
        people,
        subject="Invoice question",
        contact=ContactFactory(customer=CustomerFactory(name="Accounts dept", internal=True)),
    )
    return Desk(
        technician_case=technician_case,
        partner_case=partner_case,
        office_case=office_case,
        partner_visit=_visit(partner_case, partner=subcontractor.partner),
        technician_visit=_visit(office_case, technician=technician),
    )


@pytest.fixture
def api_as(db):
    """A client that sends the user's API token: `api_as(agent).get("/api/timer")`."""
    from django.test import Client

    from rightthere.accounts.tokens import create_api_token

    def client_for(user):
        _, key = create_api_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return client_for
