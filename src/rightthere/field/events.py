"""Case events for field work: every visit and part change is on the case timeline."""

from datetime import datetime

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import CaseEvent

# Ask the lead to add these to cases.EventKind (choices are not enforced on save).
VISIT = "visit"
PART = "part"


def when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%a %d %b %H:%M")


def record(
    case_id: int,
    actor: User | None,
    kind: str,
    *,
    field: str = "",
    before: str = "",
    after: str = "",
    at: datetime,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case_id=case_id,
        actor=actor,
        kind=kind,
        field=field[:50],
        before=before[:255],
        after=after[:255],
        created_at=at,
    )
