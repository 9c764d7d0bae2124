"""Insights: relationship status, relationship calls, staff records, targets and routing rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rightthere.cases.models import Channel, Kind


class RelationshipStatus(models.TextChoices):
    GOOD = "good", pgettext_lazy("relationship status", "Good")
    LOST = "lost", pgettext_lazy("relationship status", "Lost")
    NONE = "none", pgettext_lazy("relationship status", "None")
    BAD = "bad", pgettext_lazy("relationship status", "Bad")


# Each status has its own next step; Lost is never treated like Bad.
SUGGESTED_ACTIONS = {
    RelationshipStatus.GOOD: gettext_noop("Keep in touch: a personal call at the usual cadence."),
    RelationshipStatus.LOST: gettext_noop(
        "Win-back call: ask what went wrong and what would bring them back."
    ),
    RelationshipStatus.NONE: gettext_noop(
        "Introduce yourself and what the business does for them."
    ),
    RelationshipStatus.BAD: gettext_noop("Review with the owner before taking on more work."),
}


class RelationshipRules(models.Model):
    """The numbers behind the status rules; one row, edited by the owner in the admin.

    Rules, first match wins:
    1. Bad: flagged abusive or unpaid by staff, or at least `bad_unresolved_complaints`
       unresolved complaints (open, or closed with the customer not satisfied) started
       in the last `complaint_window_days`.
    2. Lost: flagged as gone; or served before and nothing completed for
       `lost_after_days`; or served and an unresolved complaint is open (win them back).
    3. Good: work completed (a case solved) within the last `lost_after_days`.
    4. None: never had completed work.
    """

    lost_after_days = models.PositiveIntegerField(default=365)
    bad_unresolved_complaints = models.PositiveIntegerField(default=2)
    complaint_window_days = models.PositiveIntegerField(default=365)
    call_every_days_good = models.PositiveIntegerField(default=90)
    call_every_days_lost = models.PositiveIntegerField(default=30)
    call_every_days_none = models.PositiveIntegerField(default=180)
    call_every_days_bad = models.PositiveIntegerField(default=60)

    class Meta:
        verbose_name = "relationship rules"
        verbose_name_plural = "relationship rules"

    def __str__(self) -> str:
        return "Relationship rules"

    @classmethod
    def current(cls) -> "RelationshipRules":
        rules = cls.objects.order_by("pk").first()
        return rules if rules is not None else cls()

    def cadence_days(self, status: str) -> int:
        return int(getattr(self, f"call_every_days_{status}"))


class Relationship(models.Model):
    """The standing of one customer or partner company, as computed and as overridden."""

    customer = models.OneToOneField(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relationship",
    )
    partner = models.OneToOneField(
        "accounts.PartnerCompany",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relationship",
    )
    status = models.CharField(
        max_length=10, choices=RelationshipStatus.choices, default=RelationshipStatus.NONE
    )
    computed_status = models.CharField(
        max_length=10, choices=RelationshipStatus.choices, default=RelationshipStatus.NONE
    )
    computed_reason = models.CharField(max_length=300, blank=True)
    override_status = models.CharField(
        max_length=10, choices=RelationshipStatus.choices, blank=True
    )
    override_reason = models.CharField(max_length=500, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    # Flags staff set; each feeds a rule.
    abusive = models.BooleanField(default=False)
    unpaid = models.BooleanField(default=False)
    gone = models.BooleanField(default=False)
    last_work_at = models.DateTimeField(null=True, blank=True)
    last_personal_contact_at = models.DateTimeField(null=True, blank=True)
    internal = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=False, partner__isnull=True)
                | Q(customer__isnull=True, partner__isnull=False),
                name="relationship_one_party",
            )
        ]
        indexes = [
            models.Index(fields=["status", "internal"], name="relationship_status"),
            models.Index(fields=["last_personal_contact_at"], name="relationship_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.party_name}: {self.get_status_display()}"

    @property
    def party_name(self) -> str:
        party = self.customer if self.customer_id else self.partner
        return str(party)

    @property
    def suggested_action(self) -> str:
        return SUGGESTED_ACTIONS[RelationshipStatus(self.status)]

    @property
    def reason(self) -> str:
        return self.override_reason if self.override_status else self.computed_reason


class ChangeSource(models.TextChoices):
    RULES = "rules", _("Rules")
    OVERRIDE = "override", _("Manual override")
    FLAG = "flag", _("Flag set by staff")


class RelationshipChange(models.Model):
    """Append-only history: every change of status or flag, and why."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="changes")
    before = models.CharField(max_length=10, blank=True)
    after = models.CharField(max_length=10)
    source = models.CharField(max_length=10, choices=ChangeSource.choices)
    reason = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["after", "at"], name="relationship_change_after")]

    def __str__(self) -> str:
        return f"{self.before or '-'} -> {self.after}: {self.reason}"


