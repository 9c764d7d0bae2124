"""Reading a Freshdesk export: what Freshdesk's REST API v2 answers, saved as JSON.
The shape accepted, with Freshdesk's field names, is in docs/moving-in.md.

Either one JSON object {"tickets": [...], "contacts": [...], "agents": [...],
"companies": [...], "groups": [...]}, a list of tickets, or one ticket per line; or a
.zip holding tickets.json, contacts.json, agents.json, companies.json, groups.json,
conversations/<ticket id>.json (GET /tickets/{id}/conversations) and the attachments'
files as attachments/<attachment id>/<file name>. A ticket may also carry its
"conversations" itself (GET /tickets/{id}?include=conversations).

Freshdesk keeps a ticket's first message in the ticket (description) and only the
later ones in its conversations; numbers stand for status, priority and source.
Its API gives no Message-IDs, so old mail threads continue by the FD- reference only.
"""

import hashlib
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext

from rightthere.cases.models import Channel, Direction, Kind, Priority, Status
from rightthere.core.errors import InvalidInput
from rightthere.moving_in import records
from rightthere.moving_in.export_files import attachment, json_documents, preview_rows, text_of

# Freshdesk's built-in statuses; an account's own statuses (6 and up) arrive as Open.
STATUSES = {2: Status.OPEN, 3: Status.WAITING_CUSTOMER, 4: Status.SOLVED, 5: Status.CLOSED}
PRIORITIES = {1: Priority.LOW, 2: Priority.NORMAL, 3: Priority.HIGH, 4: Priority.URGENT}
# The ticket's source: 1 e-mail, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound e-mail.
CHANNELS = {1: Channel.EMAIL, 2: Channel.WEB, 3: Channel.PHONE, 7: Channel.WEB, 9: Channel.WEB,
            10: Channel.EMAIL}  # fmt: skip
KINDS = {"feature request": Kind.REQUEST, "service task": Kind.REQUEST, "refund": Kind.REQUEST}
PARTS = ("tickets", "contacts", "agents", "companies", "groups")
UNKNOWN = "unknown"


def _id(value: Any) -> str:
    return "" if value is None or value == "" else str(value)


