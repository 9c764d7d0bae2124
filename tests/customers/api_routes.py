"""This app's note routes for the project-wide permission matrix
(tests/api/test_permissions.py)."""

from tests.api.matrix import EVERYONE, MANAGERS_ADD, MANAGERS_ADD_TO_HIDDEN, MANAGERS_SEE, route


def _note(world):
    return {"text": "Side gate is locked; ring the bell."}


ROUTES = [
    route("get", "/api/customers/{customer_id}/notes", EVERYONE, customer_id="shared_customer"),
    route("get", "/api/customers/{customer_id}/notes", MANAGERS_SEE,
          customer_id="other_customer"),
    route("post", "/api/customers/{customer_id}/notes", MANAGERS_ADD,
          customer_id="shared_customer", body=_note),
    route("post", "/api/customers/{customer_id}/notes", MANAGERS_ADD_TO_HIDDEN,
          customer_id="other_customer", body=_note),
]  # fmt: skip
