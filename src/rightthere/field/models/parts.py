"""The parts catalogue, orders for parts on a case, and parts used on visits."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vendor(models.Model):
    name = models.CharField(max_length=200, unique=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Part(models.Model):
    sku = models.CharField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="parts")
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    stock_on_hand = models.IntegerField(default=0)
    reorder_level = models.PositiveIntegerField(default=0)
    lead_time_days = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["name", "sku"]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"

    @property
    def is_low(self) -> bool:
        return self.stock_on_hand <= self.reorder_level


class PartOrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class PartOrder(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="part_orders")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="orders")
    quantity = models.PositiveIntegerField(default=1)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="orders")
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    ordered_at = models.DateTimeField()
    expected_arrival = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PartOrderStatus.choices, default=PartOrderStatus.ORDERED
    )
    wrong_part = models.BooleanField(default=False)
    defective = models.BooleanField(default=False)
    root_cause = models.CharField(max_length=12, blank=True)
    # Set when the order is rework: it replaces what a failed visit lacked.
    for_failed_visit = models.ForeignKey(
        "field.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ordered_at", "-id"]
        indexes = [models.Index(fields=["status", "expected_arrival"], name="partorder_open")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.part} for case {self.case_id}"

    @property
    def total_cost(self) -> Decimal:
        return self.unit_cost * self.quantity


class PartUse(models.Model):
    """A part fitted on a visit; stock went down by the quantity."""

    visit = models.ForeignKey("field.Visit", on_delete=models.CASCADE, related_name="parts_used")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="uses")
    quantity = models.PositiveIntegerField(default=1)
    used_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.part}"
