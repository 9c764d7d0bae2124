"""All my requests (#21): a customer asks for a sign-in link by mail and sees every request
of theirs. The link expires, works once and cannot be altered; asking tells nothing about
whether an address is known, and is limited; a contact never sees another customer's
requests; an organisation's contacts see its requests only when the owner allows it."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Direction, Status
from rightthere.customers.models import CustomerKind
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.portal import setup
from rightthere.portal.models import SignInLink
from rightthere.portal.sign_in import SESSION_KEY, token_for
from rightthere.promises.actions import make_promise
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("my_sign_in")
MINE = reverse("my_requests")


def _ask(client, email, ip="203.0.113.7"):
    return client.post(SIGN_IN, {"email": email}, REMOTE_ADDR=ip)


def _sign_in_mails():
    return [m for m in mail.outbox if "/my/sign-in/" in m.body]


def _mailed_path(run_tasks) -> str:
    run_tasks()
    assert len(_sign_in_mails()) == 1
    return re.search(r"https?://[^/\s]+(/my/sign-in/[^/\s]+/)", _sign_in_mails()[0].body)[1]


def _sign_in(client, run_tasks, email) -> None:
    assert _ask(client, email).status_code == 200
    path = _mailed_path(run_tasks)
    assert client.post(path).status_code == 302
    mail.outbox.clear()


@pytest.fixture
def ada():
    return ContactFactory(name="Ada Byron", email="ada@example.com",
                          customer=CustomerFactory(name="Ada Byron"))  # fmt: skip


@pytest.fixture
def acme():
    """An organisation with two contacts, Grace and Linus, each with a request."""
    org = CustomerFactory(name="Acme Ltd", kind=CustomerKind.ORGANISATION)
    grace = ContactFactory(customer=org, name="Grace", email="grace@acme.example")
    linus = ContactFactory(customer=org, name="Linus", email="linus@acme.example")
    make_case(subject="Grace's printer jams", contact=grace)
    make_case(subject="Linus's boiler leaks", contact=linus)
    return org


# --- Asking for a link -------------------------------------------------------------


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, ada, run_tasks):
    known = _ask(client, "ada@example.com")
    unknown = _ask(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 200
    strip = lambda r, e: r.content.decode().replace(e, "EMAIL")  # noqa: E731
    assert strip(known, "ada@example.com") == strip(unknown, "nobody@example.com")
    assert "a link to them is on its way" in known.content.decode()
    run_tasks()
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]  # only the known one
    body = mail.outbox[0].body
    assert body.startswith("Hello Ada Byron,")
    assert "It works once, within 15 minutes" in body


def test_address_is_matched_whatever_its_case(client, ada, run_tasks):
    _ask(client, "  ADA@Example.com ")
    run_tasks()
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_a_bad_address_is_refused_next_to_the_field(client):
    response = _ask(client, "ada@")

    assert response.status_code == 400
    assert "Please check your e-mail address" in response.content.decode()
    assert 'value="ada@"' in response.content.decode()  # what they typed is kept
    assert not SignInLink.objects.exists()


def test_asking_is_limited_per_address_known_or_not(client, ada, settings, run_tasks):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SIGN_IN_LINKS_PER_ADDRESS": 2}
    for email in ("ada@example.com", "nobody@example.com"):
        assert _ask(client, email, ip="203.0.113.1").status_code == 200
        assert _ask(client, email, ip="203.0.113.2").status_code == 200
        refused = _ask(client, email, ip="203.0.113.3")
        assert refused.status_code == 429
        assert "You have asked for several links in a short time" in refused.content.decode()
    run_tasks()
    assert len(mail.outbox) == 2  # the two links within the limit


def test_asking_is_limited_per_network_address(client, ada, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SIGN_IN_LINKS_PER_NETWORK": 3}
    for n in range(3):
        assert _ask(client, f"someone{n}@example.com").status_code == 200
    assert _ask(client, "ada@example.com").status_code == 429
    assert _ask(client, "ada@example.com", ip="198.51.100.9").status_code == 200


# --- The link ------------------------------------------------------------------------


def test_the_link_signs_in_once(client, ada, run_tasks):
    make_case(subject="Boiler leaks", contact=ada)
    _ask(client, "ada@example.com")
    path = _mailed_path(run_tasks)

    opened = client.get(path)  # opening shows a button; a mail scanner's look spends nothing
    assert opened.status_code == 200
    assert "Show my requests" in opened.content.decode()
    assert client.get(path).status_code == 200

    assert client.post(path)["Location"] == MINE
    assert "Boiler leaks" in client.get(MINE).content.decode()

    other = client.__class__()
    again = other.post(path)
    assert again.status_code == 410
    assert "This sign-in link does not work any more" in again.content.decode()
    assert other.get(path).status_code == 410
    assert other.get(MINE)["Location"] == SIGN_IN


def test_an_expired_link_is_refused(client, ada, monkeypatch):
    link = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7", sent=True)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 16 * 60)  # made 16 minutes ago
    token = token_for(link)
    monkeypatch.setattr(time, "time", real)

    path = reverse("my_sign_in_link", args=[token])
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert SESSION_KEY not in client.session


def test_a_link_within_its_time_works(client, ada, monkeypatch):
    link = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7", sent=True)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 14 * 60)
    token = token_for(link)
    monkeypatch.setattr(time, "time", real)

    assert client.post(reverse("my_sign_in_link", args=[token])).status_code == 302


def test_an_altered_link_is_refused(client, ada, run_tasks):
    _ask(client, "ada@example.com")
    token = _mailed_path(run_tasks).strip("/").split("/")[-1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token + "x", "abc", "x" * 300, token[:-1]):
        response = client.post(reverse("my_sign_in_link", args=[bad]))
        assert response.status_code == 410, bad
    assert SESSION_KEY not in client.session


def test_a_link_for_another_row_or_never_sent_is_refused(client, ada):
    """A token made for a row whose address was unknown (nothing mailed) is no key."""
    unknown = SignInLink.objects.create(email="x@example.com", ip_address="203.0.113.7")
    assert client.post(reverse("my_sign_in_link", args=[token_for(unknown)])).status_code == 410


def test_signing_out_forgets_the_customer(client, ada, run_tasks):
    _sign_in(client, run_tasks, "ada@example.com")
    assert client.get(MINE).status_code == 200

    client.post(reverse("my_sign_out"))

    assert client.get(MINE)["Location"] == SIGN_IN


def test_a_sign_in_lasts_two_weeks(client, ada, run_tasks):
    _sign_in(client, run_tasks, "ada@example.com")
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "at": time.time() - 15 * 86400}
    session.save()

    assert client.get(MINE)["Location"] == SIGN_IN


# --- What they see --------------------------------------------------------------------


def test_the_customer_sees_all_their_requests_with_promises_visits_and_dates(
    client, ada, agent, run_tasks
):
    leak = make_case(subject="Boiler leaks", contact=ada, assignee=agent)
    desk_messages.add_message(leak, actor=agent, direction=Direction.OUTBOUND,
                              body_text="We are on it.")  # fmt: skip
    due = timezone.localtime() + timedelta(days=2)
    make_promise(leak, actor=agent, what="Send the quote", due_at=due)
    later = due + timedelta(days=5)
    make_promise(leak, actor=agent, what="Fit the new valve", due_at=later)
    old = make_case(subject="Radiator cold", contact=ada)
    casework.change_status(old, actor=agent, status=Status.SOLVED)
    other_contact_same_person = ContactFactory(email="Ada@Example.com")  # same address elsewhere
    make_case(subject="Garage door", contact=other_contact_same_person)

    _sign_in(client, run_tasks, "ada@example.com")
    page = client.get(MINE).content.decode()

    assert "Hello Ada Byron" in page
    for subject in ("Boiler leaks", "Garage door", "Radiator cold"):
        assert subject in page
    assert page.index("Open requests") < page.index("Boiler leaks") < page.index("Earlier")
    assert page.index("Earlier requests") < page.index("Radiator cold")
    assert "If something is still not right, open it and reply" in page  # the solved one
    assert "will send the quote by" in page  # the next step, with its date
    assert f"{due:%A} {due.day} {due:%B}" in page
    assert "Fit the new valve, by" in page  # what else we promised, with its date
    assert f"{later:%A} {later.day} {later:%B}" in page
    assert leak.reference in page
    # Each request opens on its own status page, where replying and rating happen.
    assert reverse("status_page", args=["X"]).split("X")[0] in page


def test_a_contact_never_sees_another_customers_requests(client, ada, acme, run_tasks):
    make_case(subject="Ada's own boiler", contact=ada)
    setup.set_organisation_sharing(None, True)

    _sign_in(client, run_tasks, "ada@example.com")
    page = client.get(MINE).content.decode()

    assert "Ada&#x27;s own boiler" in page
    assert "printer jams" not in page
    assert "boiler leaks" not in page


def test_organisation_sharing_off_each_contact_sees_their_own(client, acme, run_tasks):
    _sign_in(client, run_tasks, "grace@acme.example")
    page = client.get(MINE).content.decode()

    assert "Grace&#x27;s printer jams" in page
    assert "Linus&#x27;s boiler leaks" not in page


def test_organisation_sharing_on_colleagues_requests_are_shown_without_their_link(
    client, acme, run_tasks
):
    setup.set_organisation_sharing(None, True)
    _sign_in(client, run_tasks, "grace@acme.example")
    page = client.get(MINE).content.decode()

    assert "Grace&#x27;s printer jams" in page
    assert "Linus&#x27;s boiler leaks" in page
    assert "by Linus" in page
    assert "what your colleagues at Acme Ltd asked" in page
    assert page.count('href="/s/') == 1  # only Grace's own request opens to reply

    setup.set_organisation_sharing(None, False)  # the owner changes their mind
    assert "Linus&#x27;s boiler leaks" not in client.get(MINE).content.decode()


def test_a_person_customer_shares_nothing_even_with_sharing_on(client, ada, run_tasks):
    setup.set_organisation_sharing(None, True)
    partner = ContactFactory(customer=ada.customer, name="Charles", email="charles@example.com")
    make_case(subject="Charles's fridge", contact=partner)

    _sign_in(client, run_tasks, "ada@example.com")
    assert "fridge" not in client.get(MINE).content.decode()


def test_the_list_asks_nothing_of_a_customer_without_requests(client, run_tasks):
    ContactFactory(name="New Person", email="new@example.com")
    _sign_in(client, run_tasks, "new@example.com")
    page = client.get(MINE).content.decode()
    assert "Nothing open right now." in page


def test_a_german_customer_gets_the_mail_and_the_list_in_german(client, ada, run_tasks):
    ada.customer.language = "de"
    ada.customer.save(update_fields=["language"])
    make_case(subject="Heizung leckt", contact=ada)

    _ask(client, "ada@example.com")
    run_tasks()
    (sent,) = _sign_in_mails()
    assert sent.subject.startswith("Ihr Link")
    assert "Hallo Ada Byron" in sent.body
    path = re.search(r"https?://[^/\s]+(/my/sign-in/[^/\s]+/)", sent.body)[1]
    assert "Meine Anfragen anzeigen" in client.get(path).content.decode()
    client.post(path)
    page = client.get(MINE).content.decode()

    assert "Heizung leckt" in page
    assert "Offene Anfragen" in page
    assert "Open requests" not in page


def test_asks_older_than_a_day_are_let_go(client, ada):
    old = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7", sent=True)
    SignInLink.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    recent = SignInLink.objects.create(email="x@example.com", ip_address="203.0.113.7")

    _ask(client, "ada@example.com")

    assert not SignInLink.objects.filter(pk=old.pk).exists()
    assert SignInLink.objects.filter(pk=recent.pk).exists()
    assert SignInLink.objects.count() == 2


def test_a_signed_in_customer_is_no_staff_member_and_gets_a_new_session(
    client, ada, owner, run_tasks
):
    client.get(SIGN_IN)
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""

    _sign_in(client, run_tasks, "ada@example.com")

    assert client.cookies["sessionid"].value not in ("", before)  # no fixation
    assert client.get("/")["Location"].startswith(reverse("login"))  # the desk stays closed
    assert client.get(reverse("settings_customer_pages")).status_code == 302


def test_a_contact_reading_german_gets_german_though_the_company_reads_english(
    client, acme, run_tasks
):
    grace = acme.contacts.get(name="Grace")
    grace.language = "de"
    grace.save(update_fields=["language"])

    _ask(client, "grace@acme.example")
    run_tasks()
    (sent,) = _sign_in_mails()
    assert "Hallo Grace" in sent.body
    client.post(re.search(r"https?://[^/\s]+(/my/sign-in/[^/\s]+/)", sent.body)[1])
    assert "Offene Anfragen" in client.get(MINE).content.decode()
