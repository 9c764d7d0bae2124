"""Status-page links cannot be guessed, enumerated or forged, and a wrong one says nothing."""

import re

import pytest
from django.core import signing

from rightthere.portal.links import link_for_token, rotate_link, status_path
from rightthere.portal.models import StatusLink
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def token_of(case) -> str:
    return status_path(case).split("/")[2]


def test_a_link_carries_at_least_128_random_bits_and_a_signature():
    case = make_case()

    link_id, nonce, signature = re.fullmatch(r"(\d+)\.([\w-]+):([\w-]+)", token_of(case)).groups()

    assert len(nonce) * 6 >= 128  # token_urlsafe: 6 bits per character
    assert len(signature) >= 43  # HMAC-SHA256, base64
    assert link_id == str(StatusLink.objects.get(case=case).pk)


def test_links_of_different_cases_share_no_secret():
    cases = [make_case() for _ in range(20)]
    nonces = {token_of(case).split(".")[1].split(":")[0] for case in cases}

    assert len(nonces) == 20


def test_every_altered_character_of_a_link_gives_404(client):
    token = token_of(make_case())
    altered = [
        token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :] for i in range(len(token))
    ]

    statuses = {client.get(f"/s/{bad}/").status_code for bad in altered}

    assert client.get(f"/s/{token}/").status_code == 200
    assert statuses == {404}


def test_neighbouring_ids_with_a_valid_signature_shape_give_404(client):
    cases = [make_case() for _ in range(3)]
    token = token_of(cases[1])
    link_id, rest = token.split(".", 1)

    neighbours = [f"{int(link_id) + step}.{rest}" for step in (-1, 1, 2)]

    assert {client.get(f"/s/{t}/").status_code for t in neighbours} == {404}


def test_a_correctly_signed_token_with_the_wrong_nonce_gives_404(client):
    """Defence in depth: even someone holding the secret key needs the random nonce."""
    case = make_case()
    link = StatusLink.objects.get(pk=token_of(case).split(".")[0])
    forged = signing.Signer(salt="rightthere.portal.status-link").sign(f"{link.pk}.guess")

    assert client.get(f"/s/{forged}/").status_code == 404


def test_a_rotated_link_stops_working_on_page_and_reply(client):
    case = make_case()
    old = token_of(case)
    rotate_link(case)

    assert client.get(f"/s/{old}/").status_code == 404
    assert client.post(f"/s/{old}/reply/", {"text": "hello"}).status_code == 404
    assert client.get(f"/s/{token_of(case)}/").status_code == 200


def test_a_forged_link_is_refused_before_the_database_is_asked(django_assert_num_queries):
    """No query for a bad signature, so the answer takes the same time whether the
    id exists or not: response timing cannot reveal which cases exist."""
    case = make_case()
    link_id = token_of(case).split(".")[0]
    existing = f"{link_id}.{'x' * 24}:{'y' * 43}"
    missing = f"999999.{'x' * 24}:{'y' * 43}"

    with django_assert_num_queries(0):
        assert link_for_token(existing) is None
        assert link_for_token(missing) is None
        assert link_for_token("") is None


def test_a_wrong_link_to_an_existing_case_looks_exactly_like_one_to_no_case(client):
    case = make_case()
    link_id = token_of(case).split(".")[0]

    for_existing = client.get(f"/s/{link_id}.{'x' * 24}:{'y' * 43}/")
    for_missing = client.get(f"/s/999999.{'x' * 24}:{'y' * 43}/")

    def page(response):  # without the per-response masked CSRF token
        return re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())

    assert for_existing.status_code == for_missing.status_code == 404
    assert page(for_existing) == page(for_missing)
