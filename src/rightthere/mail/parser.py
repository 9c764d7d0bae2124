"""Raw e-mail bytes into a `ParsedMail`: pure (no database, no settings), and
never crashing on the broken mail that real servers deliver.

Every header and body part is read defensively: broken encodings fall back
to a best reading, unknown charsets to UTF-8 or Windows-1252, 8-bit headers
are decoded as UTF-8. Only a mail with no usable sender raises `ParseError`.
"""

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.message import Message
from io import BytesIO

from rightthere.core.sanitise import html_to_text, sanitise_html
from rightthere.mail.automation import automated_kind, automation_reason
from rightthere.mail.headers import (
    POLICY,
    addresses,
    clean_text,
    date_of,
    header,
    message_ids,
    raw_header,
    raw_headers,
)
from rightthere.mail.quoting import trim_reply

MAX_NESTING = 40


class ParseError(Exception):
    """The mail has nothing we can turn into a message (no sender, no content)."""


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str  # without angle brackets; "" when the mail has none
    in_reply_to: str
    references: tuple[str, ...]
    subject: str
    from_name: str
    from_address: str
    reply_to: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime | None
    text: str  # the full plain text as sent (from the HTML part when there is no text part)
    html: str  # sanitised HTML, safe to render; "" when the mail has no HTML part
    displayed_text: str  # `text` without quoted history and signature
    attachments: tuple[ParsedAttachment, ...]
    is_automated: bool
    automated_reason: str
    # Authentication-Results headers, topmost (the last server's) first.
    authentication_results: tuple[str, ...] = ()
    # `automation.Automated`: a bounce or an auto-reply, "" for any other mail.
    automated_kind: str = ""

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this mail answers, the most direct first."""
        ids = [self.in_reply_to, *reversed(self.references)]
        return list(dict.fromkeys(i for i in ids if i))

    @property
    def trimmed(self) -> bool:
        return self.displayed_text != self.text.strip()


# -- body parts -------------------------------------------------------------


@dataclass
class _Parts:
    texts: list[str]
    htmls: list[str]
    attachments: list[ParsedAttachment]


@dataclass(frozen=True)
class _PartInfo:
    content_type: str
    params: dict[str, str]
    disposition: str | None
    filename: str


def _part_info(part: Message) -> _PartInfo:
    """Content type, its parameters, disposition and file name, each header parsed once."""
    try:
        header = part.get("content-type")
        if header is None:
            content_type, params = part.get_default_type(), {}
        else:
            content_type = str(getattr(header, "content_type", "")).lower()
            params = {str(k).lower(): str(v) for k, v in getattr(header, "params", {}).items()}
        if content_type.count("/") != 1:
            content_type = "text/plain"  # what RFC 2045 says an invalid type means
        disposition_header = part.get("content-disposition")
        disposition, filename = None, ""
        if disposition_header is not None:
            disposition = str(getattr(disposition_header, "content_disposition", "")) or None
            filename = str(getattr(disposition_header, "params", {}).get("filename") or "")
        filename = filename or params.get("name", "")
    except Exception:  # a header the parser cannot read at all
        return _PartInfo("application/octet-stream", {}, "attachment", "")
    return _PartInfo(
        content_type, params, disposition and disposition.lower(), clean_text(filename)
    )


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _strict_decode(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except Exception:  # unknown codec, wrong charset, or a codec that is not for text
        return None


def _decode(data: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        text = _strict_decode(data, candidate) if candidate else None
        if text is not None:
            return text
    try:
        return data.decode(charset or "utf-8", "replace")
    except Exception:
        return data.decode("cp1252", "replace")


def _unflow(text: str, delsp: bool) -> str:
    """Join the soft line breaks of format=flowed text (RFC 3676)."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and out[-1].endswith(" ") and out[-1] != "-- " and not line.startswith(">"):
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + line
        else:
            out.append(line)
    return "\n".join(out)


def _text_of(part: Message, info: _PartInfo) -> str:
    charset = info.params.get("charset") or None
    text = _decode(_payload_bytes(part), charset).replace("\r\n", "\n").replace("\r", "\n")
    if info.params.get("format", "").lower() == "flowed":
        text = _unflow(text, info.params.get("delsp", "").lower() == "yes")
    return clean_text(text)


def _flatten(message: Message) -> bytes:
    buffer = BytesIO()
    try:
        BytesGenerator(buffer, mangle_from_=False, policy=policy.compat32).flatten(message)
    except Exception:
        return str(message).encode("utf-8", "surrogateescape")
    return buffer.getvalue()


