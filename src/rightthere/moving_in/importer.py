"""Writing what a source holds into the desk, in batches.

First the directory (teams, staff, organisations, people), each thing once: the map
(`ImportedRecord`) says what an earlier run already added. Then the tickets, in the
source's order, a batch at a time: each batch writes its cases, messages,
attachments, tags, events, kept Message-IDs, map rows and the job's checkpoint in
ONE transaction. A run that dies loses at most the batch it was in; the next run
starts at the checkpoint, and a ticket the map knows is counted, not added again.

Cases are written with bulk_create in batches (the case actions write one case and
its side effects at a time, about 8 queries a case; an import of 10,000 tickets
would take minutes longer). What the actions would compute is computed the same
way: sanitised bodies (`core.sanitise`), tags (`cases.writing`), due times
(`cases.business_hours`), events (`cases.events.new_event`), the search document
(`cases.search.index_case`).
"""

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from rightthere.accounts.models import Role, Team, User
from rightthere.cases import search
from rightthere.cases.business_hours import compute_due_times
from rightthere.cases.events import new_event
from rightthere.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Direction,
    EventKind,
    Message,
    Status,
    WaitingReason,
)
from rightthere.cases.models.case import OPEN_STATUSES
from rightthere.cases.writing import clean_tags, tag_objects
from rightthere.core.sanitise import html_to_text, sanitise_html, text_to_html
from rightthere.customers.models import Contact, Customer, CustomerKind
from rightthere.moving_in import records
from rightthere.moving_in.models import EarlierMessageId, ImportedRecord, ImportJob, RecordKind

BATCH_SIZE = 200
DIRECTORY_CHUNK = 500
MAX_SKIPPED_LISTED = 1000


@dataclass
class Maps:
    """The other desk's ids -> ours, loaded once per run (the directory) or per batch."""

    teams: dict[str, int] = field(default_factory=dict)
    staff: dict[str, int] = field(default_factory=dict)
    active_staff: set[int] = field(default_factory=set)
    customers: dict[str, int] = field(default_factory=dict)  # organisations
    contacts: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # person -> contact, customer


def _known(system: str, kind: str, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), DIRECTORY_CHUNK):
        found.update(ImportedRecord.objects.filter(
            system=system, kind=kind, source_id__in=ids[start : start + DIRECTORY_CHUNK]
        ).values_list("source_id", "target_id"))  # fmt: skip
    return found


def _remember(job: ImportJob, kind: str, pairs: list[tuple[str, int]], refs: dict[str, str] | None
              = None) -> None:  # fmt: skip
    ImportedRecord.objects.bulk_create([
        ImportedRecord(system=job.system, kind=kind, source_id=sid, target_id=tid, job=job,
                       old_reference=(refs or {}).get(sid, "").upper())
        for sid, tid in pairs
    ], batch_size=DIRECTORY_CHUNK)  # fmt: skip


def _count(job: ImportJob, name: str, by: int = 1) -> None:
    job.counts[name] = job.counts.get(name, 0) + by


def _skip(job: ImportJob, what: str, reason: str) -> None:
    job.skipped_total += 1
    if len(job.skipped) < MAX_SKIPPED_LISTED:
        job.skipped.append({"what": what, "reason": reason})


# --- the directory: teams, staff, organisations, people --------------------------


def _username(staff: records.Staff, taken: set[str]) -> str:
    base = staff.username or staff.email.split("@")[0] or staff.name or f"agent-{staff.source_id}"
    base = re.sub(r"[^\w.@+-]+", "-", base).strip("-")[:130] or f"agent-{staff.source_id}"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name


