"""The settings screens' twins (setup_screens.api) for the project-wide permission
matrix (tests/api/test_permissions.py): the business profile, the answer targets and
the team's invitations and deactivations are owners' decisions."""

from tests.api.matrix import OWNERS, OWNERS_ADD, route

ROUTES = [
    route("get", "/api/business-profile", OWNERS),
    route("patch", "/api/business-profile", OWNERS,
          body=lambda w: {"phone": "01632 960123", "brand_colour": "#336699"}),
    route("put", "/api/priority-targets/{priority}", OWNERS, priority="priority_high",
          body=lambda w: {"first_response_minutes": 60, "resolution_minutes": 480}),
    route("post", "/api/invitations", OWNERS_ADD,
          body=lambda w: {"email": "nina@example.com", "role": "agent", "first_name": "Nina",
                          "team_id": w["team"]}),
    route("put", "/api/users/{user_id}/active", OWNERS, user_id="staff_member",
          body=lambda w: {"active": False}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """Path values that are not objects: a priority."""
    return {"priority_high": "high"}
