"""POST /inbound-mail with a token, as a mail service does."""

import pytest
from django.test import Client

from rightthere.cases.models import Case
from rightthere.mail.models import InboundMail, Source
from tests.mail.mails import fixture

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.mail.urls")]
URL = "/mail-api/inbound-mail"


def post(key, body, content_type="message/rfc822"):
    client = Client(headers={"authorization": f"Bearer {key}"})
    return client.post(URL, body, content_type=content_type)


def test_mail_service_posts_raw_mail_and_gets_the_case_reference(agent, token_for):
    response = post(token_for(agent), fixture("plain_request.eml"))

    case = Case.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": InboundMail.objects.get().pk,
        "status": "processed",
        "case_reference": case.reference,
        "duplicate": False,
        "error": "",
    }
    assert InboundMail.objects.get().source == Source.HTTP


def test_posting_the_same_mail_again_is_a_duplicate(owner, token_for):
    key = token_for(owner)
    post(key, fixture("plain_request.eml"), "application/octet-stream")

    again = post(key, fixture("plain_request.eml"), "application/octet-stream")

    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert Case.objects.count() == 1


def test_unparseable_mail_is_stored_and_reported_failed(agent, token_for):
    response = post(token_for(agent), fixture("no_sender.eml"))

    assert response.status_code == 201
    assert response.json()["status"] == "failed"
    assert response.json()["case_reference"] is None
    assert "no sender" in response.json()["error"]


def test_missing_or_wrong_token_is_refused(db):
    assert Client().post(URL, b"x", content_type="message/rfc822").status_code == 401
    assert post("rt_wrong", fixture("plain_request.eml")).status_code == 401
    assert InboundMail.objects.count() == 0


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_token_of_a_technician_or_partner_is_forbidden(role, request, token_for):
    response = post(token_for(request.getfixturevalue(role)), fixture("plain_request.eml"))

    assert response.status_code == 403
    assert InboundMail.objects.count() == 0


def test_other_content_types_and_empty_bodies_are_refused(agent, token_for):
    key = token_for(agent)

    assert post(key, b'{"mail": 1}', "application/json").status_code == 415
    assert post(key, b"\r\n  \r\n", "message/rfc822").status_code == 400
