"""Who does field work: staff technicians and subcontractor partners, and the settings."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TechnicianProfile(models.Model):
    """A staff technician's skills; working hours and time off hang off it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="field_profile"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="technicians")
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.user.display_name


class WorkingHours(models.Model):
    """One working period on a weekday (several rows allow a lunch break)."""

    technician = models.ForeignKey(
        TechnicianProfile, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(
        choices=[
            (0, "Monday"),
            (1, "Tuesday"),
            (2, "Wednesday"),
            (3, "Thursday"),
            (4, "Friday"),
            (5, "Saturday"),
            (6, "Sunday"),
        ]  # fmt: skip
    )
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["technician", "weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="field_hours_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class TimeOff(models.Model):
    technician = models.ForeignKey(
        TechnicianProfile, on_delete=models.CASCADE, related_name="time_off"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="field_time_off_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.technician} off {self.starts_at:%Y-%m-%d}"


class FeeKind(models.TextChoices):
    FIXED = "fixed", _("Fixed amount per visit")
    PERCENT = "percent", _("Percentage of the visit price")


class PartnerProfile(models.Model):
    """A subcontractor company's skills and the fee the business keeps per visit."""

    partner = models.OneToOneField(
        "accounts.PartnerCompany", on_delete=models.CASCADE, related_name="field_profile"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="partners")
    fee_kind = models.CharField(max_length=10, choices=FeeKind.choices, default=FeeKind.PERCENT)
    fee_amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("15"))
    visit_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("120"),
        help_text="What a visit is billed at; a percentage fee is taken from it.",
    )
    # Partners work these hours on weekdays, and take this many visits at once.
    day_starts = models.TimeField(default="08:00")
    day_ends = models.TimeField(default="18:00")
    crews = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return str(self.partner)

    def fee(self) -> Decimal:
        if self.fee_kind == FeeKind.FIXED:
            return self.fee_amount
        return (self.visit_price * self.fee_amount / 100).quantize(Decimal("0.01"))


class SlipPolicy(models.TextChoices):
    REBOOK = "rebook", _("Re-book the earliest valid slot and tell the customer")
    ASK = "ask", _("Ask an agent to re-book")


class FieldSettings(models.Model):
    """One row (pk=1) of field-service settings, edited in the admin."""

    max_load_percent = models.PositiveSmallIntegerField(
        default=80, help_text="Keep every technician's day at or under this share of their hours."
    )
    handling_buffer_hours = models.PositiveSmallIntegerField(
        default=4, help_text="Time between a part arriving and the visit that needs it."
    )
    rework_hourly_cost = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("60"))
    slot_step_minutes = models.PositiveSmallIntegerField(default=30)
    search_days = models.PositiveSmallIntegerField(default=30)
    slip_policy = models.CharField(
        max_length=10, choices=SlipPolicy.choices, default=SlipPolicy.REBOOK
    )
    customer_cutoff_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="Customers may move their visit on their status page until this many hours "
        "before it starts.",
    )

    class Meta:
        verbose_name_plural = "field settings"

    def __str__(self) -> str:
        return "Field settings"

    @classmethod
    def current(cls) -> "FieldSettings":
        return cls.objects.get_or_create(pk=1)[0]
