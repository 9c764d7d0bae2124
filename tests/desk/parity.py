"""What the parity tests compare: the outcome of one job on a case, whichever door did it.

`outcome(case)` reduces what a job left on a case to what a person would compare
(no ids, no times, nothing that names the case itself), so the same job done on
two cases through two doors gives two equal dicts. `api(user)` is an API client
with a fresh token for that user.
"""

import re

from django.test import Client

from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Case
from rightthere.checklists.models import CaseChecklistItem
from rightthere.coach.models import MessageSentiment, ReplyFinding
from rightthere.outbox.models import OutboundMail
from rightthere.recovery.models import Recovery
from rightthere.recovery.steps import step_states


def api(user) -> Client:
    _, key = create_api_token(user, "parity")
    return Client(headers={"authorization": f"Bearer {key}"})


def _name(user) -> str | None:
    return user.username if user is not None else None


def _recovery(case: Case) -> dict | None:
    recovery = Recovery.objects.filter(case=case).first()
    if recovery is None:
        return None
    return {
        "started_by": recovery.started_by,
        "round": recovery.round,
        "steps": [(s.number, s.done, s.waiver is not None) for s in step_states(recovery)],
        "options": sorted(recovery.options.values_list("round", "position", "label")),
        "chosen": recovery.chosen_option.label if recovery.chosen_option else None,
    }


# The first-answer promise is due a set time after the case was opened: two cases opened
# a moment apart may show it a minute apart on their timelines.
FIRST_ANSWER_DUE = re.compile(r"^(made: Send the first answer) by .*$")


def _event(e) -> tuple:
    after = (
        FIRST_ANSWER_DUE.sub(r"\1 by (its due time)", e.after) if e.kind == "promise" else e.after
    )
    return (e.kind, e.field, e.before, after, _name(e.actor))


def _sorted(rows) -> list:
    """In a fixed order, whatever the database's (rows may hold None)."""
    return sorted(rows, key=repr)


def last_event(case: Case) -> int:
    """The newest event on the case, for `outcome(case, since=...)`."""
    return case.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def outcome(case: Case, *, with_created: bool = False, since: int = 0) -> dict:
    """What the job left on the case, without ids and times.

    Events are compared with their before and after values (the timeline a person
    reads); the `created` event only when asked (`with_created`), since most jobs
    start from a case opened the same way; only those after `since` (`last_event`)
    when the cases were set up at different times, so that only the job's own compare."""
    case.refresh_from_db()
    events = case.events.filter(pk__gt=since)
    if not with_created:
        events = events.exclude(kind="created")
    return {
        "events": _sorted(_event(e) for e in events.select_related("actor")),
        "messages": _sorted(
            (m.direction, _name(m.author), m.automatic)
            for m in case.messages.select_related("author")
        ),
        "findings": sorted(
            ReplyFinding.objects.filter(message__case=case).values_list("category", "text")
        ),
        "promises": _sorted(
            (p.what, p.source, p.state, _name(p.owner), _name(p.created_by), p.message is not None)
            for p in case.promises.select_related("owner", "created_by", "message")
        ),
        "mails": sorted(
            OutboundMail.objects.filter(case=case).values_list("kind", "to_address", "status")
        ),
        "first_responded": case.first_responded_at is not None,
        "status": case.status,
        "waiting_reason": case.waiting_reason,
        "priority": case.priority,
        "kind": case.kind,
        "channel": case.channel,
        "team": case.team.name if case.team else None,
        "assignee": _name(case.assignee),
        "partner": case.partner.name if case.partner else None,
        "tags": sorted(case.tags.values_list("name", flat=True)),
        "upset": sorted(MessageSentiment.objects.filter(case=case).values_list("upset", flat=True)),
        "recovery": _recovery(case),
        "checklist": [
            (item.position, item.text, item.done_at is not None)
            for item in CaseChecklistItem.objects.filter(case=case).order_by("position")
        ],
    }
