"""The owner's Moving in screen: upload, preview, start, progress (the htmx part) and
the report; bad input next to its field with what was typed kept; and who may use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rightthere.cases.models import Case
from rightthere.moving_in.models import ImportJob, JobStatus
from tests.moving_in.conftest import zendesk_export

pytestmark = pytest.mark.django_db


def _upload(client, data=None, name="export.zip"):
    upload = SimpleUploadedFile(name, zendesk_export() if data is None else data)
    return client.post(reverse("moving_in"), {"file": upload})


def test_the_owner_uploads_sees_the_preview_starts_and_reads_the_report(as_user, owner,
                                                                         run_tasks):  # fmt: skip
    client = as_user(owner)

    response = _upload(client)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("moving_in_job", args=[job.pk])).content.decode()
    assert "ZD-1234" in page and "grace@customer.example" in page  # the first rows
    assert "Start import" in page
    assert not Case.objects.exists()

    client.post(reverse("moving_in_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    polling = client.get(reverse("moving_in_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in polling

    run_tasks()

    job.refresh_from_db()
    assert (job.status, job.position) == (JobStatus.DONE, 3)
    done = client.get(reverse("moving_in_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in done  # no more polling
    assert "3</strong> cases" in done
    assert "ZD-1235 attachment gauge.jpg: its file is not in the upload" in done


def test_starting_twice_queues_it_once(as_user, owner):
    client = as_user(owner)
    _upload(client)
    job = ImportJob.objects.get()

    client.post(reverse("moving_in_start", args=[job.pk]))
    client.post(reverse("moving_in_start", args=[job.pk]))

    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1


def test_a_file_that_is_not_an_export_is_refused_next_to_the_field(as_user, owner):
    response = _upload(as_user(owner), b"hello", "notes.json")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="file-error"' in page and "is not JSON" in page
    assert not ImportJob.objects.exists()


def test_no_file_chosen_is_refused(as_user, owner):
    response = as_user(owner).post(reverse("moving_in"), {})

    assert response.status_code == 400
    assert "Choose a file" in response.content.decode()


def test_a_bad_database_is_refused_next_to_its_field_and_what_was_typed_stays(as_user, owner):
    response = as_user(owner).post(reverse("moving_in_database"), {
        "database_url": "mysql://old/helpdesk", "media_root": "/srv/media"})  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="database-error"' in page and "Give a PostgreSQL URL" in page
    assert 'value="mysql://old/helpdesk"' in page and 'value="/srv/media"' in page


def test_a_real_helpdesk_database_from_the_screen(as_user, owner, helpdesk_db, run_tasks,
                                                 settings):  # fmt: skip
    settings.RIGHTTHERE = {
        **settings.RIGHTTHERE,
        "MOVING_IN_MEDIA_ROOTS": str(helpdesk_db["media"]),
    }
    client = as_user(owner)

    client.post(reverse("moving_in_database"), {
        "database_url": helpdesk_db["url"], "media_root": str(helpdesk_db["media"])})  # fmt: skip
    job = ImportJob.objects.get()
    page = client.get(reverse("moving_in_job", args=[job.pk])).content.decode()
    assert "support-1" in page and "50</strong> tickets" in page
    client.post(reverse("moving_in_start", args=[job.pk]))
    run_tasks()

    job.refresh_from_db()
    assert (job.status, Case.objects.count()) == (JobStatus.DONE, 50)


def test_the_settings_hub_lists_moving_in(as_user, owner):
    page = as_user(owner).get(reverse("settings_setup")).content.decode()

    assert reverse("moving_in") in page


@pytest.fixture
def job(owner):
    from rightthere.moving_in.actions import new_export_import

    return new_export_import(owner, "export.zip", zendesk_export())


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_may_use_it(role, request, as_user, job):
    client = as_user(request.getfixturevalue(role))
    pk = job.pk

    answers = [
        client.get(reverse("moving_in")).status_code,
        _upload(client).status_code,
        client.post(reverse("moving_in_database"), {"database_url": "x"}).status_code,
        client.get(reverse("moving_in_job", args=[pk])).status_code,
        client.post(reverse("moving_in_start", args=[pk])).status_code,
        client.get(reverse("moving_in_progress", args=[pk])).status_code,
    ]

    assert answers == [403] * 6
    assert ImportJob.objects.get().status == JobStatus.PREVIEW


def test_anonymous_visitors_are_sent_to_log_in(client, job):
    for url in (reverse("moving_in"), reverse("moving_in_job", args=[job.pk]),
                reverse("moving_in_progress", args=[job.pk])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(reverse("moving_in_start", args=[job.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert ImportJob.objects.get().status == JobStatus.PREVIEW


def test_a_media_folder_the_server_did_not_allow_is_refused(as_user, owner, helpdesk_db,
                                                             settings):  # fmt: skip
    """An owner could otherwise read any file the server can, through a database whose
    attachments name it."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MOVING_IN_MEDIA_ROOTS": "/srv/helpdesk/media"}

    response = as_user(owner).post(reverse("moving_in_database"), {
        "database_url": helpdesk_db["url"], "media_root": "/etc"})  # fmt: skip

    assert response.status_code == 400
    assert "Reading attachments from /etc is not allowed" in response.content.decode()
    assert not ImportJob.objects.exists()
