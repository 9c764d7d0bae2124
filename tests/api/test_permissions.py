"""Every route, every role: the answer each one gets."""

import pytest

from rightthere.api.urls import api
from tests.accounts.api_routes import ROUTES as SECURITY_ROUTES
from tests.accounts.setup_api_routes import ROUTES as PEOPLE_SETUP_ROUTES
from tests.api.conftest import ROLES, send
from tests.api.matrix import route
from tests.automation.api_routes import ROUTES as AUTOMATION_ROUTES
from tests.canned.api_routes import ROUTES as CANNED_ROUTES
from tests.cases.api_routes import DOWNLOADS
from tests.cases.api_routes import ROUTES as OPENING_HOURS_ROUTES
from tests.checklists.api_routes import ROUTES as CHECKLIST_SETUP_ROUTES
from tests.checklists.test_permissions import CHECKLIST_ROUTES
from tests.coach.api_routes import ROUTES as REPLY_CHECK_RULE_ROUTES
from tests.customers.api_routes import ROUTES as CUSTOMER_NOTE_ROUTES
from tests.field.api_routes import ROUTES as FIELD_SETUP_ROUTES
from tests.insights.api_routes import INSIGHTS_ROUTES
from tests.mail.api_routes import ROUTES as STORED_MAIL_ROUTES
from tests.merging.api_routes import ROUTES as MERGING_ROUTES
from tests.moving_in.api_routes import ROUTES as MOVING_IN_ROUTES
from tests.notifications.api_routes import ROUTES as NOTIFICATION_ROUTES
from tests.outbox.api_routes import ROUTES as OUTBOX_ROUTES
from tests.portal.api_routes import ROUTES as STATUS_LINK_ROUTES
from tests.presence.api_routes import ROUTES as PRESENCE_ROUTES
from tests.recovery.api_routes import ROUTES as ROOT_CAUSE_ROUTES
from tests.reviews.api_routes import ROUTES as REVIEW_ROUTES
from tests.saved_views.api_routes import ROUTES as SAVED_VIEW_ROUTES
from tests.setup_screens.api_routes import ROUTES as SETTINGS_TWIN_ROUTES
from tests.similar.api_routes import ROUTES as SIMILAR_ROUTES
from tests.sms.api_routes import ROUTES as SMS_ROUTES
from tests.timetracking.api_routes import ROUTES as TIMETRACKING_ROUTES
from tests.webhooks.api_routes import ROUTES as WEBHOOK_ROUTES

#              owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
EVERYONE_ADDS = (201, 201, 201, 201, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)
MANAGERS_CHANGE = (200, 200, 403, 403, 401)
MANAGERS_ADD = (201, 201, 403, 403, 401)
MANAGERS_ADD_TO_HIDDEN = (201, 201, 404, 404, 401)


def _slot(w, day="2099-01-06T10:00:00Z"):
    return {"kind": "partner", "id": w["field_partner"], "starts_at": day}


