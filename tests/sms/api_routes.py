"""This app's routes for the project-wide permission matrix (tests/api/test_permissions.py):
owners see and change the SMS set-up; owners and agents see the texts sent."""

from tests.api.matrix import MANAGERS_CHANGE, OWNERS, route

ROUTES = [
    route("get", "/api/sms/setup", OWNERS),
    route("put", "/api/sms/from-number", OWNERS, body=lambda w: {"from_number": "07700 900001"}),
    route("get", "/api/sms", MANAGERS_CHANGE, query="status=delivered"),
]
