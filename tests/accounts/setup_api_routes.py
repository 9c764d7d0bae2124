"""The people and teams routes (accounts.setup_api) for the project-wide permission
matrix (tests/api/test_permissions.py): owners add people and teams and change people's
roles; anyone on the staff reads the teams; owners and agents read the accounts."""

from tests.api.matrix import EVERYONE, OWNERS, OWNERS_ADD, route
from tests.api.matrix import MANAGERS_CHANGE as MANAGERS

ROUTES = [
    route("get", "/api/teams", EVERYONE),
    route("post", "/api/teams", OWNERS_ADD,
          body=lambda w: {"name": "Installations", "member_ids": [w["staff_member"]]}),
    route("put", "/api/teams/{team_id}/members", OWNERS, team_id="team",
          body=lambda w: {"member_ids": [w["staff_member"]]}),
    route("patch", "/api/teams/{team_id}", OWNERS, team_id="team",
          body=lambda w: {"name": "Repairs and service"}),
    # The world's team has a routing rule: owners are told it is in use, nobody else may.
    route("delete", "/api/teams/{team_id}", (409, 403, 403, 403, 401), team_id="team"),
    route("get", "/api/users", MANAGERS),
    route("post", "/api/users", OWNERS_ADD,
          body=lambda w: {"username": "tina", "role": "technician", "first_name": "Tina"}),
    route("patch", "/api/users/{user_id}", OWNERS, user_id="staff_member",
          body=lambda w: {"role": "technician", "team_ids": [w["team"]]}),
]  # fmt: skip