FIELD_ROUTES = [
    route("get", "/api/visits", EVERYONE),
    route("post", "/api/cases/{case_id}/visits", MANAGERS_ADD, case_id="shared_case",
          body=lambda w: {"starts_at": "2099-01-05T10:00:00Z", "partner_id": w["field_partner"]}),
    route("post", "/api/cases/{case_id}/visits", MANAGERS_ADD_TO_HIDDEN, case_id="other_case",
          body=lambda w: {"starts_at": "2099-01-05T10:00:00Z", "partner_id": w["field_partner"]}),
    route("get", "/api/visits/{visit_id}", EVERYONE, visit_id="shared_visit"),
    route("get", "/api/visits/{visit_id}", MANAGERS_SEE, visit_id="other_visit"),
    # On the way: on the visit's day only (today's visits); an outcome before the visit's
    # day (these are in 2099) says it was done early.
    route("post", "/api/visits/{visit_id}/status", EVERYONE, visit_id="todays_visit",
          body=lambda w: {"status": "on_the_way"}),
    route("post", "/api/visits/{visit_id}/status", MANAGERS_SEE, visit_id="other_todays_visit",
          body=lambda w: {"status": "on_the_way"}),
    route("post", "/api/visits/{visit_id}/outcome", EVERYONE, visit_id="shared_visit",
          body=lambda w: {"outcome": "fixed", "early": True}),
    route("post", "/api/visits/{visit_id}/outcome", MANAGERS_SEE, visit_id="other_visit",
          body=lambda w: {"outcome": "fixed", "early": True}),
    # Return needed with a root cause of the owner's list (by id, as /api/root-causes gives it).
    route("post", "/api/visits/{visit_id}/outcome", EVERYONE, visit_id="shared_visit",
          body=lambda w: {"outcome": "return_needed", "return_reason": "wrong_part",
                          "root_cause_id": w["root_cause"], "early": True}),
    route("post", "/api/visits/{visit_id}/outcome", MANAGERS_SEE, visit_id="other_visit",
          body=lambda w: {"outcome": "return_needed", "return_reason": "wrong_part",
                          "root_cause_id": w["root_cause"], "early": True}),
    route("post", "/api/visits/{visit_id}/return-proposals", EVERYONE,
          visit_id="failed_visit", body=lambda w: {"part_id": w["part"]}),
    route("post", "/api/visits/{visit_id}/return-proposals", MANAGERS_SEE,
          visit_id="other_failed_visit", body=lambda w: {"part_id": w["part"]}),
    route("post", "/api/visits/{visit_id}/return", EVERYONE_ADDS,
          visit_id="failed_visit", body=lambda w: {"part_id": w["part"]}),
    route("post", "/api/visits/{visit_id}/return", MANAGERS_ADD_TO_HIDDEN,
          visit_id="other_failed_visit", body=lambda w: {"part_id": w["part"]}),
    route("post", "/api/visits/{visit_id}/reassign", MANAGERS_CHANGE, visit_id="shared_visit",
          body=lambda w: {"partner_id": w["field_partner"]}),
    route("post", "/api/visits/{visit_id}/reassign", MANAGERS_SEE, visit_id="other_visit",
          body=lambda w: {"partner_id": w["field_partner"]}),
    route("post", "/api/visits/{visit_id}/reschedule", MANAGERS_CHANGE, visit_id="shared_visit",
          body=lambda w: {"slot": _slot(w)}),
    route("post", "/api/visits/{visit_id}/reschedule", MANAGERS_SEE, visit_id="other_visit",
          body=lambda w: {"slot": _slot(w)}),
    route("post", "/api/visits/{visit_id}/cancel", MANAGERS_CHANGE, visit_id="shared_visit",
          body=lambda w: {"reason": "The customer fixed it themselves."}),
    route("post", "/api/visits/{visit_id}/cancel", MANAGERS_SEE, visit_id="other_visit",
          body=lambda w: {"reason": "The customer fixed it themselves."}),
    # Only those who go to visits have a calendar of them.
    route("get", "/api/me/calendar-feed", (403, 403, 200, 200, 401)),
    route("post", "/api/me/calendar-feed", (403, 403, 200, 200, 401)),
    route("post", "/api/slot-proposals", MANAGERS_CHANGE,
          body=lambda w: {"case_id": w["shared_case"]}),
    route("post", "/api/slot-proposals", MANAGERS_SEE,
          body=lambda w: {"case_id": w["other_case"]}),
    route("get", "/api/parts", EVERYONE),
    route("post", "/api/cases/{case_id}/part-orders", EVERYONE_ADDS, case_id="shared_case",
          body=lambda w: {"part_id": w["part"]}),
    route("post", "/api/cases/{case_id}/part-orders", MANAGERS_ADD_TO_HIDDEN,
          case_id="other_case", body=lambda w: {"part_id": w["part"]}),
    route("get", "/api/part-orders/{order_id}", EVERYONE, order_id="shared_order"),
    route("get", "/api/part-orders/{order_id}", MANAGERS_SEE, order_id="other_order"),
    route("patch", "/api/part-orders/{order_id}", MANAGERS_CHANGE, order_id="shared_order",
          body=lambda w: {"defective": True, "root_cause": "vendor"}),
    route("patch", "/api/part-orders/{order_id}", MANAGERS_SEE, order_id="other_order",
          body=lambda w: {"defective": True}),
    route("post", "/api/part-orders/{order_id}/received", MANAGERS_CHANGE,
          order_id="shared_order"),
    route("post", "/api/part-orders/{order_id}/received", MANAGERS_SEE, order_id="other_order"),
    route("get", "/api/schedule", MANAGERS_CHANGE),
    route("get", "/api/field-quality", MANAGERS_CHANGE),
]  # fmt: skip

