"""The promise panel's read, compiled once (core.compiled, docs/speed-code.md row 19),
gives what `case.promises.select_related("owner").order_by("state", "due_at")` gives."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.core.compiled import forget_compiled
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.panels import promise_panel
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_panels_promises_are_the_orms(agent, technician, django_assert_num_queries):
    forget_compiled()
    case = make_case(assignee=technician)
    other = make_case()
    now = timezone.now()
    late = make_promise(case, actor=agent, what="send the quote", due_at=now + timedelta(days=3))
    make_promise(case, actor=agent, what="call back", due_at=now + timedelta(days=1), owner=agent)
    kept = make_promise(case, actor=agent, what="order the part", due_at=now + timedelta(days=2))
    keep_promise(kept, actor=agent)
    make_promise(other, actor=agent, what="elsewhere", due_at=now + timedelta(days=1))
    ordered = list(case.promises.select_related("owner").order_by("state", "due_at"))
    expected = [p for p in ordered if p.state == "open"] + [p for p in ordered if p.state != "open"]

    with django_assert_num_queries(1):
        context = promise_panel(agent, case).context
        found = [*context["open"], *context["closed"]]
        owners = [p.owner for p in found]  # read with them: no query
        assert all(p.case is case for p in found)

    assert [p.pk for p in found] == [p.pk for p in expected] and late.pk in [p.pk for p in found]
    for promise, wanted, owner in zip(found, expected, owners, strict=True):
        for field in type(wanted)._meta.concrete_fields:
            assert getattr(promise, field.attname) == getattr(wanted, field.attname), field.name
        assert owner == wanted.owner
        if owner is not None:
            assert owner.display_name == wanted.owner.display_name
    assert [p.pk for p in context["closed"]] == [kept.pk]
    assert [p.pk for p in promise_panel(agent, other).context["open"]] == sorted(
        (p.pk for p in other.promises.filter(state="open")),
        key=lambda pk: other.promises.get(pk=pk).due_at,
    )
    forget_compiled()
