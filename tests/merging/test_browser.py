"""In a real browser: merge two cases from the suggestion on the case page, then undo."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.cases.models import Case
from rightthere.merging.models import CaseMerge
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merge_two_cases_from_the_suggestion_then_undo(page, log_in):
    UserFactory(username="anna", first_name="Anna", last_name="Agent")
    contact = ContactFactory(customer=CustomerFactory(name="Ada Byron"), name="Ada Byron")
    older = make_case(
        subject="Boiler bangs at night",
        body="The boiler bangs every night around two.",
        contact=contact,
        opened_at=timezone.now() - timedelta(days=1),
    )
    newer = make_case(
        subject="Boiler banging again at night",
        body="Sorry to write again: it banged at two again.",
        contact=contact,
    )
    log_in("anna", PASSWORD)

    # The suggestion appears on the newer case once the page has loaded.
    page.goto(f"/cases/{newer.pk}/")
    card = page.get_by_role("region", name="Duplicates")
    expect(card).to_contain_text(older.subject)
    card.get_by_role("link", name=f"Merge this into {older.reference}").click()

    # The preview says what moves; merging lands on the survivor.
    title = f"Merge {newer.reference} into {older.reference}"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".merge-moves")).to_contain_text("Messages: 1")
    page.get_by_role("button", name=title).click()
    expect(page.get_by_text(f"{newer.reference} was merged into this case.")).to_be_visible()
    expect(page.get_by_role("heading", name=older.subject)).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("it banged at two again")
    newer.refresh_from_db()
    assert newer.merged_into_id == older.pk

    # Undo from the survivor's duplicates card: the duplicate is its own case again.
    card = page.get_by_role("region", name="Duplicates")
    card.get_by_role("button", name=f"Undo merge of {newer.reference}").click()
    expect(
        page.get_by_text(f"Merge undone: {newer.reference} is a case of its own again")
    ).to_be_visible()
    expect(page.get_by_role("heading", name=newer.subject)).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("it banged at two again")
    assert Case.objects.get(pk=newer.pk).merged_into_id is None
    assert CaseMerge.objects.get().undone_at is not None
    assert older.messages.count() == 1
