"""This app's security routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners only."""

from tests.api.matrix import route

#            owner agent  tech   sub    anonymous
OWNERS = (200, 403, 403, 403, 401)
OWNERS_ADD = (201, 403, 403, 403, 401)
OWNERS_REMOVE = (204, 403, 403, 403, 401)

ROUTES = [
    route("get", "/api/security", OWNERS),
    route("put", "/api/security", OWNERS, body=lambda w: {"require_two_factor": "nobody"}),
    route("delete", "/api/users/{user_id}/two-factor", OWNERS_REMOVE, user_id="staff_member"),
    route("get", "/api/integrations", OWNERS),
    route("post", "/api/integrations", OWNERS_ADD,
          body=lambda w: {"name": "Reviews sync", "kind": "reviews"}),
    route("post", "/api/integrations/{integration_id}/rotate", OWNERS,
          integration_id="integration"),
    route("delete", "/api/integrations/{integration_id}", OWNERS_REMOVE,
          integration_id="integration"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """An integration, which only owners may see, rotate or remove."""
    from rightthere.accounts.integrations import create_integration

    return {"integration": create_integration(owner, name="Mail relay", kind="inbound_mail").pk}
