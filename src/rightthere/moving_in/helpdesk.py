"""Reading a django-helpdesk database (2.x): queues become teams, tickets cases,
follow-ups messages, follow-up attachments attachments; the knowledge base, custom
fields, checklists and escalation rules are left out.

The database is another program's, so it is read with its own driver (sqlite3 or
psycopg), read-only, with plain SELECTs on helpdesk's tables; none of Rightthere's
tables is touched here. Attachments are read from helpdesk's MEDIA_ROOT.
"""

import os
import sqlite3
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext

from rightthere.cases.models import Channel, Direction, Kind, Priority, Status
from rightthere.core.errors import InvalidInput
from rightthere.moving_in import records

SYSTEM = "django-helpdesk"
# helpdesk.settings: 1 Open, 2 Reopened, 3 Resolved, 4 Closed, 5 Duplicate.
STATUSES = {1: Status.OPEN, 2: Status.OPEN, 3: Status.SOLVED, 4: Status.CLOSED, 5: Status.CLOSED}
# 1 Critical, 2 High, 3 Normal, 4 Low, 5 Very low.
PRIORITIES = {1: Priority.URGENT, 2: Priority.HIGH, 3: Priority.NORMAL, 4: Priority.LOW,
              5: Priority.LOW}  # fmt: skip


