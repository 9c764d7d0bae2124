"""The case timeline: messages and events in one list, oldest first."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from typing import Any

from django.db.models import BigIntegerField, Exists, ManyToOneRel, OuterRef

from rightthere.cases.models import Attachment, Case, CaseEvent, EventKind, Message
from rightthere.core.compiled import CompiledModels, Param, compile_once, store_prefetched


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
    for relation, flag in (
        ("attachments", "has_files"),
        ("deliveries", "has_deliveries"),
        ("sms", "has_texts"),
    ):
        having = [m for m in messages if getattr(m, flag)]
        if having:
            rows = compile_once(("timeline's", relation), partial(_rows_of_case, relation))
            queryset = _FILES if relation == "attachments" else None
            store_prefetched(having, relation, rows.fetch({"case": case.pk}), queryset)
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


# What `prefetch_related_objects(messages, Prefetch("attachments", queryset=_FILES))`
# stored: a message's files in the order they were added.
_FILES = Attachment.objects.order_by("id")


def _rows_of_case(relation: str) -> CompiledModels[Any]:
    """The rows of `relation` (files, outgoing mail, texts) of every message of a case,
    in the order `prefetch_related_objects` read them for some of its messages (the
    model's own, files by id): one statement of a fixed shape, compiled once, instead
    of one built anew with the messages' ids (#23)."""
    rel = Message._meta.get_field(relation)
    assert isinstance(rel, ManyToOneRel)
    rows = rel.related_model
    assert isinstance(rows, type)  # a reverse relation's model (never "self")
    queryset = _FILES if relation == "attachments" else rows._default_manager.all()
    by_case = {f"{rel.field.name}__case_id": Param("case", BigIntegerField())}
    return CompiledModels(queryset.filter(**by_case))


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
