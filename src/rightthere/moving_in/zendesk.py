"""Reading a Zendesk export: tickets with their comments as JSON, or the ticket list
as CSV. The shape accepted, with Zendesk's documented field names, is in
docs/moving-in.md.

JSON: an object {"tickets": [...], "users": [...], "organizations": [...],
"groups": [...]} (the API's lists, users and organizations side-loaded), a list of
tickets, or one ticket per line (the account's JSON export). Each ticket may carry
its "comments" (the Ticket Comments API's objects). A .zip may hold tickets.json,
users.json, organizations.json, groups.json and the attachments' files as
attachments/<attachment id>/<file name>: Zendesk's export gives only a content_url,
which Rightthere does not fetch.
"""

import csv
import hashlib
import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext

from rightthere.cases.models import Channel, Direction, Kind, Priority, Status
from rightthere.core.errors import InvalidInput
from rightthere.moving_in import records
from rightthere.moving_in.export_files import attachment, json_documents, preview_rows, text_of

STATUSES = {"new": Status.NEW, "open": Status.OPEN, "pending": Status.WAITING_CUSTOMER,
            "hold": Status.OPEN, "solved": Status.SOLVED, "closed": Status.CLOSED}  # fmt: skip
PRIORITIES = {"urgent": Priority.URGENT, "high": Priority.HIGH, "normal": Priority.NORMAL,
              "low": Priority.LOW}  # fmt: skip
KINDS = {"question": Kind.QUESTION, "incident": Kind.QUESTION, "problem": Kind.QUESTION,
         "task": Kind.REQUEST}  # fmt: skip
CHANNELS = {"email": Channel.EMAIL, "web": Channel.WEB, "voice": Channel.PHONE,
            "api": Channel.API, "mobile": Channel.WEB}  # fmt: skip
STAFF_ROLES = {"agent", "admin"}
SUBDOMAIN = re.compile(r"https?://([a-z0-9-]+)\.zendesk\.com/", re.I)
# The CSV export's columns (a view exported as CSV), as Zendesk names them.
CSV_ID, CSV_SUBJECT = "Id", "Subject"


def _when(value: Any, default: datetime | None = None) -> datetime:
    if not value:
        if default is None:
            raise ValueError("no date")
        return default
    text = str(value).strip().replace(" UTC", "")
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        found = datetime.strptime(text + " +0000", "%Y-%m-%d %H:%M %z")  # the CSV's form
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _id(value: Any) -> str:
    return "" if value is None or value == "" else str(value)


def _json_documents(text: str) -> list[Any]:
    return json_documents(
        text, "", gettext("Upload Zendesk's JSON export, its CSV export, or a .zip of them.")
    )


