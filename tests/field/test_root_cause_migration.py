"""The data migration that moved visits' root causes onto the owner's list, run forward
and back on the test database (SQLite here, PostgreSQL with DATABASE_URL)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import make_case

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("field", "0003_customer_choice")]
AFTER = [("field", "0004_visit_root_cause_owners_list")]
# The owner's list before: the defaults with Diagnosis renamed and Vendor removed.
LIST_BEFORE = ["Office or order error", "DIAGNOSIS", "Skill", "Communication", "Customer misuse",
               "Other"]  # fmt: skip


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    after = MigrationExecutor(connection)
    return after._create_project_state(with_applied_migrations=True).apps


def test_old_values_map_onto_the_owners_list_and_back():
    case = make_case()
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = _migrate(BEFORE)
        RootCause = apps.get_model("recovery", "RootCause")
        # Set here: transactional tests empty the tables, and the test database ran forward.
        RootCause.objects.all().delete()
        for position, name in enumerate(LIST_BEFORE):
            RootCause.objects.create(name=name, position=position)
        Visit = apps.get_model("field", "Visit")
        now = timezone.now()
        old = ["office", "vendor", "diagnosis", "technician", "customer", ""]
        ids = [
            Visit.objects.create(case_id=case.pk, starts_at=now, ends_at=now + timedelta(hours=1),
                                 created_at=now, root_cause=value,
                                 outcome="return_needed" if value else "fixed").pk
            for value in old
        ]  # fmt: skip

        apps = _migrate(AFTER)
        Visit = apps.get_model("field", "Visit")
        names = [
            getattr(Visit.objects.select_related("root_cause").get(pk=pk).root_cause, "name", None)
            for pk in ids
        ]
        assert names == ["Office or order error", "Vendor", "DIAGNOSIS", "Technician",
                         "Customer", None]  # fmt: skip
        listed = list(
            apps.get_model("recovery", "RootCause").objects.values_list("name", flat=True)
        )
        assert listed[-3:] == ["Vendor", "Technician", "Customer"]  # added at the end
        assert "Skill" in listed and "Customer misuse" in listed  # not taken for them

        apps = _migrate(BEFORE)
        Visit = apps.get_model("field", "Visit")
        assert [Visit.objects.get(pk=pk).root_cause for pk in ids] == old
    finally:
        _migrate(leaves)
