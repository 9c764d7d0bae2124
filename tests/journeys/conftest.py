"""What several journeys share: the field desk (skills, Tom with hours, parts, a case) and
a customer who rang the office."""

import pytest

from rightthere.cases.models import Channel
from tests.factories import ContactFactory, CustomerFactory, make_case
from tests.field.conftest import desk  # noqa: F401 - shared fixture


@pytest.fixture
def phoned_case(desk):  # noqa: F811
    contact = ContactFactory(customer=CustomerFactory(name="Grace Hopper", address="7 Quay Road"),
                             name="Grace Hopper", email="grace@example.com")  # fmt: skip
    return make_case(subject="No hot water since Sunday", contact=contact, channel=Channel.PHONE,
                     body="Rang the office: no hot water, the boiler shows F28.")  # fmt: skip