def _when(value: Any) -> datetime:
    """A datetime from either driver: psycopg gives aware ones, SQLite the text Django
    wrote there (UTC)."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def describe(url: str) -> str:
    """The database as shown on screens: without its password."""
    parsed = urlparse(url if "://" in url else f"sqlite:///{url}")
    if parsed.scheme.startswith("sqlite"):
        return Path(unquote(parsed.path)).name or url
    host = parsed.hostname or "localhost"
    return (
        f"{parsed.scheme}://{parsed.username + '@' if parsed.username else ''}{host}{parsed.path}"
    )


class HelpdeskSource:
    system = SYSTEM

    def __init__(self, url: str, media_root: str = "") -> None:
        self.url = url.strip()
        self.media_root = Path(media_root).resolve() if media_root.strip() else None
        parsed = urlparse(self.url if "://" in self.url else f"sqlite:///{self.url}")
        try:
            if parsed.scheme in ("sqlite", "sqlite3", "file"):
                # As dj-database-url reads them: sqlite:////abs/path, sqlite:///relative.
                path = Path(parsed.netloc + unquote(parsed.path)[1:]).resolve()
                if not path.is_file():
                    raise InvalidInput(gettext("No database file at %(path)s.") % {"path": path})
                self.conn: Any = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
                self.mark = "?"
            elif parsed.scheme in ("postgres", "postgresql", "pgsql"):
                import psycopg

                self.conn = psycopg.connect(self.url, autocommit=True)
                self.mark = "%s"
            else:
                raise InvalidInput(
                    gettext(
                        "Give a PostgreSQL URL (postgres://user@host/db) or a SQLite file "
                        "(sqlite:////path/to/db.sqlite3)."
                    )
                )
        except (sqlite3.Error, OSError) as error:
            raise InvalidInput(
                gettext("Could not open the database: %(error)s") % {"error": error}
            ) from error
        except Exception as error:  # psycopg's errors: the driver is imported lazily
            if isinstance(error, InvalidInput):
                raise
            raise InvalidInput(
                gettext("Could not connect to the database: %(error)s") % {"error": error}
            ) from error
        try:
            self._rows("SELECT id FROM helpdesk_ticket WHERE 1 = 0")
        except Exception as error:
            self.close()
            raise InvalidInput(
                gettext("That database has no django-helpdesk tables (helpdesk_ticket).")
            ) from error
        self._users: dict[int, tuple[str, str, str, bool]] | None = None

    def close(self) -> None:
        self.conn.close()

    def _rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql.replace("%s", self.mark), list(params))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _marks(self, count: int) -> str:
        return ", ".join(["%s"] * count)

    # --- people ---------------------------------------------------------------

    def users(self) -> dict[int, tuple[str, str, str, bool]]:
        """auth_user id -> (username, full name, e-mail, is staff)."""
        if self._users is None:
            self._users = {
                uid: (username, f"{first} {last}".strip() or username, email or "", bool(staff))
                for uid, username, first, last, email, staff in self._rows(
                    "SELECT id, username, first_name, last_name, email, is_staff FROM auth_user"
                )
            }
        return self._users

    def teams(self) -> list[records.Team]:
        return [
            records.Team(str(qid), title)
            for qid, title in self._rows("SELECT id, title FROM helpdesk_queue ORDER BY id")
        ]

    def staff(self) -> list[records.Staff]:
        return [
            records.Staff(str(uid), name, email, username)
            for uid, (username, name, email, staff) in sorted(self.users().items())
            if staff
        ]

    def organisations(self) -> list[records.Organisation]:
        return []  # helpdesk has none: each submitter is a customer of their own

    def people(self) -> list[records.Person]:
        names = {
            email.lower(): name
            for username, name, email, staff in self.users().values()
            if email and not staff
        }
        emails = {
            (email or "").strip().lower()
            for (email,) in self._rows("SELECT DISTINCT submitter_email FROM helpdesk_ticket")
        }
        emails |= set(names)
        emails.discard("")
        people = [
            records.Person(f"email:{e}", names.get(e) or e.split("@")[0], email=e)
            for e in sorted(emails)
        ]
        people.append(records.Person("unknown", "Unknown customer (django-helpdesk)"))
        return people

    # --- tickets --------------------------------------------------------------

    def ticket_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM helpdesk_ticket")[0][0])

    def counts(self) -> dict[str, int]:
        one = self._rows
        return {
            "tickets": self.ticket_count(),
            "follow-ups": int(one("SELECT count(*) FROM helpdesk_followup")[0][0]),
            "attachments": int(one("SELECT count(*) FROM helpdesk_followupattachment")[0][0]),
            "queues (teams)": int(one("SELECT count(*) FROM helpdesk_queue")[0][0]),
            "customers (submitters)": len(self.people()) - 1,
            "staff": len(self.staff()),
        }

    def first_rows(self, count: int) -> list[records.PreviewRow]:
        return [
            records.PreviewRow(
                reference=t.reference,
                subject=t.subject,
                requester=t.person_id.removeprefix("email:"),
                status=t.status,
                messages=len(t.messages),
                attachments=sum(len(m.attachments) for m in t.messages),
                created_at=t.created_at.isoformat(timespec="minutes"),
            )  # fmt: skip
            for t in self.tickets(0, count)
        ]

    def tickets(self, start: int, count: int) -> list[records.Ticket]:
        rows = self._rows(
            "SELECT t.id, t.title, q.slug, t.queue_id, t.created, t.modified, t.submitter_email,"
            " t.assigned_to_id, t.status, t.description, t.resolution, t.priority, t.merged_to_id"
            " FROM helpdesk_ticket t JOIN helpdesk_queue q ON q.id = t.queue_id"
            " ORDER BY t.id LIMIT %s OFFSET %s",
            [count, start],
        )
        if not rows:
            return []
        ids = [row[0] for row in rows]
        followups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        sql = (
            "SELECT id, ticket_id, date, title, comment, public, user_id, message_id"  # noqa: S608 - placeholders only
            f" FROM helpdesk_followup WHERE ticket_id IN ({self._marks(len(ids))}) ORDER BY ticket_id, date, id"
        )  # placeholders only
        for f in self._rows(sql, ids):
            followups[f[1]].append(f)
        fids = [f[0] for fs in followups.values() for f in fs]
        files: dict[int, list[records.Attachment]] = defaultdict(list)
        for chunk in range(0, len(fids), 500):
            part = fids[chunk : chunk + 500]
            sql = (
                "SELECT id, followup_id, file, filename, mime_type FROM helpdesk_followupattachment"  # noqa: S608 - placeholders only
                f" WHERE followup_id IN ({self._marks(len(part))}) ORDER BY id"
            )  # placeholders only
            for aid, fid, path, filename, mime in self._rows(sql, part):
                files[fid].append(records.Attachment(
                    str(aid), filename or os.path.basename(path), mime or "application/octet-stream",
                    self._reader(path),
                ))  # fmt: skip
        return [self._ticket(row, followups[row[0]], files) for row in rows]

    def _reader(self, path: str) -> Any:
        def read() -> tuple[bytes | None, str]:
            if self.media_root is None:
                return None, "no media folder was given, so the file could not be read"
            full = (self.media_root / path).resolve()
            if not full.is_relative_to(self.media_root):
                return None, "its path leads outside the media folder"
            try:
                return full.read_bytes(), ""
            except OSError:
                return None, f"the file {path} is not in the media folder"

        return read

    def _ticket(
        self, row: tuple[Any, ...], followups: list[tuple[Any, ...]],
        files: dict[int, list[records.Attachment]],
    ) -> records.Ticket:  # fmt: skip
        (tid, title, slug, queue_id, created, modified, email, assignee, status, description,
         resolution, priority, merged_to) = row  # fmt: skip
        users = self.users()
        person = f"email:{email.strip().lower()}" if (email or "").strip() else "unknown"
        dropped: list[tuple[str, str]] = []
        messages: list[records.Message] = []
        description = (description or "").strip()
        opened_id = ""
        for f in followups:
            fid, _, date, ftitle, comment, public, user_id, message_id = f
            comment = (comment or "").strip()
            attachments = files.get(fid, [])
            if description and comment == description and not messages:
                # helpdesk keeps the description again as the first follow-up: it is
                # the case's first message (with this follow-up's Message-ID).
                opened_id = message_id or ""
                if attachments:
                    messages.append(self._message(f, "", person, attachments))
                continue
            if not comment and not attachments:
                dropped.append((f"follow-up {fid}", f"no words ({ftitle or 'a status change'})"))
                continue
            messages.append(self._message(f, comment, person, attachments))
        if description:
            messages.insert(0, records.Message(
                source_id=f"ticket:{tid}", direction=Direction.INBOUND, body_text=description,
                body_html="", created_at=_when(created), person_id=person,
                message_id=opened_id.strip().strip("<>"),
            ))  # fmt: skip
        if resolution and (resolution or "").strip() not in {m.body_text for m in messages}:
            messages.append(records.Message(
                source_id=f"resolution:{tid}", direction=Direction.NOTE,
                body_text=f"Resolution: {resolution.strip()}", body_html="",
                created_at=_when(modified),
            ))  # fmt: skip
        if merged_to:
            dropped.append(("its merge", f"it was merged into ticket {merged_to} there"))
        channel = Channel.EMAIL if any(m.message_id for m in messages) else Channel.WEB
        staff_id = str(assignee) if assignee and users.get(assignee, ("", "", "", False))[3] else ""
        return records.Ticket(
            source_id=str(tid), reference=f"{slug}-{tid}", subject=title or "(no subject)",
            status=STATUSES.get(status, Status.OPEN), priority=PRIORITIES.get(priority,
            Priority.NORMAL), kind=Kind.QUESTION, channel=channel, created_at=_when(created),
            updated_at=_when(modified), person_id=person, staff_id=staff_id,
            team_id=str(queue_id), messages=messages, dropped=dropped,
        )  # fmt: skip

    def _message(
        self, f: tuple[Any, ...], comment: str, person: str, attachments: list[records.Attachment]
    ) -> records.Message:
        fid, _, date, _, _, public, user_id, message_id = f
        user = self.users().get(user_id) if user_id else None
        if user is not None and user[3]:
            direction = Direction.OUTBOUND if public else Direction.NOTE
            return records.Message(
                source_id=str(fid), direction=direction, body_text=comment, body_html="",
                created_at=_when(date), staff_id=str(user_id),
                message_id=(message_id or "").strip().strip("<>"), attachments=attachments,
            )  # fmt: skip
        author = f"email:{user[2].lower()}" if user is not None and user[2] else person
        return records.Message(
            source_id=str(fid), direction=Direction.INBOUND if public or user else Direction.NOTE,
            body_text=comment, body_html="", created_at=_when(date), person_id=author,
            message_id=(message_id or "").strip().strip("<>"), attachments=attachments,
        )  # fmt: skip
