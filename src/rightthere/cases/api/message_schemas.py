"""Request and response shapes for the messages on a case."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from rightthere.cases.models import Direction
from rightthere.core.api.schemas import Input, MessageHtml, MessageText, NamedRef, UserRef


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


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None
