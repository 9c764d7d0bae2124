"""How a parsed mail maps onto cases and customers: who sent it, which case
it belongs to, what its message and attachments look like on the case."""

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Case
from rightthere.cases.models.case import parse_reference
from rightthere.customers.actions import add_contact, contact_for_sender, find_contact_by_email
from rightthere.customers.models import Contact
from rightthere.mail.parser import ParsedAttachment, ParsedMail

_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|tr|antw)\s*(\[\d+\])?\s*:\s*)+", re.I)


def case_subject(subject: str) -> str:
    """The subject for a new case: without Re:/Fwd: prefixes, never empty, at most 250."""
    subject = _REPLY_PREFIX.sub("", subject).strip() or subject.strip()
    return (subject or "(no subject)")[:250]


def case_id_from_subject(subject: str) -> int | None:
    """The case whose reference, like [RT-000123], is in the subject (it may since
    have been merged into another: a merged case's reference is an alias, and
    `live_case` follows it)."""
    prefix = re.escape(settings.RIGHTTHERE["CASE_REFERENCE_PREFIX"])
    match = re.search(rf"\[\s*({prefix}-\d{{1,12}})\s*\]", subject, re.IGNORECASE)
    return parse_reference(match.group(1)) if match else None


def may_write_by_reference(case: Case, address: str) -> bool:
    """Whether mail from `address` that only names the case's reference may join it.

    References are sequential, so anyone can write one: only the customer's own
    contacts may (and, if the owner allows it, addresses at a contact's domain).
    Mail that answers one of the case's mails by Message-ID does not need this:
    those ids are not guessable, so its sender was sent or forwarded that mail."""
    if find_contact_by_email(address, customer_id=case.customer_id) is not None:
        return True
    if not settings.RIGHTTHERE["MAIL_SAME_DOMAIN_JOINS"] or "@" not in address:
        return False
    domain = address.rsplit("@", 1)[1].lower()
    return any(
        email.lower().rsplit("@", 1)[-1] == domain
        for email in case.customer.contacts.exclude(email="").values_list("email", flat=True)
    )


def stranger_note(case: Case, address: str) -> str:
    """The internal note on a case opened for mail that named another case's reference."""
    return (
        f"This e-mail names {case.reference} in its subject, but {address} is not a contact "
        f"of {case.customer.name}, so it was not added to {case.reference} and opened as a "
        f"new case instead. If it does belong there, merge this case into {case.reference}."
    )


def sender_contact(parsed: ParsedMail, *, case: Case | None = None, language: str = "") -> Contact:
    """The contact who sent the mail, matched by address case-insensitively.

    On an existing case a contact of the case's customer is preferred, and an
    unknown sender (someone copied in, say) becomes a contact of that customer;
    otherwise an unknown sender becomes a new customer with one contact, who gets
    `language` (the one the mail is written in; see `contact_for_sender`).
    """
    address = parsed.from_address
    name = parsed.from_name[:200]
    if case is not None:
        own = find_contact_by_email(address, customer_id=case.customer_id)
        if own is not None:
            return own
    if case is None:
        return contact_for_sender(name=name, email=address, language=language)
    known = find_contact_by_email(address)
    if known is not None:
        return known
    return add_contact(case.customer, name=name or address.split("@")[0], email=address)


@dataclass(frozen=True)
class CaseBody:
    text: str
    html: str
    note: str  # for the internal note, when the text had to be shortened


def body_for_case(parsed: ParsedMail, *, has_attachments: bool) -> CaseBody:
    """The message as the case shows it: the new text of a reply, the formatted
    HTML when nothing was trimmed from it, cut to the configured length."""
    limit = settings.RIGHTTHERE["MAX_MESSAGE_CHARS"]
    text = parsed.displayed_text.strip()
    html = parsed.html if parsed.html and not parsed.trimmed else ""
    if not text:
        text = "(This e-mail has no text" + ("; see the attachments.)" if has_attachments else ".)")
    note = ""
    if len(text) > limit:
        text = text[: limit - 20].rstrip() + "\n\n[…]"
        note = (
            f"\nThe e-mail text was longer than {limit:,} characters and is shortened here; "
            "the original e-mail is kept in full."
        )
    if len(html) > 2 * limit:
        html = ""  # the shortened text is shown instead
    return CaseBody(text, html, note)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def storable_filename(filename: str, content_type: str) -> str:
    """A file name that storage accepts: no path, short, with something left after cleaning."""
    name = " ".join(_UNSAFE.sub("_", filename).split()).strip(". ")
    stem, extension = os.path.splitext(name)
    extension = extension[:16]
    if not re.sub(r"(?u)[^-\w]", "", stem):
        stem = "attachment"
    return stem[: 80 - len(extension)] + extension


def storable_attachments(
    attachments: Sequence[ParsedAttachment],
) -> tuple[list[NewAttachment], list[ParsedAttachment]]:
    """The attachments to keep, and the ones too large to keep."""
    limit = settings.RIGHTTHERE.get("MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
    kept, dropped = [], []
    for item in attachments:
        if item.size > limit:
            dropped.append(item)
            continue
        name = storable_filename(item.filename, item.content_type)
        kept.append(NewAttachment(name, item.content, item.content_type[:100]))
    return kept, dropped


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB"


def dropped_attachments_note(dropped: Sequence[ParsedAttachment], inbound_id: int) -> str:
    if not dropped:
        return ""
    limit = file_size(settings.RIGHTTHERE.get("MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024))
    files = "\n".join(f"- {item.filename} ({file_size(item.size)})" for item in dropped)
    return (
        f"Left out of the customer's e-mail because larger than the {limit} limit:\n{files}\n"
        f"The original e-mail is kept in full as inbound mail #{inbound_id}."
    )
