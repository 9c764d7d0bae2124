"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py):
moving in is an owner's job. The matrix sends JSON, so the upload (multipart) answers
the owner 400 "Choose a file"; tests/moving_in/test_api.py uploads for real."""

from tests.api.matrix import OWNERS, route

OWNER_REFUSED = (400, 403, 403, 403, 401)  # the owner passes the role check, then the input's
OWNERS_ACCEPT = (202, 403, 403, 403, 401)

ROUTES: list = [
    route("get", "/api/imports", OWNERS),
    route("post", "/api/imports", OWNER_REFUSED),
    route("post", "/api/imports/helpdesk", OWNER_REFUSED,
          body=lambda w: {"database_url": "sqlite:////nowhere/helpdesk.sqlite3"}),
    route("get", "/api/imports/{import_id}", OWNERS, import_id="import_job"),
    route("post", "/api/imports/{import_id}/start", OWNERS_ACCEPT, import_id="import_job"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A Zendesk export uploaded, in its preview."""
    import json

    from rightthere.moving_in.actions import new_export_import

    export = {"tickets": [{"id": 1, "subject": "Old boiler", "requester_id": 5,
                           "comments": [{"id": 2, "author_id": 5, "body": "It leaks."}]}]}  # fmt: skip
    job = new_export_import(owner, "export.json", json.dumps(export).encode())
    return {"import_job": job.pk}
