import pytest

from tests.api.conftest import api_as  # noqa: F401 - fixture
from tests.factories import make_case


@pytest.fixture
def shared_case(technician, subcontractor):
    from rightthere.cases import actions

    case = make_case(subject="Boiler bangs", assignee=technician)
    actions.hand_to_partner(case, actor=None, partner=subcontractor.partner)
    return case
