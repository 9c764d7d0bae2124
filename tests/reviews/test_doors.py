"""One review through both doors, the review page and /api/reviews/{id}/...: both fetch it
through reviews.access, so each role gets the same answer at each (owners and agents work
on it; technicians and subcontractors are refused, anonymous visitors too) and a missing
review is not found at either."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from rightthere.desk.reviews import receive_review
from rightthere.reviews.models import Review
from rightthere.reviews.parsing import validate_row
from tests.api.conftest import send
from tests.factories import CustomerFactory

ANSWER = "Thank you, glad the boiler is quiet again."


@pytest.fixture
def stored(db):
    row = {"platform": "google", "id": "9", "rating": 4, "author": "Ada Byron"}
    return receive_review(validate_row(row))[0]


def web_routes(pk, customer_pk):
    return [
        ("get", f"/reviews/{pk}/", {}),
        ("post", f"/reviews/{pk}/respond/", {"text": ANSWER}),
        ("post", f"/reviews/{pk}/customer/", {"customer": str(customer_pk)}),
    ]


def api_routes(pk, customer_pk):
    return [
        ("post", f"/api/reviews/{pk}/response", {"text": ANSWER}),
        ("post", f"/api/reviews/{pk}/customer", {"customer_id": customer_pk}),
    ]


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_answer_a_review_and_name_its_writer_on_the_page(
    role, request, client, stored
):
    person, customer = request.getfixturevalue(role), CustomerFactory(name="Ada Byron")
    client.force_login(person)

    got = [
        getattr(client, m)(url, data).status_code
        for m, url, data in web_routes(stored.pk, customer.pk)
    ]

    assert got == [200, 302, 302]
    stored.refresh_from_db()
    assert (stored.response_text, stored.responded_by, stored.customer) == (
        ANSWER,
        person,
        customer,
    )


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_answer_a_review_and_name_its_writer_through_the_api(
    role, request, api_as, stored
):
    person, customer = request.getfixturevalue(role), CustomerFactory(name="Ada Byron")

    got = [
        send(api_as(person), m, url, body).status_code
        for m, url, body in api_routes(stored.pk, customer.pk)
    ]

    assert got == [200, 200]
    stored.refresh_from_db()
    assert (stored.response_text, stored.responded_by, stored.customer) == (
        ANSWER,
        person,
        customer,
    )


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_technicians_are_refused_at_both_doors(role, request, client, api_as, stored):
    person, customer = request.getfixturevalue(role), CustomerFactory()
    client.force_login(person)

    pages = [
        getattr(client, m)(url, data).status_code
        for m, url, data in web_routes(stored.pk, customer.pk)
    ]
    api = [
        send(api_as(person), m, url, body) for m, url, body in api_routes(stored.pk, customer.pk)
    ]

    assert pages == [403, 403, 403]
    assert [(a.status_code, a.json()["detail"]) for a in api] == [
        (403, "Only owners and agents work on reviews."),
    ] * 2
    left = Review.objects.get()
    assert (left.response_text, left.customer_id) == ("", None)


def test_anonymous_visitors_are_refused_at_both_doors(client, stored):
    customer = CustomerFactory()

    pages = [getattr(client, m)(url, data) for m, url, data in web_routes(stored.pk, customer.pk)]
    api = [
        send(Client(), m, url, body).status_code
        for m, url, body in api_routes(stored.pk, customer.pk)
    ]

    assert all(p.status_code == 302 and "/login/" in p["Location"] for p in pages)
    assert api == [401, 401]
    assert Review.objects.get().customer_id is None


def test_a_missing_review_is_not_found_at_either_door(owner, client, api_as, stored):
    client.force_login(owner)
    missing, customer = stored.pk + 1, CustomerFactory()

    pages = [
        getattr(client, m)(url, data).status_code
        for m, url, data in web_routes(missing, customer.pk)
    ]
    api = [send(api_as(owner), m, url, body) for m, url, body in api_routes(missing, customer.pk)]

    assert pages == [404, 404, 404]
    assert [(a.status_code, a.json()["detail"]) for a in api] == [(404, "No such review.")] * 2


def test_a_technician_is_refused_before_a_missing_review_is_looked_up(technician, client, api_as):
    client.force_login(technician)

    pages = [getattr(client, m)(url, data).status_code for m, url, data in web_routes(12345, 1)]
    api = [
        send(api_as(technician), m, url, body).status_code for m, url, body in api_routes(12345, 1)
    ]

    assert (pages, api) == ([403, 403, 403], [403, 403])


def test_an_unknown_writer_is_named_in_each_doors_words(agent, client, api_as, stored):
    client.force_login(agent)

    page = client.post(f"/reviews/{stored.pk}/customer/", {"customer": "98765"})
    api = send(api_as(agent), "post", f"/api/reviews/{stored.pk}/customer", {"customer_id": 98765})

    assert page.status_code == 302
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "Pick the customer, or choose a new customer."
    ]
    assert (api.status_code, api.json()["detail"]) == (400, "There is no customer with id 98765.")
    assert Review.objects.get().customer_id is None
