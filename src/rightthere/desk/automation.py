"""Running the owners' automation rules (automation.models.Rule) on a case.

The use cases hand what happened to `run_rules` through `desk.triggers` (a case opened,
the customer wrote, the status changed); the worker runs the time-based rules with
`run_time_rules`. For each active rule of that trigger, in the owners' order:

1. its conditions are tested on the case as it is now (a later rule sees what an
   earlier one changed);
2. a `Firing` row (rule, case, the event's key) is written: a rule fires at most once
   per case and triggering event, so a job run twice or a retried request fires nothing
   new;
3. a case event "rule <name> fired" is recorded, then each action is done through the
   same use case a person would use (assigning notifies the person, a canned reply is
   mailed...), as the desk itself (no actor). An action that is refused (a checklist
   already on the case, a person since deactivated) is rolled back alone and noted on
   the case; the other actions still run.

Loop protection: an action may cause a new event (a status set by a rule triggers the
"status changes" rules). Those rules run, but never a rule already running further up
the chain (so a rule cannot trigger itself, directly or through others), and never more
than `MAX_DEPTH` rules deep.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import Role, Team, User
from rightthere.automation.models import Firing, Trigger
from rightthere.automation.setup import ActiveRule, active_rules
from rightthere.automation.vocabulary import Facts, describe_action, holds
from rightthere.canned.models import CannedReply
from rightthere.canned.placeholders import FillSource, fill, next_promise
from rightthere.cases.business_hours import add_business_minutes, opening_periods
from rightthere.cases.events import record_event
from rightthere.cases.models import OPEN_STATUSES, Case, Direction, EventKind, Message, Status
from rightthere.cases.templatetags.case_tags import midsentence
from rightthere.checklists.actions import apply_template
from rightthere.checklists.models import CaseChecklistItem, ChecklistTemplate
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import casework, triggers
from rightthere.desk import messages as desk_messages
from rightthere.desk.triggers import Happened
from rightthere.notifications import actions as notifications
from rightthere.notifications.models import NotificationKind
from rightthere.recovery.actions import start_recovery
from rightthere.recovery.models import StartedBy
from rightthere.webhooks import events as webhook_events

logger = logging.getLogger(__name__)
MAX_DEPTH = 5
# The rules running further up this chain of events (outermost first).
_running: ContextVar[tuple[int, ...]] = ContextVar("automation_running", default=())


@dataclass(frozen=True)
class Fired:
    rule: str
    case_id: int
    done: list[str]
    refused: list[str]


def install() -> None:
    triggers.install(run_rules)


@contextmanager
def _inside(rule_pk: int) -> Iterator[None]:
    token = _running.set((*_running.get(), rule_pk))
    try:
        yield
    finally:
        _running.reset(token)


def run_rules(happened: Happened) -> list[Fired]:
    """Run the active rules of `happened.trigger` on its case, in order."""
    rules = active_rules(happened.trigger)
    if not rules:
        return []
    chain = _running.get()
    if len(chain) >= MAX_DEPTH:
        return []
    fired = []
    # As it is now: the caller's object may predate what other rules just did.
    case = Case.objects.select_related("customer").get(pk=happened.case.pk)
    for rule in rules:
        if rule.pk in chain:
            continue  # it is what caused this event: no rule triggers itself
        outcome = fire_rule(rule, case, happened)
        if outcome is not None:
            fired.append(outcome)
            case = Case.objects.select_related("customer").get(pk=case.pk)
    return fired


def fire_rule(rule: ActiveRule, case: Case, happened: Happened) -> Fired | None:
    """Fire one rule on one case if its conditions hold and it has not fired for this
    event yet; returns what it did."""
    facts = Facts(case, happened.at or timezone.now(), happened.message)
    if not holds(rule.conditions, facts):
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            Firing.objects.create(rule_id=rule.pk, case=case, trigger_key=happened.key[:100],
                                  fired_at=now)  # fmt: skip
    except IntegrityError:
        return None  # already fired for this event
    record_event(case, None, EventKind.AUTOMATION, field="rule", before=rule.name,
                 after=", ".join(describe_action(a) for a in rule.actions), at=now)  # fmt: skip
    done, refused = [], []
    with _inside(rule.pk):
        for action in rule.actions:
            what = describe_action(action)
            try:
                with transaction.atomic():
                    case = ACTIONS[action["type"]](case, action["value"], rule)
            except Exception as error:  # noqa: BLE001 - a rule must never stop the job it follows
                message = _why(error)
                refused.append(f"{what}: {message}")
                record_event(case, None, EventKind.AUTOMATION, field="refused",
                             before=rule.name,
                             after=gettext("could not %(what)s: %(message)s")
                             % {"what": midsentence(what), "message": message})  # fmt: skip
                case = Case.objects.select_related("customer").get(pk=case.pk)
            else:
                done.append(what)
    Firing.objects.filter(rule_id=rule.pk, case=case, trigger_key=happened.key[:100]).update(
        outcome=("; ".join(refused) or "done")[:255]
    )
    return Fired(rule.name, case.pk, done, refused)


def _why(error: Exception) -> str:
    """What to tell the owner on the case: the desk's own refusal as worded, a thing the
    rule names that is gone, or (logged in full) that something went wrong."""
    if isinstance(error, CaseError):
        return error.message
    if isinstance(error, ObjectDoesNotExist | ValueError | LookupError):
        return "what it names no longer exists; change the rule"
    logger.exception("Automation rule action failed")
    return f"an error ({type(error).__name__}); see the log"


# --- The actions, each through the use case a person would use ------------------------


def _person(value: str) -> User:
    person = User.objects.get(pk=int(value))
    if not person.is_active:
        raise InvalidInput(f"{person.display_name} is deactivated.")
    return person


def _assign(case: Case, value: str, rule: ActiveRule) -> Case:
    return casework.assign_case(case, actor=None, assignee=_person(value))


def _team(case: Case, value: str, rule: ActiveRule) -> Case:
    return casework.change_team(case, actor=None, team=Team.objects.get(pk=int(value)))


def _priority(case: Case, value: str, rule: ActiveRule) -> Case:
    return casework.change_priority(case, actor=None, priority=value)


def _kind(case: Case, value: str, rule: ActiveRule) -> Case:
    return casework.change_kind(case, actor=None, kind=value)


def _status(case: Case, value: str, rule: ActiveRule) -> Case:
    return casework.change_status(case, actor=None, status=value)


def _tag(case: Case, value: str, rule: ActiveRule) -> Case:
    current = list(case.tags.values_list("name", flat=True))
    if value in current:
        return case
    return casework.set_tags(case, actor=None, tags=[*current, value])


def _checklist(case: Case, value: str, rule: ActiveRule) -> Case:
    template = ChecklistTemplate.objects.get(pk=int(value))
    if not CaseChecklistItem.objects.filter(case=case, from_template=template).exists():
        apply_template(case, template, actor=None)
    return case


def _canned_reply(case: Case, value: str, rule: ActiveRule) -> Case:
    reply = CannedReply.objects.get(pk=int(value), owner__isnull=True)
    signer = case.assignee or User.objects.filter(role=Role.OWNER, is_active=True).first()
    if signer is None:
        raise InvalidInput("There is nobody to sign the reply.")
    filled = fill(reply.body, FillSource(case=case, agent=signer, promise=next_promise(case)))
    if filled.missing:
        raise InvalidInput(f"“{reply.title}” has no value for {', '.join(filled.missing)}.")
    return desk_messages.send_reply(case, actor=None, body_text=filled.text,
                                    check_wording=False).case  # fmt: skip


def _notify(case: Case, value: str, rule: ActiveRule) -> Case:
    if value == "assignee":
        people: list[User | None] = [case.assignee]
    elif value == "owners":
        people = list(User.objects.filter(role=Role.OWNER, is_active=True))
    else:
        people = [_person(value)]
    notifications.notify(NotificationKind.RULE, people, case=case,
                         text=f"Rule “{rule.name}”: {case.reference} {case.subject}",
                         url=notifications.case_url(case))  # fmt: skip
    return case


def _recovery(case: Case, value: str, rule: ActiveRule) -> Case:
    start_recovery(case, actor=None, started_by=StartedBy.RULE)
    return case


def _webhook(case: Case, value: str, rule: ActiveRule) -> Case:
    webhook_events.rule_fired(int(value), case, rule=rule.name)
    return case


ACTIONS: dict[str, Callable[[Case, str, ActiveRule], Case]] = {
    "assign": _assign, "team": _team, "priority": _priority, "kind": _kind,
    "status": _status, "tag": _tag, "checklist": _checklist, "canned_reply": _canned_reply,
    "notify": _notify, "recovery": _recovery, "webhook": _webhook,
}  # fmt: skip


# --- Time-based rules: the worker's `automation-timers` job --------------------------


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def waiting_for_us(now: datetime) -> list[tuple[Case, Message]]:
    """Open cases whose latest message from the customer has no answer of ours after it,
    with that message."""
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)
        .exclude(status=Status.WAITING_CUSTOMER)
        .annotate(
            last_in=Max("messages__created_at", filter=Q(
                messages__direction=Direction.INBOUND, messages__automatic=False)),
            last_out=Max("messages__created_at", filter=Q(
                messages__direction=Direction.OUTBOUND, messages__automatic=False)),
        )
        .filter(last_in__isnull=False, last_in__lte=now)
        .filter(Q(last_out__isnull=True) | Q(last_out__lt=F("last_in")))
        .select_related("customer")
    )  # fmt: skip
    found = list(cases)
    latest: dict[int, Message] = {}
    for message in Message.objects.filter(
        case_id__in=[c.pk for c in found], direction=Direction.INBOUND, automatic=False
    ).order_by("created_at", "id"):
        latest[message.case_id] = message
    return [(case, latest[case.pk]) for case in found if case.pk in latest]


def _answered_since(case: Case, message: Message) -> bool:
    return Message.objects.filter(case=case, direction=Direction.OUTBOUND, automatic=False,
                                  created_at__gt=message.created_at).exists()  # fmt: skip


def run_time_rules(now: datetime | None = None) -> dict[str, int]:
    """Fire the "no answer for N business minutes" rules on the cases that are due.
    Idempotent: a rule fires once per case and unanswered message, however often this
    runs (the `Firing` key is that message)."""
    now = now or timezone.now()
    rules = active_rules(Trigger.NO_REPLY)
    if not rules:
        return {"rules_fired": 0}
    periods, holidays = opening_periods()
    waiting = waiting_for_us(now)
    fired = 0
    for rule in rules:
        keys = {f"no-reply:{message.pk}" for _, message in waiting}
        done = set(
            Firing.objects.filter(rule_id=rule.pk, trigger_key__in=keys).values_list(
                "case_id", "trigger_key"
            )
        )
        for case, message in waiting:
            key = f"no-reply:{message.pk}"
            if (case.pk, key) in done or rule.wait_minutes is None:
                continue
            due = add_business_minutes(
                timezone.localtime(message.created_at), rule.wait_minutes, periods, holidays
            )
            if due > now:
                continue
            with transaction.atomic():
                locked = Case.objects.select_for_update().select_related("customer").get(pk=case.pk)
                if _answered_since(locked, message):
                    continue  # an earlier rule (or a person, meanwhile) answered
                happened = Happened(Trigger.NO_REPLY, locked, key, message, now)
                if fire_rule(rule, locked, happened) is not None:
                    fired += 1
    return {"rules_fired": fired}
