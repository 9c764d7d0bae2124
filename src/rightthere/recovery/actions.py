"""The recovery playbook's actions. Each change is recorded as a case event."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from rightthere.accounts.models import Role, User
from rightthere.cases import actions as case_actions
from rightthere.cases.events import new_event, record_event
from rightthere.cases.models import Case, CaseEvent, EventKind, Message, Status
from rightthere.cases.templatetags.case_tags import midsentence
from rightthere.cases.writing import check_worker
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_business_language, speaking_to_case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_url
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource, PromiseState
from rightthere.recovery.apology import Finding, check_acknowledgement
from rightthere.recovery.models import (
    Improvement,
    Recovery,
    RecoveryOption,
    RootCause,
    StartedBy,
    StepWaiver,
)
from rightthere.recovery.steps import STEPS, missing_steps
from rightthere.webhooks import events as webhooks
from rightthere.webhooks.models import EventType


def _said(message: str, **values: object) -> str:
    """A timeline text (`message` marked with gettext_noop) in the business's language,
    even when the customer acted on their own page in theirs."""
    with speaking_business_language():
        said = gettext(message)
        return said % {k: str(v) for k, v in values.items()} if values else said


def _event(recovery: Recovery, actor: User | None, what: str, at: datetime | None = None) -> None:
    record_event(recovery.case_id, actor, EventKind.RECOVERY, after=what, at=at)


def _step_done(
    recovery: Recovery, step: int, *, actor: User | None, detail: str, waived: bool = False
) -> None:
    """The `complaint.step_done` webhook for one of the six steps (done or waived)."""
    webhooks.emit(EventType.COMPLAINT_STEP_DONE, case=recovery.case, data={
        "actor": webhooks.actor_name(actor), "step": step, "name": STEPS[step],
        "waived": waived, "detail": detail, "round": recovery.round,
    })  # fmt: skip


def _check_worker(actor: User | None, case: Case) -> None:
    check_worker(actor, case, gettext("You cannot work on this complaint."))


def _link(case: Case) -> str:
    return status_url(case, base_url())


def start_recovery(
    case: Case, *, actor: User | None, started_by: str = StartedBy.AGENT
) -> Recovery:
    """Put a complaint on the recovery playbook (once; later calls return the same)."""
    _check_worker(actor, case)
    recovery, created = Recovery.objects.get_or_create(
        case=case, defaults={"started_at": timezone.now(), "started_by": started_by}
    )
    if created:
        _event(recovery, actor, _started(started_by))
    return recovery


def start_recovery_of_new_case(case: Case, *, started_by: str) -> CaseEvent:
    """A case opened as a complaint goes on the playbook as it is opened: nobody can
    have started its recovery yet, so it is one INSERT (no look for an earlier one), and
    its event is returned unsaved for the opening's one INSERT of events."""
    now = timezone.now()
    Recovery.objects.create(case=case, started_at=now, started_by=started_by)
    return new_event(case.pk, None, EventKind.RECOVERY, after=_started(started_by), at=now)


def _started(started_by: str) -> str:
    with speaking_business_language():
        how = str(StartedBy(started_by).label)
        return _said(gettext_noop("recovery started (%(how)s)"), how=midsentence(how))


def note_reply(case: Case, message: Message) -> list[Finding]:
    """Called for every reply by a person: the first that apologises without excuse
    completes step 1. Returns what kept it from counting (empty when it counted)."""
    recovery = Recovery.objects.filter(case=case).first()
    if recovery is None or recovery.acknowledged_at is not None:
        return []
    findings = check_acknowledgement(message.body_text)
    if not findings:
        recovery.acknowledged_at, recovery.acknowledgement = message.created_at, message
        recovery.save(update_fields=["acknowledged_at", "acknowledgement"])
        _event(recovery, message.author, _said(gettext_noop("1. acknowledged with an apology")),
               message.created_at)  # fmt: skip
        _step_done(recovery, 1, actor=message.author, detail=message.body_text[:500])
    return findings


@dataclass(frozen=True)
class OfferedOptions:
    labels: list[str]
    text: str  # the message that offers them to the customer, not sent yet
    at: datetime


@transaction.atomic
def store_options(
    recovery: Recovery, *, actor: User | None, labels: Sequence[str]
) -> OfferedOptions:
    """Step 2's options, checked and stored (1-4 short ones, replacing this round's),
    with the message that offers them to the customer for the desk to send."""
    _check_worker(actor, recovery.case)
    cleaned = [label.strip() for label in labels if label.strip()]
    if not 1 <= len(cleaned) <= 4:
        raise InvalidInput(gettext("Offer between one and four options."))
    if any(len(label) > 200 for label in cleaned):
        raise InvalidInput(gettext("Keep each option short (at most 200 characters)."))
    if recovery.chosen_option_id is not None:
        raise InvalidInput(gettext("The customer has already chosen; follow through on that."))
    recovery.options.filter(round=recovery.round).delete()
    RecoveryOption.objects.bulk_create(
        RecoveryOption(recovery=recovery, round=recovery.round, label=label, position=i)
        for i, label in enumerate(cleaned)
    )
    now = timezone.now()
    recovery.options_offered_at = now
    recovery.save(update_fields=["options_offered_at"])
    with speaking_to_case(recovery.case):
        text = render_to_string(
            "recovery/options_message.txt",
            {"case": recovery.case, "options": cleaned, "status_url": _link(recovery.case)},
        ).strip()
    return OfferedOptions(cleaned, text, now)


