import pytest

from tests.sms import provider as local_provider

TWILIO = "rightthere.sms.backends.twilio.TwilioBackend"
FROM = "+447700900001"


@pytest.fixture
def provider(settings):
    """The provider's API on a local port (the real one is out of reach here), and the
    desk's SMS settings pointing at it."""
    found, server = local_provider.start()
    settings.SMS_BACKEND = TWILIO
    settings.SMS_API_URL = found.url
    settings.SMS_ACCOUNT_SID = found.account_sid
    settings.SMS_AUTH_TOKEN = found.token
    settings.SMS_FROM_NUMBER = FROM
    yield found
    server.shutdown()
    server.server_close()
