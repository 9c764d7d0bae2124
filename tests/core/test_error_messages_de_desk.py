"""Refusals are said in the business's language (issue #21 item 5): for a business whose
language is German, what the case page, the mailbox set-up, the reviews, the import from
another desk and the insights refuse is said in German on the page and in the API's
`detail` alike. No `translation.override` here: the language comes from the business
profile, applied to each request by the accounts middleware, as it is for the people
using the desk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Case, Status
from rightthere.mail.models import Mailbox
from rightthere.reviews.models import Review
from tests.api.conftest import send
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german_business(owner):
    update_business_profile(owner, language="de")


@pytest.fixture
def api_as(db):
    """A client sending the user's API token (no session, no language of its own)."""

    def client_for(user):
        _, key = create_api_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return client_for


def page_after(response) -> str:
    """The page a person sees: the one answered, or where a redirect took them."""
    return response.content.decode()


def detail(response, status: int) -> str:
    assert response.status_code == status, response.content
    return response.json()["detail"]


# -- a case ----------------------------------------------------------------------------------

OURS_TO_CHASE = (
    "„Ein Ersatzteil“ müssen wir selbst verfolgen, nicht der Kunde. Setzen Sie den Fall auf "
    "„Wartet auf uns“ und nennen Sie dem Kunden einen Termin."
)


def test_the_case_page_refuses_waiting_on_the_customer_for_a_part_in_german(agent, as_user):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)

    response = as_user(agent).post(
        reverse("case_update_field", args=[case.pk, "status"]),
        {"value": Status.WAITING_CUSTOMER, "waiting_reason": "part", "version": case.version},
        follow=True,
    )

    assert OURS_TO_CHASE in page_after(response)
    assert "is ours to chase" not in page_after(response)
    assert Case.objects.get(pk=case.pk).status == case.status


def test_the_case_page_names_an_unknown_priority_in_german(agent, as_user):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)

    response = as_user(agent).post(
        reverse("case_update_field", args=[case.pk, "priority"]),
        {"value": "sky-high", "version": case.version},
        follow=True,
    )

    assert "Unbekannter Wert für Priorität: „sky-high“. Möglich sind:" in page_after(response)


def test_the_api_refuses_the_same_case_change_in_german(agent, api_as):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}",
                    {"status": "waiting_customer", "waiting_reason": "part"})  # fmt: skip

    assert detail(response, 400) == OURS_TO_CHASE


def test_the_api_refuses_an_unknown_inbox_view_in_german(agent, api_as):
    response = api_as(agent).get("/api/cases", {"view": "everything"})

    assert response.status_code == 422
    assert "muss eines davon sein:" in response.content.decode()


def test_opening_hours_that_overlap_are_refused_in_german(owner, api_as):
    response = send(api_as(owner), "put", "/api/business-hours", {"periods": [
        {"weekday": 0, "opens": "09:00", "closes": "13:00"},
        {"weekday": 0, "opens": "12:00", "closes": "17:00"},
    ]})  # fmt: skip

    assert detail(response, 400) == "Zwei Öffnungszeiten am selben Tag überschneiden sich."


def test_an_agent_may_not_set_opening_hours_in_german(agent, api_as):
    response = send(api_as(agent), "put", "/api/business-hours", {"periods": []})

    assert detail(response, 403) == "Nur Inhaber können die Geschäftszeiten festlegen."


# -- the mailboxes ---------------------------------------------------------------------------

MAILBOX = {"name": "Kundendienst", "host": "imap beispiel de", "port": 993, "security": "ssl",
           "username": "service@beispiel.de", "folder": "INBOX"}  # fmt: skip
NO_HOST = "Geben Sie den Namen des IMAP-Servers an, z. B. imap.example.com."


def test_a_mailbox_with_a_bad_server_name_is_refused_on_the_page_in_german(owner, as_user):
    response = as_user(owner).post(reverse("settings_mail"), MAILBOX)

    assert response.status_code == 422
    assert NO_HOST in page_after(response)
    assert not Mailbox.objects.exists()


def test_the_api_refuses_the_same_mailbox_in_german(owner, api_as):
    response = send(api_as(owner), "post", "/api/mailboxes", MAILBOX)

    assert detail(response, 400) == NO_HOST


def test_an_agent_is_kept_out_of_the_mailboxes_in_german(agent, as_user, api_as):
    page = as_user(agent).get(reverse("settings_mail"))
    answer = send(api_as(agent), "post", "/api/mailboxes", {**MAILBOX, "host": "imap.beispiel.de"})

    assert page.status_code == 403
    assert "Nur Inhaber ändern die Einrichtung des Kundendiensts." in page_after(page)
    assert detail(answer, 403) == "Nur Inhaber können Postfächer einrichten."


