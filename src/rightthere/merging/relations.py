"""What happens to each kind of row that points to a merged case: one explicit table.

Every foreign key and one-to-one field to `Case`, in any app, is found from the
model registry (hidden ones with ``related_name="+"`` too) and must be listed
in RULES. A relation nobody listed still works at run time (a foreign key is
moved, a one-to-one kept), but tests/merging/test_relations.py fails and the
system check ``merging.W001`` warns, so a new app's relation is decided on
purpose rather than forgotten.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core import checks
from django.db.models import ForeignObjectRel, Model, QuerySet

from rightthere.cases.models import Case


class Rule(StrEnum):
    MOVE = "move"
    # One-to-one: moved only when the survivor has none of its own.
    MOVE_IF_SURVIVOR_HAS_NONE = "move_if_survivor_has_none"
    KEEP = "keep"


@dataclass(frozen=True)
class Decision:
    rule: Rule
    label: str  # what the preview and the API call these rows
    why: str = ""
    # False for bookkeeping an agent does not think of as the case's content (sentiment scores,
    # read marks, who has the page open, ...): the merge still handles it, the preview omits it.
    shown: bool = True


RULES: dict[str, Decision] = {
    # The conversation and everything done about it lives on in the survivor.
    "cases.Message.case": Decision(Rule.MOVE, "messages"),
    "cases.CaseEvent.case": Decision(Rule.MOVE, "timeline events"),
    "promises.Promise.case": Decision(Rule.MOVE, "promises"),
    "field.Visit.case": Decision(Rule.MOVE, "visits"),
    "field.PartOrder.case": Decision(Rule.MOVE, "part orders"),
    "field.VisitOffer.case": Decision(
        Rule.KEEP,
        "times offered to the customer",
        "the slots offered on the merged case stay there; a visit the customer chose moves",
    ),
    "checklists.CaseChecklistItem.case": Decision(Rule.MOVE, "checklist items"),
    "mail.InboundMail.case": Decision(Rule.MOVE, "received e-mails"),
    "outbox.OutboundMail.case": Decision(Rule.MOVE, "sent e-mails"),
    "sms.SmsMessage.case": Decision(Rule.MOVE, "sent texts"),
    "reviews.Review.case": Decision(Rule.MOVE, "reviews"),
    "coach.MessageSentiment.case": Decision(Rule.MOVE, "message sentiments", shown=False),
    "automation.Firing.case": Decision(
        Rule.KEEP,
        "automation rule firings",
        "the rules that fired on the merged case stay recorded there (its timeline moves)",
        shown=False,
    ),
    "notifications.Notification.case": Decision(
        Rule.KEEP,
        "notifications",
        "what each person was told about the merged case, as it was",
        shown=False,
    ),
    # Time worked on the request (and on its visits, which move too) counts on the survivor.
    "timetracking.TimeEntry.case": Decision(Rule.MOVE, "time entries"),
    "recovery.Recovery.case": Decision(
        Rule.MOVE_IF_SURVIVOR_HAS_NONE,
        "complaint recovery",
        "a complaint keeps its recovery process; a survivor with its own recovery keeps that one",
    ),
    "satisfaction.SatisfactionRequest.case": Decision(
        Rule.KEEP, "satisfaction question", "it asked about the merged case's own outcome"
    ),
    "satisfaction.SatisfactionAnswer.case": Decision(
        Rule.KEEP, "satisfaction answer", "it answers the question that stays with the merged case"
    ),
    "portal.StatusLink.case": Decision(
        Rule.KEEP,
        "status-page links",
        "the customer's old link keeps working and redirects to the survivor's status page",
    ),
    "portal.StatusReply.case": Decision(
        Rule.KEEP,
        "status-page reply counts",
        "the limits count what was posted on the merged case's page, as it happened",
        shown=False,
    ),
    "cases.Case.merged_into": Decision(
        Rule.KEEP, "cases merged earlier", "earlier merges stay chained through the merged case"
    ),
    "cases.Case_tags.case": Decision(Rule.KEEP, "tags", "tags describe the merged case itself"),
    "presence.CaseSeen.case": Decision(
        Rule.KEEP,
        "read marks",
        "what each person read of the merged case, not of the survivor",
        shown=False,
    ),
    "presence.Presence.case": Decision(
        Rule.KEEP,
        "people on the case page",
        "who has the merged case's page open; gone in 45 s",
        shown=False,
    ),
    "merging.CaseMerge.survivor": Decision(Rule.KEEP, "merges", "the history of merges"),
    "merging.CaseMerge.merged": Decision(Rule.KEEP, "merges", "the history of merges"),
}


@dataclass(frozen=True)
class Relation:
    """One foreign key or one-to-one field that points to `Case`."""

    key: str  # "app_label.Model.field"
    model: type[Model]
    field_name: str
    one_to_one: bool

    @property
    def decision(self) -> Decision:
        listed = RULES.get(self.key)
        if listed is not None:
            return listed
        rule = Rule.KEEP if self.one_to_one else Rule.MOVE
        return Decision(rule, str(self.model._meta.verbose_name_plural), "not decided yet")

    @property
    def rule(self) -> Rule:
        return self.decision.rule

    @property
    def label(self) -> str:
        return self.decision.label

    def rows_of(self, case: Case) -> QuerySet[Any]:
        """The rows of this relation that point to `case` (base manager: no default filters)."""
        return self.model._base_manager.filter(**{self.field_name: case.pk})


def _reverse_relations() -> Iterator[ForeignObjectRel]:
    for field in Case._meta.get_fields(include_hidden=True):
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one):
            yield field


def case_relations() -> list[Relation]:
    """Every relation to `Case` in every installed app, in a stable order."""
    found = [
        Relation(
            key=f"{rel.related_model._meta.label}.{rel.field.name}",
            model=rel.related_model,
            field_name=rel.field.name,
            one_to_one=rel.one_to_one,
        )
        for rel in _reverse_relations()
    ]
    return sorted(found, key=lambda relation: relation.key)


def relation_by_key(key: str) -> Relation | None:
    return next((r for r in case_relations() if r.key == key), None)


def unlisted_relations() -> list[str]:
    """Relations to `Case` that RULES does not decide (should be none)."""
    return [relation.key for relation in case_relations() if relation.key not in RULES]


def check_relations_are_decided(**kwargs: object) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"{key} points to a case, but merging does not say whether to move or keep it.",
            hint="Add it to RULES in rightthere/merging/relations.py.",
            id="merging.W001",
        )
        for key in unlisted_relations()
    ]
