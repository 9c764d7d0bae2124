"""The case: one customer request from first contact to closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightthere.core.compiled import Inline


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    API = "api", _("API")
    REVIEW = "review", _("Review")
    INTERNAL = "internal", _("Internal")


class Kind(models.TextChoices):
    QUESTION = "question", _("Question")
    REQUEST = "request", _("Request")
    COMPLAINT = "complaint", _("Complaint")
    REPAIR = "repair", _("Repair")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING_US = "waiting_us", _("Waiting on us")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting on customer")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING_US, Status.WAITING_CUSTOMER)
IS_OPEN = Q(status__in=[s.value for s in OPEN_STATUSES])
# The same condition for queries, with the statuses written into the SQL: the
# partial indexes below have IS_OPEN as their condition, and PostgreSQL matches a
# prepared statement to them only when it can see the statuses (compiled.Inline).
IS_OPEN_INLINE = Q(status__in=[Inline(s.value) for s in OPEN_STATUSES])


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class WaitingReason(models.TextChoices):
    # Truly the customer's: only these allow "waiting on customer".
    INFORMATION = "information", _("Information from the customer")
    APPROVAL = "approval", _("The customer's approval")
    ACCESS = "access", _("Access to the site or device")
    PAYMENT = "payment", _("Payment")
    # Ours: the case is "waiting on us", with a promise date.
    PART = "part", _("A part")
    VENDOR = "vendor", _("A vendor")
    OTHER_TEAM = "other_team", _("Another team")
    INTERNAL_DEPARTMENT = "internal_department", _("An internal department")


CUSTOMER_REASONS = (
    WaitingReason.INFORMATION,
    WaitingReason.APPROVAL,
    WaitingReason.ACCESS,
    WaitingReason.PAYMENT,
)
OUR_BLOCKERS = (
    WaitingReason.PART,
    WaitingReason.VENDOR,
    WaitingReason.OTHER_TEAM,
    WaitingReason.INTERNAL_DEPARTMENT,
)


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


class Tag(models.Model):
    name = models.SlugField(max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    subject = models.CharField(max_length=250)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="cases"
    )
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PHONE)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    partner = models.ForeignKey(
        "accounts.PartnerCompany",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text="The subcontractor company the case is handed to, if any.",
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="cases")
    internal = models.BooleanField(
        default=False, help_text="Copied from the customer so inbox filters need no join."
    )

    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_response_due = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The next deadline that matters: first response until answered, then
    # resolution; empty once solved. Kept by the actions so the inbox can sort
    # and filter on one indexed column.
    next_due_at = models.DateTimeField(null=True, blank=True)
    # What a waiting case waits for, since when, and how often we reminded the customer.
    waiting_reason = models.CharField(max_length=30, choices=WaitingReason.choices, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    waiting_reminders_sent = models.PositiveSmallIntegerField(default=0)
    # Optimistic lock: a form or API update carrying an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # Set when this case was merged into another (the survivor): its reference stays
    # an alias, so mail and status links for it reach the survivor (see rightthere.merging).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cases"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["next_due_at", "id"], condition=IS_OPEN, name="case_open_due"),
            models.Index(
                fields=["assignee", "next_due_at", "id"],
                condition=IS_OPEN,
                name="case_open_assignee_due",
            ),
            # A subcontractor's open cases (they see their company's): its inbox and counts.
            models.Index(
                fields=["partner", "assignee", "next_due_at", "id"],
                condition=IS_OPEN,
                name="case_open_partner",
            ),
            models.Index(fields=["status", "next_due_at", "id"], name="case_status_due"),
            # "All cases" sorted by due, open and done alike: without it a full sort of
            # every case (about 60 ms at 10k, seconds at 1M).
            models.Index(fields=["next_due_at", "id"], name="case_due"),
            models.Index(fields=["-updated_at", "-id"], name="case_updated"),
            models.Index(fields=["-created_at", "-id"], name="case_created"),
            models.Index(fields=["customer", "-created_at"], name="case_customer_created"),
            # The dashboard: cases open during a period, and cases done by solve time.
            models.Index(
                fields=["created_at"],
                include=["solved_at", "closed_at", "assignee", "internal"],
                condition=IS_OPEN,
                name="case_open_created",
            ),
            models.Index(fields=["solved_at"], condition=~IS_OPEN, name="case_done_solved"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return format_reference(self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def format_reference(pk: int | None) -> str:
    prefix = settings.RIGHTTHERE["CASE_REFERENCE_PREFIX"]
    return f"{prefix}-{pk or 0:06d}"


def parse_reference(text: str) -> int | None:
    """`RT-000123`, `rt-123` or `123` -> 123; anything else -> None."""
    value = text.strip().upper()
    prefix = settings.RIGHTTHERE["CASE_REFERENCE_PREFIX"].upper() + "-"
    if value.startswith(prefix):
        value = value[len(prefix) :]
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None
