"""Routes that answer with a file rather than JSON, for every role (the rest of the
matrix is tests/api/test_permissions.py)."""

import pytest

from tests.api.conftest import ROLES, send
from tests.cases.api_routes import DOWNLOADS, add_photos

DOWNLOADS_BY_ROLE = [
    pytest.param(role, path, targets, answer, id=f"{role} {path} {targets}")
    for _, path, targets, _, answers in DOWNLOADS
    for role, answer in zip(ROLES, answers, strict=True)
]


@pytest.fixture
def photos(world):
    return add_photos(world)


@pytest.mark.parametrize(("role", "path", "targets", "answer"), DOWNLOADS_BY_ROLE)
def test_each_role_gets_its_own_answer_from_every_download(role, path, targets, answer, photos,
                                                            caller):  # fmt: skip
    client, _ = caller(role)
    url = path.format(**{name: photos[key] for name, key in targets.items()})

    response = send(client, "get", url)

    assert response.status_code == answer


def test_an_attachment_downloads_as_the_file_with_its_name(photos, caller):
    client, _ = caller("technician")

    response = client.get(f"/api/attachments/{photos['shared_attachment']}")

    assert b"".join(response.streaming_content) == b"\xff\xd8 a photo"
    assert response["Content-Disposition"] == 'attachment; filename="label.jpg"'
