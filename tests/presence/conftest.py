from tests.api.conftest import api_as  # noqa: F401 - a client with the user's API token
