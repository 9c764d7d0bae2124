"""The base writes of a case: its row, messages, status and events.

Doors do not call these directly: they call the use cases in `rightthere.desk`,
which add what other apps do around each write (promises, the coach, the
recovery playbook, mail). Each action checks that the actor may do it (``actor=None`` is the system
itself), changes the case inside a transaction, records an append-only
event, and bumps the case version so concurrent edits are detected.

Here: opening a case, its messages and its status. The header edits (assignee,
partner, priority, team, kind, subject, tags) are in `cases.header` and are
re-exported from here; what all of them share is in `cases.writing`.
"""

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import Role, Team, User
from rightthere.cases import search
from rightthere.cases.business_hours import compute_due_times
from rightthere.cases.events import new_event, record_event

# The header edits live in their own module; callers use them from here.
from rightthere.cases.header import (
    assign_case as assign_case,
)
from rightthere.cases.header import (
    change_kind as change_kind,
)
from rightthere.cases.header import (
    change_priority as change_priority,
)
from rightthere.cases.header import (
    change_subject as change_subject,
)
from rightthere.cases.header import (
    change_team as change_team,
)
from rightthere.cases.header import (
    hand_to_partner as hand_to_partner,
)
from rightthere.cases.header import (
    raise_new_case as raise_new_case,
)
from rightthere.cases.header import (
    set_tags as set_tags,
)
from rightthere.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Direction,
    EventKind,
    Kind,
    Message,
    Priority,
    Status,
)
from rightthere.cases.waiting import WAITING_STATUSES, check_waiting_reason, set_waiting
from rightthere.cases.writing import (
    check_assignable,
    check_choice,
    check_manager,
    check_version,
    check_worker,
    clean_tags,
    lock_case,
    next_due,
    tag_objects,
    touch,
)
from rightthere.core.errors import AttachmentNotStored, InvalidInput
from rightthere.core.rows import insert_row, insert_rows
from rightthere.core.sanitise import html_to_text, sanitise_html, text_to_html
from rightthere.customers.models import Contact, Customer


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class OpenedCase:
    case: Case
    first_message: Message | None


# savepoint=False: called by a use case in its own transaction, which rolls
# back to its savepoint on an error; a second savepoint here would cost two
# queries on every case opened and every message.
@transaction.atomic(savepoint=False)
def create_case(
    *,
    actor: User | None,
    subject: str,
    customer: Customer,
    contact: Contact | None = None,
    channel: str = Channel.PHONE,
    kind: str = Kind.QUESTION,
    priority: str = Priority.NORMAL,
    assignee: User | None = None,
    team: Team | None = None,
    tags: Iterable[str] = (),
    body_text: str = "",
    body_html: str = "",
    direction: str = Direction.INBOUND,
    attachments: Sequence[NewAttachment] = (),
    opened_at: datetime | None = None,
    more_events: Callable[[Case, Message | None, datetime], Iterable[CaseEvent]] | None = None,
) -> OpenedCase:
    """Write a new case with its first message and events, and index it.

    The base write only: routing, promises, checklists, the recovery playbook
    and the coach are the use case's (`rightthere.desk.opening`), which passes
    `more_events` for the events of what it adds, saved in the same INSERT (it gets the
    case and its first message, both written, and may change the case before its
    first events are saved).

    Opening a case is the hot path of mail intake and of the API, so it reads
    the desk's configuration from a per-process cache, saves its first events
    in one INSERT and indexes the case from what it holds in memory. The
    returned case holds its customer, contact, assignee and team, so showing
    it does not read them again.
    """
    check_manager(actor)
    subject = subject.strip().replace("\x00", "")
    if not subject:
        raise InvalidInput(gettext("A case needs a subject."))
    if len(subject) > 250:
        raise InvalidInput(gettext("The subject is too long (at most 250 characters)."))
    check_choice(channel, Channel, "channel")
    check_choice(kind, Kind, "kind")
    check_choice(priority, Priority, "priority")
    if contact is not None and contact.customer_id != customer.pk:
        raise InvalidInput(gettext("That contact belongs to a different customer."))
    if assignee is not None:
        check_assignable(assignee)
    tag_names = clean_tags(tags)
    now = opened_at or timezone.now()
    due = compute_due_times(now, priority)
    case = insert_row(
        Case(
            subject=subject,
            customer=customer,
            contact=contact,
            channel=channel,
            kind=kind,
            priority=priority,
            assignee=assignee,
            partner=assignee.partner if assignee and assignee.role == Role.SUBCONTRACTOR else None,
            team=team,
            internal=customer.internal,
            created_at=now,
            updated_at=now,
            first_response_due=due.first_response,
            resolution_due=due.resolution,
            next_due_at=due.first_response,
        )
    )
    events = [new_event(case, actor, EventKind.CREATED, after=case.subject, at=now)]
    if assignee is not None:
        events.append(new_event(case, actor, EventKind.ASSIGNEE, field="assignee", after=assignee,
                                at=now))  # fmt: skip
    tags_found = tag_objects(tag_names) if tag_names else []
    if tags_found:
        Case.tags.through.objects.bulk_create(
            Case.tags.through(case_id=case.pk, tag_id=tag.pk) for tag in tags_found
        )
        events.append(new_event(case, actor, EventKind.TAGS, field="tags",
                                after=", ".join(tag_names), at=now))  # fmt: skip
    first_message = None
    if body_text.strip() or body_html.strip():
        first_message = _create_message(
            case,
            actor=actor,
            direction=direction,
            body_text=body_text,
            body_html=body_html,
            author_contact=contact if direction == Direction.INBOUND else None,
            attachments=attachments,
            at=now,
            events=events,
        )
    search.index_new_case(case.pk, case.subject, first_message.body_text if first_message else "")
    if more_events is not None:
        events.extend(more_events(case, first_message, now))
    insert_rows(events)
    return OpenedCase(case, first_message)


