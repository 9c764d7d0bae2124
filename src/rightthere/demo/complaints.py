"""A demo complaint follows the recovery playbook, through its actions:
apologise, offer options, record the customer's choice, follow through on
it as a promise and keep it, check the customer is satisfied, ask for
feedback, name the root cause and the process change. Only then can the
case be closed."""

from datetime import datetime

from django.utils import timezone

from rightthere.cases.models import Case, Status
from rightthere.cases.models.case import WaitingReason
from rightthere.demo.clock import working_day_after
from rightthere.demo.story import STAGES, Step, Story
from rightthere.desk import casework
from rightthere.desk import recovery as desk_recovery
from rightthere.recovery import actions as recovery
from rightthere.recovery.models import Improvement, Recovery, RootCause, active_root_causes

FIRST_JOB = 8  # "first job of the day": the visit window starts at 08:00


class ComplaintStory(Story):
    def _steps(self) -> list[Step]:
        plan, rng = self.plan, self.rng
        self.visit_hour = FIRST_JOB
        stage = STAGES[plan.status]
        steps: list[Step] = []
        if not plan.assign_at_open:
            steps.append(Step(rng.uniform(5, 45), self._assign))
        if stage == 0:
            return steps
        steps.append(Step(rng.uniform(5, 60), self._write("first_reply")))  # 1. apology
        if stage == 1:
            return steps
        steps.append(Step(rng.uniform(15, 60), self._offer_options, promises_visit=True))
        steps.append(Step(1, self._wait_for_choice))
        if stage == 2:
            return steps
        steps.append(Step(rng.uniform(30, 400), self._customer("answer"), staff=False))
        steps.append(Step(rng.uniform(5, 40), self._record_choice))
        steps.append(Step(1, self._follow_through))  # 3. the choice becomes a promise
        if stage == 3:
            steps.append(Step(rng.uniform(10, 60), self._note("wait_note")))
            steps.append(Step(2, self._wait_for_part))
            return steps
        steps.append(Step(60, self._note("work_note"), on_visit_day=True))
        steps.append(Step(1, self._keep_promises))
        steps.append(Step(rng.uniform(30, 240), self._write("resolution")))
        steps.append(Step(rng.uniform(60, 1440), self._customer("thanks"), staff=False))
        steps.append(Step(rng.uniform(10, 120), self._satisfied))  # 4. and 5.
        steps.append(Step(rng.uniform(10, 600), self._root_cause))  # 6.
        steps.append(Step(rng.uniform(5, 60), self._status(Status.SOLVED, plan.desk)))
        if stage == 5:
            steps.append(Step(rng.uniform(3, 7) * 24 * 60, self._status(Status.CLOSED, plan.desk)))
        return steps

    def _recovery(self, case: Case) -> Recovery:
        return Recovery.objects.get(case=case)

    def _offer_options(self, case: Case, at: datetime) -> Case:
        labels = [self.text((option,), at) for option in self.plan.topic.recovery_options]
        desk_recovery.offer_options(self._recovery(case), actor=self.plan.desk, labels=labels)
        return case

    def _wait_for_choice(self, case: Case, at: datetime) -> Case:
        return casework.change_status(
            case,
            actor=self.plan.desk,
            status=Status.WAITING_CUSTOMER,
            waiting_reason=WaitingReason.INFORMATION,
        )

    def _record_choice(self, case: Case, at: datetime) -> Case:
        """The customer chose the first option by e-mail; the desk records it."""
        current = self._recovery(case)
        first = current.options.filter(round=current.round).order_by("position").first()
        assert first is not None
        recovery.choose_option(current, option_id=first.pk, actor=self.plan.desk, by_customer=False)
        return case

    def _follow_through(self, case: Case, at: datetime) -> Case:
        day = timezone.localtime(working_day_after(at, self.lead_days))
        due = day.replace(hour=FIRST_JOB + 2, minute=0, second=0, microsecond=0)
        recovery.follow_through(self._recovery(case), actor=self.plan.desk, due_at=due)
        return case

    def _wait_for_part(self, case: Case, at: datetime) -> Case:
        return casework.change_status(
            case, actor=self.plan.handler, status=Status.WAITING_US, waiting_reason="part"
        )

    def _satisfied(self, case: Case, at: datetime) -> Case:
        """The desk rings the customer: all is well, and what could we have done better?"""
        said = self.last_customer_words
        current = recovery.answer_satisfaction(
            self._recovery(case), satisfied=True, comment=said, actor=self.plan.desk
        )
        recovery.record_feedback(current, text=said, actor=self.plan.desk)
        return case

    def _root_cause(self, case: Case, at: datetime) -> Case:
        who = self.plan.handler if self.plan.handler.sees_all_cases else self.plan.desk
        # The active list first: it puts the defaults back if the list was emptied, so
        # that the story's own cause is found by name rather than replaced.
        active = active_root_causes()
        cause = RootCause.objects.filter(name=self.facts["root_cause"]).first() or active.first()
        assert cause is not None, "the recovery migrations create the root causes"
        title = self.facts["improvement"]
        improvement = Improvement.objects.filter(title=title).first()
        if improvement is None:
            improvement = recovery.create_improvement(
                actor=who,
                title=title,
                root_cause=cause,
                changed_on=timezone.localtime(at).date(),
                description=self.facts["cause"],
            )
        recovery.set_root_cause(
            self._recovery(case), actor=who, root_cause=cause, improvement=improvement
        )
        return case
