"""Statements compiled once and run with new values (rightthere.core.compiled)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import BigIntegerField, Count, DateTimeField, IntegerField
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.core.compiled import (
    CompiledModels,
    Inline,
    Param,
    compile_once,
    compiled,
    forget_compiled,
)
from rightthere.customers.models import Contact, Customer
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db


def run(statement, values) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(*statement.bind(values))
        return sorted(row[0] for row in cursor.fetchall())


def test_a_compiled_statement_gives_what_the_queryset_with_values_gives(agent):
    old = make_case(subject="Old")
    new = make_case(subject="New")
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    statement = compiled(
        Case.objects.filter(
            created_at__lt=Param("before", DateTimeField()), pk__gte=Param("from", IntegerField())
        ).values("pk")
    )
    cutoff = timezone.now() - timedelta(days=1)

    assert statement.slots == {"before", "from"}
    assert run(statement, {"before": cutoff, "from": 0}) == [old.pk]
    assert run(statement, {"before": timezone.now() + timedelta(days=1), "from": 0}) == sorted(
        [old.pk, new.pk]
    )
    assert run(statement, {"before": cutoff, "from": old.pk + 1}) == []
    assert statement.bind({"before": cutoff, "from": 0})[1] == list(
        Case.objects.filter(created_at__lt=cutoff, pk__gte=0)
        .values("pk")
        .query.sql_with_params()[1]
    )


def test_a_statement_that_can_match_nothing_is_the_empty_one():
    assert compiled(Case.objects.none(), empty="SELECT 0, 0").sql == "SELECT 0, 0"


def test_compile_once_builds_each_key_once():
    forget_compiled()
    built = []

    def build():
        built.append(1)
        return compiled(Case.objects.filter(pk=Param("id", IntegerField())).values("pk"))

    first = compile_once("one case", build)
    assert compile_once("one case", build) is first
    compile_once("another", build)
    assert len(built) == 2


def test_a_missing_value_is_an_error_not_a_null():
    statement = compiled(Case.objects.filter(pk=Param("id", IntegerField())).values("pk"))
    with pytest.raises(KeyError):
        statement.bind({})


def test_compiled_models_are_what_the_orm_gives_with_their_related_rows(
    django_assert_num_queries,
):
    contact = ContactFactory(name="Ada Lovelace", email="ada@example.com")
    other = ContactFactory()
    lookup = CompiledModels(
        Contact.objects.select_related("customer").filter(pk=Param("id", BigIntegerField()))
    )

    with django_assert_num_queries(1):
        [found] = lookup.fetch({"id": contact.pk})
        customer = found.customer  # already there: no second query

    expected = Contact.objects.select_related("customer").get(pk=contact.pk)
    assert found == expected and customer == expected.customer
    for field in Contact._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname)
    for field in Customer._meta.concrete_fields:
        assert getattr(customer, field.attname) == getattr(expected.customer, field.attname)
    assert found._state.db == "default" and not found._state.adding
    assert lookup.fetch({"id": other.pk})[0].customer == other.customer
    assert lookup.fetch({"id": other.pk + 1000}) == []


def test_compiled_models_refuse_annotated_querysets():
    with pytest.raises(ValueError, match="plain querysets"):
        CompiledModels(Case.objects.annotate(n=Count("messages")))


def test_inline_constants_are_in_the_sql_not_the_parameters():
    from rightthere.cases.models.case import IS_OPEN_INLINE

    sql, params = Case.objects.filter(IS_OPEN_INLINE).values("pk").query.sql_with_params()

    assert "'waiting_customer'" in sql and "waiting_customer" not in params
    with pytest.raises(ValueError, match="plain names"):
        Inline("x'); DROP TABLE cases_case; --")


def test_inline_open_cases_are_the_open_cases():
    from rightthere.cases.models.case import IS_OPEN, IS_OPEN_INLINE

    make_case(subject="Open")
    solved = make_case(subject="Solved")
    Case.objects.filter(pk=solved.pk).update(status="solved")

    assert list(Case.objects.filter(IS_OPEN_INLINE)) == list(Case.objects.filter(IS_OPEN))
    assert Case.objects.filter(IS_OPEN_INLINE).count() == 1


def _generic_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    placeholders = tuple(f"${n}" for n in range(1, len(params) + 1))
    with connection.cursor() as cursor:
        # Empty test tables make a sequential scan cheapest; rule it out, so that
        # the plan shows which index PostgreSQL is able to use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE probe AS {sql % placeholders}")
        cursor.execute(
            f"EXPLAIN EXECUTE probe{'(' + ', '.join(['NULL'] * len(params)) + ')' if params else ''}"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE probe")
    return plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_prepared_generic_plan_of_open_cases_uses_the_partial_index():
    """What Inline is for: PostgreSQL's generic plan (the one a prepared statement
    settles on) can use a partial index only when the constants are in the SQL."""
    from rightthere.cases.models.case import IS_OPEN, IS_OPEN_INLINE

    def first_due(condition):
        return Case.objects.filter(condition).order_by("next_due_at", "id").values("pk")[:26]

    # case_open_due, case_open_partner, ...: the indexes whose condition is IS_OPEN.
    assert " on case_open_" in _generic_plan(first_due(IS_OPEN_INLINE))
    assert " on case_open_" not in _generic_plan(first_due(IS_OPEN))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_all_cases_sorted_by_due_read_an_index_not_a_sort_of_every_case(agent):
    """The "All cases" view, open and done alike, sorted by due: without case_due,
    PostgreSQL sorts every case (about 60 ms at 10k, seconds at 1M)."""
    from rightthere.inbox import InboxFilters, inbox_cases, with_list_columns

    page = with_list_columns(inbox_cases(agent, "all", InboxFilters(), "due"))[:26]

    plan = _generic_plan(page)
    assert "using case_due on" in plan, plan
