"""The case timeline: messages and events in one list, oldest first."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from rightthere.cases.models import Attachment, Case, CaseEvent, EventKind, Message


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: CaseEvent | None = None


def case_timeline(case: Case) -> list[TimelineEntry]:
    messages = (
        Message.objects.filter(case=case)
        .select_related("author", "author_contact")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
            "deliveries",
            "sms",  # its texts (rightthere.sms) and their delivery state
        )
    )
    # A message event is shown as the message itself.
    events = (
        CaseEvent.objects.filter(case=case).exclude(kind=EventKind.MESSAGE).select_related("actor")
    )
    entries = [TimelineEntry(at=m.created_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=_order)


def _order(entry: TimelineEntry) -> tuple[datetime, int]:
    # At the same moment: "opened" first, then the message, then what it caused.
    if entry.event is not None and entry.event.kind == EventKind.CREATED:
        return entry.at, 0
    return entry.at, 1 if entry.message is not None else 2
