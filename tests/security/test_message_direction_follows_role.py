"""A message marked as the customer's can only be typed in by staff who take calls
(owners and agents). A technician could post one on his own case through the API,
so words he wrote were shown as the customer's (#19)."""

import pytest

from tests.api.conftest import api_as  # noqa: F401 - the token client fixture
from tests.factories import make_case

pytestmark = pytest.mark.django_db

CALL = {"direction": "inbound", "body_text": "Mrs Cole rang: the boiler is fine now."}


def test_a_technician_cannot_post_as_the_customer_on_his_own_case(api_as, technician):  # noqa: F811
    case = make_case(assignee=technician)

    response = api_as(technician).post(f"/api/cases/{case.pk}/messages", CALL,
                                       content_type="application/json")  # fmt: skip

    assert response.status_code == 403
    assert (
        "Only owners and agents can record a message as coming from the customer"
        in (response.json()["detail"])
    )
    assert not case.messages.filter(direction="inbound", body_text=CALL["body_text"]).exists()


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_type_in_what_a_customer_said_on_the_phone(role, api_as, request):  # noqa: F811
    user = request.getfixturevalue(role)
    case = make_case()

    response = api_as(user).post(f"/api/cases/{case.pk}/messages", CALL,
                                 content_type="application/json")  # fmt: skip

    assert response.status_code == 201, response.content
    assert response.json()["direction"] == "inbound"
