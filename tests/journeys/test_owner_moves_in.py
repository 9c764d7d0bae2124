"""The owner moves the desk in from Zendesk on the Moving in screen: a file that is not an
export is refused next to the field; the export's preview (counts, first tickets); Start;
the progress moving while the worker imports; the worker dies half-way and the screen
says so, Continue picks up at the checkpoint; the report of what was skipped and why;
the old ticket number finds its case in the inbox; the screen fits a 390 px phone (#22)."""

import functools
import socket
import subprocess
import sys

import pytest

from rightthere.cases.models import Case
from rightthere.moving_in import importer, running, tasks
from rightthere.moving_in.models import ImportJob, JobStatus
from tests.factories import PASSWORD
from tests.moving_in.conftest import zendesk_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dead_runner() -> str:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return f"{socket.gethostname()}:{done.stdout.strip()}"


def test_owner_moves_in_from_zendesk_with_preview_progress_and_a_crash(
    owner, page, log_in, screenshot, run_tasks, monkeypatch, tmp_path, browser, live_server
):
    export = tmp_path / "zendesk-export.zip"
    export.write_bytes(zendesk_export(tickets=10))
    notes = tmp_path / "notes.json"
    notes.write_text("these are my notes, not an export")
    page.set_default_timeout(30_000)  # the machine is shared: a slow first page is not a bug
    log_in(owner.username, PASSWORD)

    page.goto("/settings/")
    page.get_by_role("link", name="Moving in").click()
    page.get_by_role("heading", name="Moving in").wait_for()

    # Not an export: refused next to the field, nothing made.
    page.get_by_label("Zendesk export").set_input_files(str(notes))
    page.get_by_role("button", name="Upload and preview").click()
    page.locator("#file-error").get_by_text("is not JSON").wait_for()
    assert not ImportJob.objects.exists()

    # The export: what it holds and its first tickets, before anything is added.
    page.get_by_label("Zendesk export").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="First tickets").wait_for()
    holds = page.locator(".import-counts").first.inner_text()
    assert "10 tickets" in holds and "1 attachment files in the upload" in holds
    assert page.get_by_role("cell", name="ZD-1234").is_visible()
    print(screenshot(page, "journeys/moving-in-preview.png", docs=True))
    assert not Case.objects.exists()

    # Start: the worker imports two tickets a batch; it dies after the second batch (a
    # crash, simulated by ending the task there: the job is left "importing").
    def dies_after_two_batches(job):
        if job.batches == 2:
            raise importer.Stop

    monkeypatch.setattr(tasks, "run_job", functools.partial(
        running.run_job, batch_size=2, after_batch=dies_after_two_batches))  # fmt: skip
    page.get_by_role("button", name="Start import").click()
    page.get_by_text("Waiting for the worker").wait_for()
    run_tasks()
    page.get_by_text("Importing: 4 of 10 tickets").wait_for()  # htmx brought it
    assert page.locator("progress").get_attribute("value") == "40"
    print(screenshot(page, "journeys/moving-in-progress.png", docs=True))

    # The worker's process is gone: the screen says so, and Continue picks up at ticket 4.
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(runner=_dead_runner())
    page.reload()
    page.get_by_text("Stopped: the worker ended while importing").wait_for()
    monkeypatch.setattr(tasks, "run_job", running.run_job)
    page.get_by_role("button", name="Continue import").click()
    run_tasks()
    page.get_by_text("Done: 10 of 10 tickets").wait_for()
    report = page.locator("#import-progress").inner_text()
    assert "10 cases" in report
    assert "ZD-1235 attachment gauge.jpg: its file is not in the upload" in report
    print(screenshot(page, "journeys/moving-in-report.png", docs=True))
    job.refresh_from_db()
    assert (job.status, job.position, Case.objects.count()) == (JobStatus.DONE, 10, 10)

    # The old Zendesk number finds its case in the inbox.
    page.goto("/?q=ZD-1237")
    page.get_by_role("link", name="Boiler 3 loses pressure").wait_for()

    # On a phone.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                is_mobile=True)  # fmt: skip
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto(f"/settings/moving-in/{job.pk}/")
    mobile.get_by_role("heading", name="First tickets").wait_for()
    print(screenshot(mobile, "journeys/moving-in-phone.png", docs=True))
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
