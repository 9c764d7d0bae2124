"""Guards for fast paths that had no test of their own (see docs/speed-code.md).

Each one checks that the shortcut gives what the plain ORM (or the server's own
setting) gives, so a change in Django, PostgreSQL or the models shows up here.
"""

import pytest
from django.db import connection

from rightthere.cases.models import Case
from rightthere.cases.models.case import OPEN_STATUSES, Status
from rightthere.insights.kpis.planner import without_jit
from rightthere.insights.kpis.workload import _open_now
from rightthere.similar.ranking import lookup_transaction
from tests.factories import make_case

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")


def _ids(cases):
    return set(cases.values_list("pk", flat=True))


@pytest.mark.django_db
def test_open_now_written_as_sql_is_the_orm_filter_of_open_statuses():
    """insights/kpis/workload.py writes the open statuses into the SQL (RawSQL) so that
    SQLite uses its partial index of open cases; it must select what the ORM does."""
    for status in Status:
        case = make_case()
        Case.objects.filter(pk=case.pk).update(status=status)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)

    assert _ids(open_cases) and _ids(open_cases) != _ids(Case.objects.all())
    assert _ids(Case.objects.filter(_open_now())) == _ids(open_cases)
    assert _ids(Case.objects.filter(_open_now(negated=True))) == _ids(
        Case.objects.exclude(status__in=OPEN_STATUSES)
    )


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.fixture
def jit_on():
    """The session's JIT on, whatever the server's default, so that 'off' is news."""
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET jit")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_figures_run_without_jit_and_the_next_queries_with_it(jit_on):
    with without_jit():
        assert _setting("jit") == "off"
    assert _setting("jit") == "on"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_similar_lookup_runs_without_jit_or_parallel_workers_for_itself_only(jit_on):
    workers = _setting("max_parallel_workers_per_gather")
    with lookup_transaction():
        assert _setting("jit") == "off"
        assert _setting("max_parallel_workers_per_gather") == "0"
    assert _setting("jit") == "on"
    assert _setting("max_parallel_workers_per_gather") == workers


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the other databases")
@pytest.mark.django_db(transaction=True)
def test_elsewhere_the_figures_take_no_transaction_for_nothing():
    """On SQLite a transaction would take the write lock; without_jit opens none."""
    with without_jit():
        assert not connection.in_atomic_block
