"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import route

#              owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)
BAD_LIMIT = (422, 422, 422, 422, 401)


ROUTES = [
    route("get", "/api/cases/{case_id}/similar", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/similar", MANAGERS_SEE, case_id="other_case"),
    route("get", "/api/cases/{case_id}/similar", EVERYONE, case_id="shared_case",
          query="limit=20"),
    route("get", "/api/cases/{case_id}/similar", BAD_LIMIT, case_id="shared_case",
          query="limit=0"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """Objects the routes above need, added to tests/api/conftest.py's world."""
    return {}
