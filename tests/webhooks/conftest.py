import pytest

from tests.webhooks.receiver import start_receiver


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 that receives, verifies and records webhooks."""
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
