"""Saved views and bulk changes in the project-wide permission matrix
(tests/api/test_permissions.py). Everyone has their own views and sees shared
ones; only the owner of a view changes it (403 for a shared one, 404 for a
private one). Bulk changes are for owners and agents."""

from tests.api.matrix import route

#                owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
EVERYONE_ADDS = (201, 201, 201, 201, 401)
OWNERS_PRIVATE = (200, 404, 404, 404, 401)
OWNER_CHANGES_SHARED = (200, 403, 403, 403, 401)
OWNER_REMOVES_SHARED = (204, 403, 403, 403, 401)
MANAGERS_CHANGE = (200, 200, 403, 403, 401)

ROUTES = [
    route("get", "/api/saved-views", EVERYONE),
    route("post", "/api/saved-views", EVERYONE_ADDS,
          body=lambda w: {"name": "Urgent first", "query": "sort=priority"}),
    route("get", "/api/saved-views/{view_id}", OWNERS_PRIVATE, view_id="owners_view"),
    route("get", "/api/saved-views/{view_id}", EVERYONE, view_id="shared_view"),
    route("patch", "/api/saved-views/{view_id}", OWNER_CHANGES_SHARED, view_id="shared_view",
          body=lambda w: {"name": "Due soon"}),
    route("delete", "/api/saved-views/{view_id}", OWNER_REMOVES_SHARED, view_id="shared_view"),
    route("post", "/api/cases/bulk", MANAGERS_CHANGE,
          body=lambda w: {"case_ids": [w["shared_case"]], "action": "priority", "value": "high"}),
    route("post", "/api/cases/bulk/undo", MANAGERS_CHANGE,
          body=lambda w: {"action": "priority", "restores": [
              {"case_id": w["shared_case"], "value": "normal", "waiting_reason": "",
               "version": 0}]}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """The owner's private view and the owner's shared one."""
    from rightthere.saved_views.actions import save_view

    private = save_view(owner, name="Mine", query="view=mine")
    shared = save_view(owner, name="Urgent", query="sort=priority", shared=True)
    return {"owners_view": private.pk, "shared_view": shared.pk}
