"""Merging a duplicate case into the one that lives on, and undoing it within a day.

A merge moves every row that belongs to the merged case (as decided in
`relations.RULES`) to the survivor in one transaction, closes the merged case
with `merged_into` set, records which ids moved and the merged case's previous
field values in a `CaseMerge`, and writes a merge event on both cases. Undo
moves exactly those ids back and restores those values. The merge and unmerge
events themselves are history and stay on both timelines.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rightthere.accounts import roles
from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases import search
from rightthere.cases.events import record_event
from rightthere.cases.models import OPEN_STATUSES, Case, EventKind, Status, Tag
from rightthere.cases.models.case import format_reference
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Customer
from rightthere.merging.errors import DifferentCustomers, MergeConflict
from rightthere.merging.models import CaseMerge
from rightthere.merging.relations import Relation, Rule, case_relations, relation_by_key

UNDO_WINDOW = timedelta(hours=24)
# The merged case's fields a merge changes (besides version and updated_at); undo restores them.
# `solved_at` is left alone: a duplicate is closed, not solved, so the customer is not
# asked to rate it (satisfaction asks about solved cases) and resolution times stay true.
CLOSING_FIELDS = (
    "status",
    "closed_at",
    "next_due_at",
    "waiting_reason",
    "waiting_since",
    "waiting_reminders_sent",
    "merged_into",
)
# The survivor's fields reopening it changes; undo restores them.
REOPEN_FIELDS = (
    "status",
    "solved_at",
    "closed_at",
    "next_due_at",
    "waiting_reason",
    "waiting_since",
    "waiting_reminders_sent",
)
# Large `IN (...)` lists are split so SQLite's limit on query parameters is never reached.
CHUNK = 500


def check_manager(actor: User | None) -> None:
    roles.check_manager(actor, gettext("merge cases"))


def _record(
    case: Case, actor: User | None, kind: str, field: str, after: str, at: datetime
) -> None:
    record_event(case, actor, kind, field=field, after=after, at=at)


def _locked_pair(first_id: int, second_id: int) -> dict[int, Case]:
    """Both cases under a row lock, taken in id order so two merges never deadlock."""
    rows = Case.objects.select_for_update().filter(pk__in=[first_id, second_id]).order_by("pk")
    return {case.pk: case for case in rows}


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _move(relation: Relation, ids: Sequence[int], source: Case, target: Case) -> int:
    moved = 0
    for chunk in _chunks(ids):
        moved += relation.model._base_manager.filter(
            pk__in=chunk, **{relation.field_name: source.pk}
        ).update(**{relation.field_name: target.pk})
    return moved


def _copy_tags(merged: Case, survivor: Case) -> list[int]:
    """Give the survivor the merged case's tags it lacks (the merged case keeps its
    own, see relations.py); returns their ids, for undo."""
    links = Case.tags.through.objects
    have = set(links.filter(case_id=survivor.pk).values_list("tag_id", flat=True))
    missing = sorted(set(links.filter(case_id=merged.pk).values_list("tag_id", flat=True)) - have)
    links.bulk_create(links.model(case_id=survivor.pk, tag_id=tag_id) for tag_id in missing)
    return missing


def _ids_to_move(relation: Relation, merged: Case, survivor: Case) -> list[int]:
    rule = relation.rule
    if rule == Rule.KEEP:
        return []
    if rule == Rule.MOVE_IF_SURVIVOR_HAS_NONE and relation.rows_of(survivor).exists():
        return []
    return sorted(relation.rows_of(merged).values_list("pk", flat=True))


def _fields(names: Sequence[str] = CLOSING_FIELDS) -> list[Field[Any, Any]]:
    fields = [Case._meta.get_field(name) for name in names]
    return [field for field in fields if isinstance(field, Field)]


def _field_values(case: Case, names: Sequence[str] = CLOSING_FIELDS) -> dict[str, Any]:
    """Fields as JSON values (datetimes as ISO text, foreign keys as ids)."""
    values: dict[str, Any] = {}
    for field in _fields(names):
        value = getattr(case, field.attname)
        values[field.attname] = value.isoformat() if isinstance(value, datetime) else value
    return values


def _restore(
    case: Case, values: dict[str, Any], names: Sequence[str] = CLOSING_FIELDS
) -> list[str]:
    restored = []
    for field in _fields(names):
        value = values.get(field.attname)
        setattr(case, field.attname, None if value is None else field.to_python(value))
        restored.append(field.attname)
    return restored


def reopens_survivor(merged: Case, survivor: Case) -> bool:
    """An open request merged into a solved or closed case reopens that case, so the
    customer's question is not merged out of sight."""
    return merged.status in OPEN_STATUSES and survivor.status not in OPEN_STATUSES


