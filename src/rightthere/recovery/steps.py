"""Where a complaint stands in the six recovery steps."""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from rightthere.promises.models import PromiseState
from rightthere.recovery.models import Recovery, StepWaiver

STEPS = {
    1: gettext_noop("Acknowledge with an apology"),
    2: gettext_noop("Offer options; the customer chooses"),
    3: gettext_noop("Follow through on the choice"),
    4: gettext_noop("Check the customer is satisfied"),
    5: gettext_noop("Ask what we could have done better"),
    6: gettext_noop("Find the root cause; improve the process"),
}


@dataclass(frozen=True)
class StepState:
    number: int
    name: str
    done: bool
    waiver: StepWaiver | None

    @property
    def finished(self) -> bool:
        return self.done or self.waiver is not None


def step_states(recovery: Recovery) -> list[StepState]:
    promise = recovery.follow_through
    done = {
        1: recovery.acknowledged_at is not None,
        2: recovery.chosen_option_id is not None,
        3: promise is not None and promise.state == PromiseState.KEPT,
        4: recovery.satisfied is True,
        5: recovery.feedback_at is not None,
        6: recovery.root_cause_id is not None,
    }
    waivers = {w.step: w for w in recovery.waivers.all()}
    return [StepState(n, name, done[n], waivers.get(n)) for n, name in STEPS.items()]


def current_step(recovery: Recovery) -> StepState | None:
    return next((s for s in step_states(recovery) if not s.finished), None)


def missing_steps(recovery: Recovery) -> list[StepState]:
    return [s for s in step_states(recovery) if not s.finished]
