"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py)."""

from tests.api.matrix import route

#                  owner agent  tech   sub    anonymous
MANAGERS = (200, 200, 403, 403, 401)
MANAGERS_HIDDEN = (200, 200, 404, 404, 401)
MANAGERS_ADD = (201, 201, 403, 403, 401)
MANAGERS_ADD_HIDDEN = (201, 201, 404, 404, 401)
EVERYONE = (200, 200, 200, 200, 401)


ROUTES = [
    route("get", "/api/cases/{case_id}/duplicates", MANAGERS, case_id="merge_shared_duplicate"),
    route("get", "/api/cases/{case_id}/duplicates", MANAGERS_HIDDEN,
          case_id="merge_other_duplicate"),
    route("post", "/api/cases/{case_id}/merge", MANAGERS_ADD, case_id="merge_shared_duplicate",
          body=lambda w: {"into": w["merge_shared_target"]}),
    route("post", "/api/cases/{case_id}/merge", MANAGERS_ADD_HIDDEN,
          case_id="merge_other_duplicate", body=lambda w: {"into": w["merge_other_target"]}),
    route("get", "/api/merges/{merge_id}", EVERYONE, merge_id="shared_merge"),
    route("get", "/api/merges/{merge_id}", MANAGERS_HIDDEN, merge_id="other_merge"),
    route("post", "/api/merges/{merge_id}/undo", MANAGERS, merge_id="shared_merge"),
    route("post", "/api/merges/{merge_id}/undo", MANAGERS_HIDDEN, merge_id="other_merge"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """Duplicates every role can see (the technician's, handed to the subcontractor's
    company) and duplicates only owners and agents see, each pair once merged already."""
    from rightthere.merging.actions import merge_cases
    from tests.factories import ContactFactory
    from tests.world import open_case_for, people_of

    people = people_of(owner, agent, technician, subcontractor)
    shared_contact, other_contact = ContactFactory(), ContactFactory()
    shared = [
        open_case_for("everyone", people, subject="Boiler bangs at night", contact=shared_contact)
        for _ in range(4)
    ]
    other = [
        open_case_for("managers", people, subject="Gutter overflows", contact=other_contact)
        for _ in range(4)
    ]
    return {
        "merge_shared_duplicate": shared[0].pk,
        "merge_shared_target": shared[1].pk,
        "merge_other_duplicate": other[0].pk,
        "merge_other_target": other[1].pk,
        "shared_merge": merge_cases(shared[2], into=shared[3], actor=owner).pk,
        "other_merge": merge_cases(other[2], into=other[3], actor=owner).pk,
    }
