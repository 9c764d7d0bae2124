"""The web pages as an agent uses them, through Django's test client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Case, CaseEvent, Status
from rightthere.desk import messages as desk_messages
from tests.factories import CustomerFactory, TeamFactory, make_case

pytestmark = pytest.mark.django_db


def test_agent_sees_open_cases_in_inbox_with_counts(agent, as_user):
    case = make_case(subject="Fridge is warm")
    client = as_user(agent)

    page = client.get(reverse("inbox"))
    counts = client.get(reverse("inbox_counts"), {"view": "open"})

    assert page.status_code == 200
    assert "Fridge is warm" in page.content.decode()
    assert case.reference in page.content.decode()
    assert 'data-view-count="open">1<' in counts.content.decode()
    assert 'data-view-count="unassigned">1<' in counts.content.decode()


def test_inbox_search_finds_case_by_message_text(agent, as_user):
    make_case(subject="Boiler", body="pilot light keeps going out")
    make_case(subject="Invoice question", body="charged twice")

    page = as_user(agent).get(reverse("inbox"), {"q": "pilot light"}).content.decode()

    assert "Boiler" in page
    assert "Invoice question" not in page


def test_inbox_filters_by_audience(agent, as_user):
    make_case(subject="Printer in accounts", customer=CustomerFactory(internal=True))
    make_case(subject="Customer boiler")

    page = as_user(agent).get(reverse("inbox"), {"audience": "internal"}).content.decode()

    assert "Printer in accounts" in page
    assert "Customer boiler" not in page


def test_agent_replies_and_the_reply_shows_in_the_timeline(agent, as_user):
    case = make_case()
    client = as_user(agent)

    response = client.post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "outbound", "body": "We will be there at 10:00 tomorrow."},
    )
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert response.status_code == 302
    assert "We will be there at 10:00 tomorrow." in page
    assert "Reply to the customer" in page


def test_inline_status_change_returns_fresh_header_and_records_event(agent, as_user):
    case = make_case()

    response = as_user(agent).post(
        reverse("case_update_field", args=[case.pk, "status"]),
        {"value": Status.WAITING_US, "waiting_reason": "vendor", "version": case.version},
        headers={"HX-Request": "true"},
    )

    case.refresh_from_db()
    assert response.status_code == 200
    assert 'id="case-header"' in response.content.decode()
    assert case.status == Status.WAITING_US
    assert CaseEvent.objects.filter(case=case, kind="status", after="Waiting on us").exists()


def test_inline_edit_with_stale_version_shows_conflict_and_changes_nothing(agent, as_user):
    case = make_case()
    client = as_user(agent)
    client.post(reverse("case_update_field", args=[case.pk, "priority"]),
                {"value": "high", "version": case.version}, headers={"HX-Request": "true"})  # fmt: skip

    response = client.post(
        reverse("case_update_field", args=[case.pk, "status"]),
        {"value": Status.SOLVED, "version": case.version},
        headers={"HX-Request": "true"},
    )

    case.refresh_from_db()
    assert "Someone else changed this case" in response.content.decode()
    assert case.status == Status.NEW


def test_assign_and_team_inline(agent, owner, as_user):
    case = make_case()
    team = TeamFactory(name="Field")
    client = as_user(agent)

    client.post(reverse("case_update_field", args=[case.pk, "assignee"]), {"value": owner.pk})
    client.post(reverse("case_update_field", args=[case.pk, "team"]), {"value": team.pk})

    case.refresh_from_db()
    assert case.assignee == owner
    assert case.team == team


def test_new_case_form_for_a_phone_call_creates_customer_and_case(agent, as_user):
    response = as_user(agent).post(
        reverse("new_case"),
        {
            "new_customer_name": "Rita Moreno",
            "new_customer_kind": "person",
            "contact_phone": "+44 20 7946 0000",
            "subject": "Washing machine won't drain",
            "body": "Called at 9:10, machine stops mid-cycle.",
            "kind": "repair",
            "priority": "high",
        },
    )

    assert response.status_code == 302
    page = as_user(agent).get(response["Location"]).content.decode()
    assert "Washing machine won&#x27;t drain" in page
    assert "Rita Moreno" in page


def test_script_in_customer_message_is_shown_escaped(agent, as_user):

    case = make_case(body="<script>alert('x')</script> please help")
    desk_messages.add_message(case, actor=None, direction="inbound",
                        body_html="<img src=x onerror=alert(1)><b>bold</b>")  # fmt: skip

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "onerror" not in page
    assert "<b>bold</b>" in page


def test_customer_page_lists_their_cases_and_notes(agent, as_user):
    customer = CustomerFactory(name="Acme Dental")
    make_case(subject="X-ray room too cold", customer=customer)
    client = as_user(agent)

    client.post(reverse("customer_note_add", args=[customer.pk]), {"text": "Prefers mornings"})
    page = client.get(reverse("customer_detail", args=[customer.pk])).content.decode()
    listing = client.get(reverse("customer_list"), {"q": "acme"}).content.decode()

    assert "X-ray room too cold" in page
    assert "Prefers mornings" in page
    assert "Acme Dental" in listing


def test_api_token_is_shown_once_and_can_be_revoked(agent, as_user):
    client = as_user(agent)

    client.post(reverse("token_create"), {"name": "Website"})
    first = client.get(reverse("token_list")).content.decode()
    second = client.get(reverse("token_list")).content.decode()
    token = agent.api_tokens.get()
    client.post(reverse("token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert 'id="new-key"' in first
    assert 'id="new-key"' not in second
    assert token.revoked_at is not None


def test_inbox_rows_say_when_each_case_last_changed(agent, as_user):
    fresh = make_case(subject="Just in")
    older = make_case(subject="From this morning")
    stamp = timezone.now() - timedelta(hours=3, minutes=10)
    Case.objects.filter(pk=older.pk).update(updated_at=stamp)

    html = as_user(agent).get(reverse("inbox")).content.decode()

    local = timezone.localtime(stamp)
    assert (
        f'<time datetime="{local.isoformat()}" title="{local:%a %d %b %Y %H:%M}">3h ago</time>'
        in html
    )
    fresh_local = timezone.localtime(Case.objects.get(pk=fresh.pk).updated_at)
    assert f'<time datetime="{fresh_local.isoformat()}"' in html
    assert ">just now</time>" in html


def test_the_customer_comes_first_in_the_case_pages_side_column(agent, as_user):
    """An agent on the phone sees who the customer is before any panel (the audit found the
    customer card about 3,800 px down, under the visit, similar-case and time panels)."""
    case = make_case()
    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    side = page[page.index('<aside class="case-side">') :]
    assert side.index(case.customer.name) < side.index("<h2>Due</h2>")
    first_card = side[: side.index("</section>")]
    assert "<h2>Customer</h2>" in first_card and case.customer.name in first_card
