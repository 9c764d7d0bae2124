"""A visit: someone goes to the customer for a case, and what came of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Tentative")
    CONFIRMED = "confirmed", _("Confirmed")
    ON_THE_WAY = "on_the_way", _("On the way")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


# Visits that take up a calendar slot.
ACTIVE_STATUSES = (VisitStatus.TENTATIVE, VisitStatus.CONFIRMED, VisitStatus.ON_THE_WAY)


class Outcome(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    RETURN_NEEDED = "return_needed", _("Return visit needed")


class ReturnReason(models.TextChoices):
    WRONG_PART = "wrong_part", _("Wrong part")
    MISSING_PART = "missing_part", _("Missing part")
    OTHER_SKILL = "other_skill", _("Needs another skill")
    CUSTOMER_ABSENT = "customer_absent", _("Customer absent")
    OTHER = "other", _("Other")


class RootCause(models.TextChoices):
    """The fixed list visits used before they took the owner's list (Settings → Root
    causes, `recovery.RootCause`); part orders still use it. Old API clients may still
    send these values: `LEGACY_ROOT_CAUSES` maps them onto the owner's list."""

    OFFICE = "office", _("Office / order error")
    VENDOR = "vendor", _("Vendor")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    TECHNICIAN = "technician", _("Technician")
    CUSTOMER = "customer", _("Customer")


# The old fixed values and the owner's list entry each became (by name; the data
# migration field 0004 adds the entries with no counterpart: Technician, Customer).
LEGACY_ROOT_CAUSES = {
    "office": "Office or order error",
    "vendor": "Vendor",
    "diagnosis": "Diagnosis",
    "technician": "Technician",
    "customer": "Customer",
}


class Visit(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="visits")
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    partner = models.ForeignKey(
        "accounts.PartnerCompany",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    partner_fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    skill = models.ForeignKey(
        "field.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    address = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=VisitStatus.choices, default=VisitStatus.TENTATIVE
    )
    # What we went there for, when it is a return visit.
    return_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="returns"
    )
    waits_for = models.ForeignKey(
        "field.PartOrder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        help_text="The part this visit cannot happen without.",
    )
    promise = models.ForeignKey(
        "promises.Promise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    return_reason = models.CharField(max_length=20, choices=ReturnReason.choices, blank=True)
    # The owner's list (Settings → Root causes), as complaints use it; set with "return needed".
    root_cause = models.ForeignKey(
        "recovery.RootCause",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    outcome_note = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    needs_rebooking = models.BooleanField(default=False)
    # When the technician, on the way, expects to be there (told to the customer).
    expected_at = models.DateTimeField(null=True, blank=True)
    # The calendar invite's SEQUENCE: bumped on every move so calendars update.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["technician", "starts_at"], name="visit_technician_start"),
            models.Index(fields=["partner", "starts_at"], name="visit_partner_start"),
            models.Index(fields=["case", "starts_at"], name="visit_case_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="field_visit_order"
            ),
            models.CheckConstraint(
                condition=Q(technician__isnull=True) | Q(partner__isnull=True),
                name="field_visit_one_doer",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit {self.pk} on case {self.case_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def doer_name(self) -> str:
        if self.technician is not None:
            return self.technician.display_name
        if self.partner is not None:
            return f"{self.partner.name} (partner)"
        return "nobody yet"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
