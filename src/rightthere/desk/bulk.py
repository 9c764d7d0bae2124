"""Changing many cases at once from the inbox: assign (a person or a team), status,
priority, a tag, or merging them into one case; and putting such a change back.

Each case goes through the same use case as when it is changed on its own page, in
its own transaction, so the events, promises and playbooks are the same. A case that
may not be changed (closed, not visible to the person, refused by the use case) is
skipped with its reason; the others go ahead. The web inbox, `POST /api/cases/bulk`
and the `bulk_update` command all call `bulk_update`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext, ngettext

from rightthere.accounts.models import Team, User
from rightthere.accounts.roles import check_manager
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case, Priority, Status
from rightthere.cases.models.case import format_reference, parse_reference
from rightthere.cases.waiting import check_waiting_reason
from rightthere.cases.writing import check_choice, clean_tags
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import casework
from rightthere.merging.actions import check_can_merge, merge_cases

M = TypeVar("M", bound=Model)

# More than a page or two of the inbox at once is more likely a slip than a plan.
MAX_CASES = 200


class BulkAction(StrEnum):
    ASSIGN = "assign"  # value: a person's id, or "" for nobody
    TEAM = "team"  # value: a team's id, or "" for no team
    STATUS = "status"  # value: a status (a waiting one with `waiting_reason`)
    PRIORITY = "priority"  # value: a priority
    TAG = "tag"  # value: a tag to add
    MERGE = "merge"  # value: the reference of the case they are merged into


# The changes `undo_bulk` can put back (a tag or a merge has its own way back).
UNDOABLE = (BulkAction.ASSIGN, BulkAction.TEAM, BulkAction.STATUS, BulkAction.PRIORITY)


@dataclass(frozen=True)
class BulkChange:
    action: str
    value: str = ""
    waiting_reason: str = ""
    confirm_different_customers: bool = False


@dataclass(frozen=True)
class Skipped:
    case_id: int
    reference: str
    reason: str


@dataclass(frozen=True)
class Restore:
    """How to put one case back: its previous value, and its version after the change
    (undo is refused on a case someone has changed since)."""

    case_id: int
    value: str
    waiting_reason: str
    version: int


@dataclass
class BulkResult:
    action: str
    said: Callable[[int], str]  # n -> "Assigned 3 cases to Anna", one whole sentence
    done: list[Case] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    undo: list[Restore] = field(default_factory=list)

    @property
    def message(self) -> str:
        """ "Assigned 3 cases to Anna; 1 skipped: RT-000004 is closed"."""
        count = len(self.done)
        text = self.said(count) if count else gettext("Nothing changed")
        if self.skipped:
            reasons = "; ".join(skip.reason for skip in self.skipped)
            text += gettext("; %(count)s skipped: %(reasons)s") % {
                "count": len(self.skipped),
                "reasons": reasons,
            }
        return text


@dataclass(frozen=True)
class _Target:
    """What one bulk change does to a case, in words and as a call to the use case."""

    said: Callable[[int], str]  # n -> "Assigned 3 cases to Anna"
    state: str  # "assigned to Anna": what "already" refers to
    apply: Callable[[Case, User, int | None], object]
    current: Callable[[Case], tuple[str, str]]  # (value, waiting reason) to put back


def _person(value: str) -> User | None:
    """The active person of this id ("" for nobody)."""
    active = User.objects.filter(is_active=True)
    refusal = gettext("No active person with id %(id)s: choose someone from the list.") % {
        "id": value
    }
    return _chosen(active, value, gettext("'%(value)s' is not a person's id."), refusal)


def _team(value: str) -> Team | None:
    """The team of this id ("" for no team)."""
    refusal = gettext("No team with id %(id)s: choose a team from the list.") % {"id": value}
    return _chosen(Team.objects.all(), value, gettext("'%(value)s' is not a team's id."), refusal)


def _chosen(rows: QuerySet[M], value: str, not_an_id: str, refusal: str) -> M | None:
    if value == "":
        return None
    row = rows.filter(pk=_id(value, not_an_id)).first()
    if row is None:
        raise InvalidInput(refusal)
    return row


def _id(value: str, not_an_id: str) -> int:
    """`not_an_id`: the refusal of a value that is no id, with %(value)s."""
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise InvalidInput(not_an_id % {"value": value[:20]})
    return int(value)


def _assign(change: BulkChange) -> _Target:
    person = _person(change.value)
    name = person.display_name if person else ""
    return _Target(
        said=lambda n: (
            (
                ngettext(
                    "Assigned %(count)s case to %(name)s", "Assigned %(count)s cases to %(name)s", n
                )
                if person
                else ngettext("Unassigned %(count)s case", "Unassigned %(count)s cases", n)
            )
            % {"count": n, "name": name}
        ),
        state=gettext("assigned to %(name)s") % {"name": name} if person else gettext("unassigned"),
        apply=lambda case, actor, version: casework.assign_case(
            case, actor=actor, assignee=person, expected_version=version
        ),
        current=lambda case: (str(case.assignee_id or ""), ""),
    )


def _give_team(change: BulkChange) -> _Target:
    team = _team(change.value)
    return _Target(
        said=lambda n: (
            (
                ngettext(
                    "Moved %(count)s case to team %(team)s",
                    "Moved %(count)s cases to team %(team)s",
                    n,
                )
                if team
                else ngettext(
                    "Took %(count)s case off their team", "Took %(count)s cases off their team", n
                )
            )
            % {"count": n, "team": team.name if team else ""}
        ),
        state=gettext("in team %(team)s") % {"team": team.name} if team else gettext("in no team"),
        apply=lambda case, actor, version: casework.change_team(
            case, actor=actor, team=team, expected_version=version
        ),
        current=lambda case: (str(case.team_id or ""), ""),
    )


def _status(change: BulkChange) -> _Target:
    status = check_choice(change.value, Status, "status")
    reason = check_waiting_reason(status, change.waiting_reason)
    label = Status(status).label
    return _Target(
        said=lambda n: (
            ngettext("Set %(count)s case to %(label)s", "Set %(count)s cases to %(label)s", n)
            % {"count": n, "label": label}
        ),
        state=str(label),
        apply=lambda case, actor, version: casework.change_status(
            case, actor=actor, status=status, waiting_reason=reason, expected_version=version
        ),
        current=lambda case: (case.status, case.waiting_reason),
    )


def _priority(change: BulkChange) -> _Target:
    priority = check_choice(change.value, Priority, "priority")
    label = Priority(priority).label
    return _Target(
        said=lambda n: (
            ngettext(
                "Set %(count)s case to priority %(label)s",
                "Set %(count)s cases to priority %(label)s",
                n,
            )
            % {"count": n, "label": label}
        ),
        state=gettext("priority %(label)s") % {"label": label},
        apply=lambda case, actor, version: casework.change_priority(
            case, actor=actor, priority=priority, expected_version=version
        ),
        current=lambda case: (case.priority, ""),
    )


def _tag(change: BulkChange) -> _Target:
    names = clean_tags([change.value])
    if len(names) != 1:
        raise InvalidInput(gettext("Type the tag to add."))
    tag = names[0]

    def add(case: Case, actor: User, version: int | None) -> Case:
        current = list(case.tags.values_list("name", flat=True))
        return casework.set_tags(case, actor=actor, tags=[*current, tag], expected_version=version)

    return _Target(
        said=lambda n: (
            ngettext("Tagged %(count)s case “%(tag)s”", "Tagged %(count)s cases “%(tag)s”", n)
            % {"count": n, "tag": tag}
        ),
        state=gettext("tagged “%(tag)s”") % {"tag": tag},
        apply=add,
        current=lambda case: ("", ""),
    )


def _is_survivor(case: Case) -> str:
    return gettext("%(reference)s is the case the others are merged into.") % {
        "reference": case.reference
    }


def _merge(change: BulkChange, actor: User) -> _Target:
    target_id = parse_reference(change.value)
    survivor = visible_cases(actor).filter(pk=target_id).first() if target_id else None
    if survivor is None:
        raise InvalidInput(
            gettext("No case '%(value)s' to merge into: give its reference, e.g. RT-000123.")
            % {"value": change.value[:30]}
        )

    def merge(case: Case, actor: User, version: int | None) -> Case:
        if case.pk == survivor.pk:
            raise InvalidInput(_is_survivor(case))
        merge_cases(
            case,
            into=survivor,
            actor=actor,
            confirm_different_customers=change.confirm_different_customers,
        )
        return Case.objects.get(pk=case.pk)

    return _Target(
        said=lambda n: (
            ngettext(
                "Merged %(count)s case into %(reference)s",
                "Merged %(count)s cases into %(reference)s",
                n,
            )
            % {"count": n, "reference": survivor.reference}
        ),
        state=gettext("merged into %(reference)s") % {"reference": survivor.reference},
        apply=merge,
        current=lambda case: ("", ""),
    )


def describe_change(change: BulkChange, actor: User) -> _Target:
    """Check the change itself (before any case is touched): a clear refusal of an
    unknown action, status, priority, person, team or merge target."""
    builders: dict[str, Callable[[BulkChange], _Target]] = {
        BulkAction.ASSIGN: _assign,
        BulkAction.TEAM: _give_team,
        BulkAction.STATUS: _status,
        BulkAction.PRIORITY: _priority,
        BulkAction.TAG: _tag,
        BulkAction.MERGE: lambda c: _merge(c, actor),
    }
    builder = builders.get(change.action)
    if builder is None:
        allowed = ", ".join(BulkAction)
        raise InvalidInput(
            gettext("Unknown bulk action '%(action)s'. Use one of: %(allowed)s.")
            % {"action": change.action[:30], "allowed": allowed}
        )
    return builder(change)


def _case_ids(case_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise InvalidInput(gettext("Select at least one case."))
    if len(ids) > MAX_CASES:
        raise InvalidInput(
            gettext("Change at most %(max)s cases at once (%(count)s selected).")
            % {"max": MAX_CASES, "count": len(ids)}
        )
    return ids


def _not_changeable(case_id: int, case: Case | None, action: str) -> Skipped | None:
    """Why this case is skipped before the change is even tried, if it is."""
    reference = format_reference(case_id)
    if case is None:
        return Skipped(
            case_id, reference, gettext("%(reference)s does not exist") % {"reference": reference}
        )
    if case.status == Status.CLOSED and action != BulkAction.STATUS:
        return Skipped(
            case_id, reference, gettext("%(reference)s is closed") % {"reference": reference}
        )
    return None


@dataclass
class MergePlan:
    """What a bulk merge would do, for the page that asks to confirm it: the case that
    lives on, the cases that would be merged into it, and those skipped and why."""

    survivor: Case
    cases: list[Case] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def different_customers(self) -> bool:
        return any(case.customer_id != self.survivor.customer_id for case in self.cases)


def plan_merge(actor: User, case_ids: Iterable[int], change: BulkChange) -> MergePlan:
    """The cases `bulk_update` would merge and those it would skip (with the same
    reasons), without changing anything. Refuses an unknown target like the merge does."""
    check_manager(actor, gettext("change cases in bulk"))
    ids = _case_ids(case_ids)
    describe_change(change, actor)  # the same refusal of a target that is not a case
    survivor = visible_cases(actor).get(pk=parse_reference(change.value) or 0)
    cases = visible_cases(actor).select_related("customer").in_bulk(ids)
    plan = MergePlan(survivor)
    for case_id in ids:
        case = cases.get(case_id)
        not_here = _not_changeable(case_id, case, BulkAction.MERGE)
        if not_here is None and case is not None and case.pk == survivor.pk:
            not_here = Skipped(case_id, case.reference, _is_survivor(case))
        elif not_here is None and case is not None:
            try:
                check_can_merge(case, survivor, confirm_different_customers=True)
            except CaseError as error:
                not_here = Skipped(case_id, case.reference, f"{case.reference}: {error.message}")
        if not_here:
            plan.skipped.append(not_here)
        elif case is not None:
            plan.cases.append(case)
    return plan


def bulk_update(
    actor: User,
    case_ids: Iterable[int],
    change: BulkChange,
    *,
    expected_versions: dict[int, int] | None = None,
) -> BulkResult:
    """Apply one change to each of these cases the actor may change (owners and agents);
    report per case what was done and what was skipped and why.

    `expected_versions`: per case, the version it must still have (for undo)."""
    check_manager(actor, gettext("change cases in bulk"))
    ids = _case_ids(case_ids)
    target = describe_change(change, actor)
    cases = visible_cases(actor).in_bulk(ids)
    result = BulkResult(change.action, target.said)
    for case_id in ids:
        case = cases.get(case_id)
        reference = format_reference(case_id)
        not_here = _not_changeable(case_id, case, change.action)
        if not_here:
            result.skipped.append(not_here)
            continue
        assert case is not None  # noqa: S101 - _not_changeable skips a missing case
        value, reason = target.current(case)
        try:
            with transaction.atomic():
                changed = target.apply(case, actor, (expected_versions or {}).get(case_id))
        except CaseError as error:
            result.skipped.append(Skipped(case_id, reference, f"{reference}: {error.message}"))
            continue
        assert isinstance(changed, Case)  # noqa: S101 - every target returns the case
        if changed.version == case.version:
            result.skipped.append(
                Skipped(
                    case_id,
                    reference,
                    gettext("%(reference)s is already %(state)s")
                    % {"reference": reference, "state": target.state},
                )
            )
            continue
        result.done.append(changed)
        if change.action in UNDOABLE:
            result.undo.append(Restore(case_id, value, reason, changed.version))
    return result


def undo_bulk(actor: User, action: str, restores: Iterable[Restore]) -> BulkResult:
    """Put back what a bulk change did (assignee, team, status or priority), each case
    through the same use case, unless someone has changed the case since."""
    if action not in UNDOABLE:
        raise InvalidInput(
            gettext("Only an assignment, a team, a status or a priority can be undone.")
        )
    groups: dict[tuple[str, str], list[Restore]] = {}
    for restore in restores:
        groups.setdefault((restore.value, restore.waiting_reason), []).append(restore)
    if not groups:
        raise InvalidInput(gettext("There is nothing to undo."))
    result = BulkResult(
        action,
        lambda n: (
            ngettext(
                "Put back %(count)s case as they were", "Put back %(count)s cases as they were", n
            )
            % {"count": n}
        ),
    )
    for (value, reason), group in groups.items():
        part = bulk_update(
            actor,
            [restore.case_id for restore in group],
            BulkChange(action, value, waiting_reason=reason),
            expected_versions={restore.case_id: restore.version for restore in group},
        )
        result.done += part.done
        result.skipped += part.skipped
    return result
