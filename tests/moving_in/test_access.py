"""One import by id: the Moving in screen and /api/imports fetch it through the same
accessor (moving_in.access.access_import). Only owners import: anyone else is refused
(403) before the id is looked up, so they cannot tell an import that exists from one
that does not; an owner gets 404 for an id that names nothing."""

import pytest
from django.urls import reverse

from rightthere.moving_in.actions import new_export_import
from tests.api.conftest import api_as  # noqa: F401 - the API-token client fixture
from tests.moving_in.conftest import zendesk_export

pytestmark = pytest.mark.django_db

NO_SUCH_IMPORT = 999_999


@pytest.fixture
def job_id(owner):
    return new_export_import(owner, "export.zip", zendesk_export()).pk


def _answers(web, api, import_id):
    """The status of every route that names an import, on the screen and in the API."""
    return [
        web.get(reverse("moving_in_job", args=[import_id])).status_code,
        web.get(reverse("moving_in_progress", args=[import_id])).status_code,
        web.post(reverse("moving_in_start", args=[import_id])).status_code,
        api.get(f"/api/imports/{import_id}").status_code,
        api.post(f"/api/imports/{import_id}/start").status_code,
    ]


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
@pytest.mark.parametrize(
    "named", [lambda job_id: job_id, lambda job_id: NO_SUCH_IMPORT], ids=["existing", "missing"]
)
def test_no_one_but_an_owner_learns_whether_an_import_exists(
    named, role, request, as_user, api_as, job_id  # noqa: F811
):  # fmt: skip
    user = request.getfixturevalue(role)

    answers = _answers(as_user(user), api_as(user), named(job_id))

    assert answers == [403] * 5


def test_an_owner_gets_404_for_an_import_that_does_not_exist(as_user, api_as, owner):  # noqa: F811
    assert _answers(as_user(owner), api_as(owner), NO_SUCH_IMPORT) == [404] * 5


def test_an_owner_reads_an_import_on_the_screen_and_in_the_api(as_user, api_as, owner, job_id):  # noqa: F811
    web, api = as_user(owner), api_as(owner)

    page = web.get(reverse("moving_in_job", args=[job_id]))
    status = api.get(f"/api/imports/{job_id}")

    assert (page.status_code, status.status_code) == (200, 200)
    assert status.json()["id"] == job_id
