"""Every change to a case's checklist goes through these functions: UI, API and
the case-opening hook alike.

Each checks that the actor may work on the case (``actor=None`` is the system
itself), changes the steps inside a transaction with the case row locked (so
two people adding steps at once get distinct positions), and records an
append-only case event of kind CHECKLIST. The event's ``field`` says what
happened (see ``Change``); ``after`` (or ``before``, for a removal) names the
step. Asking for the state a step is already in changes nothing and records
nothing, so a repeated click or retried request is harmless.

Checklist changes move the case's ``updated_at`` but not its ``version``:
ticking off a step must not make a header edit in another tab a conflict.
"""

import logging
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import DateTimeField, F, Max, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.events import record_event
from rightthere.cases.models import Case, CaseEvent, EventKind
from rightthere.cases.writing import check_worker
from rightthere.checklists.models import (
    MAX_STEP_CHARS,
    CaseChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateStep,
)
from rightthere.core.config_cache import ConfigCache
from rightthere.core.errors import InvalidInput

logger = logging.getLogger(__name__)

MAX_STEPS_PER_CASE = 100


class Change(StrEnum):
    """What a checklist event records, in its ``field``."""

    ADDED = "added"
    STARTED = "started"
    UNSTARTED = "unstarted"
    DONE = "done"
    UNDONE = "undone"
    RENAMED = "renamed"
    REMOVED = "removed"
    REORDERED = "reordered"
    TEMPLATE = "template"


def _record(
    case: Case,
    actor: User | None,
    change: Change,
    at: datetime,
    *,
    before: str = "",
    after: str = "",
) -> CaseEvent:
    return record_event(case, actor, EventKind.CHECKLIST, field=change.value,
                        before=_fit(before), after=_fit(after), at=at)  # fmt: skip


