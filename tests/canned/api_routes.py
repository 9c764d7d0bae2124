"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import route

#                owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
EVERYONE_ADDS = (201, 201, 201, 201, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)
MANAGERS_CHANGE = (200, 200, 403, 403, 401)
MANAGERS_ADD = (201, 201, 403, 403, 401)
MANAGERS_DELETE = (204, 204, 403, 403, 401)
ONLY_ITS_OWNER = (200, 404, 404, 404, 401)
ONLY_ITS_OWNER_DELETES = (204, 404, 404, 404, 401)


def _reply(scope):
    return lambda w: {"title": "Part ordered", "scope": scope,
                      "body": "Hello {customer.first_name}, the part is ordered."}  # fmt: skip


ONE = "/api/canned-replies/{reply_id}"
RENDERED = "/api/cases/{case_id}/canned-replies/{reply_id}/rendered"

ROUTES: list = [
    route("get", "/api/canned-replies", EVERYONE),
    route("get", "/api/canned-replies/placeholders", EVERYONE),
    route("post", "/api/canned-replies", EVERYONE_ADDS, body=_reply("personal")),
    route("post", "/api/canned-replies", MANAGERS_ADD, body=_reply("everyone")),
    route("get", ONE, EVERYONE, reply_id="canned_desk"),
    route("get", ONE, MANAGERS_SEE, reply_id="canned_team"),
    route("get", ONE, ONLY_ITS_OWNER, reply_id="canned_personal"),
    route("patch", ONE, MANAGERS_CHANGE, reply_id="canned_desk", body=lambda w: {"title": "Hi"}),
    route("patch", ONE, MANAGERS_SEE, reply_id="canned_team", body=lambda w: {"title": "Hi"}),
    route("patch", ONE, ONLY_ITS_OWNER, reply_id="canned_personal",
          body=lambda w: {"title": "Hi"}),
    route("delete", ONE, MANAGERS_DELETE, reply_id="canned_desk"),
    route("delete", ONE, ONLY_ITS_OWNER_DELETES, reply_id="canned_personal"),
    route("get", RENDERED, EVERYONE, case_id="shared_case", reply_id="canned_desk"),
    route("get", RENDERED, MANAGERS_SEE, case_id="other_case", reply_id="canned_desk"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A desk-wide reply, one of a team nobody in the matrix belongs to, the owner's own."""
    from rightthere.canned.actions import save_canned_reply
    from tests.factories import TeamFactory

    def save(user, title, **kwargs):
        body = "Hello {customer.first_name}, about {case.reference}."
        return save_canned_reply(user, title=title, body=body, **kwargs).pk

    return {
        "canned_desk": save(agent, "Desk hello", scope="everyone"),
        "canned_team": save(agent, "Office hello", scope="team",
                            team=TeamFactory(name="Canned office")),
        "canned_personal": save(owner, "Olivia's hello", scope="personal"),
    }  # fmt: skip
