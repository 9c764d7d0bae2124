"""A synthetic desk for the benchmarks, written straight into the tables.

This bypasses the case actions on purpose (they take milliseconds per case;
a million cases must load in minutes), so it must produce what the actions
would: due times from the priority targets, `next_due_at` set only on open
cases, a first reply before `first_responded_at`, solved and closed times
after the last message, an event for every change, the subcontractor's
company on cases assigned to a subcontractor, and contacts that belong to
the case's customer. `tests/benchmarks/` checks this on a small load.

Rows go in with PostgreSQL's COPY, or executemany on SQLite, in chunks of a
few thousand cases, one transaction per chunk.
"""

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from benchmarks import vocabulary as words
from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.cases.business_hours import target_minutes
from rightthere.cases.models import (
    Case,
    CaseEvent,
    Channel,
    Direction,
    EventKind,
    Kind,
    Message,
    Priority,
    Status,
    Tag,
)
from rightthere.core.sanitise import text_to_html
from rightthere.customers.models import Contact, Customer, CustomerKind

PASSWORD = "rightthere-bench"  # noqa: S105 - benchmark users in a throwaway database
HISTORY = timedelta(days=730)
RECENT = timedelta(days=14)
CASES_PER_CUSTOMER = 20
INTERNAL_SHARE = 0.05
TAG_NAMES = ("boiler", "leak", "invoice", "warranty", "parts", "landlord", "vip", "recovery")

# As text: labels may be lazy translations, which COPY cannot write.
STATUS_LABELS = {value: str(label) for value, label in Status.choices}
DIRECTION_LABELS = {value: str(label) for value, label in Direction.choices}
OPEN_MIX = ((Status.NEW, 25), (Status.OPEN, 40), (Status.WAITING_US, 15),
            (Status.WAITING_CUSTOMER, 20))  # fmt: skip
PRIORITY_MIX = ((Priority.LOW, 20), (Priority.NORMAL, 55), (Priority.HIGH, 20),
                (Priority.URGENT, 5))  # fmt: skip
KIND_MIX = ((Kind.QUESTION, 30), (Kind.REQUEST, 25), (Kind.REPAIR, 35), (Kind.COMPLAINT, 10))
CHANNEL_MIX = ((Channel.EMAIL, 50), (Channel.PHONE, 20), (Channel.WEB, 25), (Channel.API, 5))


@dataclass(frozen=True)
class People:
    owner: User
    agents: list[User]
    technicians: list[User]
    subcontractors: list[User]
    teams: list[Team]


@dataclass(frozen=True)
class LoadResult:
    cases: int
    messages: int
    events: int
    customers: int
    contacts: int
    first_case_id: int
    last_case_id: int


def _weighted(mix: Sequence[tuple[str, int]], size: int = 100) -> list[str]:
    """A list to `rng.choice` from that gives each value its share."""
    total = sum(weight for _, weight in mix)
    return [value for value, weight in mix for _ in range(round(size * weight / total))]


def bench_people() -> People:
    """The benchmark's staff (created once): an owner, agents, technicians, subcontractors."""
    password = make_password(PASSWORD)
    partners = [
        PartnerCompany.objects.get_or_create(name=f"Bench Partner {n}")[0] for n in (1, 2, 3)
    ]
    teams = [Team.objects.get_or_create(name=f"Bench {name}")[0] for name in ("desk", "field")]

    count = iter(range(1000))

    def person(username: str, role: str, **extra: Any) -> User:
        n = next(count)
        first, last = words.FIRST_NAMES[n * 7 % 50], words.LAST_NAMES[n * 3 % 40]
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "password": password, "first_name": first,
                      "last_name": last, **extra},
        )  # fmt: skip
        return user

    return People(
        owner=person("bench-owner", Role.OWNER, is_staff=True, is_superuser=True),
        agents=[person(f"bench-agent-{n:02d}", Role.AGENT) for n in range(1, 11)],
        technicians=[person(f"bench-tech-{n:02d}", Role.TECHNICIAN) for n in range(1, 31)],
        subcontractors=[
            person(f"bench-sub-{n}", Role.SUBCONTRACTOR, partner=partners[n % 3])
            for n in range(1, 7)
        ],
        teams=teams,
    )


