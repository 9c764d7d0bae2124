"""The case timeline: messages and events in one list, oldest first."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import (
    BigIntegerField,
    Exists,
    OuterRef,
    Prefetch,
    prefetch_related_objects,
)

from rightthere.cases.models import Attachment, Case, CaseEvent, EventKind, Message
from rightthere.core.compiled import CompiledModels, Param, compile_once


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: CaseEvent | None = None
    # What the entry shows that can differ from one render to the next in a language and
    # time zone: the key of its cached fragment (set by the page that shows it).
    key: str = ""


@cache  # built once: `annotate` resolves a copy, so one object serves every query (#23)
def _has(relation: str) -> Exists:
    """Whether a message has any row of `relation` (a reverse relation's name, so that
    the apps above, outbox and sms, are not imported here): a subquery on that table
    alone, which Django compiles in a third of the time of one joined back to the
    messages (#23: 1.9 -> 1.5 ms for the messages' query with its three flags)."""
    rows = Message._meta.get_field(relation).related_model
    assert isinstance(rows, type)  # a reverse relation's model (never "self")
    return Exists(rows._default_manager.filter(message=OuterRef("pk")))


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The messages (with authors, files, outgoing mail and texts) and the events.

    Each message says whether it has files (`has_files`), outgoing mail
    (`has_deliveries`) and texts (`has_texts`); those are read, in one query per kind,
    only for the messages that have some, and the template looks only where the flag
    is set. Most cases have no files and no texts: two queries fewer (#23)."""
    messages = compile_once("timeline's messages", _messages).fetch({"case": case.pk})
    files = Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    for relation, flag in (
        (files, "has_files"),
        ("deliveries", "has_deliveries"),
        ("sms", "has_texts"),
    ):
        having = [m for m in messages if getattr(m, flag)]
        if having:
            prefetch_related_objects(having, relation)
    events = compile_once("timeline's events", _events).fetch({"case": case.pk})
    entries = [TimelineEntry(at=m.created_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=_order)


# The two reads are compiled once (core.compiled): building them was ~3 ms of the case
# page's CPU (#23). Guard: tests/cases/test_case_page_reads.py.


def _messages() -> CompiledModels[Message]:
    return CompiledModels(
        Message.objects.filter(case_id=Param("case", BigIntegerField()))
        .select_related("author", "author_contact")
        .annotate(
            has_files=_has("attachments"),
            has_deliveries=_has("deliveries"),
            has_texts=_has("sms"),  # its texts (rightthere.sms) and their delivery state
        )
    )


def _events() -> CompiledModels[CaseEvent]:
    # A message event is shown as the message itself.
    return CompiledModels(
        CaseEvent.objects.filter(case_id=Param("case", BigIntegerField()))
        .exclude(kind=EventKind.MESSAGE)
        .select_related("actor")
    )


def _order(entry: TimelineEntry) -> tuple[datetime, int]:
    # At the same moment: "opened" first, then the message, then what it caused.
    if entry.event is not None and entry.event.kind == EventKind.CREATED:
        return entry.at, 0
    return entry.at, 1 if entry.message is not None else 2
