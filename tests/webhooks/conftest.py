import pytest

from tests.webhooks.receiver import start_receiver


@pytest.fixture
def receiver(settings):
    """A real HTTP server on 127.0.0.1 that receives, verifies and records webhooks.

    127.0.0.1 is a loopback address, which webhooks refuse by default (SSRF,
    webhooks.targets); a receiver on the owner's own network is what
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 is for, so the tests that deliver to this real
    receiver run with it. The refusals are tested without it (test_targets.py)."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": True}
    found, server = start_receiver()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook_settings(settings):
    """Short timings, so retries and timeouts happen within a test."""
    settings.RIGHTTHERE = {
        **settings.RIGHTTHERE,
        "WEBHOOK_TIMEOUT_SECONDS": 0.5,
        "WEBHOOK_RETRY_BASE_SECONDS": 30,
        "WEBHOOK_MAX_ATTEMPTS": 5,
        "WEBHOOK_PAUSE_AFTER_FAILURES": 4,
        "WEBHOOK_CLAIM_GRACE_SECONDS": 5,
    }
    return settings
