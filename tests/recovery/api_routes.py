"""The root causes' set-up routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners keep the list; everyone on the staff reads it
(GET /api/root-causes, with the complaint routes in test_permissions.py)."""

from tests.api.matrix import OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

ONE = "/api/root-causes/{cause_id}"

ROUTES = [
    route("post", "/api/root-causes", OWNERS_ADD, body=lambda w: {"name": "Van broke down"}),
    route("patch", ONE, OWNERS, cause_id="root_cause",
          body=lambda w: {"name": "Wrong part ordered", "active": True}),
    # A root cause no complaint uses: one in use can only be hidden (400).
    route("delete", ONE, OWNERS_REMOVE, cause_id="unused_root_cause"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A root cause nothing uses yet."""
    from rightthere.recovery import setup

    return {"unused_root_cause": setup.add_root_cause(owner, name="Bad weather").pk}
