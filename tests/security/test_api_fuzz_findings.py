"""Server errors and off-schema answers schemathesis found (tests/security/test_api_fuzz.py),
each reproduced with the request it sent."""

import re

import pytest
from django.test import Client

from rightthere.accounts.tokens import create_api_token
from tests.api.conftest import send
from tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_api():
    _, key = create_api_token(OwnerFactory(username="fuzz-owner"), "tests")
    return Client(headers={"authorization": f"Bearer {key}"})


def test_times_of_day_are_answered_as_the_document_says(owner_api):
    created = owner_api.post(
        "/api/partners",
        {"name": "Sparks Ltd", "day_starts": "07:30"},
        content_type="application/json",
    )
    document = owner_api.get("/api/openapi.json").json()

    day_starts = document["components"]["schemas"]["PartnerOut"]["properties"]["day_starts"]
    assert created.status_code == 201, created.content
    assert (created.json()["day_starts"], created.json()["day_ends"]) == ("07:30:00", "18:00:00")
    assert "format" not in day_starts  # JSON Schema's "time" needs a UTC offset: "07:30:00Z"
    assert re.fullmatch(day_starts["pattern"], created.json()["day_starts"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "/api/business-hours", {"periods": [{"weekday": 0, "opens": "09:00Z", "closes": "17:00"}]}),
        ("put", "/api/technicians/1/working-hours", {"periods": [{"weekday": 0, "starts": "08:00", "ends": "16:00+02:00"}]}),
        ("post", "/api/partners", {"name": "Sparks Ltd", "day_starts": "08:00:00Z"}),
        ("patch", "/api/partners/1", {"day_ends": "18:00-05:00"}),
    ],
)  # fmt: skip
def test_a_time_of_day_with_a_utc_offset_is_refused_not_a_server_error(
    owner_api, method, path, body
):
    response = send(owner_api, method, path, body)

    assert response.status_code == 422, response.content
    assert "without a UTC offset" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "/api/technicians/411024778050759622656/working-hours", {"periods": []}),
        (
            "post",
            "/api/technicians/652360111013462202646528/time-off",
            {"starts_at": "2099-11-29T18:00:00Z", "ends_at": "2099-11-30T18:00:00Z", "reason": ""},
        ),
        ("put", "/api/technicians/411024778050759622656", {"skill_ids": []}),
    ],
)
def test_a_person_id_beyond_the_databases_integers_is_refused_not_a_server_error(
    owner_api, method, path, body
):
    response = send(owner_api, method, path, body)

    assert response.status_code == 422, response.content


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/skills", {"name": "0" * 101}),
        ("/api/holidays", {"date": "2099-12-25", "name": "0" * 101}),
        ("/api/teams", {"name": "0" * 101}),
    ],
)
def test_a_name_longer_than_its_column_is_refused_not_a_server_error(owner_api, path, body):
    # On PostgreSQL the insert failed ("value too long for type character varying(100)").
    response = send(owner_api, "post", path, body)

    assert response.status_code == 422, response.content
    assert "100 characters" in response.content.decode()
