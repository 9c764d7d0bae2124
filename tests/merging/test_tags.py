"""A merge gives the survivor the merged case's tags it lacked; undo takes exactly
those off again (tags added to the survivor since stay)."""

import pytest
from django.urls import reverse

from rightthere.cases import actions
from rightthere.cases.models import CaseEvent, EventKind
from rightthere.merging.actions import merge_cases, undo_merge
from tests.api.conftest import send
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def tags(case):
    return sorted(case.tags.values_list("name", flat=True))


@pytest.fixture
def tagged(contact, agent):
    merged = make_case(subject="Boiler bangs at night", contact=contact)
    survivor = make_case(subject="Boiler banging at night", contact=contact)
    actions.set_tags(merged, actor=agent, tags=["boiler", "vip"])
    actions.set_tags(survivor, actor=agent, tags=["boiler", "urgent"])
    return merged, survivor


def test_the_survivor_gets_the_tags_it_lacked_and_the_merged_case_keeps_its_own(tagged, agent):
    merged, survivor = tagged

    merge = merge_cases(merged, into=survivor, actor=agent)

    assert tags(survivor) == ["boiler", "urgent", "vip"]
    assert tags(merged) == ["boiler", "vip"]
    assert merge.tags_added == [merged.tags.get(name="vip").pk]
    event = CaseEvent.objects.filter(case=survivor, kind=EventKind.TAGS).latest("id")
    assert event.after == f"from {merged.reference}: vip"


def test_undo_takes_off_only_the_tags_the_merge_added(tagged, agent):
    merged, survivor = tagged
    merge = merge_cases(merged, into=survivor, actor=agent)
    survivor.refresh_from_db()
    actions.set_tags(survivor, actor=agent, tags=[*tags(survivor), "callback"])

    undo_merge(merge, actor=agent)

    assert tags(survivor) == ["boiler", "callback", "urgent"]
    assert tags(merged) == ["boiler", "vip"]


def test_the_api_says_which_tags_the_survivor_got(tagged, agent, api_as):
    merged, survivor = tagged

    response = send(api_as(agent), "post", f"/api/cases/{merged.pk}/merge", {"into": survivor.pk})

    assert response.status_code == 201
    assert response.json()["tags_added"] == ["vip"]


def test_the_preview_says_which_tags_the_survivor_gets(tagged, agent, as_user):
    merged, survivor = tagged

    page = as_user(agent).get(reverse("merging_preview", args=[merged.pk, survivor.pk]))

    assert 'Tags: <strong>1</strong> <small class="muted">(copied: vip)</small>' in (
        page.content.decode()
    )