def _touch(case: Case, fields: list[str], at: datetime) -> None:
    case.version += 1
    case.updated_at = at
    case.save(update_fields=[*fields, "version", "updated_at"])


def _customer_names(*customer_ids: int) -> dict[int, str]:
    return dict(Customer.objects.filter(pk__in=customer_ids).values_list("pk", "name"))


def check_can_merge(merged: Case, survivor: Case, *, confirm_different_customers: bool) -> None:
    """Refuse a merge that cannot or should not happen, with what to do instead."""
    if merged.pk == survivor.pk:
        raise InvalidInput(gettext("A case cannot be merged into itself; choose another case."))
    if merged.merged_into_id is not None:
        raise MergeConflict(
            gettext("%(case)s is already merged into %(other)s.")
            % {"case": merged.reference, "other": format_reference(merged.merged_into_id)}
        )
    if survivor.merged_into_id is not None:
        alias = format_reference(survivor.merged_into_id)
        raise MergeConflict(
            gettext("%(case)s was itself merged into %(other)s; merge into %(other)s instead.")
            % {"case": survivor.reference, "other": alias}
        )
    if merged.customer_id != survivor.customer_id and not confirm_different_customers:
        names = _customer_names(merged.customer_id, survivor.customer_id)
        raise DifferentCustomers(
            gettext(
                "%(case)s is a case of %(customer)s and %(other)s one of %(other_customer)s: "
                "confirm that you mean to merge cases of two different customers."
            )
            % {
                "case": merged.reference,
                "customer": names.get(merged.customer_id, "?"),
                "other": survivor.reference,
                "other_customer": names.get(survivor.customer_id, "?"),
            }
        )


@transaction.atomic
def merge_cases(
    merged: Case,
    *,
    into: Case,
    actor: User | None,
    confirm_different_customers: bool = False,
    at: datetime | None = None,
) -> CaseMerge:
    """Merge `merged` into `into` (the survivor); owners and agents only.

    Cases of two different customers are merged only with
    `confirm_different_customers`, so that a wrong suggestion is not taken by accident.
    """
    check_manager(actor)
    if merged.pk == into.pk:
        raise InvalidInput(gettext("A case cannot be merged into itself; choose another case."))
    locked = _locked_pair(merged.pk, into.pk)
    merged, survivor = locked[merged.pk], locked[into.pk]
    check_can_merge(merged, survivor, confirm_different_customers=confirm_different_customers)
    now = at or timezone.now()
    previous = _field_values(merged)
    survivor_previous: dict[str, Any] = {}
    if reopens_survivor(merged, survivor):
        survivor_previous = _field_values(survivor, REOPEN_FIELDS)
        survivor = case_actions.change_status(survivor, actor=actor, status=Status.OPEN)
    moved: dict[str, list[int]] = {}
    try:
        with transaction.atomic():
            for relation in case_relations():
                ids = _ids_to_move(relation, merged, survivor)
                if ids and _move(relation, ids, merged, survivor):
                    moved[relation.key] = ids
    except IntegrityError as error:
        raise MergeConflict(
            gettext(
                "The cases could not be merged: a row could not move (%(error)s). "
                "Nothing was changed."
            )
            % {"error": error}
        ) from error
    tags_added = _copy_tags(merged, survivor)
    merged.status = Status.CLOSED
    merged.closed_at = now
    merged.next_due_at = None
    merged.waiting_reason = ""
    merged.waiting_since = None
    merged.waiting_reminders_sent = 0
    merged.merged_into = survivor
    _touch(merged, list(previous), now)
    _touch(survivor, [], now)
    merge = CaseMerge.objects.create(
        survivor=survivor,
        merged=merged,
        actor=actor,
        created_at=now,
        moved=moved,
        previous=previous,
        tags_added=tags_added,
        survivor_previous=survivor_previous,
    )
    _record(survivor, actor, EventKind.MERGE, "merged_case",
            gettext("%(reference)s “%(subject)s” merged into this case")
            % {"reference": merged.reference, "subject": merged.subject}, now)  # fmt: skip
    if tags_added:
        names = ", ".join(Tag.objects.filter(pk__in=tags_added).values_list("name", flat=True))
        _record(survivor, actor, EventKind.TAGS, "tags",
                gettext("from %(reference)s: %(names)s")
                % {"reference": merged.reference, "names": names}, now)  # fmt: skip
    _record(merged, actor, EventKind.MERGE, "merged_into",
            gettext("merged into %(reference)s and closed") % {"reference": survivor.reference},
            now)  # fmt: skip
    search.index_case(merged.pk)
    search.index_case(survivor.pk)
    return merge


