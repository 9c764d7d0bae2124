"""The reads mail intake makes for every mail, written as SQL.

Each of them is a single indexed lookup. Building the same statement through
the ORM costs about 200-300 µs of Python per mail (a filtered `count()` 282 µs,
against 18 µs for the statement itself on SQLite; measured for issue #3, see
the mail-ingest section of docs/benchmarks.md), which was the biggest share of
a mail's time. The SQL is plain enough for SQLite and PostgreSQL alike, and
the tests run on both (a renamed table or column fails them).
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from rightthere.mail.models import InboundStatus

_LOCK_STATUS = "SELECT status FROM mail_inboundmail WHERE id = %s"
_RECENT_MAIL = (
    "SELECT COUNT(*) FROM mail_inboundmail "
    "WHERE sender = %s AND created_at >= %s AND created_at <= %s AND status <> %s"
)
_CASES_BY_MESSAGE_ID = (
    "SELECT 0, message_id, case_id FROM mail_inboundmail "
    "WHERE message_id IN ({inbound}) AND case_id IS NOT NULL "
    "UNION ALL "
    "SELECT 1, mail_message_id, case_id FROM outbox_outboundmail "
    "WHERE mail_message_id IN ({outbound})"
)


def lock_status(inbound_id: int) -> str | None:
    """The mail's status, read under a row lock (PostgreSQL; SQLite's write
    transaction already excludes other writers). None if the mail is gone."""
    lock = connection.features.has_select_for_update
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_STATUS + (" FOR UPDATE" if lock else ""), [inbound_id])
        row = cursor.fetchone()
    return row[0] if row else None


def recent_mail_count(sender: str, since: datetime, until: datetime) -> int:
    """How many mails from `sender` were stored between `since` and `until`, not
    counting those that failed (uses the sender-and-time index)."""
    adapt = connection.ops.adapt_datetimefield_value
    params = [sender, adapt(since), adapt(until), InboundStatus.FAILED.value]
    with connection.cursor() as cursor:
        cursor.execute(_RECENT_MAIL, params)
        return int(cursor.fetchone()[0])


def cases_by_message_id(ids: Sequence[str]) -> dict[str, int]:
    """Message-ID (without angle brackets) -> case id, for every id we know: the
    mail we received and the mail we sent, ours winning when both know an id."""
    marks = ", ".join(["%s"] * len(ids))
    sql = _CASES_BY_MESSAGE_ID.format(inbound=marks, outbound=marks)  # placeholders only
    with connection.cursor() as cursor:
        # The outbox stores its ids with the angle brackets; inbound ids are without.
        cursor.execute(sql, [*ids, *(f"<{i}>" for i in ids)])
        rows = sorted(cursor.fetchall())  # received first, so that ours override
    return {message_id.strip("<>"): case_id for _, message_id, case_id in rows}
