"""Canned replies: a title and a body with placeholders, shared by a team, the desk or one person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_TITLE_CHARS = 120
MAX_BODY_CHARS = 10_000


class Scope(models.TextChoices):
    """Who sees a canned reply. Stored as team/owner; this is the name forms and the API use."""

    PERSONAL = "personal", _("Just me")
    TEAM = "team", _("A team")
    EVERYONE = "everyone", _("Everyone at the desk")


class CannedReply(models.Model):
    title = models.CharField(max_length=MAX_TITLE_CHARS)
    body = models.TextField()
    # A team reply is seen by the team's members and by owners and agents; a personal
    # one (owner set) only by that person; with neither it belongs to the whole desk.
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_replies",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="personal_canned_replies",
        help_text="Set for a personal reply: only this person sees and uses it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()
    # How many reply-check findings its author chose to keep when last saving it,
    # so the list can show which templates still carry wording to look at.
    reply_check_findings = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "canned replies"
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(owner__isnull=True),
                name="canned_team_or_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope(self) -> Scope:
        if self.owner_id is not None:
            return Scope.PERSONAL
        return Scope.TEAM if self.team_id is not None else Scope.EVERYONE
