"""Merging on the web: the duplicates card, the preview, confirmation, merge and undo."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases import actions
from rightthere.cases.models import Case
from rightthere.cases.views.panels import case_panels
from rightthere.coach.models import MessageSentiment
from rightthere.merging.actions import merge_cases
from rightthere.merging.models import CaseMerge
from rightthere.merging.panels import case_panel
from rightthere.presence.models import CaseSeen, Presence
from tests.factories import ContactFactory, make_case
from tests.merging.builders import full_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(contact):
    older = make_case(subject="Boiler bangs at night", contact=contact)
    newer = make_case(subject="Boiler banging at night", contact=contact)
    return older, newer


def test_case_page_loads_the_duplicates_card_lazily(twins, agent, as_user):
    _, newer = twins

    page = as_user(agent).get(reverse("case_detail", args=[newer.pk])).content.decode()

    assert f'hx-get="{reverse("merging_panel", args=[newer.pk])}"' in page
    assert 'hx-trigger="load"' in page


def test_the_panel_costs_the_case_page_no_query(twins, agent, django_assert_num_queries):
    older, newer = twins
    merge_cases(newer, into=older, actor=agent)
    cases = list(Case.objects.filter(pk__in=[older.pk, newer.pk]))

    with django_assert_num_queries(0):
        panels = [case_panel(agent, case) for case in cases]

    assert {p.placement for p in panels} == {"main", "side"}


def test_technicians_get_no_duplicates_card(twins, technician):
    _, newer = twins

    assert case_panel(technician, newer) is None


def test_duplicates_card_suggests_the_other_case_with_both_merge_directions(twins, agent, as_user):
    older, newer = twins

    card = as_user(agent).get(reverse("merging_panel", args=[newer.pk])).content.decode()

    assert older.reference in card
    assert reverse("merging_preview", args=[older.pk, newer.pk]) in card
    assert reverse("merging_preview", args=[newer.pk, older.pk]) in card


def test_duplicates_card_has_an_empty_state(agent, as_user):
    case = make_case(subject="Lonely request")

    card = as_user(agent).get(reverse("merging_panel", args=[case.pk])).content.decode()

    assert "No likely duplicates" in card
    assert "within 14 days" in card


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_duplicates_card_is_refused_to_who_cannot_merge(role, request, as_user):
    user = request.getfixturevalue(role)
    case = make_case(assignee=request.getfixturevalue("technician"))
    actions.hand_to_partner(case, actor=None, partner=getattr(user, "partner", None))

    response = as_user(user).get(reverse("merging_panel", args=[case.pk]))

    assert response.status_code == 403


def test_duplicates_card_of_a_case_one_cannot_see_is_not_found(technician, as_user):
    case = make_case()

    response = as_user(technician).get(reverse("merging_panel", args=[case.pk]))

    assert response.status_code == 404


def test_preview_shows_what_moves_and_what_stays(agent, as_user):
    merged = full_case(ContactFactory(email="ada@example.com"), agent)
    survivor = make_case(subject="Boiler bangs", customer=merged.customer)

    page = as_user(agent).get(reverse("merging_preview", args=[merged.pk, survivor.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert f"Merge {merged.reference} into {survivor.reference}" in text
    assert "Messages: <strong>3</strong>" in text
    assert "Attachments: <strong>1</strong>" in text
    assert "Visits: <strong>1</strong>" in text
    assert "Status-page links: <strong>1</strong>" in text  # stays, and redirects
    assert "different customers" not in text


def test_preview_leaves_out_bookkeeping_an_agent_does_not_care_about(agent, as_user):
    merged = full_case(ContactFactory(email="ada@example.com"), agent)
    survivor = make_case(subject="Boiler bangs", customer=merged.customer)
    now = timezone.now()
    assert MessageSentiment.objects.filter(case=merged).exists()  # scored on arrival
    CaseSeen.objects.create(user=agent, case=merged, seen_at=now)
    Presence.objects.create(user=agent, case=merged, state="viewing", updated_at=now)

    text = as_user(agent).get(reverse("merging_preview", args=[merged.pk, survivor.pk]))
    text = text.content.decode()

    assert "Messages: <strong>3</strong>" in text
    for internal in ("sentiment", "Read marks", "People on the case page", "45 s", "firings",
                     "Notifications: <strong>", "reply counts"):  # fmt: skip
        assert internal not in text, internal


def test_merging_from_the_preview_redirects_to_the_survivor_with_a_message(twins, agent, as_user):
    older, newer = twins
    client = as_user(agent)

    response = client.post(reverse("merging_preview", args=[newer.pk, older.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("case_detail", args=[older.pk])
    assert f"{newer.reference} was merged into this case." in response.content.decode()
    newer.refresh_from_db()
    assert newer.merged_into == older


def test_cases_of_different_customers_ask_for_confirmation_naming_both(agent, as_user):
    merged = make_case(subject="Boiler bangs")
    survivor = make_case(subject="Boiler bangs")
    client = as_user(agent)
    url = reverse("merging_preview", args=[merged.pk, survivor.pk])

    preview = client.get(url).content.decode()
    unconfirmed = client.post(url)
    confirmed = client.post(url, {"confirm_different_customers": "yes"})

    assert "These cases belong to different customers" in preview
    assert merged.customer.name in preview
    assert survivor.customer.name in preview
    assert 'name="confirm_different_customers"' in preview
    assert unconfirmed.status_code == 409
    assert "confirm that you mean to merge" in unconfirmed.content.decode()
    assert confirmed.status_code == 302
    assert CaseMerge.objects.get().merged == merged


def test_survivor_shows_the_merge_with_an_undo_button(twins, agent, as_user):
    older, newer = twins
    merge = merge_cases(newer, into=older, actor=agent)

    card = as_user(agent).get(reverse("merging_panel", args=[older.pk])).content.decode()

    assert f"{newer.reference}</a> {newer.subject} was merged into this case" in card
    assert reverse("merging_undo", args=[merge.pk]) in card


def test_merged_case_shows_a_banner_with_the_survivor_and_undo(twins, agent, as_user):
    older, newer = twins
    merge = merge_cases(newer, into=older, actor=agent)
    client = as_user(agent)

    page = client.get(reverse("case_detail", args=[newer.pk])).content.decode()
    undo_part = client.get(reverse("merging_panel", args=[newer.pk])).content.decode()

    assert "This case was merged into" in page
    assert reverse("case_detail", args=[older.pk]) in page
    assert reverse("merging_undo", args=[merge.pk]) in undo_part


def test_technician_sees_the_banner_but_no_undo(agent, technician, as_user, contact):
    older = make_case(subject="Boiler bangs", contact=contact, assignee=technician)
    newer = make_case(subject="Boiler bangs", contact=contact, assignee=technician)
    merge_cases(newer, into=older, actor=agent)

    page = as_user(technician).get(reverse("case_detail", args=[newer.pk])).content.decode()

    assert "This case was merged into" in page
    assert reverse("merging_panel", args=[newer.pk]) not in page


def test_undo_from_the_page_restores_the_case(twins, agent, as_user):
    older, newer = twins
    merge = merge_cases(newer, into=older, actor=agent)

    response = as_user(agent).post(reverse("merging_undo", args=[merge.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("case_detail", args=[newer.pk])
    assert f"Merge undone: {newer.reference} is a case of its own again" in (
        response.content.decode()
    )
    newer.refresh_from_db()
    assert newer.merged_into is None


def test_undo_refused_after_a_day_says_why(twins, agent, as_user):
    from datetime import timedelta

    from django.utils import timezone

    older, newer = twins
    merge = merge_cases(newer, into=older, actor=agent)
    CaseMerge.objects.filter(pk=merge.pk).update(created_at=timezone.now() - timedelta(days=2))

    response = as_user(agent).post(reverse("merging_undo", args=[merge.pk]), follow=True)

    assert "can be undone for 24 hours" in response.content.decode()
    newer.refresh_from_db()
    assert newer.merged_into == older


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_who_cannot_merge_cannot_preview_merge_or_undo(role, request, agent, as_user, contact):
    user = request.getfixturevalue(role)
    technician = request.getfixturevalue("technician")
    older = make_case(subject="Boiler bangs", contact=contact, assignee=technician)
    newer = make_case(subject="Boiler bangs", contact=contact, assignee=technician)
    for case in (older, newer):
        actions.hand_to_partner(case, actor=None, partner=getattr(user, "partner", None))
    client = as_user(user)
    url = reverse("merging_preview", args=[newer.pk, older.pk])

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    merge = merge_cases(newer, into=older, actor=agent)
    assert client.post(reverse("merging_undo", args=[merge.pk])).status_code == 403
    newer.refresh_from_db()
    assert newer.merged_into == older


def test_merge_page_of_a_hidden_case_is_not_found(technician, as_user):
    older, newer = make_case(), make_case()

    response = as_user(technician).get(reverse("merging_preview", args=[newer.pk, older.pk]))

    assert response.status_code == 404


def test_undo_of_an_unknown_merge_is_not_found(agent, as_user):
    assert as_user(agent).post(reverse("merging_undo", args=[999])).status_code == 404


def test_the_case_page_lists_the_merging_panel(twins, agent):
    _, newer = twins

    templates = [panel.template for panel in case_panels(agent, newer)]

    assert "merging/_lazy.html" in templates
