"""Bad input in the web UI: a clear message or a harmless page, never a 500,
never a half-done change, and never unescaped markup."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rightthere.cases.models import Case
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    SubcontractorFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def case(db):
    return make_case(subject="Boiler makes a banging noise")


@pytest.fixture
def agent_client(agent, as_user):
    return as_user(agent)


HTMX = {"HX-Request": "true"}


def post_field(client, case, field, value, *, headers=None):
    return client.post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": value, "version": case.version},
        headers=headers,
    )


# --- Inline header edits -------------------------------------------------------

INVALID_FIELD_VALUES = [
    ("colour", "red", "Unknown field 'colour'."),
    ("status", "nope", "Unknown status 'nope'."),
    ("status", "", "Unknown status ''."),
    ("priority", "sky-high", "Unknown priority 'sky-high'."),
    ("kind", "<b>kind</b>", "Unknown kind '<b>kind</b>'."),
    ("subject", "   ", "The subject must be 1 to 250 characters of text."),
    ("subject", "x" * 251, "The subject must be 1 to 250 characters of text."),
    ("tags", "ok, " + "t" * 51, "is too long (at most 50 characters)."),
    ("assignee", "abc", "That person is no longer available; reload the page."),
    ("assignee", "-1", "That person is no longer available; reload the page."),
    ("assignee", "²", "That person is no longer available; reload the page."),
    ("assignee", "999999", "That person is no longer available; reload the page."),
    ("assignee", "99999999999999999999999", "That person is no longer available; reload the page."),
    ("team", "x", "That team no longer exists; reload the page."),
    ("team", "999999", "That team no longer exists; reload the page."),
    ("team", "²", "That team no longer exists; reload the page."),
]


@pytest.mark.parametrize(("field", "value", "error"), INVALID_FIELD_VALUES)
def test_invalid_header_edit_flashes_an_error_and_changes_nothing(
    field, value, error, agent_client, case, desk_state
):
    before = desk_state()

    response = post_field(agent_client, case, field, value)

    (message,) = flashed(response)
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert error in message
    assert desk_state() == before


@pytest.mark.parametrize(("field", "value", "error"), INVALID_FIELD_VALUES)
def test_invalid_header_edit_by_htmx_shows_the_error_in_the_header(
    field, value, error, agent_client, case, desk_state
):
    before = desk_state()

    response = post_field(agent_client, case, field, value, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert error.replace("'", "&#x27;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert desk_state() == before


def test_assigning_an_inactive_person_is_refused(agent_client, case, desk_state):
    gone = UserFactory(is_active=False)
    before = desk_state()

    response = post_field(agent_client, case, "assignee", str(gone.pk))

    assert flashed(response) == ["That person is no longer available; reload the page."]
    assert desk_state() == before


def test_assigning_a_subcontractor_without_a_company_is_refused(agent_client, case, desk_state):
    loose = SubcontractorFactory(partner=None, first_name="Lou", last_name="Free")
    before = desk_state()

    response = post_field(agent_client, case, "assignee", str(loose.pk))

    assert flashed(response) == ["Lou Free has no partner company set."]
    assert desk_state() == before


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("subject", "Boiler\x00 fixed", lambda case: case.subject),
        ("tags", "vip\x00", lambda case: ",".join(case.tags.values_list("name", flat=True))),
    ],
    ids=["subject", "tags"],
)
def test_nul_byte_in_a_header_edit_is_not_stored(field, value, stored, agent_client, case):
    response = post_field(agent_client, case, field, value)

    assert response.status_code == 302
    assert "\x00" not in stored(Case.objects.get(pk=case.pk))


@pytest.mark.parametrize("version", ["abc", "-1", "1.5", "", "²"])
def test_garbage_version_is_treated_as_no_version(version, agent_client, case):
    response = agent_client.post(
        reverse("case_update_field", args=[case.pk, "priority"]),
        {"value": "high", "version": version},
    )

    case.refresh_from_db()
    assert response.status_code == 302
    assert case.priority == "high"


def test_old_version_is_refused_as_a_conflict(agent_client, case, desk_state):
    before = desk_state()

    response = agent_client.post(
        reverse("case_update_field", args=[case.pk, "priority"]),
        {"value": "high", "version": case.version + 99},
    )

    assert flashed(response) == [
        "Someone else changed this case after you opened it. "
        "Reload to see their change, then try again."
    ]
    assert desk_state() == before


# --- Replies -------------------------------------------------------------------


WRITE = "Write a message before sending."
CHOOSE = "Choose a reply to the customer or an internal note."


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"direction": "outbound", "body": ""}, WRITE),
        ({"direction": "outbound", "body": "   \n\t "}, WRITE),
        ({"direction": "outbound", "body": "Null\x00byte"}, "Null characters are not allowed."),
        ({"direction": "outbound"}, WRITE),
        ({"direction": "inbound", "body": "Pretending to be the customer"}, CHOOSE),
        ({"direction": "sideways", "body": "Hello"}, CHOOSE),
        ({"body": "No direction"}, CHOOSE),
    ],
    ids=[
        "empty",
        "whitespace",
        "nul-byte",
        "missing",
        "inbound",
        "unknown-direction",
        "no-direction",
    ],
)
def test_reply_without_a_proper_body_or_direction_is_refused(
    data, said, agent_client, case, desk_state
):
    before = desk_state()

    response = agent_client.post(reverse("case_reply", args=[case.pk]), data)

    # The case page again, the reason under the message and what was typed still there.
    assert response.status_code == 422
    assert response.context["reply_error"] == said
    assert response.context["promise_error"] == ""
    assert desk_state() == before


def test_reply_with_a_past_promise_date_keeps_the_draft(agent_client, case, desk_state):
    before = desk_state()

    response = agent_client.post(
        reverse("case_reply", args=[case.pk]),
        {
            "direction": "note",
            "body": "We'll bring the bearing.",
            "promise_what": "bring the bearing",
            "promise_due": "2020-12-01T10:00",
        },
    )

    assert response.status_code == 422
    assert response.context["promise_error"] == "A promise needs a date in the future."
    assert response.context["reply_error"] == ""  # the message was written: not blamed
    page = response.content.decode()
    assert ">We&#x27;ll bring the bearing.</textarea>" in page
    assert 'value="bring the bearing" aria-invalid="true"' in page
    assert 'value="2020-12-01T10:00" aria-invalid="true"' in page
    assert 'value="note" id="id_direction_1" required checked' in page  # still a note
    assert '<p class="error" role="alert" id="promise-error">' in page
    assert not flashed(response)
    assert desk_state() == before


def test_reply_with_half_a_promise_says_so_beside_the_promise(agent_client, case, desk_state):
    before = desk_state()
    upload = SimpleUploadedFile("photo.jpg", b"jpeg", content_type="image/jpeg")

    response = agent_client.post(
        reverse("case_reply", args=[case.pk]),
        {
            "direction": "outbound",
            "body": "We'll send the quote.",
            "promise_what": "send the quote",
            "attachments": upload,
        },
    )

    assert response.status_code == 422
    assert response.context["promise_error"] == (
        "A promise needs both what we will do and by when. Attach your files again."
    )
    assert response.context["reply_error"] == ""
    assert desk_state() == before


@pytest.fixture
def small_limits(settings, case):
    """Limits small enough to hit; set after the case is opened with its longer first message."""
    settings.RIGHTTHERE = {
        **settings.RIGHTTHERE,
        "MAX_MESSAGE_CHARS": 50,
        "MAX_ATTACHMENT_BYTES": 1024,
    }


def test_over_long_reply_is_refused(small_limits, agent_client, case, desk_state):
    before = desk_state()

    response = agent_client.post(
        reverse("case_reply", args=[case.pk]), {"direction": "outbound", "body": "x" * 51}
    )

    assert response.status_code == 422
    assert response.context["reply_error"] == "The message is too long (at most 50 characters)."
    assert ">" + "x" * 51 + "</textarea>" in response.content.decode()
    assert desk_state() == before


def test_reply_at_the_length_limit_is_sent(small_limits, agent_client, case):
    response = agent_client.post(
        reverse("case_reply", args=[case.pk]), {"direction": "outbound", "body": "x" * 50}
    )

    assert flashed(response) == ["Reply sent."]
    assert case.messages.filter(body_text="x" * 50).exists()


def test_oversize_attachment_is_refused_and_nothing_is_stored(
    small_limits, agent_client, case, desk_state, settings
):
    before = desk_state()
    upload = SimpleUploadedFile("scan.pdf", b"%" * 1025, content_type="application/pdf")

    response = agent_client.post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "outbound", "body": "See the scan.", "attachments": upload},
    )

    # Refused while it streamed in, named, with the reply still in the composer (#19).
    assert response.status_code == 422
    page = response.content.decode()
    assert "Not sent: &#x27;scan.pdf&#x27; is larger than 1.0\xa0KB" in page
    assert "See the scan." in page
    assert desk_state() == before
    assert not (settings.MEDIA_ROOT / "attachments").exists()


def test_attachment_at_the_size_limit_is_stored(small_limits, agent_client, case):
    upload = SimpleUploadedFile("scan.pdf", b"%" * 1024, content_type="application/pdf")

    agent_client.post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "outbound", "body": "See the scan.", "attachments": upload},
    )

    message = case.messages.get(body_text="See the scan.")
    assert [(a.filename, a.size) for a in message.attachments.all()] == [("scan.pdf", 1024)]


# --- New case form -----------------------------------------------------------------

NEW_CASE = {
    "new_customer_kind": "person",
    "subject": "Washing machine won't drain",
    "body": "Called at 9:10, machine stops mid-cycle.",
    "kind": "repair",
    "priority": "high",
}


def test_new_case_without_customer_or_caller_name_asks_for_one(agent_client, desk_state):
    before = desk_state()

    response = agent_client.post(reverse("new_case"), NEW_CASE)

    assert response.status_code == 200
    assert "Pick a customer or give the caller&#x27;s name." in response.content.decode()
    assert desk_state() == before


@pytest.mark.parametrize(
    "change",
    [
        {"customer": "abc"},
        {"customer": "999999"},
        {"new_customer_name": "Rita", "kind": "nope"},
        {"new_customer_name": "Rita", "priority": "sky-high"},
        {"new_customer_name": "Rita", "assignee": "abc"},
        {"new_customer_name": "Rita", "team": "999999"},
        {"new_customer_name": "Rita", "contact_email": "not-an-email"},
        {"new_customer_name": "Rita", "subject": ""},
        {"new_customer_name": "Rita", "subject": "x" * 251},
        {"new_customer_name": "Rita", "body": ""},
        {"new_customer_name": "Rita", "subject": "Null\x00byte"},
        {"new_customer_name": "Rita\x00"},
    ],
    ids=lambda change: "-".join(f"{k}={v[:10]}" for k, v in change.items()),
)
def test_new_case_form_with_bad_fields_is_shown_again(change, agent_client, desk_state):
    before = desk_state()

    response = agent_client.post(reverse("new_case"), {**NEW_CASE, **change})

    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert desk_state() == before


def test_new_case_assigned_to_a_subcontractor_without_company_shows_why(agent_client, desk_state):
    loose = SubcontractorFactory(partner=None, first_name="Lou", last_name="Free")
    before = desk_state()

    response = agent_client.post(
        reverse("new_case"), {**NEW_CASE, "new_customer_name": "Rita", "assignee": loose.pk}
    )

    assert response.status_code == 200
    assert "Lou Free has no partner company set." in response.content.decode()
    assert desk_state() == before


@pytest.mark.parametrize("customer", ["abc", "999999", "-1", "²", "99999999999999999999999"])
def test_new_case_form_ignores_a_bad_customer_in_the_link(customer, agent_client):
    response = agent_client.get(reverse("new_case"), {"customer": customer})

    assert response.status_code == 200


# --- Inbox and customer list query strings ------------------------------------------

GARBAGE_INBOX_QUERIES = [
    {"page": "abc", "status": "nope", "team": "x"},
    {"page": "0"},
    {"page": "-3"},
    {"page": "1.5"},
    {"page": "²"},
    {"page": "٣"},
    {"page": "99999999999999999999"},
    {"page": "9" * 300},
    {"team": "²"},
    {"team": "99999999999999999999"},
    {"assignee": "abc"},
    {"assignee": "²"},
    {"assignee": "99999999999999999999"},
    {"view": "nope", "sort": "sideways", "priority": "x", "kind": "y", "audience": "z"},
    {"q": "x" * 5000},
    {"q": '"*()'},
    {"q": "NEAR( AND OR NOT"},
    {"q": "boiler\x00"},
    {"q": "RT-99999999999999999999"},
    {"q": "²"},
    {"q": "RT-²"},
    {"q": "99999999999999999999", "page": "2"},
    {"q": "<script>alert(1)</script>"},
]


@pytest.mark.parametrize("query", GARBAGE_INBOX_QUERIES, ids=str)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_garbage_inbox_query_string_still_shows_the_inbox(query, headers, agent_client, case):
    response = agent_client.get(reverse("inbox"), query, headers=headers)

    assert response.status_code == 200


def test_garbage_filters_are_ignored_and_the_open_cases_are_listed(agent_client, case):
    response = agent_client.get(
        reverse("inbox"), {"page": "abc", "status": "nope", "team": "x", "view": "nope"}
    )

    assert case.subject in response.content.decode()


@pytest.mark.parametrize("view", ["", "nope", "<script>"])
def test_inbox_counts_with_an_unknown_view_counts_anyway(view, agent_client, case):
    response = agent_client.get(reverse("inbox_counts"), {"view": view})

    assert response.status_code == 200
    assert 'data-view-count="open">1<' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "²"},
        {"page": "99999999999999999999"},
        {"audience": "nope"},
        {"q": "x" * 5000},
        {"q": "%_\\"},
        {"q": "acme\x00"},
    ],
    ids=str,
)
def test_garbage_customer_list_query_string_still_shows_the_list(query, agent_client, case):
    response = agent_client.get(reverse("customer_list"), query)

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "²", "99999999999999999999"])
def test_garbage_page_on_a_customer_page_still_shows_it(page, agent_client, case):
    response = agent_client.get(reverse("customer_detail", args=[case.customer.pk]), {"page": page})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/cases/99999999999999999999999/",
        "/attachments/99999999999999999999999/",
        "/customers/99999999999999999999999/",
    ],
)
def test_huge_ids_in_the_address_are_not_found(path, agent_client):
    assert agent_client.get(path).status_code == 404


def test_search_by_a_subcontractor_without_a_company_finds_nothing(client, case):
    loose = SubcontractorFactory(partner=None)
    client.force_login(loose)

    response = client.get(reverse("inbox"), {"q": "boiler"})

    assert response.status_code == 200
    assert case.subject not in response.content.decode()


# --- Markup in what people type ---------------------------------------------------

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


@pytest.fixture
def scripted_case(db):
    return make_case(
        subject=f"{SCRIPT} boiler",
        body=f"{SCRIPT} please help",
        customer=CustomerFactory(name=f"{SCRIPT} Ltd"),
    )


@pytest.mark.parametrize("params", [{}, {"q": "boiler"}], ids=["list", "search"])
def test_script_in_subject_is_escaped_in_the_inbox(params, agent_client, scripted_case):
    html = agent_client.get(reverse("inbox"), params).content.decode()

    assert SCRIPT not in html
    assert f"{ESCAPED} boiler" in html


def test_script_in_the_search_box_is_echoed_escaped(agent_client, scripted_case):
    html = agent_client.get(reverse("inbox"), {"q": SCRIPT}).content.decode()

    assert SCRIPT not in html
    assert f"<title>Search: {ESCAPED} · Rightthere</title>" in html


def test_script_in_subject_message_and_customer_is_escaped_on_the_case_page(
    agent_client, scripted_case
):
    html = agent_client.get(reverse("case_detail", args=[scripted_case.pk])).content.decode()

    assert SCRIPT not in html
    assert f"{ESCAPED} boiler" in html
    assert f"{ESCAPED} please help" in html
    assert f"{ESCAPED} Ltd" in html


def test_script_in_a_reply_is_escaped_on_the_case_page(agent_client, case):
    agent_client.post(
        reverse("case_reply", args=[case.pk]), {"direction": "note", "body": f"{SCRIPT} noted"}
    )

    html = agent_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert SCRIPT not in html
    assert f"{ESCAPED} noted" in html


def test_script_in_an_error_message_is_escaped(agent_client, case):
    response = post_field(agent_client, case, "status", SCRIPT, headers=HTMX)
    page = agent_client.get(reverse("case_detail", args=[case.pk]))

    assert SCRIPT not in response.content.decode()
    assert SCRIPT not in page.content.decode()


def test_script_in_customer_names_is_escaped_in_the_customer_list(agent_client, scripted_case):
    html = agent_client.get(reverse("customer_list")).content.decode()

    assert SCRIPT not in html
    assert f"{ESCAPED} Ltd" in html


def test_nul_byte_in_a_token_name_is_not_stored(agent_client, agent):
    response = agent_client.post(reverse("token_create"), {"name": "Lap\x00top"})

    assert response.status_code == 302
    assert "\x00" not in agent.api_tokens.get().name


@pytest.mark.parametrize(
    ("name", "args", "data", "status"),
    [
        ("customer_new", lambda case: [], {"name": "Nul\x00 Ltd", "kind": "person"}, 200),
        ("customer_note_add", lambda case: [case.customer.pk], {"text": "Nul\x00 note"}, 302),
        ("contact_add", lambda case: [case.customer.pk], {"name": "Nul\x00 Contact"}, 302),
    ],
    ids=["customer", "note", "contact"],
)
def test_nul_byte_in_customer_forms_is_refused(
    name, args, data, status, agent_client, case, desk_state
):
    before = desk_state()

    response = agent_client.post(reverse(name, args=args(case)), data)

    assert response.status_code == status
    assert desk_state() == before


def test_script_in_a_token_name_is_escaped(agent_client):
    agent_client.post(reverse("token_create"), {"name": SCRIPT})

    html = agent_client.get(reverse("token_list")).content.decode()

    assert SCRIPT not in html
    assert ESCAPED in html


# --- CSRF --------------------------------------------------------------------------


@pytest.fixture
def strict_client(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    return client


CSRF_POSTS = [
    ("case_reply", lambda case: [case.pk], {"direction": "outbound", "body": "Hi"}),
    ("case_update_field", lambda case: [case.pk, "priority"], {"value": "urgent"}),
    ("new_case", lambda case: [], {**NEW_CASE, "new_customer_name": "Rita"}),
    ("customer_new", lambda case: [], {"name": "New Co", "kind": "person"}),
    ("customer_edit", lambda case: [case.customer.pk], {"name": "Renamed", "kind": "person"}),
    ("contact_add", lambda case: [case.customer.pk], {"name": "Ann"}),
    ("customer_note_add", lambda case: [case.customer.pk], {"text": "Note"}),
    ("token_create", lambda case: [], {"name": "Script"}),
    ("logout", lambda case: [], {}),
]


@pytest.mark.parametrize(("name", "args", "data"), CSRF_POSTS, ids=[p[0] for p in CSRF_POSTS])
def test_post_without_csrf_token_is_refused(name, args, data, strict_client, case, desk_state):
    before = desk_state()

    response = strict_client.post(reverse(name, args=args(case)), data)

    assert response.status_code == 403
    assert desk_state() == before
    assert strict_client.get(reverse("inbox")).status_code == 200  # still logged in


def test_token_revoke_without_csrf_token_is_refused(strict_client, agent, desk_state):
    from rightthere.accounts.tokens import create_api_token

    token, _ = create_api_token(agent, "Laptop")
    before = desk_state()

    response = strict_client.post(reverse("token_revoke", args=[token.pk]))

    assert response.status_code == 403
    assert desk_state() == before


def test_login_without_csrf_token_is_refused(client, agent):
    from tests.factories import PASSWORD

    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("login"), {"username": agent.username, "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_post_with_the_csrf_token_from_the_page_is_accepted(strict_client, case):
    page = strict_client.get(reverse("case_detail", args=[case.pk]))
    token = page.context["csrf_token"]

    response = strict_client.post(
        reverse("case_reply", args=[case.pk]),
        {"direction": "note", "body": "With a token", "csrfmiddlewaretoken": str(token)},
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).messages.filter(body_text="With a token").exists()


def test_customer_search_counts_each_open_case_once(agent_client):
    customer = CustomerFactory(name="Acme Dental")
    ContactFactory(customer=customer, email="front@acme.test")
    ContactFactory(customer=customer, email="billing@acme.test")
    make_case(subject="Chair stuck", customer=customer, contact=customer.contacts.first())

    html = agent_client.get(reverse("customer_list"), {"q": "acme"}).content.decode()

    assert "<td>1</td>" in html
    assert "<td>3</td>" not in html