MATRIX = [
    route("get", "/api/cases", EVERYONE),
    route(
        "post",
        "/api/cases",
        MANAGERS_ADD,
        body=lambda w: {"subject": "No hot water", "customer_id": w["shared_customer"]},
    ),
    route("get", "/api/cases/{case_id}", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}", MANAGERS_SEE, case_id="other_case"),
    route("patch", "/api/cases/{case_id}", EVERYONE,
          body=lambda w: {"status": "open"}, case_id="shared_case"),
    route("patch", "/api/cases/{case_id}", MANAGERS_CHANGE,
          body=lambda w: {"priority": "high"}, case_id="shared_case"),
    route("patch", "/api/cases/{case_id}", MANAGERS_SEE,
          body=lambda w: {"status": "open"}, case_id="other_case"),
    route("get", "/api/cases/{case_id}/events", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/events", MANAGERS_SEE, case_id="other_case"),
    route("get", "/api/cases/{case_id}/messages", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/messages", MANAGERS_SEE, case_id="other_case"),
    route("post", "/api/cases/{case_id}/messages", EVERYONE_ADDS,
          body=lambda w: {"direction": "note", "body_text": "Parts ordered."},
          case_id="shared_case"),
    route("post", "/api/cases/{case_id}/messages", MANAGERS_ADD_TO_HIDDEN,
          body=lambda w: {"direction": "note", "body_text": "Parts ordered."},
          case_id="other_case"),
    route("get", "/api/customers", EVERYONE),
    route("post", "/api/customers", MANAGERS_ADD, body=lambda w: {"name": "Ada Lovelace"}),
    route("get", "/api/customers/{customer_id}", EVERYONE, customer_id="shared_customer"),
    route("get", "/api/customers/{customer_id}", MANAGERS_SEE, customer_id="other_customer"),
    route("patch", "/api/customers/{customer_id}", MANAGERS_CHANGE,
          body=lambda w: {"address": "1 High Street"}, customer_id="shared_customer"),
    route("patch", "/api/customers/{customer_id}", MANAGERS_SEE,
          body=lambda w: {"address": "1 High Street"}, customer_id="other_customer"),
    route("delete", "/api/customers/{customer_id}", (204, 204, 404, 404, 401),
          customer_id="unused_customer"),
    route("get", "/api/customers/{customer_id}/contacts", EVERYONE,
          customer_id="shared_customer"),
    route("get", "/api/customers/{customer_id}/contacts", MANAGERS_SEE,
          customer_id="other_customer"),
    route("post", "/api/customers/{customer_id}/contacts", MANAGERS_ADD,
          body=lambda w: {"name": "Grace Hopper"}, customer_id="shared_customer"),
    route("post", "/api/customers/{customer_id}/contacts", MANAGERS_ADD_TO_HIDDEN,
          body=lambda w: {"name": "Grace Hopper"}, customer_id="other_customer"),
    route("patch", "/api/contacts/{contact_id}", MANAGERS_CHANGE,
          body=lambda w: {"phone": "01632 960000"}, contact_id="shared_contact"),
    route("patch", "/api/contacts/{contact_id}", MANAGERS_SEE,
          body=lambda w: {"phone": "01632 960000"}, contact_id="other_contact"),
    route("delete", "/api/contacts/{contact_id}", (204, 204, 403, 403, 401),
          contact_id="spare_contact"),
    route("delete", "/api/contacts/{contact_id}", (204, 204, 404, 404, 401),
          contact_id="other_contact"),
    route("get", "/api/me", EVERYONE),
    route("put", "/api/me", EVERYONE, body=lambda w: {"language": "de"}),
    route("get", "/api/tokens", EVERYONE),
    route("post", "/api/tokens", EVERYONE_ADDS, body=lambda w: {"name": "Sync"}),
    route("delete", "/api/tokens/{token_id}", (204, 204, 204, 204, 401), token_id="own_token"),
    route("get", "/api/cases/{case_id}/promises", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/promises", MANAGERS_SEE, case_id="other_case"),
    route("post", "/api/cases/{case_id}/promises", EVERYONE_ADDS,
          body=lambda w: {"what": "Send the quote", "due_at": "2099-01-01T10:00:00Z"},
          case_id="shared_case"),
    route("post", "/api/cases/{case_id}/promises", MANAGERS_ADD_TO_HIDDEN,
          body=lambda w: {"what": "Send the quote", "due_at": "2099-01-01T10:00:00Z"},
          case_id="other_case"),
    route("post", "/api/promises/{promise_id}/keep", EVERYONE, promise_id="shared_promise"),
    route("post", "/api/promises/{promise_id}/keep", MANAGERS_SEE, promise_id="other_promise"),
    route("get", "/api/promises/{promise_id}/renegotiation-draft", EVERYONE,
          promise_id="shared_promise", query="new_due=2099-01-01T10:00:00Z"),
    route("get", "/api/promises/{promise_id}/renegotiation-draft", MANAGERS_SEE,
          promise_id="other_promise", query="new_due=2099-01-01T10:00:00Z"),
    route("post", "/api/promises/{promise_id}/renegotiate", EVERYONE_ADDS,
          body=lambda w: {"new_due": "2099-01-01T10:00:00Z"}, promise_id="shared_promise"),
    route("post", "/api/promises/{promise_id}/renegotiate", MANAGERS_ADD_TO_HIDDEN,
          body=lambda w: {"new_due": "2099-01-01T10:00:00Z"}, promise_id="other_promise"),
    route("get", "/api/cases/{case_id}/recovery", EVERYONE, case_id="shared_complaint"),
    route("get", "/api/cases/{case_id}/recovery", MANAGERS_SEE, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery", EVERYONE_ADDS, case_id="shared_case"),
    route("post", "/api/cases/{case_id}/recovery", MANAGERS_ADD_TO_HIDDEN, case_id="other_case"),
    route("post", "/api/cases/{case_id}/recovery/options", EVERYONE,
          body=lambda w: {"options": ["Repair"]}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/options", MANAGERS_SEE,
          body=lambda w: {"options": ["Repair"]}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/choice", EVERYONE,
          body=lambda w: {"option_id": w["shared_option"]}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/choice", MANAGERS_SEE,
          body=lambda w: {"option_id": w["other_option"]}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/follow-through", (400, 400, 400, 400, 401),
          body=lambda w: {"due_at": "2099-01-01T10:00:00Z"}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/follow-through", (400, 400, 404, 404, 401),
          body=lambda w: {"due_at": "2099-01-01T10:00:00Z"}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/satisfaction", EVERYONE,
          body=lambda w: {"satisfied": True}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/satisfaction", MANAGERS_SEE,
          body=lambda w: {"satisfied": True}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/feedback", EVERYONE,
          body=lambda w: {"feedback": "Call ahead"}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/feedback", MANAGERS_SEE,
          body=lambda w: {"feedback": "Call ahead"}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/root-cause", EVERYONE,
          body=lambda w: {"root_cause_id": w["root_cause"]}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/root-cause", MANAGERS_SEE,
          body=lambda w: {"root_cause_id": w["root_cause"]}, case_id="other_complaint"),
    route("post", "/api/cases/{case_id}/recovery/waivers", (200, 403, 403, 403, 401),
          body=lambda w: {"step": 2, "reason": "Settled by phone"}, case_id="shared_complaint"),
    route("post", "/api/cases/{case_id}/recovery/waivers", (200, 403, 404, 404, 401),
          body=lambda w: {"step": 2, "reason": "Settled by phone"}, case_id="other_complaint"),
    route("get", "/api/root-causes", EVERYONE),
    route("get", "/api/improvements", MANAGERS_CHANGE),
    route("post", "/api/improvements", MANAGERS_ADD,
          body=lambda w: {"title": "Text when late", "root_cause_id": w["root_cause"]}),
    route("get", "/api/improvements/{improvement_id}", MANAGERS_CHANGE,
          improvement_id="improvement"),
    route("get", "/api/cases/{case_id}/satisfaction", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/satisfaction", MANAGERS_SEE, case_id="other_case"),
    route("put", "/api/cases/{case_id}/satisfaction", (400, 400, 403, 403, 401),
          body=lambda w: {"rating": "good"}, case_id="shared_case"),
    route("put", "/api/cases/{case_id}/satisfaction", (400, 400, 404, 404, 401),
          body=lambda w: {"rating": "good"}, case_id="other_case"),
    route("get", "/api/satisfaction", MANAGERS_CHANGE),
    # A JSON body is the wrong type for raw mail (415) once the token is accepted.
    route("post", "/api/inbound-mail", (415, 415, 403, 403, 401), body=lambda w: {"raw": "x"}),
    route("post", "/api/coach/check", EVERYONE,
          body=lambda w: {"text": "No problem, soon.", "case_id": w["shared_case"]}),
    route("post", "/api/coach/check", MANAGERS_SEE,
          body=lambda w: {"text": "No problem, soon.", "case_id": w["other_case"]}),
    route("post", "/api/reviews/webhook", MANAGERS_CHANGE,
          body=lambda w: {"reviews": [{"platform": "google", "id": "m1", "rating": 5}]}),
    route("get", "/api/reviews", MANAGERS_CHANGE),
    *INSIGHTS_ROUTES,
    *FIELD_ROUTES,
    *CANNED_ROUTES,
    *MERGING_ROUTES,
    *TIMETRACKING_ROUTES,
    *SIMILAR_ROUTES,
    *STATUS_LINK_ROUTES,
    *PRESENCE_ROUTES,
    *NOTIFICATION_ROUTES,
    *SECURITY_ROUTES,
    *SAVED_VIEW_ROUTES,
    *PEOPLE_SETUP_ROUTES,
    *FIELD_SETUP_ROUTES,
    *OPENING_HOURS_ROUTES,
    *CUSTOMER_NOTE_ROUTES,
    *OUTBOX_ROUTES,
    *STORED_MAIL_ROUTES,
    *REVIEW_ROUTES,
    *WEBHOOK_ROUTES,
    *AUTOMATION_ROUTES,
    *MOVING_IN_ROUTES,
    *SMS_ROUTES,
    *CHECKLIST_SETUP_ROUTES,
    *ROOT_CAUSE_ROUTES,
    *SETTINGS_TWIN_ROUTES,
    *REPLY_CHECK_RULE_ROUTES,
]  # fmt: skip

MATRIX_BY_ROLE = [
    pytest.param(role, method, path, targets, body, answer, id=f"{role} {method} {path} {targets}")
    for method, path, targets, body, answers in MATRIX
    for role, answer in zip(ROLES, answers, strict=True)
]


@pytest.mark.parametrize(("role", "method", "path", "targets", "body", "answer"), MATRIX_BY_ROLE)
def test_each_role_gets_its_own_answer_from_every_route(
    role, method, path, targets, body, answer, world, caller
):
    client, own_token = caller(role)
    ids = {**world.ids, "own_token": own_token}
    query = targets.get("query", "")
    url = path.format(**{name: ids[key] for name, key in targets.items() if name != "query"})
    url += f"?{query}" if query else ""

    response = send(client, method, url, body(world.ids))

    assert response.status_code == answer, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_the_matrix_covers_every_route_of_the_api():
    schema = api.get_openapi_schema()
    routes = {
        (method, path) for path, operations in schema["paths"].items() for method in operations
    }

    # Downloads answer with the file, not JSON: tests/api/test_downloads.py.
    downloads = {(method, path) for method, path, *_ in DOWNLOADS}
    assert {(method, path) for method, path, *_ in MATRIX} | CHECKLIST_ROUTES | downloads == routes