def test_raw_mail_posted_empty_is_refused_in_german(agent, api_as):
    response = api_as(agent).post("/api/inbound-mail", b"  ", content_type="message/rfc822")

    assert (
        detail(response, 400)
        == "Der Inhalt der Anfrage ist leer: Senden Sie die unveränderte E-Mail."
    )


# -- reviews ---------------------------------------------------------------------------------


def test_a_review_file_with_a_bad_rating_is_reported_in_german(agent, as_user):
    client = as_user(agent)
    upload = SimpleUploadedFile(
        "bewertungen.csv", b"platform,id,author,rating\ngoogle,g-1,Ada,fuenf\n", "text/csv"
    )

    response = client.post(reverse("review_import_file"), {"file": upload}, follow=True)

    assert "rating &#x27;fuenf&#x27; ist keine Zahl" in page_after(response)


def test_the_api_refuses_a_review_customer_who_does_not_exist_in_german(agent, api_as):
    review = Review.objects.create(platform="google", external_id="g-2", author="Ada", rating=2,
                                   text="Niemand kam.", posted_at=timezone.now(), sentiment=-0.6,
                                   imported_at=timezone.now())  # fmt: skip

    response = send(api_as(agent), "post", f"/api/reviews/{review.pk}/customer",
                    {"customer_id": 999999})  # fmt: skip

    assert detail(response, 400) == "Es gibt keinen Kunden mit der ID 999999."


# -- moving in from another desk -------------------------------------------------------------

NO_DATABASE = (
    "Geben Sie eine PostgreSQL-URL (postgres://user@host/db) oder eine SQLite-Datei "
    "(sqlite:////pfad/zur/db.sqlite3) an."
)


def test_a_database_that_is_not_postgres_or_sqlite_is_refused_on_the_page_in_german(owner, as_user):
    response = as_user(owner).post(reverse("moving_in_database"),
                                   {"database_url": "mysql://helpdesk@db/helpdesk"})  # fmt: skip

    assert response.status_code == 400
    assert NO_DATABASE in page_after(response)


def test_the_api_refuses_the_same_database_in_german(owner, api_as):
    response = send(api_as(owner), "post", "/api/imports/helpdesk",
                    {"database_url": "mysql://helpdesk@db/helpdesk"})  # fmt: skip

    assert detail(response, 400) == NO_DATABASE


def test_an_export_that_is_not_utf8_is_refused_in_german(owner, as_user):
    upload = SimpleUploadedFile("tickets.json", '{"tickets": "Größe"}'.encode("latin-1"))

    response = as_user(owner).post(reverse("moving_in"), {"file": upload})

    assert "Speichern Sie die Datei als UTF-8-Text." in page_after(response)


# -- insights --------------------------------------------------------------------------------


def test_staff_records_are_kept_from_an_agent_in_german(agent, as_user, api_as):
    page = as_user(agent).get(reverse("insights_staff"))
    answer = api_as(agent).get("/api/insights/owner-time")

    assert page.status_code == 403
    assert "Personaldaten sind nur für Inhaber." in page_after(page)
    assert detail(answer, 403) == "Nur Inhaber sehen dies."


# -- a file too large: on an agent's reply and on the customers' contact form -----------------


@pytest.fixture
def small_limits(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_ATTACHMENT_BYTES": 1000,
                           "MAX_UPLOAD_BYTES": 1500}  # fmt: skip


def _large(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * 5000, content_type="application/octet-stream")


NOT_SENT_HINT = "Hängen Sie eine kleinere Datei an oder senden Sie sie per E-Mail."


def test_a_file_too_large_on_a_reply_is_refused_in_german(small_limits, agent, as_user):
    case = make_case(assignee=agent)

    response = as_user(agent).post(reverse("case_reply", args=[case.pk]), {
        "direction": "outbound", "body": "Anbei das Angebot.", "attachments": _large("angebot.pdf"),
    })  # fmt: skip

    assert response.status_code == 422
    assert "Nicht gesendet: &#x27;angebot.pdf&#x27;" in page_after(response)
    assert NOT_SENT_HINT in page_after(response)


def test_a_customer_on_the_contact_form_is_refused_a_large_file_in_german(small_limits, client):
    response = client.post(reverse("contact"), {
        "name": "Greta Huber", "email": "greta@example.de", "subject": "Wasserhahn tropft",
        "message": "Der Hahn in der Küche tropft die ganze Nacht.", "website": "",
        "attachments": _large("hahn.mov"),
    })  # fmt: skip

    assert response.status_code == 400
    assert "Nicht gesendet: &#x27;hahn.mov&#x27;" in page_after(response)
    assert NOT_SENT_HINT in page_after(response)
