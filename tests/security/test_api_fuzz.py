"""schemathesis against /api/openapi.json, in-process through the WSGI app.

Every operation gets a few generated requests (derandomized, so each run sends
the same ones) with an owner's API token; the responses must never be a server
error and must match the documented response schemas.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from rightthere.accounts.tokens import create_api_token
from rightthere.wsgi import application
from tests.factories import OwnerFactory, make_case

MAX_EXAMPLES = 8  # x 82 operations: about a minute on this machine


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """schemathesis calls the WSGI handler directly, which closes "old" connections at
    each request like a real server; on PostgreSQL (CONN_MAX_AGE) that would close the
    test's own connection mid-transaction. Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(db):
    owner = OwnerFactory(username="fuzz-owner")
    make_case(assignee=owner)  # something for the id-taking routes to find
    _, key = create_api_token(owner, "schemathesis")
    return key


# Building the document needs no database, so it is loaded once at collection.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_with_a_server_error_or_off_schema(case, api_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
