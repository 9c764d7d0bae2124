"""What an import reads from any other desk, in one shape: the sources
(`zendesk`, `helpdesk`) turn their own data into these, the importer writes them."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Team:
    source_id: str
    name: str


@dataclass(frozen=True)
class Staff:
    source_id: str
    name: str
    email: str
    username: str = ""


@dataclass(frozen=True)
class Organisation:
    source_id: str
    name: str


@dataclass(frozen=True)
class Person:
    """A customer-side person: a contact, under their organisation or a customer of their own."""

    source_id: str
    name: str
    email: str = ""
    phone: str = ""
    organisation_id: str = ""


@dataclass(frozen=True)
class Attachment:
    source_id: str
    filename: str
    content_type: str
    # The file's bytes, or None with the reason it could not be read.
    read: Callable[[], tuple[bytes | None, str]]


@dataclass(frozen=True)
class Message:
    source_id: str
    direction: str  # cases.models.Direction values: inbound, outbound, note
    body_text: str
    body_html: str
    created_at: datetime
    staff_id: str = ""  # its author, when one of the staff
    person_id: str = ""  # its author, when the customer
    message_id: str = ""  # the mail's Message-ID, without angle brackets
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Ticket:
    source_id: str
    reference: str  # as people knew it there: "ZD-1234", "support-12"
    subject: str
    status: str  # cases.models.Status values
    priority: str  # cases.models.Priority values
    kind: str  # cases.models.Kind values
    channel: str  # cases.models.Channel values
    created_at: datetime
    updated_at: datetime
    person_id: str
    staff_id: str = ""  # the assignee
    team_id: str = ""
    tags: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    # Parts of the ticket that were left out, each with why: (what, reason).
    dropped: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PreviewRow:
    reference: str
    subject: str
    requester: str
    status: str
    messages: int
    attachments: int
    created_at: str


class Source(Protocol):
    """Another desk, read in a stable order so that a position is a checkpoint."""

    system: str

    def teams(self) -> list[Team]: ...

    def staff(self) -> list[Staff]: ...

    def organisations(self) -> list[Organisation]: ...

    def people(self) -> list[Person]: ...

    def ticket_count(self) -> int: ...

    def tickets(self, start: int, count: int) -> list[Ticket]: ...

    def counts(self) -> dict[str, int]: ...

    def first_rows(self, count: int) -> list[PreviewRow]: ...

    def close(self) -> None: ...


def iter_batches(source: Source, start: int, size: int) -> Iterator[tuple[int, list[Ticket]]]:
    """(position after the batch, its tickets) from `start` to the end."""
    total = source.ticket_count()
    position = start
    while position < total:
        batch = source.tickets(position, size)
        if not batch:
            return
        position += len(batch)
        yield position, batch
