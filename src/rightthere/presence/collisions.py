"""Replies that cross: someone else answered, or the customer wrote, while a reply
was being written. The writer reads those messages first, then sends anyway or
edits (`desk.messages.send_reply` asks here before sending)."""

from rightthere.accounts.models import User
from rightthere.cases.models import Case, Direction, Message
from rightthere.core.errors import ReplyCrossed


def refuse_crossed_reply(case: Case, *, actor: User | None, seen_last_message_id: int) -> None:
    """Raise `ReplyCrossed` with the messages to or from the customer added to `case`
    after the one with id `seen_last_message_id` (the last one the writer saw), other
    than the writer's own replies. Internal notes do not cross a reply."""
    newer = Message.objects.filter(
        case=case,
        pk__gt=seen_last_message_id,
        direction__in=(Direction.INBOUND, Direction.OUTBOUND),
    )
    if actor is not None:
        newer = newer.exclude(direction=Direction.OUTBOUND, author=actor)
    newer = newer.select_related("author", "author_contact").prefetch_related("attachments")
    found = list(newer)
    if found:
        raise ReplyCrossed(found)