def record_options_offered(
    recovery: Recovery, offered: OfferedOptions, *, actor: User | None
) -> None:
    """The playbook's event once the options' message has gone to the customer."""
    offers = " / ".join(offered.labels)
    _event(
        recovery, actor, _said(gettext_noop("2. offered: %(options)s"), options=offers), offered.at
    )


@transaction.atomic
def choose_option(
    recovery: Recovery, *, option_id: int, actor: User | None, by_customer: bool
) -> Recovery:
    """Record the customer's choice (made on the status page, or told to an agent)."""
    _check_worker(actor, recovery.case)
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    option = recovery.options.filter(pk=option_id, round=recovery.round).first()
    if option is None:
        raise InvalidInput(gettext("That option is not on offer any more."))
    if recovery.follow_through_id is not None:
        raise InvalidInput(gettext("We are already putting the chosen option into action."))
    recovery.chosen_option, recovery.chosen_at = option, timezone.now()
    recovery.chosen_by_customer = by_customer
    recovery.save(update_fields=["chosen_option", "chosen_at", "chosen_by_customer"])
    who = "the customer" if by_customer else "recorded by an agent"
    said = (
        gettext_noop("2. chosen (the customer): %(option)s")
        if by_customer
        else gettext_noop("2. chosen (recorded by an agent): %(option)s")
    )
    _event(recovery, actor, _said(said, option=option.label))
    _step_done(recovery, 2, actor=actor, detail=f"chosen ({who}): {option.label}")
    return recovery


def follow_through(recovery: Recovery, *, actor: User | None, due_at: datetime) -> Recovery:
    """The chosen option becomes a promise with a date; keeping it completes step 3."""
    _check_worker(actor, recovery.case)
    if recovery.chosen_option is None:
        raise InvalidInput(gettext("The customer has not chosen an option yet."))
    if recovery.follow_through is not None and recovery.follow_through.state == PromiseState.OPEN:
        raise InvalidInput(
            gettext("There is already a follow-through promise; keep or move that one.")
        )
    promise = make_promise(
        recovery.case,
        actor=actor,
        what=recovery.chosen_option.label,
        due_at=due_at,
        source=PromiseSource.RECOVERY,
    )
    recovery.follow_through = promise
    recovery.save(update_fields=["follow_through"])
    _event(recovery, actor, _said(gettext_noop("3. promised: %(what)s"), what=promise.what))
    return recovery


def check_delay() -> timedelta:
    return timedelta(days=settings.RIGHTTHERE.get("RECOVERY_CHECK_DAYS", 2))


def send_satisfaction_checks(now: datetime | None = None) -> int:
    """N days after the follow-through was kept, ask the customer if all is well (once)."""
    now = now or timezone.now()
    due = Recovery.objects.filter(
        check_sent_at__isnull=True,
        satisfied__isnull=True,
        follow_through__state=PromiseState.KEPT,
        follow_through__kept_at__lte=now - check_delay(),
    ).select_related("case", "case__contact")
    sent = 0
    for recovery in due:
        with transaction.atomic():
            if not Recovery.objects.filter(pk=recovery.pk, check_sent_at__isnull=True).update(
                check_sent_at=now
            ):
                continue
            with speaking_to_case(recovery.case):
                text = render_to_string(
                    "recovery/satisfaction_message.txt",
                    {"case": recovery.case, "status_url": _link(recovery.case)},
                ).strip()
            send_automatic_message(recovery.case, body_text=text, at=now)
            _event(recovery, None, _said(gettext_noop("4. satisfaction check sent")), now)
            sent += 1
    return sent