def _when(value: Any) -> datetime:
    """Freshdesk's timestamps: "2015-08-18T16:37:56Z"."""
    found = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def looks_like_freshdesk(data: bytes) -> bool:
    """Whether an uploaded export is Freshdesk's rather than Zendesk's: Freshdesk's lists
    (contacts, agents, companies) or its tickets' numeric status and description_text."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = {n.rsplit("/", 1)[-1].lower() for n in archive.namelist()}
                tickets = archive.read(next(n for n in archive.namelist()
                                            if n.lower().endswith("tickets.json")))  # fmt: skip
        except (zipfile.BadZipFile, StopIteration, KeyError):
            return False
        return bool(names & {"contacts.json", "agents.json", "companies.json"}) or (
            looks_like_freshdesk(tickets)
        )
    head = data[:20_000].decode("utf-8", "ignore")
    return any(key in head for key in ('"contacts"', '"companies"', '"description_text"',
                                       '"responder_id"', '"conversations"'))  # fmt: skip


class FreshdeskSource:
    def __init__(self, data: bytes, filename: str) -> None:
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.files: dict[str, bytes] = {}
        self.raw_tickets: list[dict[str, Any]] = []
        self.contacts: dict[str, dict[str, Any]] = {}
        self.agents: dict[str, dict[str, Any]] = {}
        self.companies: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.conversations: dict[str, list[dict[str, Any]]] = {}
        if filename.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            self._read_zip(data)
        else:
            self._read_json(self._text(data), "")
        if not self.raw_tickets:
            raise InvalidInput(gettext("No tickets found in the Freshdesk export."))
        self.raw_tickets.sort(key=lambda t: (_number(t["id"]) or 0, str(t["id"])))
        self.system = "freshdesk"

    def close(self) -> None:
        return None

    @staticmethod
    def _text(data: bytes) -> str:
        return text_of(data)

    def _read_zip(self, data: bytes) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InvalidInput(gettext("The .zip file is damaged.")) from None
        with archive:
            for member in archive.namelist():
                if member.endswith("/"):
                    continue
                folder, _, base = member.rpartition("/")
                if member.startswith("attachments/"):
                    self.files[member] = archive.read(member)
                elif folder.rsplit("/", 1)[-1] == "conversations" and base.endswith(".json"):
                    listed = self._documents(self._text(archive.read(member)), member)
                    items = [c for doc in listed for c in (doc if isinstance(doc, list) else [doc])]
                    self.conversations[base.removesuffix(".json")] = items
                elif base.lower().endswith((".json", ".ndjson", ".jsonl")):
                    self._read_json(self._text(archive.read(member)), base.split(".")[0].lower())

    @staticmethod
    def _documents(text: str, where: str) -> list[Any]:
        return json_documents(
            text, where, gettext("Upload what Freshdesk's API answered, or a .zip of it.")
        )

    def _read_json(self, text: str, part: str) -> None:
        for document in self._documents(text, f"{part}.json" if part else ""):
            items: list[tuple[str, Any]] = []
            if isinstance(document, dict) and any(key in document for key in PARTS):
                for key in PARTS:
                    items += [(key, item) for item in document.get(key) or []]
            elif isinstance(document, list):
                items += [(part if part in PARTS else "tickets", item) for item in document]
            elif isinstance(document, dict):
                items.append((part if part in PARTS else "tickets", document))
            for key, item in items:
                if not isinstance(item, dict) or item.get("id") in (None, ""):
                    raise InvalidInput(
                        gettext("A Freshdesk %(record)s without an id: each needs its id.")
                        % {"record": key[:-1]}
                    )
                if key == "tickets":
                    self.raw_tickets.append(item)
                else:
                    target = {"contacts": self.contacts, "agents": self.agents,
                              "companies": self.companies, "groups": self.groups}[key]  # fmt: skip
                    target[str(item["id"])] = item

    # --- the Source interface -------------------------------------------------

    def teams(self) -> list[records.Team]:
        found = {gid: g.get("name") or f"Freshdesk group {gid}" for gid, g in self.groups.items()}
        for t in self.raw_tickets:
            gid = _id(t.get("group_id"))
            if gid and gid not in found:
                found[gid] = f"Freshdesk group {gid}"
        return [records.Team(gid, name) for gid, name in sorted(found.items())]

    def _agent(self, aid: str) -> tuple[str, str]:
        contact = self.agents.get(aid, {}).get("contact") or {}
        return contact.get("name") or f"Freshdesk agent {aid}", (contact.get("email") or "").strip()

    def _conversations(self, t: dict[str, Any]) -> list[dict[str, Any]]:
        found = t.get("conversations")
        return found if isinstance(found, list) else self.conversations.get(str(t["id"]), [])

    def _by_staff(self, c: dict[str, Any], requester: str) -> bool:
        """Freshdesk marks what came in from outside as `incoming`; a note or an outgoing
        reply is the staff's, unless its author is the requester (a portal note)."""
        author = _id(c.get("user_id"))
        if author and author in self.agents:
            return True
        return not c.get("incoming") and author != requester and author not in self.contacts

    def staff(self) -> list[records.Staff]:
        ids = set(self.agents)
        for t in self.raw_tickets:
            if _id(t.get("responder_id")):
                ids.add(_id(t.get("responder_id")))
            requester = _id(t.get("requester_id"))
            for c in self._conversations(t):
                if self._by_staff(c, requester) and _id(c.get("user_id")):
                    ids.add(_id(c.get("user_id")))
        return [records.Staff(aid, *self._agent(aid)) for aid in sorted(ids)]

    def organisations(self) -> list[records.Organisation]:
        return [records.Organisation(cid, c.get("name") or f"Freshdesk company {cid}")
                for cid, c in sorted(self.companies.items())]  # fmt: skip

    def people(self) -> list[records.Person]:
        found: dict[str, records.Person] = {}
        for cid, c in self.contacts.items():
            found[cid] = records.Person(
                cid, c.get("name") or c.get("email") or f"Freshdesk contact {cid}",
                (c.get("email") or "").strip(), (c.get("mobile") or c.get("phone") or "").strip(),
                _id(c.get("company_id")),
            )  # fmt: skip
        for t in self.raw_tickets:
            requester = _id(t.get("requester_id"))
            if requester and requester not in found:
                found[requester] = records.Person(
                    requester, t.get("name") or t.get("email") or f"Freshdesk contact {requester}",
                    (t.get("email") or "").strip(), (t.get("phone") or "").strip(),
                    _id(t.get("company_id")),
                )  # fmt: skip
            for c in self._conversations(t):
                author = _id(c.get("user_id"))
                if author and author not in found and not self._by_staff(c, requester):
                    sender = (c.get("from_email") or "").strip()
                    found[author] = records.Person(author, sender or f"Freshdesk contact {author}",
                                                   sender, "", _id(t.get("company_id")))  # fmt: skip
        found.setdefault(UNKNOWN, records.Person(UNKNOWN, "Unknown customer (Freshdesk)"))
        return [found[k] for k in sorted(found)]

    def ticket_count(self) -> int:
        return len(self.raw_tickets)

    def counts(self) -> dict[str, int]:
        conversations = sum(len(self._conversations(t)) for t in self.raw_tickets)
        attachments = sum(len(t.get("attachments") or []) for t in self.raw_tickets) + sum(
            len(c.get("attachments") or []) for t in self.raw_tickets
            for c in self._conversations(t)
        )  # fmt: skip
        return {
            "tickets": len(self.raw_tickets), "conversations": conversations,
            "attachments": attachments, "attachment files in the upload": len(self.files),
            "companies": len(self.companies), "customers (contacts)": len(self.people()) - 1,
            "agents": len(self.staff()), "groups (teams)": len(self.teams()),
        }  # fmt: skip

    def first_rows(self, count: int) -> list[records.PreviewRow]:
        return preview_rows(self.tickets(0, count), self.people())

    def tickets(self, start: int, count: int) -> list[records.Ticket]:
        return [self._ticket(t) for t in self.raw_tickets[start : start + count]]

    def _ticket(self, t: dict[str, Any]) -> records.Ticket:
        tid = str(t["id"])
        dropped: list[tuple[str, str]] = []
        try:
            created = _when(t.get("created_at"))
        except (TypeError, ValueError):
            created = datetime.now(UTC)
            dropped.append(("its date", "no readable created_at: the import's time is used"))
        try:
            updated = _when(t.get("updated_at")) if t.get("updated_at") else created
        except (TypeError, ValueError):
            updated = created
        requester = _id(t.get("requester_id"))
        if not requester:
            requester = UNKNOWN
            dropped.append(("its requester", "no requester_id: filed under Unknown customer"))
        status = STATUSES.get(_number(t.get("status")) or 0)
        if status is None:
            status = Status.OPEN
            dropped.append(("its status", f"status {str(t.get('status'))[:20]} is not one of "
                                          "Freshdesk's own (2-5): imported as Open"))  # fmt: skip
        messages = []
        first_text = (t.get("description_text") or "").strip()
        first_html = (t.get("description") or "").strip()
        first_files = [self._attachment(a) for a in t.get("attachments") or []]
        if first_text or first_html or first_files:
            messages.append(records.Message(
                f"description:{tid}", Direction.INBOUND, first_text, first_html, created,
                person_id=requester, attachments=first_files,
            ))  # fmt: skip
        for c in self._conversations(t):
            message = self._conversation(tid, c, requester, created)
            if message is None:
                dropped.append((f"conversation {c.get('id')}", "no words and no attachments"))
            else:
                messages.append(message)
        kind = str(t.get("type") or "").strip().lower()
        return records.Ticket(
            source_id=tid, reference=f"FD-{tid}",
            subject=(t.get("subject") or "").strip() or "(no subject)", status=status,
            priority=PRIORITIES.get(_number(t.get("priority")) or 0, Priority.NORMAL),
            kind=KINDS.get(kind, Kind.QUESTION),
            channel=CHANNELS.get(_number(t.get("source")) or 0, Channel.EMAIL),
            created_at=created, updated_at=updated, person_id=requester,
            staff_id=_id(t.get("responder_id")), team_id=_id(t.get("group_id")),
            tags=[str(tag) for tag in t.get("tags") or []], messages=messages, dropped=dropped,
        )  # fmt: skip

    def _conversation(self, tid: str, c: dict[str, Any], requester: str,
                      created: datetime) -> records.Message | None:  # fmt: skip
        body_text = (c.get("body_text") or "").strip()
        body_html = (c.get("body") or "").strip()
        attachments = [self._attachment(a) for a in c.get("attachments") or []]
        if not body_text and not body_html and not attachments:
            return None
        author = _id(c.get("user_id"))
        if self._by_staff(c, requester):
            direction = Direction.NOTE if c.get("private") else Direction.OUTBOUND
            staff, person = author, ""
        else:
            direction = Direction.NOTE if c.get("private") else Direction.INBOUND
            staff, person = "", author or requester
        try:
            when = _when(c.get("created_at"))
        except (TypeError, ValueError):
            when = created
        return records.Message(
            source_id=str(c.get("id") or f"{tid}:{c.get('created_at')}"), direction=direction,
            body_text=body_text, body_html=body_html, created_at=when, staff_id=staff,
            person_id=person, attachments=attachments,
        )  # fmt: skip

    def _attachment(self, a: dict[str, Any]) -> records.Attachment:
        return attachment(self.files, a, "name", "attachment_url")
