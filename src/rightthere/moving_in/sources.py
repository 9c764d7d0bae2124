"""The source a job reads: its uploaded Zendesk or Freshdesk export, or its
django-helpdesk database."""

from rightthere.moving_in import records
from rightthere.moving_in.freshdesk import FreshdeskSource
from rightthere.moving_in.helpdesk import HelpdeskSource
from rightthere.moving_in.models import ImportJob, SourceKind
from rightthere.moving_in.zendesk import ZendeskSource


def open_source(job: ImportJob) -> records.Source:
    if job.kind == SourceKind.ZENDESK:
        with job.file.open("rb") as handle:
            return ZendeskSource(handle.read(), job.label)
    if job.kind == SourceKind.FRESHDESK:
        with job.file.open("rb") as handle:
            return FreshdeskSource(handle.read(), job.label)
    return HelpdeskSource(job.database_url, job.media_root)