@transaction.atomic
def import_directory(job: ImportJob, source: records.Source) -> Maps:
    maps = Maps()
    # Teams: the same name is the same team.
    teams = source.teams()
    maps.teams = _known(job.system, RecordKind.TEAM, [t.source_id for t in teams])
    new = [t for t in teams if t.source_id not in maps.teams]
    if new:
        by_name = {t.name.lower(): t.pk for t in Team.objects.all()}
        pairs = []
        for team in new:
            name = team.name.strip()[:100] or f"Team {team.source_id}"
            if name.lower() not in by_name:
                by_name[name.lower()] = Team.objects.create(name=name).pk
                _count(job, "teams")
            pairs.append((team.source_id, by_name[name.lower()]))
        _remember(job, RecordKind.TEAM, pairs)
        maps.teams.update(pairs)
    # Staff: matched to our people by e-mail, else added as deactivated agents.
    staff = source.staff()
    maps.staff = _known(job.system, RecordKind.USER, [s.source_id for s in staff])
    new_staff = [s for s in staff if s.source_id not in maps.staff]
    if new_staff:
        by_email = {e.lower(): pk for pk, e in User.objects.exclude(email="").values_list(
            "pk", "email")}  # fmt: skip
        taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
        pairs = []
        for person in new_staff:
            if person.email and person.email.lower() in by_email:
                pairs.append((person.source_id, by_email[person.email.lower()]))
                continue
            first, _, last = person.name.partition(" ")
            user = User.objects.create(
                username=_username(person, taken), email=person.email[:254], role=Role.AGENT,
                first_name=first[:150], last_name=last[:150], is_active=False,
                password=make_password(None),
            )  # fmt: skip
            if person.email:
                by_email[person.email.lower()] = user.pk
            pairs.append((person.source_id, user.pk))
            _count(job, "staff added (deactivated)")
        _remember(job, RecordKind.USER, pairs)
        maps.staff.update(pairs)
    maps.active_staff = set(User.objects.filter(pk__in=maps.staff.values(), is_active=True)
                            .values_list("pk", flat=True))  # fmt: skip
    # Organisations: customers of their own.
    orgs = source.organisations()
    maps.customers = _known(job.system, RecordKind.CUSTOMER, [o.source_id for o in orgs])
    new_orgs = [o for o in orgs if o.source_id not in maps.customers]
    made = Customer.objects.bulk_create([
        Customer(name=o.name[:200], kind=CustomerKind.ORGANISATION) for o in new_orgs
    ], batch_size=DIRECTORY_CHUNK)  # fmt: skip
    pairs = [(o.source_id, c.pk) for o, c in zip(new_orgs, made, strict=True)]
    _remember(job, RecordKind.CUSTOMER, pairs)
    maps.customers.update(pairs)
    _count(job, "customers", len(made))
    # People: contacts; a person whose e-mail a contact here already has is that contact.
    people = source.people()
    known = _known(job.system, RecordKind.CONTACT, [p.source_id for p in people])
    for start in range(0, len(people), DIRECTORY_CHUNK):
        _people_chunk(job, maps, people[start : start + DIRECTORY_CHUNK], known)
    ids = list(set(known.values()))
    for start in range(0, len(ids), DIRECTORY_CHUNK):
        rows = Contact.objects.filter(pk__in=ids[start : start + DIRECTORY_CHUNK])
        owners = dict(rows.values_list("pk", "customer_id"))
        for sid, cid in known.items():
            if cid in owners:
                maps.contacts[sid] = (cid, owners[cid])
    return maps


def _people_chunk(job: ImportJob, maps: Maps, chunk: list[records.Person],
                  known: dict[str, int]) -> None:  # fmt: skip
    new = [p for p in chunk if p.source_id not in known]
    if not new:
        return
    emails = {p.email.lower() for p in new if p.email}
    existing = dict(
        Contact.objects.annotate(lower=Lower("email")).filter(lower__in=emails)
        .order_by("pk").values_list("lower", "pk")
    ) if emails else {}  # fmt: skip
    pairs: list[tuple[str, int]] = []
    fresh: list[records.Person] = []
    for person in new:
        email = person.email.lower()
        if email and email in existing:
            pairs.append((person.source_id, existing[email]))
        else:
            fresh.append(person)
    # A person of an organisation joins its customer; the others get one each.
    own = [p for p in fresh if p.organisation_id not in maps.customers]
    customers = Customer.objects.bulk_create(
        [Customer(name=p.name[:200] or p.email[:200]) for p in own], batch_size=DIRECTORY_CHUNK
    )
    customer_of = {p.source_id: c.pk for p, c in zip(own, customers, strict=True)}
    _count(job, "customers", len(customers))
    contacts = Contact.objects.bulk_create([
        Contact(customer_id=customer_of.get(p.source_id) or maps.customers[p.organisation_id],
                name=p.name[:200] or p.email[:200], email=p.email[:254], phone=p.phone[:50])
        for p in fresh
    ], batch_size=DIRECTORY_CHUNK)  # fmt: skip
    _count(job, "contacts", len(contacts))
    pairs += [(p.source_id, c.pk) for p, c in zip(fresh, contacts, strict=True)]
    _remember(job, RecordKind.CONTACT, pairs)
    known.update(pairs)


# --- tickets ---------------------------------------------------------------------


@dataclass
class _Body:
    text: str
    html: str


