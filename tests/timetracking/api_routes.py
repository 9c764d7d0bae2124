"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

ROUTES: list = []


def extend_world(world, owner, agent, technician, subcontractor):
    """Objects the routes above need, added to tests/api/conftest.py's world."""
    return {}
