"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import route

#             owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)

ROUTES = [
    route("post", "/api/cases/{case_id}/presence", EVERYONE, case_id="shared_case",
          body=lambda w: {"state": "writing"}),
    route("post", "/api/cases/{case_id}/presence", MANAGERS_SEE, case_id="other_case",
          body=lambda w: {"state": "viewing"}),
]  # fmt: skip