@transaction.atomic
def answer_satisfaction(
    recovery: Recovery, *, satisfied: bool, comment: str = "", actor: User | None = None
) -> Recovery:
    """Satisfied completes step 4; not satisfied sends the recovery round again from step 2."""
    _check_worker(actor, recovery.case)
    if len(comment) > 5000:
        raise InvalidInput(gettext("The comment is too long (at most 5,000 characters)."))
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    now = timezone.now()
    recovery.satisfaction_comment, recovery.checked_at = comment.strip(), now
    if satisfied:
        recovery.satisfied = True
        recovery.save()
        _event(recovery, actor, _said(gettext_noop("4. the customer is satisfied")), now)
        _step_done(recovery, 4, actor=actor, detail=recovery.satisfaction_comment)
        return recovery
    recovery.round += 1
    recovery.satisfied = None
    recovery.chosen_option = None
    recovery.chosen_at = None
    recovery.follow_through = None
    recovery.check_sent_at = None
    recovery.options_offered_at = None
    recovery.save()
    reopened = _said(
        gettext_noop("4. not satisfied: recovery reopened (round %(round)s)"), round=recovery.round
    )
    _event(recovery, actor, reopened, now)
    if recovery.case.status in (Status.SOLVED, Status.CLOSED):
        before = recovery.case.status
        case = case_actions.change_status(recovery.case, actor=None, status=Status.OPEN)
        webhooks.status_changed(case, before, actor=None)
    return recovery


def record_feedback(recovery: Recovery, *, text: str, actor: User | None = None) -> Recovery:
    _check_worker(actor, recovery.case)
    text = text.strip()
    if not text:
        raise InvalidInput(gettext("Write the feedback first."))
    if len(text) > 5000:
        raise InvalidInput(gettext("The feedback is too long (at most 5,000 characters)."))
    recovery.feedback, recovery.feedback_at = text, timezone.now()
    recovery.save(update_fields=["feedback", "feedback_at"])
    _event(recovery, actor, _said(gettext_noop("5. feedback: %(text)s"), text=text))
    _step_done(recovery, 5, actor=actor, detail=text)
    return recovery


def set_root_cause(
    recovery: Recovery,
    *,
    actor: User | None,
    root_cause: RootCause,
    improvement: Improvement | None = None,
) -> Recovery:
    _check_worker(actor, recovery.case)
    if improvement is not None and improvement.root_cause_id != root_cause.pk:
        raise InvalidInput(gettext("That improvement is about a different root cause."))
    recovery.root_cause, recovery.improvement = root_cause, improvement
    recovery.save(update_fields=["root_cause", "improvement"])
    linked = f", linked to “{improvement.title}”" if improvement else ""
    said = (
        _said(gettext_noop("6. root cause: %(cause)s, linked to “%(improvement)s”"),
              cause=root_cause.name, improvement=improvement.title)
        if improvement
        else _said(gettext_noop("6. root cause: %(cause)s"), cause=root_cause.name)
    )  # fmt: skip
    _event(recovery, actor, said)
    _step_done(recovery, 6, actor=actor, detail=f"{root_cause.name}{linked}")
    return recovery


def waive_step(recovery: Recovery, *, actor: User, step: int, reason: str) -> StepWaiver:
    """Only an owner may skip a step, and only with a reason."""
    if actor.role != Role.OWNER:
        raise NotAllowed(gettext("Only an owner can waive a recovery step."))
    if step not in STEPS:
        raise InvalidInput(gettext("There are six steps (1-6)."))
    if not reason.strip():
        raise InvalidInput(gettext("Give the reason for waiving the step."))
    waiver, _ = StepWaiver.objects.update_or_create(
        recovery=recovery,
        step=step,
        defaults={"reason": reason.strip()[:500], "waived_by": actor, "waived_at": timezone.now()},
    )
    said = _said(gettext_noop("%(step)s. waived: %(reason)s"), step=step, reason=reason.strip())
    _event(recovery, actor, said)
    _step_done(recovery, step, actor=actor, detail=reason.strip(), waived=True)
    return waiver


def create_improvement(
    *, actor: User, title: str, root_cause: RootCause, changed_on: date | None = None,
    description: str = "", owner: User | None = None,
) -> Improvement:  # fmt: skip
    if not actor.sees_all_cases:
        raise NotAllowed(gettext("Only owners and agents record improvements."))
    if not title.strip():
        raise InvalidInput(gettext("Give the improvement a title."))
    return Improvement.objects.create(
        title=title.strip()[:200], root_cause=root_cause, changed_on=changed_on,
        description=description, owner=owner or actor,
    )  # fmt: skip


def check_can_close(case: Case) -> None:
    """A complaint is closed only when every step is done or waived by an owner."""
    recovery = Recovery.objects.filter(case=case).prefetch_related("waivers").first()
    if recovery is None:
        return
    missing = missing_steps(recovery)
    if missing:
        # English writes the step names in lower case inside the sentence; German keeps
        # its capitals (nouns).
        english = (translation.get_language() or "en").startswith("en")
        names = "; ".join(
            f"{s.number}. {gettext(s.name).lower() if english else gettext(s.name)}"
            for s in missing
        )
        raise InvalidInput(
            gettext(
                "This complaint cannot be closed yet. Still to do: %(steps)s. "
                "An owner can waive a step with a reason."
            )
            % {"steps": names}
        )
