"""docs/webhooks.md is true: its payload examples are what the real use cases send,
and its signature check, run as printed, verifies a real delivery.

The examples come from a story run here through the same functions a person's click
calls (a case opened, the customer writes, a promise made, kept and broken, a visit
booked, moved and done, a satisfaction answer, a one-star review opening a complaint
with a rule sending it to the webhook, a complaint step) and received by a real HTTP
receiver. `RIGHTTHERE_WRITE_DOCS=1 pytest tests/webhooks/test_docs.py` writes them into
docs/webhooks.md; without it the test checks that every example there has exactly the
fields, nesting and JSON types the real payload has.
"""

import json
import os
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from rightthere.accounts.integrations import sign
from rightthere.automation import setup as automation_setup
from rightthere.automation.models import Trigger
from rightthere.cases.models import Status
from rightthere.desk import casework
from rightthere.desk.messages import add_customer_message
from rightthere.desk.reviews import receive_review
from rightthere.desk.visits import book_visit, record_visit_outcome, reschedule_visit
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import Outcome
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.timers import break_overdue
from rightthere.recovery.actions import record_feedback
from rightthere.reviews.parsing import validate_row
from rightthere.satisfaction.actions import answer_case
from rightthere.webhooks.events import RULE_FIRED
from rightthere.webhooks.models import EventType
from tests.factories import make_case, subscribe
from tests.field.conftest import desk  # noqa: F401 - the field desk fixture

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
BEGIN, END = "<!-- examples: begin -->", "<!-- examples: end -->"
ALL_TYPES = [*EventType.values, RULE_FIRED]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def story(desk, owner, agent, run_tasks, receiver) -> dict[str, dict]:  # noqa: F811 - see above
    """Every event once, through the use cases; the first payload of each type."""
    hook = subscribe(receiver.url, owner=owner, name="Accounting")
    receiver.secret = hook.secret
    automation_setup.create_rule(owner, name="Reviews to the owner", trigger=Trigger.CASE_OPENED,
                                 conditions=[{"field": "channel", "op": "is", "value": "review"}],
                                 actions=[{"type": "assign", "value": owner.pk},
                                          {"type": "webhook", "value": hook.pk}])  # fmt: skip
    case = make_case(subject="Boiler leaks", contact=desk.case.contact, assignee=agent,
                     body="Water drips from under the boiler since this morning.")  # fmt: skip
    case = casework.change_status(case, actor=agent, status=Status.OPEN)
    add_customer_message(case, actor=None, body_text="It is getting worse, the floor is wet.")
    case.refresh_from_db()  # the next steps start from the case as it is now, as a page does
    quote = make_promise(case, actor=agent, what="Send you the quote", due_at=_at(1, 17))
    keep_promise(quote, actor=agent)
    make_promise(
        case, actor=agent, what="Call you back", due_at=timezone.now() + timedelta(hours=1)
    )
    break_overdue(timezone.now() + timedelta(hours=2))
    visit = book_visit(case, actor=agent, starts_at=_at(1, 10), duration_minutes=60,
                       technician=desk.tom, skill=desk.boilers)  # fmt: skip
    visit = reschedule_visit(visit, actor=agent, reason="The valve comes a day later.",
                             slot=ChosenSlot("technician", desk.tom.pk, _at(2, 10)))  # fmt: skip
    record_visit_outcome(visit, actor=desk.tom, outcome=Outcome.FIXED,
                         note="Replaced the diverter valve.", early=True)  # fmt: skip
    case.refresh_from_db()
    case = casework.change_status(case, actor=agent, status=Status.SOLVED)
    answer_case(case, actor=None, via="email", rating="good", comment="Quick and tidy, thanks.")
    review, _ = receive_review(validate_row({
        "platform": "google", "id": "g-1842", "author": "Ada Byron", "rating": 1,
        "text": "Nobody turned up on Tuesday.", "email": "ada@example.com",
    }))  # fmt: skip
    record_feedback(review.case.recovery, text="Book two hours for boiler visits.", actor=owner)
    run_tasks()
    examples: dict[str, dict] = {}
    for got in receiver.acted_on:
        assert got.signature_ok
        examples.setdefault(got.event, got.payload)
    return examples


def shape(value):
    """The fields, nesting and JSON types of a payload (values left out)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def section(examples: dict[str, dict]) -> str:
    parts = [BEGIN, ""]
    for event in ALL_TYPES:
        parts += [f"### `{event}`", "", "```json",
                  json.dumps(examples[event], indent=2, ensure_ascii=False), "```", ""]  # fmt: skip
    return "\n".join([*parts, END])


def documented() -> dict[str, dict]:
    text = DOC.read_text()
    block = text[text.index(BEGIN) : text.index(END)]
    found = re.findall(r"### `([a-z_.]+)`\n\n```json\n(.*?)\n```", block, re.S)
    return {event: json.loads(body) for event, body in found}


def test_every_event_is_documented_with_the_payload_the_real_code_sends(
    desk,  # noqa: F811 - the fixture imported above
    owner,
    agent,
    run_tasks,
    receiver,
    webhook_settings,
):
    examples = story(desk, owner, agent, run_tasks, receiver)

    assert sorted(examples) == sorted(ALL_TYPES)
    if os.environ.get("RIGHTTHERE_WRITE_DOCS"):
        text = DOC.read_text()
        start, end = text.index(BEGIN), text.index(END) + len(END)
        DOC.write_text(text[:start] + section(examples) + text[end:])
    in_doc = documented()
    assert sorted(in_doc) == sorted(ALL_TYPES)
    for event in ALL_TYPES:
        # null in one and a value in the other is the one difference allowed (an
        # assignee, a team); otherwise: same fields, same nesting, same types.
        assert _same(shape(in_doc[event]), shape(examples[event])), event


def _same(documented_shape, real_shape) -> bool:
    if "NoneType" in (documented_shape, real_shape):
        return True
    if isinstance(real_shape, dict):
        return (
            isinstance(documented_shape, dict)
            and documented_shape.keys() == real_shape.keys()
            and all(_same(documented_shape[k], real_shape[k]) for k in real_shape)
        )
    if isinstance(real_shape, list):
        return isinstance(documented_shape, list) and all(
            _same(d, r) for d, r in zip(documented_shape, real_shape, strict=False)
        )
    return documented_shape == real_shape


def verify_from_the_docs():
    """The Python block under "Verifying the signature", run as printed."""
    text = DOC.read_text()
    part = text[text.index("## Verifying the signature") :]
    code = re.search(r"```python\n(.*?)\n```", part, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    return namespace["verify"]


def test_the_signature_check_in_the_docs_verifies_a_real_delivery(
    receiver, webhook_settings, owner, run_tasks
):
    verify = verify_from_the_docs()
    hook = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = hook.secret
    make_case(subject="Boiler bangs")
    run_tasks()
    [got] = receiver.received

    assert verify(hook.secret, got.signature, got.body)
    assert not verify("whsec_another", got.signature, got.body)
    assert not verify(hook.secret, got.signature, got.body.replace(b"Boiler", b"Boilor"))
    assert not verify(hook.secret, "t=1,v1=00", got.body)
    assert not verify(hook.secret, "", got.body)
    old = int(time.time()) - 600  # correctly signed, but ten minutes ago: a replay
    assert not verify(hook.secret, sign(hook.secret, got.body, old), got.body)
