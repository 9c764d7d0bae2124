"""Each role on each reviews page and the webhook."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rightthere.desk.reviews import receive_review
from rightthere.reviews.models import Review, ReviewImport
from rightthere.reviews.parsing import validate_row
from tests.api.conftest import send

CSV = b"platform,id,author,rating,text\ngoogle,1,Ann,5,Great\ngoogle,2,Bob,x,Hmm\n"


@pytest.fixture
def stored(db):
    return receive_review(validate_row({"platform": "google", "id": "9", "rating": 4}))[0]


def pages(review_pk):
    return [
        ("get", "/reviews/", {}),
        ("get", f"/reviews/{review_pk}/", {}),
        ("post", f"/reviews/{review_pk}/respond/", {"text": "Thank you!"}),
        ("get", "/reviews/import/", {}),
    ]


@pytest.mark.parametrize(
    ("role", "answers"),
    [("owner", (200, 200, 302, 200)), ("agent", (200, 200, 302, 200)),
     ("technician", (403,) * 4), ("subcontractor", (403,) * 4)],
)  # fmt: skip
def test_only_owners_and_agents_work_on_reviews(role, answers, request, client, stored):
    client.force_login(request.getfixturevalue(role))

    got = tuple(getattr(client, m)(url, data).status_code for m, url, data in pages(stored.pk))

    assert got == answers


def test_anonymous_visitors_are_sent_to_log_in(client, stored):
    for method, url, data in pages(stored.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_upload_shows_a_preview_then_imports_on_confirmation(owner, client):
    client.force_login(owner)

    upload = client.post("/reviews/import/", {"file": SimpleUploadedFile("g.csv", CSV)})
    preview = client.get(upload["Location"])
    done = client.post(upload["Location"])

    assert b"Line 3: rating &#x27;x&#x27; is not a number" in preview.content
    assert Review.objects.count() == 1
    assert done.status_code == 302
    job = ReviewImport.objects.get()
    assert (job.status, job.created_reviews) == ("done", 1)
    progress = client.get(f"/reviews/import/{job.pk}/progress/")
    assert b"1 new, 0 already imported" in progress.content


def test_a_large_file_is_imported_by_the_worker_with_progress(owner, client, run_tasks):
    rows = "".join(f"google,{i},Author {i},5,Fine\n" for i in range(250))
    client.force_login(owner)
    upload = client.post(
        "/reviews/import/",
        {"file": SimpleUploadedFile("big.csv", f"platform,id,author,rating,text\n{rows}".encode())},
    )
    client.post(upload["Location"])
    assert ReviewImport.objects.get().status == "running"

    run_tasks()

    assert ReviewImport.objects.get().created_reviews == 250


def test_the_inbox_shows_response_time_and_rating_trend(owner, client, stored):
    client.force_login(owner)
    client.post(f"/reviews/{stored.pk}/respond/", {"text": "Thank you, glad you liked it."})

    page = client.get("/reviews/?tab=responded")

    assert b"Rating trend per platform" in page.content
    assert b"google" in page.content


def test_the_webhook_is_idempotent_and_needs_a_managers_token(api_as, owner, technician):
    body = {"reviews": [{"platform": "google", "id": "w1", "rating": 1, "text": "Awful."}]}

    first = send(api_as(owner), "post", "/api/reviews/webhook", body)
    again = send(api_as(owner), "post", "/api/reviews/webhook", body)
    refused = send(api_as(technician), "post", "/api/reviews/webhook", body)
    anonymous = send(Client(), "post", "/api/reviews/webhook", body)
    bad = send(api_as(owner), "post", "/api/reviews/webhook", {"reviews": [{"id": "x"}]})

    assert first.json()["created"] == 1 and len(first.json()["cases_opened"]) == 1
    assert again.json() == {"created": 0, "duplicates": 1, "cases_opened": [], "errors": []}
    assert (refused.status_code, anonymous.status_code, bad.status_code) == (403, 401, 422)
