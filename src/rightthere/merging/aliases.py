"""A merged case's reference stays an alias of its survivor.

Mail that names the merged case (``[RT-000012]`` in the subject, or a reply to
one of its Message-IDs) and its status-page link lead to the case it was
merged into, following chains (A into B, then B into C) to the end.
"""

from collections.abc import Callable

from django.db import connection

from rightthere.cases.models import Case

# A chain longer than this would be a loop written by hand in the database.
MAX_HOPS = 20


def _follow(case: Case | None, read: Callable[[int], Case | None]) -> Case | None:
    for _ in range(MAX_HOPS):
        if case is None or case.merged_into_id is None:
            return case
        survivor = read(case.merged_into_id)
        if survivor is None:
            return case
        case = survivor
    return case


def surviving_case(case: Case | None) -> Case | None:
    """The case that lives on for `case`: itself, unless it was merged into another."""
    return _follow(case, lambda pk: Case.objects.filter(pk=pk).first())


def live_case(case_id: int, *, lock: bool = False) -> Case | None:
    """The case `case_id` names, or the one it lives on in; each read under a row
    lock when `lock` (mail intake adds to the case next). None if there is none.

    Read as plain SQL: every mail that answers a case comes here, and the ORM's
    query building costs several times the read itself (issue #3)."""
    sql = "SELECT * FROM cases_case WHERE id = %s"
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"

    def read(pk: int) -> Case | None:
        return next(iter(Case.objects.raw(sql, [pk])), None)

    return _follow(read(case_id), read)
