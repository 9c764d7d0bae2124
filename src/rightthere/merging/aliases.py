"""A merged case's reference stays an alias of its survivor.

Mail that names the merged case (``[RT-000012]`` in the subject, or a reply to
one of its Message-IDs) and its status-page link lead to the case it was
merged into, following chains (A into B, then B into C) to the end.
"""

from rightthere.cases.models import Case

# A chain longer than this would be a loop written by hand in the database.
MAX_HOPS = 20


def surviving_case(case: Case | None) -> Case | None:
    """The case that lives on for `case`: itself, unless it was merged into another."""
    for _ in range(MAX_HOPS):
        if case is None or case.merged_into_id is None:
            return case
        survivor = Case.objects.filter(pk=case.merged_into_id).first()
        if survivor is None:
            return case
        case = survivor
    return case