def _fit(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lock(case: Case, at: datetime) -> None:
    """Mark the case as changed (never back in time, for changes recorded late). The
    UPDATE holds the case row's lock until commit, so writers to one checklist queue up."""
    Case.objects.filter(pk=case.pk).update(
        updated_at=Greatest(F("updated_at"), Value(at, output_field=DateTimeField()))
    )


def _fresh(item: CaseChecklistItem) -> CaseChecklistItem:
    """Re-read the step after the lock: someone may have changed or removed it meanwhile."""
    found = (
        CaseChecklistItem.objects.select_for_update(of=("self",))
        .select_related("done_by")
        .filter(pk=item.pk)
        .first()
    )
    if found is None:
        raise InvalidInput(
            gettext("That step is no longer on the checklist; reload to see the list.")
        )
    found.case = item.case
    return found


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput(gettext("Write what the step is."))
    if "\x00" in text:
        raise InvalidInput(gettext("A step cannot contain NUL characters."))
    if len(text) > MAX_STEP_CHARS:
        raise InvalidInput(
            gettext("A step is at most %(count)s characters; split it up.")
            % {"count": MAX_STEP_CHARS}
        )
    return text


def _next_position(case: Case) -> int:
    highest = CaseChecklistItem.objects.filter(case=case).aggregate(Max("position"))
    return (highest["position__max"] or 0) + 1


def _check_room(case: Case, adding: int) -> None:
    present = CaseChecklistItem.objects.filter(case=case).count()
    if present + adding > MAX_STEPS_PER_CASE:
        raise InvalidInput(
            gettext("A checklist holds at most %(count)s steps; remove some, or break the case up.")
            % {"count": MAX_STEPS_PER_CASE}
        )


@transaction.atomic
def add_item(
    case: Case, *, actor: User | None, text: str, at: datetime | None = None
) -> CaseChecklistItem:
    """Add a step at the end of the case's checklist."""
    check_worker(actor, case)
    text = _clean_text(text)
    now = at or timezone.now()
    _lock(case, now)
    _check_room(case, 1)
    item = CaseChecklistItem.objects.create(
        case=case, position=_next_position(case), text=text, created_at=now
    )
    _record(case, actor, Change.ADDED, now, after=text)
    return item


@transaction.atomic
def apply_template(
    case: Case, template: ChecklistTemplate, *, actor: User | None, at: datetime | None = None
) -> list[CaseChecklistItem]:
    """Add a template's steps after the case's own; a template goes on a case once."""
    check_worker(actor, case)
    now = at or timezone.now()
    _lock(case, now)
    return _add_template_steps(case, template, actor, now)


def _add_template_steps(
    case: Case, template: ChecklistTemplate, actor: User | None, now: datetime
) -> list[CaseChecklistItem]:
    texts = [step.text for step in template.steps.all()]
    if not texts:
        raise InvalidInput(
            gettext("The checklist “%(name)s” has no steps yet.") % {"name": template.name}
        )
    if CaseChecklistItem.objects.filter(case=case, from_template=template).exists():
        raise InvalidInput(
            gettext("The steps of “%(name)s” are already on this case.") % {"name": template.name}
        )
    _check_room(case, len(texts))
    first = _next_position(case)
    items = CaseChecklistItem.objects.bulk_create(
        CaseChecklistItem(
            case=case, position=first + n, text=text, from_template=template, created_at=now
        )
        for n, text in enumerate(texts)
    )
    _record(case, actor, Change.TEMPLATE, now, after=template.name)
    return items


def _load_automatic_kinds() -> frozenset[str]:
    return frozenset(
        ChecklistTemplate.objects.filter(apply_automatically=True)
        .exclude(steps=None)
        .values_list("case_kind", flat=True)
    )


# The case kinds ("" for any) that have a template with steps to apply automatically:
# most desks have none, and then opening a case reads nothing about checklists.
_automatic_kinds = ConfigCache(_load_automatic_kinds, ChecklistTemplate, ChecklistTemplateStep)


def apply_default_template(case: Case, *, at: datetime | None = None) -> list[CaseChecklistItem]:
    """Give a newly opened case the steps of every template marked "apply automatically"
    for its kind (or for any kind). Called by the system when a case is opened;
    `at` is when the case was opened, so the "not started" clock starts there.

    Never refuses: a template already on the case, or one that would overfill
    the checklist, is skipped, so opening the case always succeeds."""
    kinds = _automatic_kinds.get()
    if case.kind not in kinds and "" not in kinds:
        return []
    with transaction.atomic():
        return _apply_default_templates(case, at or timezone.now())


def _apply_default_templates(case: Case, now: datetime) -> list[CaseChecklistItem]:
    applied = CaseChecklistItem.objects.filter(case=case, from_template__isnull=False)
    templates = list(
        ChecklistTemplate.objects.filter(apply_automatically=True)
        .filter(Q(case_kind=case.kind) | Q(case_kind=""))
        .exclude(steps=None)
        .exclude(pk__in=applied.values("from_template"))
        .prefetch_related("steps")
        .distinct()
    )
    if not templates:
        return []
    _lock(case, now)
    room = MAX_STEPS_PER_CASE - CaseChecklistItem.objects.filter(case=case).count()
    added: list[CaseChecklistItem] = []
    for template in templates:
        steps = len(template.steps.all())
        if steps > room:
            logger.warning("Checklist %r does not fit on case %s; skipped.", template.name, case.pk)
            continue
        added += _add_template_steps(case, template, None, now)
        room -= steps
    return added


@transaction.atomic
def start_item(
    item: CaseChecklistItem, *, actor: User | None, at: datetime | None = None
) -> CaseChecklistItem:
    """Mark a step as being worked on (this is what "not started" waits for)."""
    check_worker(actor, item.case)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    if item.started_at is not None:
        return item
    item.started_at = now
    item.save(update_fields=["started_at"])
    _record(item.case, actor, Change.STARTED, now, after=item.text)
    return item


@transaction.atomic
def unstart_item(
    item: CaseChecklistItem, *, actor: User | None, at: datetime | None = None
) -> CaseChecklistItem:
    """Undo a mistaken "start". A step that is done must be ticked off again first."""
    check_worker(actor, item.case)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    if item.done_at is not None:
        raise InvalidInput(gettext("That step is done; untick it before marking it not started."))
    if item.started_at is None:
        return item
    item.started_at = None
    item.save(update_fields=["started_at"])
    _record(item.case, actor, Change.UNSTARTED, now, after=item.text)
    return item


@transaction.atomic
def complete_item(
    item: CaseChecklistItem, *, actor: User | None, at: datetime | None = None
) -> CaseChecklistItem:
    """Tick a step off. A step done without being started counts as started then."""
    check_worker(actor, item.case)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    if item.done_at is not None:
        return item
    item.done_at = now
    item.done_by = actor
    item.started_at = item.started_at or now
    item.save(update_fields=["done_at", "done_by", "started_at"])
    _record(item.case, actor, Change.DONE, now, after=item.text)
    return item


@transaction.atomic
def reopen_item(
    item: CaseChecklistItem, *, actor: User | None, at: datetime | None = None
) -> CaseChecklistItem:
    """Untick a step: it is not done after all (it stays started)."""
    check_worker(actor, item.case)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    if item.done_at is None:
        return item
    item.done_at = None
    item.done_by = None
    item.save(update_fields=["done_at", "done_by"])
    _record(item.case, actor, Change.UNDONE, now, after=item.text)
    return item


@transaction.atomic
def change_item_text(
    item: CaseChecklistItem, *, actor: User | None, text: str, at: datetime | None = None
) -> CaseChecklistItem:
    """Reword a step."""
    check_worker(actor, item.case)
    text = _clean_text(text)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    if item.text == text:
        return item
    before, item.text = item.text, text
    item.save(update_fields=["text"])
    _record(item.case, actor, Change.RENAMED, now, before=before, after=text)
    return item


@transaction.atomic
def remove_item(item: CaseChecklistItem, *, actor: User | None, at: datetime | None = None) -> None:
    """Take a step off the checklist (the timeline keeps that it was there)."""
    check_worker(actor, item.case)
    now = at or timezone.now()
    _lock(item.case, now)
    item = _fresh(item)
    item.delete()
    _record(item.case, actor, Change.REMOVED, now, before=item.text)


@transaction.atomic
def reorder(
    case: Case, *, actor: User | None, item_ids: Sequence[int], at: datetime | None = None
) -> list[CaseChecklistItem]:
    """Put the steps in the order of `item_ids`, which must name every step of the case once."""
    check_worker(actor, case)
    now = at or timezone.now()
    _lock(case, now)
    items = {item.pk: item for item in CaseChecklistItem.objects.filter(case=case)}
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items):
        raise InvalidInput(
            gettext("Give every step of this checklist exactly once, in the new order.")
        )
    current = sorted(items.values(), key=lambda item: (item.position, item.pk))
    if [item.pk for item in current] == list(item_ids):
        return current
    ordered = [items[pk] for pk in item_ids]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    CaseChecklistItem.objects.bulk_update(ordered, ["position"])
    _record(case, actor, Change.REORDERED, now, after="; ".join(item.text for item in ordered))
    return ordered
