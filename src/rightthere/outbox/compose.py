"""Building the e-mail for a message: subject with the reference, threading headers,
plain text with an HTML alternative, and the status-page link."""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from rightthere.accounts.profile import business_name
from rightthere.cases.models import Case, Message
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to_case
from rightthere.portal.links import status_url


def mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def new_message_id(case: Case) -> str:
    return f"<rt.{case.pk}.{secrets.token_hex(8)}@{mail_domain()}>"


def subject_for(case: Case) -> str:
    subject = case.subject
    tag = f"[{case.reference}]"
    return subject if tag in subject else f"{subject} {tag}"


@dataclass(frozen=True)
class KnownMail:
    """What the code writing the next mail on a case already knows, so that queueing
    the mail does not read it again: the status-page link, and the threading
    headers (In-Reply-To, References) when known."""

    case_id: int
    status_url: str
    thread: tuple[str, list[str]] | None = None


_known: ContextVar[KnownMail | None] = ContextVar("rightthere_known_mail", default=None)


@contextmanager
def mail_known(known: KnownMail) -> Iterator[None]:
    """Within this block, mail queued for `known.case_id` uses what `known` holds."""
    token = _known.set(known)
    try:
        yield
    finally:
        _known.reset(token)


def known_mail(case: Case) -> KnownMail | None:
    known = _known.get()
    return known if known is not None and known.case_id == case.pk else None


def signature_of(message: Message) -> str:
    """How the person who wrote the message signs: their first name (their full
    name when they have none); empty for a message the desk wrote by itself."""
    author = message.author
    if author is None:
        return ""
    return author.first_name or author.display_name


def _signed_with(tail: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", tail, re.IGNORECASE) is not None


def sign_off(message: Message) -> list[str]:
    """The lines that close the mail: the person once, then the business once.

    A reply often ends with the writer's name already (typed by habit, or a canned
    reply's `{agent.name}`), and sometimes with the business's; what the last lines
    of the message already say is not said again."""
    lines = [line.strip() for line in message.body_text.strip().splitlines() if line.strip()]
    tail = "\n".join(lines[-3:])
    close = []
    signature = signature_of(message)
    if signature and not _signed_with(tail, signature):
        close.append(signature)
    business = business_name()
    if business and not _signed_with(tail, business):
        close.append(business)
    return close


def render_bodies(case: Case, message: Message) -> tuple[str, str]:
    known = known_mail(case)
    context = {
        "case": case,
        "message": message,
        "status_url": known.status_url if known is not None else status_url(case, base_url()),
        "sign_off": sign_off(message),
    }
    with speaking_to_case(case):
        return (
            render_to_string("outbox/mail.txt", context).strip() + "\n",
            render_to_string("outbox/mail.html", context),
        )