def undo_deadline(merge: CaseMerge) -> datetime:
    return merge.created_at + UNDO_WINDOW


def can_undo(merge: CaseMerge, now: datetime | None = None) -> bool:
    """Whether the undo button is offered (the action checks again, under lock)."""
    return merge.undone_at is None and (now or timezone.now()) <= undo_deadline(merge)


@transaction.atomic
def undo_merge(merge: CaseMerge, *, actor: User | None, at: datetime | None = None) -> CaseMerge:
    """Put both cases back as they were before the merge (owners and agents, within 24 hours).

    Exactly the rows the merge moved go back; anything added to the survivor since
    stays there. Refused when the survivor has since been merged into another case.
    """
    check_manager(actor)
    now = at or timezone.now()
    merge = CaseMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeConflict(gettext("This merge was already undone."))
    if now > undo_deadline(merge):
        made = timezone.localtime(merge.created_at).strftime("%Y-%m-%d %H:%M")
        hours = round(UNDO_WINDOW.total_seconds() / 3600)
        raise MergeConflict(
            ngettext(
                "A merge can be undone for %(hours)s hour; this one was made on %(made)s. "
                "Move what you need by hand instead.",
                "A merge can be undone for %(hours)s hours; this one was made on %(made)s. "
                "Move what you need by hand instead.",
                hours,
            )
            % {"hours": hours, "made": made}
        )
    locked = _locked_pair(merge.merged_id, merge.survivor_id)
    merged, survivor = locked[merge.merged_id], locked[merge.survivor_id]
    if survivor.merged_into_id is not None:
        raise MergeConflict(
            gettext("%(case)s has since been merged into %(other)s; undo that merge first.")
            % {"case": survivor.reference, "other": format_reference(survivor.merged_into_id)}
        )
    for key, ids in merge.moved.items():
        relation = relation_by_key(key)
        if relation is not None:  # a relation whose app was removed since has nothing to move
            _move(relation, ids, survivor, merged)
    # The tags the merge gave the survivor go (the merged case kept its own).
    Case.tags.through.objects.filter(case_id=survivor.pk, tag_id__in=merge.tags_added).delete()
    _touch(merged, _restore(merged, merge.previous), now)
    reclosed: list[str] = []
    # A survivor the merge reopened is put back, unless someone moved it on since.
    if merge.survivor_previous and survivor.status == Status.OPEN:
        reclosed = _restore(survivor, merge.survivor_previous, REOPEN_FIELDS)
    _touch(survivor, reclosed, now)
    if reclosed:
        _record(survivor, actor, EventKind.STATUS, "status",
                gettext("%(status)s again: the merge that reopened it was undone")
                % {"status": survivor.get_status_display()},
                now)  # fmt: skip
    merge.undone_at = now
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    _record(survivor, actor, EventKind.UNMERGE, "merged_case",
            gettext("%(reference)s taken out of this case again") % {"reference": merged.reference},
            now)  # fmt: skip
    _record(merged, actor, EventKind.UNMERGE, "merged_into",
            gettext("no longer merged into %(reference)s; restored as it was")
            % {"reference": survivor.reference}, now)  # fmt: skip
    search.index_case(merged.pk)
    search.index_case(survivor.pk)
    return merge
