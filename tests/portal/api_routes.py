"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import OWNERS, route

#             owner agent  tech   sub    anonymous
MANAGERS = (200, 200, 403, 403, 401)
MANAGERS_HIDDEN = (200, 200, 404, 404, 401)

ROUTES = [
    route(method, f"/api/cases/{{case_id}}/status-link{tail}", answers, case_id=case)
    for method, tail in [("get", ""), ("post", "/resend"), ("post", "/rotate"),
                         ("post", "/revoke")]
    for case, answers in [("shared_case", MANAGERS), ("other_case", MANAGERS_HIDDEN)]
] + [
    route("get", "/api/customer-pages", OWNERS),
    route("put", "/api/customer-pages", OWNERS, body=lambda w: {"organisation_sharing": True}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """Both cases get a live status link (so there is one to revoke)."""
    from rightthere.cases.models import Case
    from rightthere.portal.links import live_link

    for key in ("shared_case", "other_case"):
        live_link(Case.objects.get(pk=world[key]))
    return {}
