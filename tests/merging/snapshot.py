"""Everything about two cases that a merge changes, to compare before and after undo."""

from rightthere.cases.models import Attachment, Case, CaseEvent, EventKind
from rightthere.merging.relations import case_relations

# Undo bumps the version (a form opened before must still be refused) and sets
# updated_at to the moment of the undo; everything else comes back as it was.
CHANGED_BY_UNDO = {"version", "updated_at"}
# Append-only history that stays after an undo: the merge and unmerge events, and
# the merge record itself.
HISTORY_KINDS = {EventKind.MERGE, EventKind.UNMERGE}


def _fields(case: Case) -> dict:
    case.refresh_from_db()
    values = {
        field.attname: getattr(case, field.attname)
        for field in Case._meta.concrete_fields
        if field.attname not in CHANGED_BY_UNDO
    }
    values["tags"] = sorted(case.tags.values_list("name", flat=True))
    return values


def _rows(case_ids: list[int]) -> set[tuple]:
    rows = set()
    for relation in case_relations():
        if relation.model._meta.label == "merging.CaseMerge":
            continue
        field = relation.model._meta.get_field(relation.field_name).attname
        found = relation.model._base_manager.filter(**{f"{field}__in": case_ids})
        if relation.model is CaseEvent:
            found = found.exclude(kind__in=HISTORY_KINDS)
        for pk, case_id in found.values_list("pk", field):
            rows.add((relation.key, pk, case_id))
    attachments = Attachment.objects.filter(message__case_id__in=case_ids)
    for pk, case_id in attachments.values_list("pk", "message__case_id"):
        rows.add(("cases.Attachment.message.case", pk, case_id))
    return rows


def snapshot(*cases: Case) -> dict:
    """Both cases' fields, and (relation, pk, case id) of every row that points to them."""
    return {
        "cases": {case.pk: _fields(case) for case in cases},
        "rows": _rows([case.pk for case in cases]),
    }
