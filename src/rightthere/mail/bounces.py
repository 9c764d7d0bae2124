"""Bounces: a mail server's report that mail we sent could not be delivered.

Pure, like the parser: raw bytes in, a `DeliveryReport` out. It reads a delivery
status notification (RFC 3464: `multipart/report; report-type=delivery-status`, with
its `message/delivery-status` part and the returned `message/rfc822` or
`text/rfc822-headers`) and the plain-text bounces older servers send (a
MAILER-DAEMON or postmaster writing "550 5.1.1 user unknown" above the quoted
headers). A broken report still gives what could be read: the outbox decides
whether that is enough to find the mail it answers.
"""

import re
from dataclasses import dataclass
from email import message_from_bytes, message_from_string
from email.message import Message

from rightthere.mail.headers import POLICY, clean_text, message_ids, raw_header

MAX_PARTS = 200
# What an SMTP server says when it refuses a recipient: "550 5.1.1 <x@y>: user unknown".
_SMTP_REPLY = re.compile(r"\b([45]\d\d)[ -]([45]\.\d{1,3}\.\d{1,3})\b[ :]*([^\r\n]*)")
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_FIELD = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*)$")
_QUOTED_ID = re.compile(r"^\s*Message-ID\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_ADDRESS = re.compile(r"[^\s<>;\"']+@[^\s<>;\"']+")
# A plain-text bounce names each failed address on a line of its own: "<sam@x.example>:".
_FAILED_LINE = re.compile(r"^\s*<([^<>\s]+@[^<>\s]+)>:")
_DIAGNOSTIC_TYPE = re.compile(r"^\s*[A-Za-z0-9-]+\s*$")
NOT_FAILED = {"delayed", "delivered", "relayed", "expanded"}


@dataclass(frozen=True)
class DeliveryReport:
    """What a bounce says: which mail (its Message-IDs, without angle brackets), to whom,
    and why. Any field may be empty when the report did not say or could not be read."""

    original_ids: tuple[str, ...]
    recipients: tuple[str, ...]
    action: str  # "failed", "delayed", ... ("" when not said: a plain-text bounce fails)
    status: str  # "5.1.1"
    diagnostic: str  # "550 5.1.1 user unknown"

    @property
    def failed(self) -> bool:
        """Whether delivery gave up (a "delayed" report is news, not a failure)."""
        return self.action not in NOT_FAILED

    @property
    def reason(self) -> str:
        """The reason as staff read it, e.g. "550 5.1.1 user unknown"."""
        if self.diagnostic:
            has_status = not self.status or self.status in self.diagnostic
            return self.diagnostic if has_status else f"{self.status} {self.diagnostic}"
        return f"status {self.status}" if self.status else "the server gave no reason"


def _text(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return clean_text(data.decode(part.get_content_charset() or "utf-8", "replace"))
    payload = part.get_payload()
    return clean_text(payload) if isinstance(payload, str) else ""


def _walk(message: Message) -> list[Message]:
    """Every part, nested reports and returned messages included, up to MAX_PARTS."""
    found: list[Message] = []
    pending = [message]
    while pending and len(found) < MAX_PARTS:
        part = pending.pop(0)
        found.append(part)
        payload = part.get_payload()
        if isinstance(payload, list):
            pending.extend(child for child in payload if isinstance(child, Message))
    return found


def _status_fields(part: Message) -> list[tuple[str, str]]:
    """The fields of a message/delivery-status part, in order, as (lower name, value).

    The standard library gives its blocks as messages when it can read them; a
    broken one is read line by line from its text."""
    payload = part.get_payload()
    fields: list[tuple[str, str]] = []
    if isinstance(payload, list) and payload:
        for block in payload:
            if isinstance(block, Message):
                fields += [(str(k).lower(), clean_text(str(v))) for k, v in block.items()]
        return fields
    for line in _text(part).splitlines():
        match = _FIELD.match(line)
        if match:
            fields.append((match.group(1).lower(), match.group(2).strip()))
    return fields


def _recipient(value: str) -> str:
    """ "rfc822; Nobody@Example.net" -> "nobody@example.net"."""
    match = _ADDRESS.search(value.rpartition(";")[2] or value)
    return match.group(0).lower().strip(".,") if match else ""


def _diagnostic(value: str) -> str:
    """ "smtp; 550 5.1.1 ...: User unknown" -> "550 5.1.1 ...: User unknown" (one line)."""
    kind, _, rest = value.partition(";")
    text = rest if rest and _DIAGNOSTIC_TYPE.match(kind) else value
    return " ".join(text.split())


def _headers_ids(text: str) -> list[str]:
    """The Message-ID of returned headers (text/rfc822-headers, or quoted in the text)."""
    return [i for value in _QUOTED_ID.findall(text) for i in message_ids(value)]


@dataclass
class _Reading:
    ids: list[str]
    recipients: list[str]
    actions: list[str]
    statuses: list[str]
    diagnostics: list[str]

    def add_fields(self, fields: list[tuple[str, str]]) -> None:
        for name, value in fields:
            if name in ("final-recipient", "original-recipient", "x-actual-recipient"):
                self.recipients.append(_recipient(value))
            elif name == "action":
                self.actions.append(value.lower().split()[0] if value.split() else "")
            elif name == "status":
                self.statuses += _STATUS.findall(value)[:1]
            elif name == "diagnostic-code":
                self.diagnostics.append(_diagnostic(value))

    def add_text(self, text: str) -> None:
        """A plain-text bounce: the SMTP reply, the failed address, quoted headers."""
        self.ids += _headers_ids(text)
        for line in text.splitlines():
            match = _SMTP_REPLY.search(line)
            if match and not self.diagnostics:
                self.diagnostics.append(_diagnostic(" ".join(g for g in match.groups() if g)))
                self.statuses.append(match.group(2))
            failed = _FAILED_LINE.match(line)
            if failed:
                self.recipients.append(failed.group(1).lower())
            field = _FIELD.match(line)
            if field and field.group(1).lower() in ("final-recipient", "original-recipient"):
                self.add_fields([(field.group(1).lower(), field.group(2))])


def read_report(raw: bytes) -> DeliveryReport:
    """Read a bounce; never raises (a part it cannot read is skipped)."""
    try:
        message = message_from_bytes(raw, policy=POLICY)
    except Exception:
        return DeliveryReport((), (), "", "", "")
    reading = _Reading([], [], [], [], [])
    own = set(message_ids(raw_header(message, "message-id")))
    failed_header = raw_header(message, "x-failed-recipients") or ""
    reading.recipients += [a.lower() for a in _ADDRESS.findall(failed_header)]
    texts: list[str] = []
    for part in _walk(message)[1:] if message.is_multipart() else []:
        kind = part.get_content_type()
        if kind in ("message/delivery-status", "message/global-delivery-status"):
            reading.add_fields(_status_fields(part))
        elif kind in ("message/rfc822", "message/global"):
            children = part.get_payload()
            if isinstance(children, list) and children and isinstance(children[0], Message):
                reading.ids += message_ids(raw_header(children[0], "message-id"))
        elif kind in ("text/rfc822-headers", "text/global-headers"):
            returned = message_from_string(_text(part), policy=POLICY)
            reading.ids += message_ids(raw_header(returned, "message-id")) or _headers_ids(
                _text(part)
            )
        elif kind == "text/plain":
            texts.append(_text(part))
    if not message.is_multipart():
        texts.append(_text(message))
    for text in texts:
        reading.add_text(text)
    # The report's own threading headers, when its server set them.
    reading.ids += message_ids(raw_header(message, "in-reply-to"))
    reading.ids += message_ids(raw_header(message, "references"))
    unique = [i for i in dict.fromkeys(reading.ids) if i and i not in own]
    return DeliveryReport(
        original_ids=tuple(unique),
        recipients=tuple(r for r in dict.fromkeys(reading.recipients) if r),
        action=next((a for a in reading.actions if a == "failed"), "")
        or (reading.actions[0] if reading.actions else ""),
        status=reading.statuses[0] if reading.statuses else "",
        diagnostic=reading.diagnostics[0][:300] if reading.diagnostics else "",
    )
