"""What keeps the case page's rendering cheap (#23), checked without timing it."""

import pytest
from django.db.models import Model
from django.urls import reverse

from rightthere.cases import actions
from rightthere.desk import messages as desk_messages
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_timeline(owner, technician):
    case = make_case(assignee=technician)
    contact = ContactFactory(customer=case.customer)
    for i in range(4):
        inbound = i % 2 == 0
        desk_messages.add_message(
            case,
            actor=None if inbound else owner,
            author_contact=contact if inbound else None,
            direction="inbound" if inbound else "outbound",
            body_text=f"Message number {i}",
        )
    actions.change_priority(case, actor=owner, priority="high")
    return case


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_the_timeline_labels_are_read_without_get_foo_display(
    role, request, case_with_timeline, as_user, monkeypatch
):
    """Django's get_FOO_display translates all of a field's choices on every call (a
    third of the page's translation look-ups): the page uses the `label` filter."""
    calls = []
    original = Model._get_FIELD_display
    monkeypatch.setattr(
        Model,
        "_get_FIELD_display",
        lambda self, field: calls.append(field) or original(self, field),
    )
    client = as_user(request.getfixturevalue(role))

    html = client.get(reverse("case_detail", args=[case_with_timeline.pk])).content.decode()

    assert calls == []
    assert html.count('<span class="msg-kind">From the customer</span>') >= 2
    assert html.count('<span class="msg-kind">Reply to the customer</span>') == 2
    assert "changed priority from <b>Normal</b> to <b>High</b>" in html
