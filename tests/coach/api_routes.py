"""The reply check's rule routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners try and add patterns (everyone on the staff
checks a draft: POST /api/coach/check, in test_permissions.py)."""

from tests.api.matrix import OWNERS, OWNERS_ADD, route

RULE = {"category": "excuse", "pattern": "the van broke down",
        "sentence": "Sorry, the van broke down."}  # fmt: skip

ROUTES = [
    route("post", "/api/coach/rules/try", OWNERS, body=lambda w: RULE),
    route("post", "/api/coach/rules", OWNERS_ADD, body=lambda w: RULE),
]  # fmt: skip
