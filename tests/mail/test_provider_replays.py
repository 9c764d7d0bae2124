"""Mailgun's signed inbound posts cannot be replayed (mail.webhook_tokens).

Mailgun signs a post with the HMAC of a timestamp and a one-time token, and anymail
checks that HMAC; but the signature does not cover the mail, and anymail does not look
at the timestamp's age or whether the token came before. So whoever captured one
signed post could send any mail with its signature, any time later. The intake's
dedupe by Message-ID stops only the same mail coming twice; these tests show what the
replay check adds: a captured signature sent again, with the same mail or another one,
is refused with 401 and not even stored as a raw incoming mail, and a post signed too
long ago (or too far ahead) is refused the same way.

The posts are the documented Mailgun raw-MIME payload built in test_providers.py,
signed with the test's signing key; Mailgun itself is out of reach from here.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.mail.models import InboundMail, SeenWebhookToken
from tests.mail.test_providers import (
    customer_mail,
    mailgun,  # noqa: F401 - the fixture that chooses Mailgun
    mailgun_raw_mime,
    nothing_stored,
    post_mailgun,
    reply_mail,
)

pytestmark = pytest.mark.django_db


def signature_of(payload: dict) -> dict:
    return {key: payload[key] for key in ("timestamp", "token", "signature")}


def test_a_captured_signature_sent_again_with_another_mail_is_refused(mailgun):  # noqa: F811
    captured = mailgun_raw_mime(customer_mail(), token="c1" * 25)
    assert post_mailgun(captured).status_code == 200

    # Another mail (its own Message-ID, so the dedupe would take it) under the
    # captured signature: what a replay can do that a duplicate cannot.
    forged = {**mailgun_raw_mime(reply_mail()), **signature_of(captured)}
    response = post_mailgun(forged)

    assert response.status_code == 401
    said = response.content.decode()
    assert "used before (a replayed post)" in said and "Nothing was stored" in said
    assert InboundMail.objects.count() == 1  # the forged mail is not even kept raw
    assert Case.objects.count() == 1


def test_the_same_signed_post_replayed_is_refused_not_just_deduplicated(mailgun):  # noqa: F811
    captured = mailgun_raw_mime(customer_mail(), token="c2" * 25)
    assert post_mailgun(captured).status_code == 200

    # Without the check this answered 200 (stored once by Message-ID); now it is
    # refused before the intake sees it.
    assert post_mailgun(captured).status_code == 401
    assert InboundMail.objects.count() == 1


@pytest.mark.parametrize("seconds", [-11 * 60, 11 * 60, -365 * 24 * 3600])
def test_a_post_signed_too_long_ago_or_ahead_is_refused(mailgun, seconds):  # noqa: F811
    stamp = str(int(time.time()) + seconds)

    response = post_mailgun(mailgun_raw_mime(customer_mail(), timestamp=stamp))

    assert response.status_code == 401
    assert "MAIL_WEBHOOK_MAX_AGE_SECONDS" in response.content.decode()
    assert nothing_stored()
    assert not SeenWebhookToken.objects.exists()


def test_a_post_signed_within_the_window_is_taken(mailgun):  # noqa: F811
    stamp = str(int(time.time()) - 9 * 60)  # Mailgun's post took a while to arrive

    assert post_mailgun(mailgun_raw_mime(customer_mail(), timestamp=stamp)).status_code == 200
    assert InboundMail.objects.count() == 1


def test_the_window_is_a_setting(mailgun, settings):  # noqa: F811
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_WEBHOOK_MAX_AGE_SECONDS": 60}
    stamp = str(int(time.time()) - 120)

    assert post_mailgun(mailgun_raw_mime(customer_mail(), timestamp=stamp)).status_code == 401
    assert nothing_stored()


def test_seen_tokens_are_kept_only_while_their_post_could_pass(mailgun):  # noqa: F811
    now = timezone.now()
    SeenWebhookToken.objects.create(provider="Mailgun", token="old" * 10,
                                    signed_at=now - timedelta(minutes=11), seen_at=now)  # fmt: skip
    SeenWebhookToken.objects.create(provider="Mailgun", token="recent" * 5,
                                    signed_at=now - timedelta(minutes=5), seen_at=now)  # fmt: skip

    assert post_mailgun(mailgun_raw_mime(customer_mail(), token="n1" * 25)).status_code == 200

    kept = set(SeenWebhookToken.objects.values_list("token", flat=True))
    assert kept == {"recent" * 5, "n1" * 25}
