"""Webhooks accept requests signed with an integration's own secret (HMAC-SHA256
over a timestamp and the body), so a review platform or mail relay no longer needs
a person's API token and all its rights (#19). Owners add, rotate and remove them
in the browser, through the API or a command."""

import json
import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rightthere.accounts.integrations import HEADER, create_integration, rotate_secret, sign
from rightthere.accounts.models import Integration
from rightthere.mail.models import InboundMail
from tests.api.conftest import api_as  # noqa: F401 - the token client fixture
from tests.mail.mails import make_mail

pytestmark = pytest.mark.django_db

REVIEWS = json.dumps({"reviews": [{"platform": "google", "id": "g-1", "rating": 5,
                                   "text": "Quick and tidy."}]}).encode()  # fmt: skip


def post_reviews(body: bytes, signature: str | None):
    headers = {HEADER: signature} if signature is not None else {}
    return Client(headers=headers).post("/api/reviews/webhook", body,
                                        content_type="application/json")  # fmt: skip


@pytest.fixture
def reviews_hook(owner):
    return create_integration(owner, name="Google reviews sync", kind="reviews")


def test_a_signed_review_request_is_taken_without_anyones_token(reviews_hook):
    response = post_reviews(REVIEWS, sign(reviews_hook.secret, REVIEWS))

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    reviews_hook.refresh_from_db()
    assert reviews_hook.last_used_at is not None


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        ("t=1,v1=abc", "more than 5 minutes off"),
        ("v1=abc", "must be 't=<unix time>,v1=<hex HMAC>'"),
        (None, "Log in, or send an API token"),
    ],
)
def test_bad_or_missing_signatures_are_refused_with_the_reason(reviews_hook, signature, reason):
    response = post_reviews(REVIEWS, signature)

    assert response.status_code == 401
    assert reason in response.json()["detail"]


def test_a_changed_body_or_another_secret_does_not_pass(reviews_hook):
    tampered = REVIEWS.replace(b"5", b"1")

    assert post_reviews(tampered, sign(reviews_hook.secret, REVIEWS)).status_code == 401
    assert post_reviews(REVIEWS, sign("whsec_guess", REVIEWS)).status_code == 401


def test_a_reviews_secret_does_not_open_the_mail_webhook(reviews_hook):
    raw = make_mail()

    response = Client(headers={HEADER: sign(reviews_hook.secret, raw)}).post(
        "/api/inbound-mail", raw, content_type="message/rfc822")  # fmt: skip

    assert response.status_code == 401
    assert not InboundMail.objects.exists()


def test_a_signed_mail_relay_posts_incoming_mail(owner):
    relay = create_integration(owner, name="Postmark relay", kind="inbound_mail")
    raw = make_mail(subject="Boiler pressure low")

    response = Client(headers={HEADER: sign(relay.secret, raw)}).post(
        "/api/inbound-mail", raw, content_type="message/rfc822")  # fmt: skip

    assert response.status_code == 201, response.content
    assert response.json()["case_reference"].startswith("RT-")


def test_after_a_rotation_the_old_secret_works_for_a_day(owner, reviews_hook):
    old = reviews_hook.secret
    rotate_secret(owner, reviews_hook)

    assert post_reviews(REVIEWS, sign(old, REVIEWS)).status_code == 200
    assert post_reviews(REVIEWS, sign(reviews_hook.secret, REVIEWS)).status_code == 200
    Integration.objects.filter(pk=reviews_hook.pk).update(previous_valid_until=timezone.now())
    assert post_reviews(REVIEWS, sign(old, REVIEWS)).status_code == 401


def test_personal_tokens_keep_working_for_people(owner, api_as):  # noqa: F811
    response = api_as(owner).post("/api/reviews/webhook", REVIEWS, content_type="application/json")

    assert response.status_code == 200


def test_owners_manage_integrations_in_the_browser_pages(owner, as_user):
    client = as_user(owner)
    page = client.post("/settings/integrations/", {"name": "Trustpilot", "kind": "reviews"},
                       follow=True).content.decode()  # fmt: skip
    made = Integration.objects.get(name="Trustpilot")
    assert made.secret in page  # shown once...
    assert made.secret not in client.get("/settings/integrations/").content.decode()  # ...only

    client.post(f"/settings/integrations/{made.pk}/rotate/")
    client.post(f"/settings/integrations/{made.pk}/delete/")
    assert not Integration.objects.filter(pk=made.pk).exists()


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_see_or_change_integrations(role, request, as_user, reviews_hook):
    client = as_user(request.getfixturevalue(role))

    assert client.get("/settings/integrations/").status_code == 403
    assert (
        client.post("/settings/integrations/", {"name": "X", "kind": "reviews"}).status_code == 403
    )
    assert client.post(f"/settings/integrations/{reviews_hook.pk}/rotate/").status_code == 403
    assert Integration.objects.count() == 1


def test_api_and_command_do_the_same(owner, api_as, capsys):  # noqa: F811
    made = api_as(owner).post("/api/integrations", {"name": "Relay", "kind": "inbound_mail"},
                              content_type="application/json").json()  # fmt: skip
    assert made["secret"].startswith("whsec_")
    call_command("integration", "rotate", str(made["id"]), "--as", owner.username)
    rotated = capsys.readouterr().out.strip()
    assert rotated.startswith("whsec_") and rotated != made["secret"]
    call_command("integration", "list")
    assert "Relay\tinbound_mail\tnever used" in capsys.readouterr().out
    assert api_as(owner).delete(f"/api/integrations/{made['id']}").status_code == 204


def test_a_bad_kind_or_name_is_explained(owner, as_user):
    response = as_user(owner).post("/settings/integrations/", {"name": " ", "kind": "reviews"})

    assert response.status_code == 400
    assert "Give the integration a name" in response.content.decode()


def test_the_signature_time_must_be_now(reviews_hook):
    late = sign(reviews_hook.secret, REVIEWS, at=int(time.time()) - 600)

    assert post_reviews(REVIEWS, late).status_code == 401
