"""The complaint-recovery playbook, step by step, and the rule that a complaint closes only when done."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Direction, Status
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.desk import recovery as desk_recovery
from rightthere.promises.actions import keep_promise
from rightthere.recovery import actions as recovery
from rightthere.recovery.apology import check_acknowledgement
from rightthere.recovery.models import Recovery, RootCause
from rightthere.recovery.steps import current_step
from rightthere.recovery.trend import weekly_complaints
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_a_complaint_starts_on_the_playbook_by_itself(agent):
    case = make_case(kind="complaint")

    assert Recovery.objects.get(case=case).started_by == "kind"
    assert current_step(case.recovery).number == 1


def test_marking_a_case_as_complaint_starts_recovery(owner):
    case = make_case(kind="question")

    casework.change_kind(case, actor=owner, kind="complaint")

    assert Recovery.objects.get(case=case).started_by == "agent"


@pytest.mark.parametrize(
    ("reply", "counts"),
    [
        ("I am so sorry we missed Tuesday. Tom comes Thursday 9:00.", True),
        ("We apologise for the wait.", True),
        ("Sorry, we were very busy that week.", False),
        ("Tom comes Thursday 9:00.", False),
        ("Sorry, but it's company policy.", False),
    ],
)
def test_only_an_apology_without_excuse_acknowledges(agent, reply, counts):
    case = make_case(kind="complaint")

    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text=reply)

    case.recovery.refresh_from_db()
    assert (case.recovery.acknowledged_at is not None) == counts


def test_findings_say_what_is_wrong():
    findings = check_acknowledgement("We were busy.")

    assert {f.category for f in findings} == {"excuse", "missing_apology"}


def test_a_complaint_cannot_be_closed_with_steps_missing_until_an_owner_waives_them(agent, owner):
    case = make_case(kind="complaint")
    desk_messages.add_message(case, actor=agent, direction="outbound", body_text="I am sorry.")

    with pytest.raises(InvalidInput, match="Still to do: 2. offer options"):
        casework.change_status(case, actor=agent, status=Status.CLOSED)
    with pytest.raises(NotAllowed):
        recovery.waive_step(case.recovery, actor=agent, step=2, reason="x")
    for step in range(2, 7):
        recovery.waive_step(case.recovery, actor=owner, step=step, reason="Resolved by phone")
    casework.change_status(case, actor=agent, status=Status.CLOSED)

    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_not_satisfied_sends_the_recovery_round_again(agent):
    case = make_case(kind="complaint", assignee=agent)
    rec = case.recovery
    desk_messages.add_message(case, actor=agent, direction="outbound", body_text="We are sorry.")
    desk_recovery.offer_options(rec, actor=agent, labels=["Repair", "Refund"])
    rec.refresh_from_db()
    recovery.choose_option(rec, option_id=rec.options.first().pk, actor=None, by_customer=True)
    rec.refresh_from_db()
    recovery.follow_through(rec, actor=agent, due_at=timezone.now() + timedelta(days=1))
    keep_promise(rec.follow_through, actor=agent)
    casework.change_status(case, actor=agent, status=Status.SOLVED)

    recovery.answer_satisfaction(rec, satisfied=False, comment="Still leaks")

    rec.refresh_from_db()
    case.refresh_from_db()
    assert rec.round == 2
    assert rec.chosen_option is None
    assert current_step(rec).number == 2
    assert case.status == Status.OPEN


def test_satisfaction_check_goes_out_once_after_the_delay(agent, run_tasks):
    from django.core import mail

    case = make_case(kind="complaint", assignee=agent)
    rec = case.recovery
    desk_recovery.offer_options(rec, actor=agent, labels=["Repair"])
    recovery.choose_option(rec, option_id=rec.options.get().pk, actor=agent, by_customer=False)
    rec.refresh_from_db()
    recovery.follow_through(rec, actor=agent, due_at=timezone.now() + timedelta(days=1))
    kept_at = timezone.now()
    keep_promise(rec.follow_through, actor=agent, now=kept_at)

    too_early = recovery.send_satisfaction_checks(kept_at + timedelta(days=1))
    on_time = recovery.send_satisfaction_checks(kept_at + timedelta(days=2, minutes=1))
    again = recovery.send_satisfaction_checks(kept_at + timedelta(days=3))
    run_tasks()

    assert (too_early, on_time, again) == (0, 1, 0)
    assert "Are you satisfied" in mail.outbox[-1].body


def test_improvement_trend_counts_complaints_per_week_before_and_after():
    cause = RootCause.objects.get(name="Office or order error")
    change = date(2026, 10, 1)
    for days_before in (50, 20, 3):
        case = make_case(kind="complaint")
        Recovery.objects.filter(case=case).update(
            root_cause=cause, started_at=timezone.make_aware(
                timezone.datetime.combine(change - timedelta(days=days_before), timezone.datetime.min.time())
            ) + timedelta(hours=12),
        )  # fmt: skip

    weeks = weekly_complaints(cause, change - timedelta(weeks=8), 16, pivot=change)

    assert len(weeks) == 16
    assert sum(w.count for w in weeks if w.before) == 3
    assert sum(w.count for w in weeks if not w.before) == 0
