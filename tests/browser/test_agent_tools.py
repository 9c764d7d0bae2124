"""Issue #9 in one sitting: answer with a canned reply by shortcut, merge the duplicate, undo."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.canned.actions import save_canned_reply
from rightthere.cases.models import Case
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_canned_reply_by_shortcut_then_merge_from_the_suggestion_then_undo(page, log_in):
    agent = UserFactory(username="anna", first_name="Anna", last_name="Agent")
    save_canned_reply(
        agent,
        title="Looking into it",
        body="Hello {contact.first_name}, {agent.first_name} here: I have {case.reference}.",
        scope="everyone",
    )
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
    page.goto(f"/cases/{newer.pk}/")

    # Answer with the canned reply: Ctrl+/ in the composer, search, Enter, send.
    page.get_by_label("Message").click()
    page.keyboard.press("Control+/")
    search = page.get_by_role("combobox", name="Search canned replies")
    search.press_sequentially("looking")
    search.press("Enter")
    expect(page.get_by_label("Message")).to_have_value(
        f"Hello Ada, Anna here: I have {newer.reference}."
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Reply sent")

    # The older case is suggested as a duplicate; merge this one into it.
    card = page.get_by_role("region", name="Duplicates")
    expect(card).to_contain_text(older.subject)
    card.get_by_role("link", name=f"Merge this into {older.reference}").click()
    title = f"Merge {newer.reference} into {older.reference}"
    expect(page.locator(".merge-moves")).to_contain_text("Messages: 2")
    page.get_by_role("button", name=title).click()
    expect(page.get_by_text(f"{newer.reference} was merged into this case.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text(f"I have {newer.reference}.")
    assert older.messages.count() == 3

    # Undo: both cases are as they were, the reply back on the case it was written on.
    card = page.get_by_role("region", name="Duplicates")
    card.get_by_role("button", name=f"Undo merge of {newer.reference}").click()
    expect(page.get_by_role("heading", name=newer.subject)).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text(f"I have {newer.reference}.")
    assert Case.objects.get(pk=newer.pk).merged_into_id is None
    assert older.messages.count() == 1
    assert newer.messages.filter(direction="outbound").count() == 1
