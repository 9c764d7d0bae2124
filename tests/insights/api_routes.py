"""The insights API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import route

#                owner agent  tech   sub    anonymous
MANAGERS = (200, 200, 403, 403, 401)
MANAGERS_ADD = (201, 201, 403, 403, 401)
OWNERS = (200, 403, 403, 403, 401)
OWNERS_ADD = (201, 403, 403, 403, 401)
OWNERS_REMOVE = (204, 403, 403, 403, 401)
MANAGERS_ONE = (200, 200, 403, 403, 401)
RULE = "/api/routing-rules/{rule_id}"


INSIGHTS_ROUTES = [
    route("get", "/api/insights/dashboard", MANAGERS),
    route("get", "/api/insights/signs", MANAGERS),
    route("get", "/api/insights/calls-log", MANAGERS),
    route("get", "/api/insights/owner-time", OWNERS),
    route("get", "/api/relationships", MANAGERS),
    route("get", "/api/relationship-calls", MANAGERS),
    route("get", "/api/customers/{customer_id}/relationship", MANAGERS,
          customer_id="shared_customer"),
    route("put", "/api/customers/{customer_id}/relationship/override", MANAGERS,
          body=lambda w: {"status": "good", "reason": "Signed up"}, customer_id="shared_customer"),
    route("put", "/api/customers/{customer_id}/relationship/flags", MANAGERS,
          body=lambda w: {"gone": True, "reason": "Moved away"}, customer_id="shared_customer"),
    route("post", "/api/customers/{customer_id}/relationship-calls", MANAGERS_ADD,
          body=lambda w: {"notes": "All well"}, customer_id="shared_customer"),
    route("get", "/api/routing-rules", MANAGERS),
    route("post", "/api/routing-rules", OWNERS_ADD,
          body=lambda w: {"kind": "repair", "team_id": w["team"]}),
    route("get", RULE, MANAGERS_ONE, rule_id="routing_rule"),
    route("put", RULE, OWNERS, rule_id="routing_rule",
          body=lambda w: {"channel": "web", "team_id": w["team"], "pick_by": "least_loaded"}),
    route("delete", RULE, OWNERS_REMOVE, rule_id="routing_rule"),
    route("get", "/api/staff", OWNERS),
    route("post", "/api/staff/{user_id}/absences", OWNERS_ADD,
          body=lambda w: {"kind": "sick", "starts_on": "2026-01-05", "ends_on": "2026-01-06"},
          user_id="staff_member"),
    route("put", "/api/staff/{user_id}/record", OWNERS,
          body=lambda w: {"started_on": "2025-03-01", "capacity": 15}, user_id="staff_member"),
    route("get", "/api/relationship-rules", OWNERS),
    route("patch", "/api/relationship-rules", OWNERS,
          body=lambda w: {"lost_after_days": 400, "call_every_days_good": 90}),
]  # fmt: skip
