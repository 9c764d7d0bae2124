"""The public contact form: no login, honeypot, rate limit, same open_case action."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from rightthere.cases.models import Case, CaseEvent
from rightthere.customers.models import Contact
from rightthere.desk.messages import send_reply
from rightthere.desk.opening import acknowledge_opened_case
from rightthere.portal.models import FormSubmission
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Priya Shah",
    "email": "priya@example.org",
    "subject": "Oven door will not close",
    "message": "The hinge on the left looks bent.",
}


def test_customer_writes_through_form_and_gets_status_link(client):
    response = client.post(reverse("contact"), FORM)

    case = Case.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert case.channel == "web"
    assert case.customer.name == "Priya Shah"
    assert case.contact.email == "priya@example.org"
    assert case.messages.first().body_text == "The hinge on the left looks bent."
    assert case.reference in page
    assert 'id="status-link" href="/s/' in page
    assert CaseEvent.objects.filter(case=case, kind="created").exists()


def test_known_contact_is_matched_case_insensitively(client):
    contact = ContactFactory(email="Priya@Example.org")

    client.post(reverse("contact"), FORM)

    assert Case.objects.get().contact == contact
    assert Contact.objects.count() == 1


def test_attachment_is_kept(client):
    photo = SimpleUploadedFile("hinge.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")

    client.post(reverse("contact"), {**FORM, "attachments": photo})

    attachment = Case.objects.get().messages.first().attachments.get()
    assert attachment.filename == "hinge.jpg"
    assert attachment.file.read() == b"\xff\xd8\xff fake jpeg"


def test_honeypot_filled_by_a_bot_creates_nothing_but_looks_fine(client):
    response = client.post(reverse("contact"), {**FORM, "website": "http://spam.example"})

    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_flood_from_one_address_is_refused_with_a_clear_message(client, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEB_FORM_MAX_PER_IP": 2}
    client.post(reverse("contact"), FORM)
    client.post(reverse("contact"), {**FORM, "subject": "Second"})

    refused = client.post(reverse("contact"), {**FORM, "subject": "Third"})

    assert refused.status_code == 429
    assert "Please wait a little" in refused.content.decode()
    assert Case.objects.count() == 2
    assert FormSubmission.objects.filter(accepted=False).count() == 1


def test_invalid_form_shows_errors_and_stores_nothing(client):
    response = client.post(reverse("contact"), {**FORM, "email": "not-an-address", "message": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address" in page
    assert "This field is required" in page
    assert Case.objects.count() == 0


def test_script_in_form_message_is_escaped_for_staff(client, agent):
    client.post(reverse("contact"), {**FORM, "message": "<script>alert(1)</script>"})
    case = Case.objects.get()
    client.force_login(agent)

    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# The acknowledgement is written and mailed by the worker once the form's transaction
# commits (issue #23: the customer does not wait for its templates and statements).


def test_the_worker_acknowledges_the_form_with_the_link_the_page_showed(
    client, mailoutbox, run_tasks
):
    response = client.post(reverse("contact"), FORM)
    case = Case.objects.get()
    link = re.search(r'id="status-link" href="(/s/[^"]+)"', response.content.decode()).group(1)

    assert not case.messages.filter(direction="outbound").exists()
    assert DBTaskResult.objects.get().task_path == "rightthere.desk.opening.acknowledge_opened_case"
    run_tasks()

    acknowledgement = case.messages.get(direction="outbound")
    assert acknowledgement.automatic
    (mail,) = [m for m in mailoutbox if m.to == ["priya@example.org"]]
    assert case.reference in mail.subject
    assert link in mail.body
    assert mail.extra_headers["Auto-Submitted"] == "auto-replied"
    assert case.status_links.count() == 1


def test_a_german_customer_is_acknowledged_in_german(client, mailoutbox, run_tasks):
    ContactFactory(name="Priya Shah", email="priya@example.org", language="de")

    client.post(reverse("contact"), FORM)
    run_tasks()

    case = Case.objects.get()
    (mail,) = [m for m in mailoutbox if m.to == ["priya@example.org"]]
    assert mail.body.startswith("Hallo Priya,")
    assert f"haben wir unter der Nummer {case.reference} aufgenommen" in mail.body
    assert "/s/" in mail.body


def test_a_case_answered_before_the_worker_runs_is_not_told_who_will_answer(
    client, agent, mailoutbox, run_tasks
):
    client.post(reverse("contact"), FORM)
    case = Case.objects.get()
    send_reply(case, actor=agent, body_text="The hinge is on its way.", check_wording=False)

    run_tasks()

    assert list(case.messages.filter(direction="outbound").values_list("automatic", flat=True)) == [
        False
    ]
    assert [m.body.count("will answer you by") for m in mailoutbox] == [0]


def test_the_acknowledgement_run_twice_is_sent_once(client, mailoutbox, run_tasks):
    client.post(reverse("contact"), FORM)
    case = Case.objects.get()
    run_tasks()

    # A worker stopped after the commit, before the task was marked done, runs it again.
    assert acknowledge_opened_case.call(case.pk) == "acknowledged already"
    run_tasks()

    assert case.messages.filter(direction="outbound", automatic=True).count() == 1
    assert [m.to for m in mailoutbox] == [["priya@example.org"]]


def test_a_form_that_fails_after_queueing_the_acknowledgement_leaves_neither(client, monkeypatch):
    from rightthere.portal import intake

    queue = intake.acknowledge_new_case_later

    def queued_then_broken(case):
        queue(case)
        assert DBTaskResult.objects.count() == 1  # written in the form's transaction
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(intake, "acknowledge_new_case_later", queued_then_broken)

    with pytest.raises(RuntimeError):
        client.post(reverse("contact"), FORM)

    assert (Case.objects.count(), DBTaskResult.objects.count()) == (0, 0)


@pytest.mark.parametrize(("send_mail", "said"), [(True, True), (False, False)])
def test_thank_you_page_says_the_link_was_mailed_only_when_mail_goes_out(
    client, settings, send_mail, said
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": send_mail}

    page = client.post(reverse("contact"), FORM).content.decode()

    assert 'id="status-link" href="/s/' in page  # the link itself, either way
    assert ("We have also sent this link to your e-mail address." in page) is said
