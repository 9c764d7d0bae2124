"""The status pages' next promise, read by a statement compiled once (core.compiled,
docs/speed-code.md row 21), is what the ORM's read gives: the case's open promises, not
those typed with an internal note, soonest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Direction
from rightthere.core.compiled import forget_compiled
from rightthere.desk import messages as desk_messages
from rightthere.portal.status import next_promise
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.models import Promise
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _orms_next_promise(case):
    return (
        case.promises.filter(state="open")
        .exclude(message__direction=Direction.NOTE)
        .order_by("due_at")
        .first()
    )


def _values(promise):
    """Every column of the promise, or nothing for no promise."""
    return [
        {field.name: getattr(found, field.attname) for field in Promise._meta.concrete_fields}
        for found in (promise,)
        if found is not None
    ]


def test_the_next_promise_is_the_orms_for_cases_with_notes_replies_and_kept_promises(
    agent, django_assert_num_queries
):
    forget_compiled()
    now = timezone.now()
    new_case = make_case()  # its first-answer promise only
    replied = make_case(assignee=agent)
    desk_messages.send_reply(replied, actor=agent, body_text="On my way.", check_wording=False)
    note = desk_messages.add_message(
        replied, actor=agent, direction=Direction.NOTE, body_text="Remind me to order the part"
    )
    reply = desk_messages.add_message(
        replied, actor=agent, direction=Direction.OUTBOUND, body_text="We send the quote."
    )
    make_promise(replied, actor=agent, what="order the part", due_at=now + timedelta(hours=1),
                 message=note)  # fmt: skip
    kept = make_promise(replied, actor=agent, what="call back", due_at=now + timedelta(hours=2))
    keep_promise(kept, actor=agent)
    quote = make_promise(replied, actor=agent, what="send the quote",
                         due_at=now + timedelta(days=1), message=reply)  # fmt: skip
    make_promise(replied, actor=agent, what="come back", due_at=now + timedelta(days=2))
    only_kept = make_case(assignee=agent)
    desk_messages.send_reply(only_kept, actor=agent, body_text="Done.", check_wording=False)

    for case in (new_case, replied, only_kept):
        wanted = _orms_next_promise(case)
        with django_assert_num_queries(1):
            found = next_promise(case)
        assert _values(found) == _values(wanted)
        assert found is None or found.case is case  # as the related manager gives it
    assert next_promise(replied).pk == quote.pk
    assert next_promise(new_case).source == "first_response"
    assert next_promise(only_kept) is None
    forget_compiled()