def _body(job: ImportJob, ticket: records.Ticket, message: records.Message) -> _Body | None:
    limit = settings.RIGHTTHERE["MAX_MESSAGE_CHARS"]
    what = f"{ticket.reference} message {message.source_id}"
    html = sanitise_html(message.body_html[: 4 * limit]) if message.body_html.strip() else ""
    text = message.body_text.strip().replace("\x00", "") or (html_to_text(html) if html else "")
    if len(text) > limit:
        _skip(job, what, f"longer than {limit:,} characters: the rest was cut off")
        text = text[:limit]
    if not text and message.attachments:
        text = "Attachments: " + ", ".join(a.filename for a in message.attachments)
    if not text:
        _skip(job, what, "no words and no attachments")
        return None
    return _Body(text, html or text_to_html(text))


def write_batch(job: ImportJob, maps: Maps, tickets: list[records.Ticket], position: int,
                stored: list[str]) -> None:  # fmt: skip
    """Write one batch and the checkpoint after it; the caller holds the transaction."""
    system = job.system
    done = _known(system, RecordKind.CASE, [t.source_id for t in tickets])
    now = timezone.now()
    todo: list[records.Ticket] = []
    for ticket in tickets:
        if ticket.source_id in done:
            _count(job, "already imported")
        elif ticket.person_id not in maps.contacts:
            _skip(job, ticket.reference, "its customer is not in the export")
        else:
            todo.append(ticket)
    cases: list[Case] = []
    bodies: list[list[tuple[records.Message, _Body]]] = []
    for ticket in todo:
        for what, reason in ticket.dropped:
            _skip(job, f"{ticket.reference} {what}", reason)
        kept = [(m, b) for m in ticket.messages if (b := _body(job, ticket, m)) is not None]
        bodies.append(kept)
        contact_id, customer_id = maps.contacts[ticket.person_id]
        assignee = maps.staff.get(ticket.staff_id)
        answered = next((m.created_at for m, _ in kept if m.direction == Direction.OUTBOUND), None)
        case = Case(
            subject=ticket.subject.replace("\x00", "").strip()[:250] or "(no subject)",
            customer_id=customer_id, contact_id=contact_id, channel=ticket.channel,
            kind=ticket.kind, status=ticket.status, priority=ticket.priority,
            assignee_id=assignee if assignee in maps.active_staff else None,
            team_id=maps.teams.get(ticket.team_id), created_at=ticket.created_at,
            updated_at=max([ticket.updated_at, *(m.created_at for m, _ in kept)]),
            first_responded_at=answered,
        )  # fmt: skip
        if ticket.status in OPEN_STATUSES:
            due = compute_due_times(now, ticket.priority)
            case.first_response_due = None if answered else due.first_response
            case.resolution_due = due.resolution
            case.next_due_at = case.first_response_due or due.resolution
            if ticket.status == Status.WAITING_CUSTOMER:
                case.waiting_reason = WaitingReason.INFORMATION
                case.waiting_since = case.updated_at
        else:
            case.solved_at = ticket.updated_at
            if ticket.status == Status.CLOSED:
                case.closed_at = ticket.updated_at
        cases.append(case)
    Case.objects.bulk_create(cases)
    # Tags.
    names = {t.source_id: clean_tags(t.tags) for t in todo}
    all_names = sorted({n for ns in names.values() for n in ns})
    tags = {tag.name: tag.pk for tag in tag_objects(all_names)} if all_names else {}
    Case.tags.through.objects.bulk_create([
        Case.tags.through(case_id=case.pk, tag_id=tags[n])
        for ticket, case in zip(todo, cases, strict=True) for n in names[ticket.source_id]
    ])  # fmt: skip
    _count(job, "tags on cases", sum(len(ns) for ns in names.values()))
    # Messages, their events and attachments.
    messages: list[Message] = []
    sources: list[records.Message] = []
    events: list[CaseEvent] = []
    for case, kept in zip(cases, bodies, strict=True):
        events.append(new_event(case, None, EventKind.CREATED, field="moved_in",
                                after=case.subject, at=case.created_at))  # fmt: skip
        for source, body in kept:
            author = maps.staff.get(source.staff_id) if source.staff_id else None
            person = maps.contacts.get(source.person_id) if source.person_id else None
            message = Message(
                case=case, direction=source.direction, author_id=author,
                author_contact_id=person[0] if person else None, body_text=body.text,
                body_html=body.html, created_at=source.created_at,
            )  # fmt: skip
            messages.append(message)
            sources.append(source)
            events.append(new_event(case, None, EventKind.MESSAGE, field=source.direction,
                                    after=message.get_direction_display(),
                                    at=source.created_at))  # fmt: skip
    Message.objects.bulk_create(messages, batch_size=500)
    attachments, attachment_ids = _attachments(job, todo, messages, sources, stored)
    Attachment.objects.bulk_create(attachments, batch_size=500)
    CaseEvent.objects.bulk_create(events, batch_size=500)
    EarlierMessageId.objects.bulk_create([
        EarlierMessageId(message_id=s.message_id[:900], case_id=m.case_id)
        for s, m in zip(sources, messages, strict=True) if s.message_id
    ], ignore_conflicts=True)  # fmt: skip
    _remember(job, RecordKind.CASE, [(t.source_id, c.pk) for t, c in zip(todo, cases, strict=True)],
              {t.source_id: t.reference for t in todo})  # fmt: skip
    _remember(job, RecordKind.MESSAGE, [(s.source_id, m.pk) for s, m in zip(sources, messages,
              strict=True)])  # fmt: skip
    _remember(job, RecordKind.ATTACHMENT, [(sid, a.pk) for sid, a in zip(attachment_ids,
              attachments, strict=True)])  # fmt: skip
    for case in cases:
        search.index_case(case.pk)
    _count(job, "cases", len(cases))
    _count(job, "messages", len(messages))
    _count(job, "attachments", len(attachments))
    _count(job, "Message-IDs kept", sum(1 for s in sources if s.message_id))
    job.position = position
    job.batches += 1
    job.heartbeat_at = timezone.now()
    checkpoint(job)