class RelationshipCall(models.Model):
    """A personal call with a customer, logged in one click."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="relationship_calls"
    )
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-called_at", "-id"]
        indexes = [models.Index(fields=["customer", "-called_at"], name="call_customer")]

    def __str__(self) -> str:
        return f"Call with customer {self.customer_id} at {self.called_at:%Y-%m-%d}"


class StaffRecord(models.Model):
    """When a person joined and left, and how many open cases they can carry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_record"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    capacity = models.PositiveIntegerField(
        default=20, help_text="Open cases this person can carry at once."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="staff_record_dates",
            )
        ]

    def __str__(self) -> str:
        return f"Staff record of {self.user}"


class AbsenceKind(models.TextChoices):
    SICK = "sick", _("Sick")
    HOLIDAY = "holiday", _("Holiday")
    OTHER = "other", _("Other")


class Absence(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}..{self.ends_on}"


class Audience(models.TextChoices):
    ALL = "all", _("All customers")
    EXTERNAL = "external", _("External customers")
    INTERNAL = "internal", _("Internal customers")


class Target(models.Model):
    """A goal for one figure, separately for internal and external customers (and per team)."""

    figure = models.CharField(max_length=40)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.FloatField()

    class Meta:
        ordering = ["figure", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "audience", "team"], name="one_target_per_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} ({self.audience}): {self.value}"


class SignThreshold(models.Model):
    """Owner-set amber/red thresholds of a telltale sign (defaults in insights.signs)."""

    sign = models.CharField(max_length=30, unique=True)
    amber = models.FloatField()
    red = models.FloatField()

    def __str__(self) -> str:
        return f"{self.sign}: amber {self.amber}, red {self.red}"


class PickBy(models.TextChoices):
    ROUND_ROBIN = "round_robin", _("Round-robin: whoever was given a new case longest ago")
    LEAST_LOADED = "least_loaded", _("Least loaded: whoever has the fewest open cases")


class RoutingRule(models.Model):
    """Where a new case goes: to a team (or to everyone), and to a person in it.

    Empty conditions match anything; when several rules match, the most specific
    wins (a customer, then a kind, then a channel). The person is the customer's
    own account owner when they are at work, else one of the team at work now
    (or first back), chosen by `pick_by`.
    """

    channel = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pick_by = models.CharField(max_length=20, choices=PickBy.choices, default=PickBy.ROUND_ROBIN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["customer_id", "kind", "channel", "id"]

    def __str__(self) -> str:
        return f"{self.conditions} -> {self.team or 'everyone'}"

    @property
    def conditions(self) -> str:
        """In words: "Customer: Hotel Bellevue · Kind: Repair · By: Web form"."""
        parts = [
            gettext("Customer: %(customer)s") % {"customer": self.customer}
            if self.customer_id else "",
            gettext("Kind: %(kind)s") % {"kind": Kind(self.kind).label}
            if self.kind in Kind.values else "",
            gettext("By: %(channel)s") % {"channel": Channel(self.channel).label}
            if self.channel in Channel.values else "",
        ]  # fmt: skip
        return " · ".join(p for p in parts if p) or gettext("Every case")

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        return (self.customer_id is not None, bool(self.kind), bool(self.channel))
