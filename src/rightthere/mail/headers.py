"""Reading headers of raw mail defensively, with the standard library's email package.

Shared by the parser and by the store step, which reads the Message-ID
before anything else. Everything returned is clean text: 8-bit bytes
decoded, no NULs or control characters.
"""

import re
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

MAX_CACHED_HEADER_CHARS = 300


class _CachedHeaderRegistry(HeaderRegistry):
    """policy.default's header registry, without building a new class on every
    lookup nor parsing the same short header twice.

    The standard registry calls type() for each header it parses, which is
    most of the parser's time; the classes depend only on the header kind, so
    one per kind is kept (a bounded set, whatever header names a mail has).
    And every read of a header parses it again: the parser itself reads a
    part's Content-Type about eight times per mail, and mails repeat the same
    Content-Type, MIME-Version or To. Parsed headers are immutable (str with
    read-only attributes), so the last few thousand short ones are kept.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[type, type] = {}
        self._parse = lru_cache(maxsize=4096)(super().__call__)

    def __call__(self, name: str, value: str) -> BaseHeader:
        if len(value) > MAX_CACHED_HEADER_CHARS:
            return super().__call__(name, value)
        return self._parse(name, value)

    def __getitem__(self, name: str) -> type:
        kind = self.registry.get(name.lower(), self.default_class)
        cached = self._classes.get(kind)
        if cached is None:
            cached = self._classes[kind] = type("_" + kind.__name__, (kind, self.base_class), {})
        return cached


POLICY = policy.default.clone(header_factory=_CachedHeaderRegistry())
MAX_ID_CHARS = 900  # fits a unique index on every database we support


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MSG_ID = re.compile(r"<([^<>\s]{1,2000})>")


def _fix_8bit(text: str) -> str:
    """Undo surrogate escapes of raw 8-bit bytes: UTF-8 if it is, else Windows-1252."""
    if not _SURROGATE.search(text):
        return text
    data = text.encode("utf-8", "surrogateescape" if _only_escapes(text) else "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _only_escapes(text: str) -> bool:
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATE.findall(text))


def clean_text(text: str) -> str:
    """Text safe to store anywhere: no NULs or control characters (PostgreSQL refuses NUL)."""
    return _CONTROL.sub("", _fix_8bit(text))


def one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def raw_header(msg: Message, name: str) -> str | None:
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def raw_headers(msg: Message, name: str) -> list[str]:
    """Every header of that name, as one line of clean text each, topmost first."""
    wanted = name.lower()
    return [one_line(str(value)) for key, value in msg.raw_items() if key.lower() == wanted]


def header(msg: Message, name: str) -> str:
    """A header decoded to one line of text; "" when missing or beyond repair."""
    try:
        value = msg.get(name)
        if value is None:
            return ""
        return one_line(str(value))
    except Exception:  # the header parser itself fails on some malformed headers
        raw = raw_header(msg, name) or ""
        try:
            return one_line(str(make_header(decode_header(raw))))
        except Exception:
            return one_line(raw)


def message_ids(raw: str | None) -> list[str]:
    if not raw:
        return []
    text = one_line(raw)
    ids = _MSG_ID.findall(text)
    if not ids:  # some mailers leave out the angle brackets
        ids = [token for token in text.split() if "@" in token]
    # Cut by bytes, not characters: the limit protects an index.
    return [i.encode()[:MAX_ID_CHARS].decode("utf-8", "ignore") for i in ids]


def message_id_of(raw: bytes) -> str:
    """The Message-ID of raw mail bytes, reading only the headers ("" if none)."""
    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
        ids = message_ids(raw_header(headers, "message-id"))
    except Exception:
        return ""
    return ids[0] if ids else ""


def subject_of(raw: bytes) -> str:
    """The Subject of raw mail bytes, reading only the headers (for mail that fails)."""
    try:
        return header(BytesHeaderParser(policy=POLICY).parsebytes(raw), "subject")
    except Exception:
        return ""


def valid_address(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    return bool(local and domain) and len(address) <= 254 and not re.search(r"[\s<>,;]", address)


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]]
    try:
        value = msg.get(name)
        if value is None:
            return []
        pairs = [(a.display_name, a.addr_spec) for a in getattr(value, "addresses", ())]
        if not pairs:
            pairs = getaddresses([str(value)])
    except Exception:
        pairs = getaddresses([header(msg, name)])
    result = []
    for display, address in pairs:
        address = one_line(address).strip("<>").strip()
        if valid_address(address):
            result.append((one_line(display).strip("\"' "), address))
    return result


def date_of(msg: Message) -> datetime | None:
    try:
        value = parsedate_to_datetime(header(msg, "date"))
    except Exception:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
