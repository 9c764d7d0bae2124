"""/api/imports: the same import as the screen and the command, through the same
functions: upload, preview, start, status until done; a real django-helpdesk database."""

import pytest

from rightthere.cases.models import Case
from rightthere.moving_in.models import ImportJob
from tests.api.conftest import api_as  # noqa: F401 - the API-token client fixture
from tests.moving_in.conftest import zendesk_export

pytestmark = pytest.mark.django_db


def test_a_program_uploads_an_export_starts_it_and_follows_it(api_as, owner, run_tasks):  # noqa: F811
    client = api_as(owner)

    made = client.post("/api/imports", {"file": _file()})
    assert made.status_code == 201, made.content
    job = made.json()
    assert (job["status"], job["preview"]["counts"]["tickets"], job["position"]) == (
        "preview", 3, 0)  # fmt: skip
    assert job["preview"]["rows"][0]["reference"] == "ZD-1234"

    started = client.post(f"/api/imports/{job['id']}/start")
    assert (started.status_code, started.json()["status"]) == (202, "queued")
    run_tasks()
    status = client.get(f"/api/imports/{job['id']}").json()

    assert (status["status"], status["position"], status["percent"]) == ("done", 3, 100)
    assert status["counts"]["cases"] == 3 == Case.objects.count()
    assert {"what": "ZD-1234 comment 12344", "reason": "no words and no attachments"} in status[
        "skipped"]  # fmt: skip
    again = client.post(f"/api/imports/{job['id']}/start")
    assert (again.status_code, again.json()["detail"]) == (
        400, "This import is done; start a new one to import again.")  # fmt: skip


def test_a_helpdesk_database_through_the_api(api_as, owner, helpdesk_db, run_tasks, settings):  # noqa: F811
    settings.RIGHTTHERE = {
        **settings.RIGHTTHERE,
        "MOVING_IN_MEDIA_ROOTS": str(helpdesk_db["media"]),
    }
    client = api_as(owner)

    made = client.post("/api/imports/helpdesk", {"database_url": helpdesk_db["url"],
                       "media_root": str(helpdesk_db["media"])}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    client.post(f"/api/imports/{made.json()['id']}/start")
    run_tasks()

    status = client.get(f"/api/imports/{made.json()['id']}").json()
    assert (status["status"], status["counts"]["cases"], status["counts"]["attachments"]) == (
        "done", 50, 15)  # fmt: skip


def test_bad_input_is_refused_with_its_reason(api_as, owner):  # noqa: F811
    client = api_as(owner)

    no_file = client.post("/api/imports", {})
    not_export = client.post("/api/imports", {"file": _file(b"[1, 2", "x.json")})
    no_db = client.post("/api/imports/helpdesk", {"database_url": "ftp://x"},
                        content_type="application/json")  # fmt: skip

    assert no_file.status_code == 400 and "Choose a file" in no_file.json()["detail"]
    assert not_export.status_code == 400 and "not JSON" in not_export.json()["detail"]
    assert no_db.status_code == 400 and "PostgreSQL URL" in no_db.json()["detail"]
    assert not ImportJob.objects.exists()


def _file(data: bytes | None = None, name: str = "export.zip"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, zendesk_export() if data is None else data)