class ZendeskSource:
    def __init__(self, data: bytes, filename: str) -> None:
        self.files: dict[str, bytes] = {}
        self.raw_tickets: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.orgs: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self._people: list[records.Person] | None = None
        self.sha256 = hashlib.sha256(data).hexdigest()
        name = filename.lower()
        if name.endswith(".zip") or data[:4] == b"PK\x03\x04":
            self._read_zip(data)
        elif name.endswith(".csv"):
            self._read_csv(self._text(data))
        else:
            self._read_json(self._text(data))
        if not self.raw_tickets:
            raise InvalidInput(gettext("No tickets found in the file."))
        self.raw_tickets.sort(key=lambda t: (int(t["id"]) if str(t["id"]).isdigit() else 0,
                                             str(t["id"])))  # fmt: skip
        found = next((SUBDOMAIN.search(str(t.get("url", ""))) for t in self.raw_tickets
                      if t.get("url")), None)  # fmt: skip
        self.system = f"zendesk:{found.group(1).lower()}" if found else "zendesk"

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
            names = archive.namelist()
            for member in names:
                base = member.rsplit("/", 1)[-1].lower()
                if member.startswith("attachments/") and not member.endswith("/"):
                    self.files[member] = archive.read(member)
                elif base.endswith((".json", ".ndjson", ".jsonl")):
                    self._read_json(self._text(archive.read(member)), base.split(".")[0])
                elif base.endswith(".csv"):
                    self._read_csv(self._text(archive.read(member)))

    def _read_json(self, text: str, part: str = "") -> None:
        for document in _json_documents(text):
            items: list[tuple[str, Any]] = []
            if isinstance(document, dict) and any(
                k in document for k in ("tickets", "users", "organizations", "groups")
            ):
                for key in ("tickets", "users", "organizations", "groups"):
                    items += [(key, item) for item in document.get(key) or []]
                if isinstance(document.get("ticket"), dict):
                    items.append(("tickets", document["ticket"]))
            elif isinstance(document, list):
                items += [(part or "tickets", item) for item in document]
            elif isinstance(document, dict):
                items.append((part or "tickets", document))
            for key, item in items:
                if not isinstance(item, dict) or item.get("id") in (None, ""):
                    raise InvalidInput(
                        gettext("A %(record)s without an id: each needs Zendesk's id.")
                        % {"record": key[:-1]}
                    )
                target = {"tickets": None, "users": self.users, "organizations": self.orgs,
                          "groups": self.groups}.get(key)  # fmt: skip
                if target is None:
                    self.raw_tickets.append(item)
                else:
                    target[str(item["id"])] = item

    def _read_csv(self, text: str) -> None:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or CSV_ID not in reader.fieldnames:
            raise InvalidInput(
                gettext("The CSV has no Id column: use Zendesk's CSV export of tickets.")
            )
        for row in reader:
            email = (row.get("Requester email") or "").strip()
            requester = _id(row.get("Requester id")) or (f"email:{email.lower()}" if email else "")
            if requester and requester not in self.users:
                self.users[requester] = {"id": requester, "name": row.get("Requester") or email,
                                         "email": email, "role": "end-user"}  # fmt: skip
            org = (row.get("Organization") or "").strip()
            if org and requester:
                self.orgs.setdefault(f"name:{org}", {"id": f"name:{org}", "name": org})
                self.users[requester]["organization_id"] = f"name:{org}"
            description = (row.get("Description") or "").strip()
            self.raw_tickets.append({
                "id": row[CSV_ID], "subject": row.get(CSV_SUBJECT, ""),
                "status": (row.get("Status") or "").lower(),
                "priority": (row.get("Priority") or "").lower() or None,
                "type": (row.get("Ticket type") or row.get("Type") or "").lower() or None,
                "requester_id": requester, "created_at": row.get("Created at"),
                "updated_at": row.get("Updated at"),
                "tags": (row.get("Tags") or "").replace(",", " ").split(),
                "via": {"channel": (row.get("Via") or "").lower()},
                "group": (row.get("Group") or "").strip(),
                "description": description,
            })  # fmt: skip

    # --- the Source interface -------------------------------------------------

    def teams(self) -> list[records.Team]:
        found = {gid: g.get("name") or f"Zendesk group {gid}" for gid, g in self.groups.items()}
        for t in self.raw_tickets:
            gid = _id(t.get("group_id"))
            if gid and gid not in found:
                found[gid] = f"Zendesk group {gid}"
            if t.get("group"):
                found[f"name:{t['group']}"] = t["group"]
        return [records.Team(gid, name) for gid, name in sorted(found.items())]

    def _is_staff(self, uid: str) -> bool:
        return self.users.get(uid, {}).get("role") in STAFF_ROLES

    def _by_staff(self, c: dict[str, Any], requester: str) -> bool:
        """Whether a comment was written by the staff: its author is an agent or an
        admin, or someone not in the export who is not the requester and did not
        write in by mail."""
        author = _id(c.get("author_id"))
        if not author or author == requester:
            return False
        if author in self.users:
            return self._is_staff(author)
        return not ((c.get("via") or {}).get("source") or {}).get("from")

    def staff(self) -> list[records.Staff]:
        ids = {uid for uid in self.users if self._is_staff(uid)}
        for t in self.raw_tickets:
            if _id(t.get("assignee_id")):
                ids.add(_id(t.get("assignee_id")))
            requester = _id(t.get("requester_id"))
            for c in t.get("comments") or []:
                if self._by_staff(c, requester):
                    ids.add(_id(c.get("author_id")))
        return [
            records.Staff(uid, self.users.get(uid, {}).get("name") or f"Zendesk agent {uid}",
                          (self.users.get(uid, {}).get("email") or "").strip())
            for uid in sorted(ids)
        ]  # fmt: skip

    def organisations(self) -> list[records.Organisation]:
        return [records.Organisation(oid, o.get("name") or f"Zendesk organization {oid}")
                for oid, o in sorted(self.orgs.items())]  # fmt: skip

    def people(self) -> list[records.Person]:
        if self._people is None:
            self._people = self._find_people()
        return self._people

    def _find_people(self) -> list[records.Person]:
        found: dict[str, records.Person] = {}
        for uid, u in self.users.items():
            if not self._is_staff(uid):
                found[uid] = records.Person(uid, u.get("name") or u.get("email") or
                                            f"Zendesk user {uid}", (u.get("email") or "").strip(),
                                            (u.get("phone") or "").strip(),
                                            _id(u.get("organization_id")))  # fmt: skip
        for t in self.raw_tickets:
            for uid, sender in self._ticket_people(t):
                if uid not in found and uid not in self.users:
                    found[uid] = records.Person(
                        uid, sender.get("name") or sender.get("address") or f"Zendesk user {uid}",
                        (sender.get("address") or "").strip(), "", _id(t.get("organization_id")),
                    )  # fmt: skip
        found.setdefault("unknown", records.Person("unknown", "Unknown customer (Zendesk)"))
        return [found[k] for k in sorted(found)]

    def _ticket_people(self, t: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The customer-side people a ticket names: its requester and its comments'
        authors who are not staff, with what the comment's `via` says about them."""
        out = []
        requester = _id(t.get("requester_id"))
        for c in t.get("comments") or []:
            author = _id(c.get("author_id"))
            sender = ((c.get("via") or {}).get("source") or {}).get("from") or {}
            if author and not self._by_staff(c, requester):
                out.append((author, sender))
        if requester:
            out.append((requester, {}))
        return out

    def ticket_count(self) -> int:
        return len(self.raw_tickets)

    def counts(self) -> dict[str, int]:
        comments = sum(len(t.get("comments") or []) or bool(t.get("description"))
                       for t in self.raw_tickets)  # fmt: skip
        attachments = sum(len(c.get("attachments") or []) for t in self.raw_tickets
                          for c in t.get("comments") or [])  # fmt: skip
        return {
            "tickets": len(self.raw_tickets), "comments": comments, "attachments": attachments,
            "attachment files in the upload": len(self.files),
            "organizations": len(self.orgs), "customers (end users)": len(self.people()) - 1,
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
        except ValueError:
            created = datetime.now(UTC)
            dropped.append(("its date", "no readable created_at: the import's time is used"))
        updated = _when(t.get("updated_at"), created)
        requester = _id(t.get("requester_id")) or "unknown"
        messages = []
        comments = t.get("comments") or []
        for c in comments:
            message = self._comment(tid, c, requester)
            if message is None:
                dropped.append((f"comment {c.get('id')}", "no words and no attachments"))
            else:
                messages.append(message)
        if not comments and (t.get("description") or "").strip():
            messages.append(records.Message(
                f"description:{tid}", Direction.INBOUND, t["description"].strip(), "", created,
                person_id=requester,
            ))  # fmt: skip
        assignee = _id(t.get("assignee_id"))
        team = _id(t.get("group_id")) or (f"name:{t['group']}" if t.get("group") else "")
        status = STATUSES.get(str(t.get("status") or "").lower(), Status.OPEN)
        return records.Ticket(
            source_id=tid, reference=f"ZD-{tid}",
            subject=(t.get("subject") or t.get("raw_subject") or "").strip() or "(no subject)",
            status=status, priority=PRIORITIES.get(str(t.get("priority") or "").lower(),
            Priority.NORMAL), kind=KINDS.get(str(t.get("type") or "").lower(), Kind.QUESTION),
            channel=CHANNELS.get(str((t.get("via") or {}).get("channel") or "").lower(),
            Channel.EMAIL), created_at=created, updated_at=updated, person_id=requester,
            staff_id=assignee, team_id=team,
            tags=[str(tag) for tag in t.get("tags") or []], messages=messages, dropped=dropped,
        )  # fmt: skip

    def _comment(self, tid: str, c: dict[str, Any], requester: str) -> records.Message | None:
        author = _id(c.get("author_id"))
        public = c.get("public", True) is not False
        body_html = c.get("html_body") or ""
        body_text = c.get("plain_body") or c.get("body") or ""
        attachments = [self._attachment(a) for a in c.get("attachments") or []]
        if not body_text.strip() and not body_html.strip() and not attachments:
            return None
        if self._by_staff(c, requester):
            direction = Direction.OUTBOUND if public else Direction.NOTE
            staff, person = author, ""
        else:
            direction = Direction.INBOUND if public else Direction.NOTE
            staff, person = "", author or requester
        system = (c.get("metadata") or {}).get("system") or {}
        return records.Message(
            source_id=str(c.get("id") or f"{tid}:{c.get('created_at')}"), direction=direction,
            body_text=body_text, body_html=body_html,
            created_at=_when(c.get("created_at"), datetime.now(UTC)), staff_id=staff,
            person_id=person, message_id=str(system.get("message_id") or "").strip().strip("<>"),
            attachments=attachments,
        )  # fmt: skip

    def _attachment(self, a: dict[str, Any]) -> records.Attachment:
        return attachment(self.files, a, "file_name", "content_url")