def _validate_body(body_text: str, body_html: str) -> tuple[str, str]:
    limit = settings.RIGHTTHERE["MAX_MESSAGE_CHARS"]
    if len(body_text) > limit or len(body_html) > 4 * limit:
        raise InvalidInput(
            gettext("The message is too long (at most %(limit)s characters).")
            % {"limit": f"{limit:,}"}
        )
    if body_html.strip():
        safe_html = sanitise_html(body_html)
        text = body_text.strip() or html_to_text(safe_html)
    else:
        text = body_text.strip()
        safe_html = text_to_html(text)
    if not text:
        raise InvalidInput(gettext("The message is empty."))
    return text, safe_html


def _create_message(
    case: Case,
    *,
    actor: User | None,
    direction: str,
    body_text: str,
    body_html: str,
    author_contact: Contact | None,
    attachments: Sequence[NewAttachment],
    at: datetime,
    automatic: bool = False,
    events: list[CaseEvent] | None = None,
) -> Message:
    """Store a message, its attachments and its event (appended to `events` to be
    saved by the caller, when given)."""
    check_choice(direction, Direction, "message direction")
    text, safe_html = _validate_body(body_text, body_html)
    limit = settings.RIGHTTHERE["MAX_ATTACHMENT_BYTES"]
    for item in attachments:
        if len(item.content) > limit:
            raise InvalidInput(
                gettext("The attachment %(file)s is too large (at most %(limit)s).")
                % {"file": repr(item.filename), "limit": filesizeformat(limit)}
            )
    message = insert_row(
        Message(
            case=case,
            direction=direction,
            author=actor,
            author_contact=author_contact,
            body_text=text,
            body_html=safe_html,
            created_at=at,
            automatic=automatic,
        )
    )
    stored: list[str] = []
    for item in attachments:
        attachment = Attachment(
            message=message,
            filename=item.filename[:255] or "attachment",
            content_type=item.content_type[:100],
            size=len(item.content),
        )
        _store_file(attachment, item, stored)
        attachment.save()
    event = new_event(
        case,
        actor,
        EventKind.MESSAGE,
        field=direction,
        after=Direction(message.direction).label,
        at=at,
    )
    if events is None:
        insert_row(event)
    else:
        events.append(event)
    return message


def _store_file(attachment: Attachment, item: NewAttachment, stored: list[str]) -> None:
    """Write the file to the attachment store; when the store is full or read-only,
    remove what this message already wrote and refuse with a clear reason (the
    transaction rolls back the rows, this removes the files)."""
    storage = attachment.file.storage
    field = attachment.file.field
    name = field.generate_filename(attachment, item.filename or "attachment")
    # The name the save will use, known before it: a failed save can leave a partial file.
    stored.append(storage.get_available_name(name, max_length=field.max_length))
    try:
        attachment.file.name = storage.save(
            stored[-1], ContentFile(item.content), max_length=field.max_length
        )
    except OSError as error:
        for written in stored:
            with contextlib.suppress(OSError):
                storage.delete(written)
        raise AttachmentNotStored(
            gettext(
                "The attachment %(file)s could not be stored (%(error)s). Nothing was saved; "
                "free space in the attachment store or fix its permissions, then try again."
            )
            % {"file": repr(item.filename), "error": error.strerror or error}
        ) from error


