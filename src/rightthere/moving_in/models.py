"""An import from another desk (the job, its checkpoint and report) and the map from
the other desk's ids to ours, which makes running an import again add nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class SourceKind(models.TextChoices):
    ZENDESK = "zendesk", gettext_lazy("Zendesk export (JSON or CSV)")
    FRESHDESK = "freshdesk", gettext_lazy("Freshdesk export (JSON)")
    HELPDESK = "helpdesk", gettext_lazy("django-helpdesk database")


class JobStatus(models.TextChoices):
    PREVIEW = "preview", gettext_lazy("Ready to start")
    QUEUED = "queued", gettext_lazy("Waiting for the worker")
    RUNNING = "running", gettext_lazy("Importing")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Stopped by an error")


class ImportJob(models.Model):
    """One import: what it reads, how far it got (committed with each batch, so a run
    that dies is continued by the next), what it added and what it skipped and why."""

    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    # The other desk, as the map knows it ("zendesk:acme", "django-helpdesk").
    system = models.CharField(max_length=100)
    label = models.CharField(max_length=255, help_text="The file name or the database.")
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    database_url = models.CharField(max_length=1000, blank=True)
    media_root = models.CharField(max_length=1000, blank=True)
    # The same file or database again: a run of the command continues an unfinished job.
    source_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PREVIEW)
    preview = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Tickets in the source.")
    position = models.PositiveIntegerField(default=0, help_text="Tickets done (the checkpoint).")
    counts = models.JSONField(default=dict, blank=True)
    skipped = models.JSONField(default=list, blank=True)
    skipped_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    batches = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The process running it ("host:pid"): a run on the same host whose process is gone
    # has crashed, and the next run takes over at once instead of after STALE_AFTER.
    runner = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.position / self.total))

    @property
    def is_unfinished(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)


class RecordKind(models.TextChoices):
    TEAM = "team", "Team"
    USER = "user", "Staff user"
    CUSTOMER = "customer", "Customer"
    CONTACT = "contact", "Contact"
    CASE = "case", "Case"
    MESSAGE = "message", "Message"
    ATTACHMENT = "attachment", "Attachment"


class ImportedRecord(models.Model):
    """The other desk's id of something -> our row. Written in the batch that adds the
    row, so an import run again, or continued after a crash, adds nothing twice."""

    system = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=RecordKind.choices)
    source_id = models.CharField(max_length=255)
    target_id = models.BigIntegerField()
    # A case's reference in the other desk ("ZD-1234", "support-12"), in capitals:
    # searching the inbox for it finds the case.
    old_reference = models.CharField(max_length=120, blank=True)
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["system", "kind", "source_id"], name="imported_record_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["old_reference"],
                condition=~models.Q(old_reference=""),
                name="imported_old_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.kind} {self.source_id} -> {self.target_id}"


class EarlierMessageId(models.Model):
    """A Message-ID of mail on an imported case, from before it was in Rightthere: a
    customer's answer to an old mail (its In-Reply-To or References) joins the case
    (`mail.threading.earlier_ids`, registered in apps.py). The case's id, not a
    foreign key: mail intake follows a merged case to its survivor by id anyway."""

    # Without angle brackets, as mail.InboundMail.message_id.
    message_id = models.CharField(max_length=900, unique=True)
    case_id = models.BigIntegerField()

    class Meta:
        verbose_name = "earlier Message-ID"

    def __str__(self) -> str:
        return self.message_id
