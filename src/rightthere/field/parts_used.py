"""Parts a technician fitted on a visit: recorded from stock, and taken back when recorded
by mistake.

A part used is wholly this app's job (the visit, the stock count and the case's
timeline event), so its doors (the visit page, `POST /api/visits/{id}/parts-used`,
`rightthere visit use-part`) call these functions directly; recording the outcome with
its parts (`desk.visits.record_visit_outcome`) writes each part through `use_part` too.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import EventKind
from rightthere.core.errors import InvalidInput
from rightthere.field import events
from rightthere.field.access import check_visit_worker
from rightthere.field.models import ACTIVE_STATUSES, Part, PartUse, Visit, VisitStatus

# A part is fitted while the visit is on, or recorded just after it is done.
RECORDABLE = (*ACTIVE_STATUSES, VisitStatus.DONE)
MAX_NOTE = 500


def parts_used(visit: Visit) -> QuerySet[PartUse]:
    """What was recorded on the visit, in the order it was recorded."""
    return visit.parts_used.select_related("part").order_by("used_at", "pk")


def use_part(
    visit: Visit, *, actor: User | None, part: Part, quantity: int, now: datetime, note: str = ""
) -> PartUse:
    """The write: the part used, the stock down by the quantity, the event on the case.
    Checks the quantity; the caller checks who and locks the visit."""
    if not 1 <= quantity <= 1000:
        raise InvalidInput(gettext("Use 1 to 1,000 of a part."))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(gettext("Keep the note under 500 characters."))
    use = PartUse.objects.create(visit=visit, part=part, quantity=quantity, used_at=now, note=note)
    locked = Part.objects.select_for_update().get(pk=part.pk)
    locked.stock_on_hand -= quantity
    locked.save(update_fields=["stock_on_hand"])
    events.record(visit.case_id, actor, EventKind.PART, field="used",
                  after=gettext("%(quantity)s x %(part)s (stock now %(stock)s)")
                  % {"quantity": quantity, "part": part, "stock": locked.stock_on_hand},
                  at=now)  # fmt: skip
    return use


def _locked_recordable(visit: Visit) -> Visit:
    visit = Visit.objects.select_for_update(of=("self",)).select_related("case").get(pk=visit.pk)
    if visit.status not in RECORDABLE:
        raise InvalidInput(
            gettext("This visit is %(status)s: no parts can be recorded on it.")
            % {"status": visit.get_status_display().lower()}
        )
    return visit


@transaction.atomic
def record_part_used(
    visit: Visit,
    *,
    actor: User | None,
    part: Part,
    quantity: int,
    note: str = "",
    now: datetime | None = None,
) -> PartUse:
    """The visit's technician (or partner, or the office) records a part fitted on the
    visit, while it is on or once it is done: stock goes down and the case's timeline
    says so. 1 to 1,000 of a part from the catalogue, with an optional note."""
    check_visit_worker(actor, visit)
    visit = _locked_recordable(visit)
    return use_part(visit, actor=actor, part=part, quantity=quantity, note=note,
                    now=now or timezone.now())  # fmt: skip


@transaction.atomic
def remove_part_used(use: PartUse, *, actor: User | None, now: datetime | None = None) -> Part:
    """A part recorded by mistake is taken off the visit: stock goes back up and the case's
    timeline says so. Returns the part, with its stock now."""
    check_visit_worker(actor, use.visit)
    _locked_recordable(use.visit)
    use = PartUse.objects.select_for_update().select_related("part").get(pk=use.pk)
    part = Part.objects.select_for_update().get(pk=use.part_id)
    part.stock_on_hand += use.quantity
    part.save(update_fields=["stock_on_hand"])
    events.record(use.visit.case_id, actor, EventKind.PART, field="used",
                  before=gettext("%(quantity)s x %(part)s") % {"quantity": use.quantity, "part": part},
                  after=gettext("removed (stock now %(stock)s)") % {"stock": part.stock_on_hand},
                  at=now or timezone.now())  # fmt: skip
    use.delete()
    return part