def _default_filename(content_type: str, subject: str = "") -> str:
    if content_type == "text/calendar":
        return "invite.ics"
    if content_type in ("message/rfc822", "message/global"):
        return f"{subject[:60] or 'attached message'}.eml"
    if content_type == "message/delivery-status":
        return "delivery-status.txt"
    return "attachment" + (mimetypes.guess_extension(content_type) or ".bin")


def _children(part: Message) -> Iterator[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        yield from (child for child in payload if isinstance(child, Message))


def _collect(part: Message, parts: _Parts, depth: int = 0) -> None:
    if depth > MAX_NESTING:
        return
    info = _part_info(part)
    content_type = info.content_type
    if content_type.startswith("message/"):
        children = list(_children(part))
        content = b"\n".join(_flatten(child) for child in children) or _payload_bytes(part)
        subject = header(children[0], "subject") if children else ""
        name = info.filename or _default_filename(content_type, subject)
        parts.attachments.append(ParsedAttachment(name, content_type, content))
        return
    if part.is_multipart():
        for child in _children(part):
            _collect(child, parts, depth + 1)
        return
    body = content_type in ("text/plain", "text/html") and info.disposition != "attachment"
    if body and not info.filename:
        (parts.texts if content_type == "text/plain" else parts.htmls).append(_text_of(part, info))
        return
    name = info.filename or _default_filename(content_type)
    parts.attachments.append(ParsedAttachment(name, content_type, _payload_bytes(part)))


# -- the whole mail ---------------------------------------------------------

_FORWARD = re.compile(r"^\s*(fwd?|wg|tr|doorst)\s*:", re.IGNORECASE)


def _sender(msg: Message) -> tuple[str, str]:
    for name in ("from", "sender", "reply-to"):
        found = addresses(msg, name)
        if found:
            return found[0]
    return_path = addresses(msg, "return-path")
    if return_path:
        return "", return_path[0][1]
    raise ParseError("The mail has no sender address (no readable From header).")


def parse_mail(raw: bytes) -> ParsedMail:
    """Read raw mail bytes. Raises ParseError only when there is no usable sender."""
    if not raw.strip():
        raise ParseError("The mail is empty.")
    try:
        msg = message_from_bytes(raw, policy=POLICY)
    except Exception as error:  # not seen in practice; the parser is very lenient
        raise ParseError(f"The mail could not be read: {error}") from error
    from_name, from_address = _sender(msg)
    parts = _Parts([], [], [])
    _collect(msg, parts)
    html = sanitise_html("\n".join(parts.htmls)) if any(h.strip() for h in parts.htmls) else ""
    text = "\n\n".join(t.strip("\n") for t in parts.texts if t.strip())
    if not text and html:
        text = html_to_text(html)
    subject = header(msg, "subject")
    in_reply_to = message_ids(raw_header(msg, "in-reply-to"))
    own_ids = message_ids(raw_header(msg, "message-id"))
    # Most of the headers asked about are absent: look them up in one pass.
    present = {key.lower() for key in msg}
    top = _part_info(msg)
    reason = automation_reason(
        header=lambda name: header(msg, name) if name.lower() in present else "",
        from_address=from_address,
        subject=subject,
        content_type=top.content_type,
    )
    kind = automated_kind(
        header=lambda name: header(msg, name) if name.lower() in present else "",
        from_address=from_address,
        subject=subject,
        content_type=top.content_type,
        report_type=top.params.get("report-type", ""),
    )
    return ParsedMail(
        message_id=own_ids[0] if own_ids else "",
        in_reply_to=in_reply_to[0] if in_reply_to else "",
        references=tuple(message_ids(raw_header(msg, "references"))),
        subject=subject,
        from_name=from_name,
        from_address=from_address,
        reply_to=next((a for _, a in addresses(msg, "reply-to")), ""),
        to=tuple(a for _, a in addresses(msg, "to")),
        cc=tuple(a for _, a in addresses(msg, "cc")),
        date=date_of(msg),
        text=text,
        html=html,
        displayed_text=trim_reply(text, keep_history=bool(_FORWARD.match(subject))),
        attachments=tuple(parts.attachments),
        is_automated=bool(reason),
        automated_reason=reason,
        authentication_results=tuple(raw_headers(msg, "authentication-results")),
        automated_kind=kind,
    )
