"""The API twins of the screens' actions do what the screens do (#17 item 5): retry a
mail that could not be processed, see the outbox, answer a review, say who wrote it,
note something about a customer. Each new route shows an example in the OpenAPI
document."""

import pytest
from django.utils import timezone

from rightthere.mail.models import InboundMail, InboundStatus, Source
from rightthere.reviews.models import Review
from tests.api.conftest import send
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

GOOD_MAIL = b"""From: Ada Byron <ada@example.com>
To: support@brightside.test
Subject: Boiler bangs at night
Message-ID: <retry-1@example.com>

It bangs every night around two.
"""


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_mail_that_could_not_be_processed_is_listed_and_retried_into_a_case(agent, api_as):
    api = api_as(agent)
    failed = InboundMail.objects.create(
        raw=GOOD_MAIL, raw_sha256="a" * 64, source=Source.EML, status=InboundStatus.FAILED,
        subject="Boiler bangs at night", error="The database was restarting.",
    )  # fmt: skip

    listed = ok(send(api, "get", "/api/inbound-mail?status=failed"))
    retried = ok(send(api, "post", f"/api/inbound-mail/{failed.pk}/retry"))

    assert [(m["id"], m["error"]) for m in listed] == [(failed.pk, "The database was restarting.")]
    assert retried["status"] == "processed"
    assert retried["case_reference"]
    assert ok(send(api, "get", "/api/inbound-mail?status=failed")) == []


def test_the_outbox_shows_a_reply_and_its_delivery_state(agent, api_as, run_tasks):
    from rightthere.desk.messages import send_reply
    from tests.factories import make_case

    case = make_case()
    send_reply(case, actor=agent, body_text="Dan comes on Tuesday at 10:00.")
    run_tasks()
    api = api_as(agent)

    [listed] = ok(send(api, "get", f"/api/outbox?case_id={case.pk}"))
    shown = ok(send(api, "get", f"/api/outbox/{listed['id']}"))

    assert (listed["kind"], listed["status"]) == ("reply", "sent")
    assert "Dan comes on Tuesday at 10:00." in shown["body_text"]


def _review(rating=2):
    return Review.objects.create(
        platform="google", external_id=f"r-{rating}", author="Ada Byron", rating=rating,
        text="They never came back.", posted_at=timezone.now(), sentiment=-0.6,
        imported_at=timezone.now(),
    )  # fmt: skip


def test_an_answer_to_a_review_is_saved_with_what_the_reply_check_found(agent, api_as):
    review = _review()

    answered = ok(send(api_as(agent), "post", f"/api/reviews/{review.pk}/response",
                       {"text": "No problem, we will sort it soon."}))  # fmt: skip

    assert answered["response_text"] == "No problem, we will sort it soon."
    assert {f["category"] for f in answered["response_findings"]} >= {"no_problem"}
    review.refresh_from_db()
    assert review.responded_by == agent


def test_an_empty_answer_to_a_review_is_refused(agent, api_as):
    review = _review()

    response = send(api_as(agent), "post", f"/api/reviews/{review.pk}/response", {"text": " "})

    assert response.status_code == 400
    assert response.json()["detail"] == "Write the answer before saving it."


def test_saying_who_wrote_a_bad_review_opens_its_complaint(agent, api_as):
    review = _review(rating=1)
    customer = CustomerFactory(name="Ada Byron")

    confirmed = ok(send(api_as(agent), "post", f"/api/reviews/{review.pk}/customer",
                        {"customer_id": customer.pk}))  # fmt: skip

    assert confirmed["customer_id"] == customer.pk
    assert confirmed["case_id"] is not None


def test_a_note_about_a_customer_is_added_and_listed(agent, api_as):
    customer = CustomerFactory()
    api = api_as(agent)

    ok(send(api, "post", f"/api/customers/{customer.pk}/notes", {"text": "Gate code 1234."}), 201)

    assert [n["text"] for n in ok(send(api, "get", f"/api/customers/{customer.pk}/notes"))] == [
        "Gate code 1234."
    ]


NEW_BODIES = {
    ("post", "/api/skills"), ("put", "/api/technicians/{user_id}/working-hours"),
    ("post", "/api/technicians/{user_id}/time-off"), ("post", "/api/partners"),
    ("patch", "/api/partners/{partner_id}"), ("post", "/api/vendors"), ("post", "/api/parts"),
    ("patch", "/api/parts/{part_id}"), ("post", "/api/teams"),
    ("put", "/api/teams/{team_id}/members"), ("post", "/api/users"),
    ("put", "/api/business-hours"), ("post", "/api/holidays"),
    ("post", "/api/customers/{customer_id}/notes"), ("post", "/api/reviews/{review_id}/response"),
    ("post", "/api/reviews/{review_id}/customer"), ("put", "/api/technicians/{user_id}"),
}  # fmt: skip


def _has_example(schema, components, seen=()):
    """Whether a body schema, or a field within it (one level of references), has one."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name not in seen and _has_example(components[name], components, (*seen, name))
    if "examples" in schema or "example" in schema:
        return True
    parts = [*schema.get("properties", {}).values(), schema.get("items", {}),
             *schema.get("anyOf", [])]  # fmt: skip
    return any(_has_example(part, components, seen) for part in parts if part)


def test_each_new_route_shows_an_example_body_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    components = document["components"]["schemas"]

    without = sorted(
        (method, path)
        for method, path in NEW_BODIES
        if not _has_example(
            document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"],
            components,
        )
    )

    assert without == []
