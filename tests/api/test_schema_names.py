"""Two API schemas with the same class name are one entry in the OpenAPI components: the
later silently replaces the earlier, so /api/docs and generated clients describe one
route's answer with another's fields (the fuzz test found /api/users answering
`partner_id: null` against a partner person's schema). Names must be unique unless the
schemas are the same."""

from collections import defaultdict

from ninja import Schema

import rightthere.api.urls  # noqa: F401 - loads every route and its schemas


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_schemas_sharing_a_name_are_the_same_schema():
    by_name = defaultdict(list)
    for schema in _all_subclasses(Schema):
        if schema.__module__.startswith("rightthere."):
            by_name[schema.__name__].append(schema)

    clashes = {
        name: sorted(f"{s.__module__}.{s.__qualname__}" for s in schemas)
        for name, schemas in by_name.items()
        if len({repr(s.model_json_schema()) for s in schemas}) > 1
    }

    assert clashes == {}
