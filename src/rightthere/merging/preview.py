"""What a merge would move and what it would leave, shown before the person confirms."""

from dataclasses import dataclass

from rightthere.cases.models import Attachment, Case
from rightthere.merging.actions import reopens_survivor
from rightthere.merging.models import CaseMerge
from rightthere.merging.relations import Rule, case_relations


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class Preview:
    moves: list[Line]
    stays: list[Line]
    reopens_survivor: bool = False

    @property
    def nothing_moves(self) -> bool:
        return not any(line.count for line in self.moves)


def merge_preview(merged: Case, survivor: Case) -> Preview:
    """Counts per kind of row: what goes to the survivor, what stays with the merged case."""
    moves, stays = [], []
    for relation in case_relations():
        decision = relation.decision
        if relation.model in (Case, CaseMerge) or relation.key == "cases.Case_tags.case":
            continue  # the cases themselves and their history, not content
        if not decision.shown:
            continue  # bookkeeping (sentiments, read marks, presence...): handled, not listed
        count = relation.rows_of(merged).count()
        if not count:
            continue
        if decision.rule == Rule.MOVE or (
            decision.rule == Rule.MOVE_IF_SURVIVOR_HAS_NONE
            and not relation.rows_of(survivor).exists()
        ):
            moves.append(Line(decision.label, count))
        else:
            own = decision.rule == Rule.MOVE_IF_SURVIVOR_HAS_NONE
            note = f"{survivor.reference} has its own" if own else decision.why
            stays.append(Line(decision.label, count, note))
        if relation.key == "cases.Message.case":
            attachments = Attachment.objects.filter(message__case=merged).count()
            if attachments:
                moves.append(Line("attachments", attachments, "with their messages"))
    new_tags = merged.tags.exclude(pk__in=survivor.tags.values("pk")).order_by("name")
    names = list(new_tags.values_list("name", flat=True))
    if names:
        moves.append(Line("tags", len(names), f"copied: {', '.join(names)}"))
    return Preview(moves, stays, reopens_survivor(merged, survivor))