def _attachments(job: ImportJob, tickets: list[records.Ticket], messages: list[Message],
                 sources: list[records.Message], stored: list[str],
                 ) -> tuple[list[Attachment], list[str]]:  # fmt: skip
    limit = settings.RIGHTTHERE["MAX_ATTACHMENT_BYTES"]
    refs = {}
    for ticket in tickets:
        for m in ticket.messages:
            refs[id(m)] = ticket.reference
    made: list[Attachment] = []
    ids: list[str] = []
    for message, source in zip(messages, sources, strict=True):
        for item in source.attachments:
            what = f"{refs.get(id(source), '')} attachment {item.filename}"
            content, reason = item.read()
            if content is None:
                _skip(job, what, reason)
                continue
            if len(content) > limit:
                _skip(job, what, f"larger than {filesizeformat(limit)}")
                continue
            attachment = Attachment(
                message=message,
                filename=item.filename[:255] or "attachment",
                content_type=item.content_type[:100],
                size=len(content),
            )
            attachment.file.save(item.filename or "attachment", ContentFile(content), save=False)
            stored.append(str(attachment.file.name))
            made.append(attachment)
            ids.append(item.source_id)
    return made, ids


def checkpoint(job: ImportJob) -> None:
    """The job's progress, saved in the batch's transaction (tests make it fail)."""
    job.save(update_fields=["position", "batches", "heartbeat_at", "counts", "skipped",
                            "skipped_total"])  # fmt: skip


class Stop(Exception):
    """Raised by `after_batch` to end a run early (the benchmark's simulated crash)."""


def run(job: ImportJob, source: records.Source, batch_size: int = BATCH_SIZE,
        after_batch: Callable[[ImportJob], None] | None = None) -> ImportJob:  # fmt: skip
    """Import from the job's checkpoint to the end; each batch commits on its own."""
    job.total = source.ticket_count()
    maps = import_directory(job, source)
    job.save(update_fields=["total", "counts"])
    position = job.position
    for after, tickets in records.iter_batches(source, position, batch_size):
        stored: list[str] = []
        try:
            with transaction.atomic():
                write_batch(job, maps, tickets, after, stored)
        except BaseException:
            _forget_files(stored)
            job.refresh_from_db()
            raise
        if after_batch is not None:
            after_batch(job)
    return job


def _forget_files(names: list[str]) -> None:
    """Files written by a batch that rolled back."""
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def summary(job: ImportJob) -> str:
    parts = [f"{n:,} {name}" for name, n in job.counts.items() if n]
    reasons = Counter(item["reason"] for item in job.skipped)
    text = "; ".join(parts) or "nothing added"
    if job.skipped_total:
        text += f"; {job.skipped_total:,} skipped"
        top = ", ".join(f"{reason} ({n})" for reason, n in reasons.most_common(3))
        text += f" ({top})"
    return text
