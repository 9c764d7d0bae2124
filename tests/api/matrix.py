"""Building blocks of the role-by-route permission matrix (tests/api/test_permissions.py).

A route is `(method, path, targets, body, answers)`: `answers` is the status each
role gets, in the order of tests.api.conftest.ROLES; `targets` names the world's
objects that fill the path's placeholders (and `query`, a query string).
"""

#              owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
EVERYONE_ADDS = (201, 201, 201, 201, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)
MANAGERS_CHANGE = (200, 200, 403, 403, 401)
MANAGERS_ADD = (201, 201, 403, 403, 401)
MANAGERS_ADD_TO_HIDDEN = (201, 201, 404, 404, 401)
OWNERS = (200, 403, 403, 403, 401)
OWNERS_ADD = (201, 403, 403, 403, 401)
OWNERS_REMOVE = (204, 403, 403, 403, 401)


def nothing(world):
    return None


def route(method, path, answers, body=nothing, **targets):
    return (method, path, targets, body, answers)
