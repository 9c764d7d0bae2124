"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py).

Everyone has their own notifications; another person's is a 404."""

from tests.api.matrix import route

#             owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
OWNERS_OWN = (200, 404, 404, 404, 401)

ROUTES = [
    route("get", "/api/notifications", EVERYONE),
    route("get", "/api/notifications", EVERYONE, query="unread=1"),
    route("post", "/api/notifications/read-all", EVERYONE),
    route("post", "/api/notifications/{notification_id}/read", OWNERS_OWN,
          notification_id="owners_notification"),
    route("get", "/api/notifications/preferences", EVERYONE),
    route("put", "/api/notifications/preferences", EVERYONE,
          body=lambda w: {"preferences": {"visit_moved": "digest"}}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A notification of the owner's, that only the owner may read."""
    from rightthere.cases.models import Case
    from rightthere.notifications.actions import case_assigned

    case = Case.objects.get(pk=world["shared_case"])
    case.assignee = owner
    [row] = case_assigned(case, actor=None)
    return {"owners_notification": row.pk}
