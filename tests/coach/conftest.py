import pytest

from tests.api.conftest import api_as  # noqa: F401 - fixture
from tests.world import open_case_for


@pytest.fixture
def shared_case(technician, subcontractor):
    """A case every role can see: assigned to the technician, handed to the partner."""
    people = {"technician": technician, "subcontractor": subcontractor}
    return open_case_for("everyone", people, subject="Boiler bangs")
