"""Owners find the merge history in the set-up pages; it cannot be edited there."""

import pytest
from django.urls import reverse

from rightthere.merging.actions import merge_cases

pytestmark = pytest.mark.django_db


def test_owners_see_merges_in_the_set_up_pages_read_only(pair, agent, owner, as_user):
    duplicate, survivor = pair
    merge = merge_cases(duplicate, into=survivor, actor=agent)
    client = as_user(owner)

    listing = client.get(reverse("admin:merging_casemerge_changelist"))
    detail = client.get(reverse("admin:merging_casemerge_change", args=[merge.pk]))

    assert listing.status_code == 200
    assert survivor.subject in listing.content.decode()
    assert detail.status_code == 200
    assert client.get(reverse("admin:merging_casemerge_add")).status_code == 403
    assert client.get(reverse("admin:merging_casemerge_delete", args=[merge.pk])).status_code == 403
