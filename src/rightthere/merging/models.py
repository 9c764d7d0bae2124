"""The record of one merge: enough to undo it exactly."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class CaseMerge(models.Model):
    """`merged` was folded into `survivor` by `actor`.

    `moved` lists, per relation ("app.Model.field"), the ids of the rows that
    were moved from the merged case to the survivor; `previous` holds the merged
    case's field values before it was closed; `tags_added` the tags the survivor
    got from it; `survivor_previous` the survivor's status before the merge reopened
    it. Undo moves exactly those ids back, restores those values, takes those tags
    off the survivor and closes it again if the merge had reopened it; rows added to the survivor later stay where they are.
    """

    survivor = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="merges_received"
    )
    merged = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="merges_given")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    moved = models.JSONField(default=dict)
    previous = models.JSONField(default=dict)
    # Ids of the merged case's tags the survivor did not have and got by the merge.
    tags_added = models.JSONField(default=list, blank=True)
    # The survivor's status fields before the merge reopened it ({} when it did not).
    survivor_previous = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["survivor", "-created_at"], name="merge_survivor_created")]
        constraints = [
            models.CheckConstraint(condition=~Q(survivor=F("merged")), name="merge_two_cases"),
            # A case is merged into one survivor at a time; an undone merge frees it.
            models.UniqueConstraint(
                fields=["merged"], condition=Q(undone_at__isnull=True), name="merge_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.merged_id} merged into case {self.survivor_id}"

    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.moved.values())