class TableWriter:
    """Appends rows to one table: COPY on PostgreSQL, executemany elsewhere.

    Rows carry the `fields` given, in order; every other column of the model
    gets its default, so a new column with a default does not break the loader.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        concrete = {f.name: f for f in model._meta.concrete_fields}
        # A field the model no longer has is dropped from each row.
        self.keep = [i for i, name in enumerate(fields) if name in concrete]
        given = [concrete[fields[i]] for i in self.keep]
        rest = [f for f in concrete.values() if f.name not in fields]
        missing = [f.name for f in rest if not f.has_default() and not f.null and not f.blank]
        if missing:
            raise RuntimeError(f"The loader does not fill {model.__name__}.{missing}")
        self.defaults = tuple(None if f.null and not f.has_default() else f.get_default()
                              for f in rest)  # fmt: skip
        self.table = model._meta.db_table
        self.columns = [str(f.column) for f in given + rest]
        self.full = len(self.keep) == len(fields)

    def _complete(self, rows: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
        for row in rows:
            if not self.full:
                row = tuple(row[i] for i in self.keep)
            yield row + self.defaults

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor
                with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in self._complete(rows):
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {self.table} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, [_sqlite_row(row) for row in self._complete(rows)])


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # Django stores SQLite datetimes as naive UTC text; match it so comparisons work.
    return tuple(
        v.astimezone(UTC).replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime) else v
        for v in row
    )


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


def _reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite continues after the highest rowid by itself
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


class Generator:
    """Builds the rows of one chunk of cases at a time."""

    def __init__(
        self, people: People, rng: random.Random, now: datetime, tag_ids: list[int]
    ) -> None:
        self.rng = rng
        self.tag_ids = tag_ids
        self.now = now
        self.people = people
        self.subjects = words.subject_pool(rng)
        self.bodies = words.body_pool(rng)
        self.html = [text_to_html(body) for body in self.bodies]
        self.priorities = _weighted(PRIORITY_MIX)
        self.kinds = _weighted(KIND_MIX)
        self.channels = _weighted(CHANNEL_MIX)
        self.open_statuses = _weighted(OPEN_MIX)
        self.targets = {
            p: tuple(timedelta(minutes=m) for m in target_minutes(p)) for p in Priority.values
        }
        self.names = {u.pk: str(u.display_name) for u in self._staff()}
        self.partner_of = {u.pk: u.partner_id for u in people.subcontractors}
        self.partner_names = {p.pk: p.name for p in PartnerCompany.objects.all()}
        self.desk = [u.pk for u in people.agents] + [people.owner.pk]
        self.customers: list[tuple[int, bool, int]] = []  # id, internal, first contact id

    def _staff(self) -> list[User]:
        p = self.people
        return [p.owner, *p.agents, *p.technicians, *p.subcontractors]

    def customer_rows(
        self, count: int, first_customer: int, first_contact: int
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng, now = self.rng, self.now
        customers, contacts = [], []
        contact_id = first_contact
        for customer_id in range(first_customer, first_customer + count):
            internal = rng.random() < INTERNAL_SHARE
            first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            kind = CustomerKind.ORGANISATION
            if internal:
                name = f"{rng.choice(words.DEPARTMENTS)} department {customer_id}"
            elif rng.random() < 0.3:
                place, trade = (
                    rng.choice(words.ORGANISATION_WORDS),
                    rng.choice(words.ORGANISATION_KINDS),
                )
                name = f"{place} {trade}"
            else:
                name, kind = f"{first} {last}", CustomerKind.PERSON
            created = now - HISTORY - timedelta(days=rng.uniform(0, 365))
            owner = rng.choice(self.desk) if rng.random() < 0.1 else None
            address = f"{rng.randint(1, 150)} {rng.choice(words.STREETS)}"
            customers.append((customer_id, name, kind, internal, owner, address, created, created))
            self.customers.append((customer_id, internal, contact_id))
            for n in range(1 if rng.random() < 0.6 else 2):
                person = f"{first} {last}" if n == 0 else f"{rng.choice(words.FIRST_NAMES)} {last}"
                email = f"{person.lower().replace(' ', '.')}.{contact_id}@example.com"
                phone = f"07700 9{contact_id % 100000:05d}"
                contacts.append((contact_id, customer_id, person, email, phone, created))
                contact_id += 1
        return customers, contacts

    def case_rows(
        self, first_id: int, count: int, total: int, index_offset: int, ids: dict[str, int]
    ) -> dict[str, list[tuple[Any, ...]]]:
        """Rows for cases `first_id`.. (case number `index_offset`.. of `total`)."""
        rng, now, p = self.rng, self.now, self.people
        rows: dict[str, list[tuple[Any, ...]]] = {"case": [], "message": [], "event": [], "tag": []}
        case_rows, message_rows, event_rows, tag_rows = (
            rows["case"], rows["message"], rows["event"], rows["tag"],
        )  # fmt: skip
        message_id = ids["message"]
        next_event = itertools.count(ids["event"]).__next__
        event = event_rows.append
        agents = [u.pk for u in p.agents]
        is_agent = set(agents)
        techs = [u.pk for u in p.technicians]
        subs = [u.pk for u in p.subcontractors]
        teams = [t.pk for t in p.teams]
        names = self.names
        n_bodies = len(self.bodies)
        minute = timedelta(minutes=1)
        localtime = timezone.localtime
        for n in range(count):
            case_id = first_id + n
            # Spread evenly over the history, oldest first, so ids grow with time.
            position = (index_offset + n + rng.random()) / total
            created = now - HISTORY * (1 - position)
            age = now - created
            customer_id, internal, contact_id = rng.choice(self.customers)
            priority = rng.choice(self.priorities)
            channel = Channel.INTERNAL if internal else rng.choice(self.channels)
            still_open = rng.random() < (0.6 if age < RECENT else 0.05)
            status = rng.choice(self.open_statuses) if still_open else Status.CLOSED
            roll = rng.random()
            if status == Status.NEW and roll < 0.6 or roll < 0.1:
                assignee = None
            elif roll < 0.6:
                assignee = rng.choice(agents)
            elif roll < 0.95:
                assignee = rng.choice(techs)
            else:
                assignee = rng.choice(subs)
            partner = self.partner_of.get(assignee) if assignee else None
            # Like compute_due_times with no opening hours set: in local wall-clock time.
            local = localtime(created)
            first_due, resolution_due = (local + t for t in self.targets[priority])
            intake = rng.choice(agents) if channel == Channel.PHONE else None

            subject = self.subjects[case_id % len(self.subjects)]
            event((next_event(), case_id, intake, EventKind.CREATED, "", "", subject, created))
            if assignee is not None:
                after = names[assignee]
                event((next_event(), case_id, intake, EventKind.ASSIGNEE, "assignee", "", after,
                       created))  # fmt: skip
                if partner is not None:
                    after = self.partner_names[partner]
                    event((next_event(), case_id, intake, EventKind.PARTNER, "partner", "", after,
                           created))  # fmt: skip

            # The conversation: the customer writes, we reply, then 0-2 more messages.
            replier = assignee if assignee in is_agent else rng.choice(agents)
            if status == Status.NEW:
                plan = [Direction.INBOUND] + ([Direction.NOTE] if rng.random() < 0.5 else [])
            else:
                plan = [Direction.INBOUND, Direction.OUTBOUND]
                plan += rng.choices((Direction.INBOUND, Direction.OUTBOUND, Direction.NOTE),
                                    k=rng.randint(0, 2))  # fmt: skip
            gaps = [timedelta(0)] + [minute * rng.uniform(5, 1800) for _ in plan[1:]]
            span = sum(gaps, timedelta(0))
            room = age - minute
            if span > room:  # too recent for the usual pace: squeeze it in
                gaps = [g * (room / span) for g in gaps]
            at = created
            first_responded = None
            for direction, gap in zip(plan, gaps, strict=True):
                at += gap
                if direction == Direction.INBOUND:
                    author, author_contact = None, contact_id
                elif direction == Direction.OUTBOUND:
                    author, author_contact = replier, None
                else:
                    author, author_contact = assignee or replier, None
                body = rng.randrange(n_bodies)
                message_rows.append((message_id, case_id, direction, author, author_contact,
                                     self.bodies[body], self.html[body], at))  # fmt: skip
                message_id += 1
                event((next_event(), case_id, author, EventKind.MESSAGE, direction, "",
                       DIRECTION_LABELS[direction], at))  # fmt: skip
                if direction == Direction.OUTBOUND and first_responded is None:
                    first_responded = at
                    event((next_event(), case_id, replier, EventKind.STATUS, "status",
                           STATUS_LABELS[Status.NEW], STATUS_LABELS[Status.OPEN], at))  # fmt: skip

            solved = closed = waiting_since = None
            waiting_reason = ""
            updated = last_message = at
            if status in (Status.WAITING_US, Status.WAITING_CUSTOMER):
                waiting_since = last_message
                waiting_reason = "part" if status == Status.WAITING_US else "information"
                event((next_event(), case_id, replier, EventKind.STATUS, "status",
                       STATUS_LABELS[Status.OPEN], STATUS_LABELS[status], at))  # fmt: skip
            elif status == Status.CLOSED:
                solved = min(last_message + minute * rng.uniform(5, 600), now)
                closed = solved + timedelta(days=rng.uniform(2, 7))
                event((next_event(), case_id, replier, EventKind.STATUS, "status",
                       STATUS_LABELS[Status.OPEN], STATUS_LABELS[Status.SOLVED], solved))  # fmt: skip
                if closed > now or rng.random() < 0.1:  # some solved cases are never closed
                    status, closed = Status.SOLVED, None
                else:
                    event((next_event(), case_id, replier, EventKind.STATUS, "status",
                           STATUS_LABELS[Status.SOLVED], STATUS_LABELS[Status.CLOSED], closed))  # fmt: skip
                updated = closed or solved
            if status in (Status.SOLVED, Status.CLOSED):
                next_due = None
            else:
                next_due = first_due if first_responded is None else resolution_due
            team = rng.choice(teams) if rng.random() < 0.7 else None
            case_rows.append((
                case_id, subject, customer_id, contact_id, channel,
                rng.choice(self.kinds), status, priority, assignee, partner, team, internal,
                created, updated, first_due, resolution_due, first_responded, solved, closed,
                next_due, waiting_reason, waiting_since, len(plan) + 2,
            ))  # fmt: skip
            if rng.random() < 0.25:
                for tag in rng.sample(self.tag_ids, rng.randint(1, 2)):
                    tag_rows.append((case_id, tag))
        ids["message"], ids["event"] = message_id, next_event()
        return rows


CASE_FIELDS = (
    "id", "subject", "customer", "contact", "channel", "kind", "status", "priority",
    "assignee", "partner", "team", "internal", "created_at", "updated_at",
    "first_response_due", "resolution_due", "first_responded_at", "solved_at", "closed_at",
    "next_due_at", "waiting_reason", "waiting_since", "version",
)  # fmt: skip
MESSAGE_FIELDS = ("id", "case", "direction", "author", "author_contact", "body_text",
                  "body_html", "created_at")  # fmt: skip
EVENT_FIELDS = ("id", "case", "actor", "kind", "field", "before", "after", "created_at")
CUSTOMER_FIELDS = ("id", "name", "kind", "internal", "account_owner", "address", "created_at",
                   "updated_at")  # fmt: skip
CONTACT_FIELDS = ("id", "customer", "name", "email", "phone", "created_at")


def load_cases(
    count: int,
    *,
    seed: int = 42,
    chunk: int = 5000,
    now: datetime | None = None,
    on_progress: Callable[[int], object] | None = None,
) -> LoadResult:
    """Add `count` synthetic cases (with customers, messages and events) to the database."""
    now = now or timezone.now()
    rng = random.Random(seed)
    people = bench_people()
    tag_ids = [Tag.objects.get_or_create(name=name)[0].pk for name in TAG_NAMES]
    generator = Generator(people, rng, now, tag_ids)
    customer_writer = TableWriter(Customer, CUSTOMER_FIELDS)
    contact_writer = TableWriter(Contact, CONTACT_FIELDS)
    case_writer = TableWriter(Case, CASE_FIELDS)
    message_writer = TableWriter(Message, MESSAGE_FIELDS)
    event_writer = TableWriter(CaseEvent, EVENT_FIELDS)
    through = Case.tags.through

    customer_count = max(count // CASES_PER_CUSTOMER, 1)
    first_customer, first_contact = _next_id(Customer), _next_id(Contact)
    contact_count = 0
    for start in range(0, customer_count, 10_000):
        size = min(10_000, customer_count - start)
        customers, contacts = generator.customer_rows(size, first_customer + start, first_contact)
        first_contact += len(contacts)
        contact_count += len(contacts)
        with transaction.atomic():
            customer_writer.write(customers)
            contact_writer.write(contacts)

    first_case = _next_id(Case)
    ids = {"message": _next_id(Message), "event": _next_id(CaseEvent)}
    messages = events = 0
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        rows = generator.case_rows(first_case + start, size, count, start, ids)
        with transaction.atomic():
            case_writer.write(rows["case"])
            message_writer.write(rows["message"])
            event_writer.write(rows["event"])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {through._meta.db_table} (case_id, tag_id) VALUES (%s, %s)",  # noqa: S608
                    rows["tag"],
                )
        messages += len(rows["message"])
        events += len(rows["event"])
        if on_progress is not None:
            on_progress(size)
    _reset_sequences([Customer, Contact, Case, Message, CaseEvent])
    return LoadResult(
        cases=count,
        messages=messages,
        events=events,
        customers=customer_count,
        contacts=contact_count,
        first_case_id=first_case,
        last_case_id=first_case + count - 1,
    )