# What the customer writing (or rating us "Not good") on a case reopens: to Open.
REOPENED_BY_CUSTOMER = (Status.WAITING_CUSTOMER, Status.SOLVED, Status.CLOSED)


@transaction.atomic(savepoint=False)
def record_message(
    case: Case,
    *,
    actor: User | None,
    direction: str,
    body_text: str = "",
    body_html: str = "",
    author_contact: Contact | None = None,
    attachments: Sequence[NewAttachment] = (),
    at: datetime | None = None,
    automatic: bool = False,
    reopen: bool = True,
    locked: bool = False,
) -> Message:
    """Write a customer message, a reply to the customer or an internal note.

    The first reply by a person stops the first-response clock (an automatic
    acknowledgement does not); a customer writing on a solved or waiting case
    reopens it. The base write only: mailing the reply, promises, the coach
    and the recovery playbook are the use cases' (`rightthere.desk.messages`).

    `locked`: the caller opened this case in the current transaction (or read it
    under its row lock there), so `case` is current and nobody else can write it;
    it is not read again.
    """
    check_worker(actor, case)
    if not locked:
        case = lock_case(case)
    now = at or timezone.now()
    if direction == Direction.INBOUND and actor is not None and author_contact is None:
        author_contact = case.contact
    message = _create_message(
        case,
        actor=actor,
        direction=direction,
        body_text=body_text,
        body_html=body_html,
        author_contact=author_contact,
        attachments=attachments,
        at=now,
        automatic=automatic,
    )
    fields = []
    by_a_person = direction == Direction.OUTBOUND and not automatic
    if by_a_person and case.first_responded_at is None:
        case.first_responded_at = now
        fields.append("first_responded_at")
    if by_a_person and case.status == Status.NEW:
        _set_status(case, actor, Status.OPEN, now, fields)
    if reopen and direction == Direction.INBOUND and case.status in REOPENED_BY_CUSTOMER:
        _set_status(case, actor, Status.OPEN, now, fields)
    case.next_due_at = next_due(case)
    touch(case, [*fields, "next_due_at"], at=now)
    search.index_case(case.pk)
    message.case = case
    return message


def _set_status(
    case: Case, actor: User | None, status: str, at: datetime, fields: list[str]
) -> None:
    before = Status(case.status).label
    case.status = status
    fields.append("status")
    if status == Status.SOLVED:
        case.solved_at = at
        fields.append("solved_at")
    elif status == Status.CLOSED:
        case.closed_at = at
        fields.append("closed_at")
        if case.solved_at is None:
            case.solved_at = at
            fields.append("solved_at")
    else:
        case.solved_at = None
        case.closed_at = None
        fields += ["solved_at", "closed_at"]
    if status not in WAITING_STATUSES:
        set_waiting(case, actor, "", at, fields)
    record_event(case, actor, EventKind.STATUS, field="status", before=before,
                 after=Status(case.status).label, at=at)  # fmt: skip


@transaction.atomic(savepoint=False)
def change_status(
    case: Case,
    *,
    actor: User | None,
    status: str,
    expected_version: int | None = None,
    waiting_reason: str = "",
    locked: bool = False,
) -> Case:
    """Move a case to another status (any role that can work on the case).

    "Waiting on customer" needs a reason that is truly the customer's;
    "waiting on us" needs our blocker named. The base write only: the promise
    date of "waiting on us" and the recovery check before closing are the use
    case's (`rightthere.desk.casework.change_status`).
    """
    check_worker(actor, case)
    check_choice(status, Status, "status")
    reason = check_waiting_reason(status, waiting_reason)
    if not locked:
        case = lock_case(case)
    check_version(case, expected_version)
    if case.status == status and case.waiting_reason == reason:
        return case
    now = timezone.now()
    fields: list[str] = []
    if case.status != status:
        _set_status(case, actor, status, now, fields)
    set_waiting(case, actor, reason, now, fields)
    case.next_due_at = next_due(case)
    touch(case, [*fields, "next_due_at"], at=now)
    return case
