"""Guard of cases.search._with_custom_plan: on PostgreSQL the full-text statement is planned
for its own words every time, so a generic plan kept after many common-word searches cannot
make a technician's rare-word search walk all their cases (docs/benchmarks.md, "Search by
a customer's name": 190-320 ms at 1M cases before, about 1 ms after)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightthere.cases.access import visible_cases
from rightthere.cases.search import search_case_ids
from tests.factories import make_case


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("plan_cache_mode is PostgreSQL's; SQLite has no prepared-plan cache")


@pytest.mark.django_db(transaction=True)
def test_the_words_statement_runs_with_custom_plans_and_leaves_the_session_as_it_was(
    technician,
):
    _postgres_only()
    mine = make_case(subject="Boiler pressure drops", assignee=technician)
    make_case(subject="Boiler pressure drops")  # not theirs
    scope = visible_cases(technician)

    with CaptureQueriesContext(connection) as queries:
        found = search_case_ids("boiler pressure", within=scope)

    sql = [q["sql"] for q in queries.captured_queries]
    at = next(n for n, s in enumerate(sql) if "websearch_to_tsquery" in s)
    assert sql[at - 1] == "SET LOCAL plan_cache_mode = force_custom_plan"
    assert found == [mine.pk]
    with connection.cursor() as cursor:  # outside a transaction: back to the default
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"


@pytest.mark.django_db
def test_the_same_cases_are_found_many_times_over_on_one_connection(technician):
    """Forty searches for a common word, then a rare one: the rare one still finds its
    case (the custom plan changes the speed, never the answer)."""
    _postgres_only()
    rare = make_case(subject="Leaking Quarrington valve", assignee=technician)
    for n in range(5):
        make_case(subject=f"Boiler service {n}", assignee=technician)
    scope = visible_cases(technician)

    first = search_case_ids("boiler", within=scope)
    assert len(first) >= 5
    for _ in range(40):
        assert search_case_ids("boiler", within=scope) == first
    assert search_case_ids("Quarrington", within=scope) == [rare.pk]
