"""schemathesis against the whole of /api/openapi.json, in-process through the WSGI app,
as an owner with an API token. No response may be a server error (5xx) or stray from
the documented response schemas.

Two runs:
- every operation alone, with a few generated requests each (derandomized, so each
  run sends the same ones);
- chained calls (stateful): schemathesis links operations by the ids their responses
  give (create a customer, open a case for it, add a message, a promise, keep it, ...;
  the links are inferred from the document), so the calls reach real objects instead
  of answering 404 to random ids.

In the normal suite both are short (about a minute and a half together on this
machine). A longer run, with many more requests and longer chains, is behind an
environment variable:

    RIGHTTHERE_LONG_FUZZ=1 .venv/bin/pytest -q tests/security/test_api_fuzz.py -p no:cacheprovider

It is not derandomized: each long run tries new requests (a failure prints the
call to reproduce it).
"""

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from rightthere.accounts.tokens import create_api_token
from rightthere.wsgi import application
from tests.conftest import start_with_the_empty_profile
from tests.factories import OwnerFactory, make_case

LONG = os.environ.get("RIGHTTHERE_LONG_FUZZ", "") not in ("", "0")
MAX_EXAMPLES = 60 if LONG else 4  # per operation (160-odd operations)
SCENARIOS = 400 if LONG else 25  # chains of calls
STEPS = 12 if LONG else 6  # calls per chain at most
CHECKS = [not_a_server_error, response_schema_conformance]


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


# Building the document needs no database, so it is loaded once at collection. The request
# for it passes the business-locale middleware, which reads the business profile: with no
# test database yet, it reads the empty desk's profile from the cache, as the tests do.
start_with_the_empty_profile()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def _hypothesis(examples: int, **more: Any) -> settings:
    return settings(
        max_examples=examples,
        derandomize=not LONG,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        **more,
    )


@schema.parametrize()
@_hypothesis(MAX_EXAMPLES)
def test_no_api_operation_answers_with_a_server_error_or_off_schema(case, api_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)


def test_chained_api_calls_never_answer_with_a_server_error_or_off_schema(api_key):
    answers: Counter[int] = Counter()

    class OwnersWorkflow(schema.as_state_machine()):  # type: ignore[misc]
        """Each chain starts from the same data: its writes are rolled back after it
        (otherwise a chain replayed while shrinking would meet other objects)."""

        def setup(self):
            self.chain = transaction.atomic()
            self.chain.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.chain.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {api_key}"}}

        def after_call(self, response, case):
            answers[response.status_code] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    OwnersWorkflow.run(settings=_hypothesis(SCENARIOS, stateful_step_count=STEPS))

    print(f"{sum(answers.values())} calls:", dict(sorted(answers.items())))
    # The chains reached real objects: something was created, and then found.
    assert answers[201] and answers[200]
