"""Request and response shapes for the messages on a case."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from rightthere.cases.models import Direction, Message
from rightthere.core.api.schemas import Input, MessageHtml, MessageText, NamedRef, UserRef
from rightthere.mail.access import sender_warning


class MessageCreate(Input):
    direction: Direction = Field(
        description="inbound (from the customer), outbound (a reply) or note (internal)."
    )
    body_text: MessageText = Field("", description="Plain text; give this or body_html.")
    body_html: MessageHtml = Field("", description="HTML; scripts and styles are removed.")
    promise_what: str = Field(
        "",
        max_length=300,
        description="A promise made with this message, as on the case page "
        "('Send the engineer'); needs promise_due.",
    )
    promise_due: datetime | None = Field(None, description="By when the promise is kept.")
    read_promises: bool = Field(
        True,
        description="With a reply: record the dated commitments read from its words as "
        "promises ('we will send the engineer by Friday' -> 'send the engineer', due Friday "
        "at closing time), as the case page does. promise_what/promise_due, when given, "
        "stand for the first of them. false when the words are not a promise.",
    )
    seen_last_message_id: int | None = Field(
        None,
        ge=0,
        description="With a reply: the id of the last message you saw on the case (0 for "
        "none). If someone else replied or the customer wrote since, nothing is sent and "
        "the answer is 409 with those messages; send again with confirmed to send anyway.",
    )
    confirmed: bool = Field(
        False, description="Send the reply even though messages reached the case since."
    )


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    case_id: int
    direction: Direction
    author: UserRef | None
    author_contact: NamedRef | None
    author_name: str
    body_text: str
    body_html: str = Field(description="Sanitised HTML, safe to render.")
    created_at: datetime
    automatic: bool = Field(description="Written by Rightthere itself, e.g. an acknowledgement.")
    attachments: list[AttachmentOut]
    sender_warning: str = Field(
        description="For a customer's mail: why the receiving mail server could not confirm "
        'it came from the sender\'s domain (SPF, DKIM or DMARC failed); "" when it could, '
        "or did not check. The message is taken either way."
    )

    @staticmethod
    def resolve_sender_warning(message: Message) -> str:
        return sender_warning(message)


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None


class ReplyCrossedOut(Schema):
    """409: the reply crossed messages that reached the case since the one you saw."""

    detail: str
    code: str = Field(description="reply_crossed")
    newer_messages: list[MessageOut] = Field(description="Oldest first.")
