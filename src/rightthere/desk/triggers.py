"""Where the use cases hand what just happened to the automation rules.

`opening`, `messages` and `casework` call `case_opened`, `customer_wrote` and
`status_changed` at the end of their job, in their transaction. The rules' runner
(`desk.automation`) performs actions with those same use cases, so it cannot be imported
by them without an import circle: it is installed here once at start-up (by the
automation app, `automation.apps`) and called through `fire`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rightthere.automation.models import Trigger
from rightthere.cases.models import Case, Message


@dataclass(frozen=True)
class Happened:
    """A triggering event: `key` names it on its case (a rule fires once per key)."""

    trigger: str
    case: Case
    key: str
    message: Message | None = None
    at: datetime | None = None


Runner = Callable[[Happened], object]
_runners: list[Runner] = []


def install(runner: Runner) -> None:
    """Set the one runner (installing again replaces it)."""
    _runners[:] = [runner]


def fire(happened: Happened) -> None:
    for run in _runners:
        run(happened)


def case_opened(case: Case, first_message: Message | None) -> None:
    fire(Happened(Trigger.CASE_OPENED, case, "opened", first_message, case.created_at))


def customer_wrote(case: Case, message: Message) -> None:
    fire(Happened(Trigger.CUSTOMER_REPLIED, case, f"message:{message.pk}", message,
                  message.created_at))  # fmt: skip


def status_changed(case: Case, before: str) -> None:
    if case.status != before:
        fire(Happened(Trigger.STATUS_CHANGED, case,
                      f"status:{before}>{case.status}@{case.version}"))  # fmt: skip
