"""Factories for checklists. Steps on a case are added through the real action,
so tests see the same events and positions that users do."""

from collections.abc import Sequence
from datetime import datetime

import factory

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.checklists import actions
from rightthere.checklists.models import (
    CaseChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateStep,
)

BOILER_STEPS = ["Diagnose on site", "Order the part", "Book the return visit", "Fit and test"]


class ChecklistTemplateStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplateStep

    template = factory.SubFactory("tests.checklists.factories.ChecklistTemplateFactory", steps=[])
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Step {n}")


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    """`ChecklistTemplateFactory(steps=["Call the customer", ...])`; four boiler steps by default."""

    class Meta:
        model = ChecklistTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Checklist {n}")
    case_kind = ""
    apply_automatically = False

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):  # noqa: N805
        texts = BOILER_STEPS if extracted is None else extracted
        for position, text in enumerate(texts, start=1):
            ChecklistTemplateStepFactory(template=obj, position=position, text=text)


def make_checklist(
    case: Case,
    texts: Sequence[str] = ("Order the valve", "Book the visit"),
    *,
    actor: User | None = None,
    at: datetime | None = None,
) -> list[CaseChecklistItem]:
    return [actions.add_item(case, actor=actor, text=text, at=at) for text in texts]
