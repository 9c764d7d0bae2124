"""An import of reviews is fetched by its id only through
`reviews.access.access_review_import`, as a review is: owners and agents see its preview,
start it and follow its progress (404 for one that does not exist); technicians and
partners are refused whether it exists or not; signed-out visitors are sent to log in."""

import pytest
from django.urls import reverse

from rightthere.reviews.actions import start_import
from rightthere.reviews.models import ImportStatus, Review, ReviewImport

pytestmark = pytest.mark.django_db

MISSING = 999999
CSV = """platform,id,author,rating,text,date,url
google,g1,Ann Reid,5,"Lovely work, tidy and quick.",2024-05-02,https://g.example/1
trustpilot,t1,Cara Diaz,4,"Good, though the van was late.",2024-05-04,
"""


@pytest.fixture
def review_import(owner):
    return start_import(actor=owner, filename="reviews.csv", content=CSV, file_format="csv")


def pages(client, pk: int) -> list[int]:
    return [
        client.get(reverse("review_import", args=[pk])).status_code,
        client.get(reverse("review_import_progress", args=[pk])).status_code,
        client.post(reverse("review_import", args=[pk])).status_code,
    ]


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_managers_preview_run_and_follow_an_import(request, client, role, review_import):
    client.force_login(request.getfixturevalue(role))

    preview = client.get(reverse("review_import", args=[review_import.pk])).content.decode()

    assert "Ann Reid" in preview
    assert pages(client, review_import.pk) == [200, 200, 302]
    review_import.refresh_from_db()
    assert review_import.status == ImportStatus.DONE
    assert Review.objects.count() == 2


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_managers_hear_404_for_an_import_that_does_not_exist(request, client, role):
    client.force_login(request.getfixturevalue(role))

    assert pages(client, MISSING) == [404] * 3


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_field_people_are_refused_alike_for_existing_and_missing_imports(
    request, client, role, review_import
):
    client.force_login(request.getfixturevalue(role))

    assert pages(client, review_import.pk) == [403] * 3
    assert pages(client, MISSING) == [403] * 3
    assert ReviewImport.objects.get().status == ImportStatus.PREVIEW
    assert not Review.objects.exists()


def test_signed_out_visitors_are_sent_to_log_in(client, review_import):
    assert pages(client, review_import.pk) == [302] * 3
    assert ReviewImport.objects.get().status == ImportStatus.PREVIEW
