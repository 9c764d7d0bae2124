"""Who may open and do what on every page of the web UI.

Owners and agents see and manage everything. A technician sees only the cases
assigned to them, a subcontractor only the cases handed to their company; both
may reply, add notes and move the status there, and read those cases'
customers. Anything not visible is a 404, a forbidden action on something
visible is a 403, and a refused request changes nothing and flashes nothing.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rightthere.cases import actions
from rightthere.cases.models import Case, Message
from rightthere.customers.actions import add_customer_note
from rightthere.customers.models import Customer
from rightthere.desk import casework
from tests.factories import PASSWORD, SubcontractorFactory, make_case

pytestmark = pytest.mark.django_db

MANAGERS = ["owner", "agent"]
WORKERS = ["technician", "subcontractor"]
SIGNED_IN = MANAGERS + WORKERS

# role, case, whether the role sees it
CASE_VISIBILITY = [
    ("owner", "technician_case", True),
    ("owner", "subcontractor_case", True),
    ("owner", "unassigned_case", True),
    ("agent", "technician_case", True),
    ("agent", "subcontractor_case", True),
    ("agent", "unassigned_case", True),
    ("technician", "technician_case", True),
    ("technician", "subcontractor_case", False),
    ("technician", "unassigned_case", False),
    ("subcontractor", "subcontractor_case", True),
    ("subcontractor", "technician_case", False),
    ("subcontractor", "unassigned_case", False),
]
VISIBLE_CASES = [(role, case) for role, case, seen in CASE_VISIBILITY if seen]
HIDDEN_CASES = [(role, case) for role, case, seen in CASE_VISIBILITY if not seen]
OWN_CASES = [("technician", "technician_case"), ("subcontractor", "subcontractor_case")]
# A customer is visible exactly when the case of the same name is.
VISIBLE_CUSTOMERS = VISIBLE_CASES
HIDDEN_CUSTOMERS = HIDDEN_CASES
OWN_CUSTOMERS = OWN_CASES

HEADER_FIELDS = ["status", "priority", "kind", "subject", "tags", "assignee", "team"]
MANAGER_ONLY_FIELDS = ["priority", "kind", "subject", "tags", "assignee", "team"]


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def listed_case_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', html)}


def login_redirect(url: str) -> str:
    return f"{reverse('login')}?next={url}"


def sends_to_login(response, url: str) -> bool:
    return response.status_code == 302 and response["Location"] == login_redirect(url)


# --- Every route, anonymous -------------------------------------------------


@dataclass(frozen=True)
class Route:
    method: str
    name: str
    args: Callable = lambda desk: []
    data: Callable = lambda desk: {}
    detail: str = ""

    def __str__(self) -> str:
        return "-".join(filter(None, [self.method, self.name, self.detail]))

    def url(self, desk) -> str:
        return reverse(self.name, args=self.args(desk))


def _case(key: str = "unassigned_case") -> Callable:
    return lambda desk: [desk.cases[key].pk]


def _customer(key: str = "unassigned_case") -> Callable:
    return lambda desk: [desk.customers[key].pk]


NEW_CASE_FORM = {
    "new_customer_name": "Rita Moreno",
    "new_customer_kind": "person",
    "contact_phone": "+44 20 7946 0000",
    "subject": "Washing machine won't drain",
    "body": "Called at 9:10, machine stops mid-cycle.",
    "kind": "repair",
    "priority": "high",
}
CUSTOMER_FORM = {"name": "Renamed Ltd", "kind": "organisation", "address": "1 Quay Street"}
CONTACT_FORM = {"name": "Ann Baker", "email": "ann@example.com", "phone": "01632 960000"}
NOTE_FORM = {"text": "Gate code is 1234."}

LOGIN_REQUIRED_ROUTES = [
    Route("get", "inbox"),
    Route("get", "inbox_counts"),
    Route("get", "new_case"),
    Route("post", "new_case", data=lambda desk: NEW_CASE_FORM),
    Route("get", "case_detail", _case()),
    Route("post", "case_reply", _case(), lambda desk: {"direction": "note", "body": "Hello"}),
    *[
        Route(
            "post",
            "case_update_field",
            lambda desk, field=field: [desk.cases["unassigned_case"].pk, field],
            lambda desk: {"value": "x"},
            field,
        )
        for field in HEADER_FIELDS
    ],
    Route("get", "attachment_download", lambda desk: [desk.attachments["unassigned_case"].pk]),
    Route("get", "customer_list"),
    Route("get", "customer_detail", _customer()),
    Route("get", "customer_new"),
    Route("post", "customer_new", data=lambda desk: CUSTOMER_FORM),
    Route("get", "customer_edit", _customer()),
    Route("post", "customer_edit", _customer(), lambda desk: CUSTOMER_FORM),
    Route("post", "contact_add", _customer(), lambda desk: CONTACT_FORM),
    Route("post", "customer_note_add", _customer(), lambda desk: NOTE_FORM),
    Route("get", "token_list"),
    Route("post", "token_create", data=lambda desk: {"name": "Script"}),
    Route("post", "token_revoke", lambda desk: [desk.tokens["agent"].pk]),
]


@pytest.mark.parametrize("route", LOGIN_REQUIRED_ROUTES, ids=str)
def test_anonymous_visitor_is_sent_to_login_and_changes_nothing(route, client, desk, desk_state):
    before = desk_state()
    url = route.url(desk)

    response = getattr(client, route.method)(url, route.data(desk))

    assert sends_to_login(response, url)
    assert desk_state() == before
    assert flashed(response) == []


def test_anonymous_visitor_gets_the_login_page(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={reverse('admin:index')}"


# --- Pages every signed-in role may open -----------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["inbox", "inbox_counts", "customer_list", "token_list"])
def test_signed_in_people_open_their_lists(role, name, client_as):
    response = client_as(role).get(reverse(name))

    assert response.status_code == 200


# The office lands on the inbox; people in the field on their phone's My day
# (tests/accounts/test_landing_after_log_in.py).
LANDING = {"owner": "inbox", "agent": "inbox", "technician": "field_my_day",
           "subcontractor": "field_my_day"}  # fmt: skip


@pytest.mark.parametrize("role", SIGNED_IN)
def test_signed_in_person_opening_login_is_sent_to_their_first_page(role, client_as):
    response = client_as(role).get(reverse("login"))

    assert response.status_code == 302
    assert response["Location"] == reverse(LANDING[role])


@pytest.mark.parametrize("role", SIGNED_IN)
def test_logging_out_ends_the_session(role, client_as):
    client = client_as(role)

    response = client.post(reverse("logout"))
    after = client.get(reverse("inbox"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert sends_to_login(after, reverse("inbox"))


@pytest.mark.parametrize("role", SIGNED_IN)
def test_logout_by_get_is_refused_and_keeps_the_session(role, client_as):
    client = client_as(role)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(reverse("inbox")).status_code == 200


@pytest.mark.parametrize("role", SIGNED_IN)
def test_login_with_the_right_password_opens_their_first_page(role, client, desk):
    response = client.post(
        reverse("login"), {"username": desk.people[role].username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(LANDING[role])


def test_login_with_a_wrong_password_shows_an_error(client, desk):
    response = client.post(reverse("login"), {"username": "adam", "password": "wrong"})

    assert response.status_code == 200
    assert "didn't match" in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- Django admin ------------------------------------------------------------


def test_owner_opens_the_admin(client_as):
    response = client_as("owner").get(reverse("admin:index"))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_staff_without_admin_rights_are_kept_out_of_the_admin(role, client_as):
    response = client_as(role).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- New case ------------------------------------------------------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_opens_the_new_case_form(role, client_as):
    response = client_as(role).get(reverse("new_case"))

    assert response.status_code == 200


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_opens_a_case_for_a_caller(role, client_as):
    response = client_as(role).post(reverse("new_case"), NEW_CASE_FORM)

    case = Case.objects.get(subject="Washing machine won't drain")
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert case.customer.name == "Rita Moreno"


@pytest.mark.parametrize("role", WORKERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_worker_cannot_open_cases(role, method, client_as, desk_state):
    client = client_as(role)
    before = desk_state()

    response = getattr(client, method)(reverse("new_case"), NEW_CASE_FORM)

    assert response.status_code == 403
    assert desk_state() == before
    assert flashed(response) == []


# --- Case page and attachments -----------------------------------------------


@pytest.mark.parametrize(("role", "case_key"), VISIBLE_CASES)
def test_case_page_opens_for_who_may_see_it(role, case_key, client_as, desk):
    case = desk.cases[case_key]

    response = client_as(role).get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 200
    assert case.subject in response.content.decode()


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CASES)
def test_case_page_of_someone_elses_case_is_not_found(role, case_key, client_as, desk):
    case = desk.cases[case_key]

    response = client_as(role).get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 404
    assert case.subject not in response.content.decode()


def test_case_page_of_a_case_that_does_not_exist_is_not_found(client_as):
    response = client_as("owner").get(reverse("case_detail", args=[999_999]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", WORKERS)
def test_worker_case_page_shows_no_manager_controls_or_other_cases(role, client_as, desk):
    own_case = dict(OWN_CASES)[role]
    make_case(subject="Sibling case nobody shares", customer=desk.cases[own_case].customer)

    page = client_as(role).get(reverse("case_detail", args=[desk.cases[own_case].pk]))
    html = page.content.decode()

    assert 'id="field-status"' in html
    assert 'id="field-priority"' not in html
    assert 'id="field-assignee"' not in html
    assert "Sibling case nobody shares" not in html


@pytest.mark.parametrize(("role", "case_key"), VISIBLE_CASES)
def test_attachment_downloads_for_who_may_see_the_case(role, case_key, client_as, desk):
    attachment = desk.attachments[case_key]

    response = client_as(role).get(reverse("attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"jpeg-bytes"
    assert response["Content-Disposition"] == 'attachment; filename="photo.jpg"'


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CASES)
def test_attachment_of_someone_elses_case_is_not_found(role, case_key, client_as, desk):
    attachment = desk.attachments[case_key]

    response = client_as(role).get(reverse("attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


# --- Reply and notes -----------------------------------------------------------


@pytest.mark.parametrize(("role", "case_key"), VISIBLE_CASES)
@pytest.mark.parametrize("direction", ["outbound", "note"])
def test_reply_or_note_is_added_by_who_may_see_the_case(role, case_key, direction, client_as, desk):
    case = desk.cases[case_key]

    response = client_as(role).post(
        reverse("case_reply", args=[case.pk]), {"direction": direction, "body": "On our way."}
    )

    message = Message.objects.filter(case=case).latest("id")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#timeline-end"
    assert (message.direction, message.body_text, message.author) == (
        direction,
        "On our way.",
        desk.people[role],
    )


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CASES)
def test_reply_to_someone_elses_case_is_not_found_and_not_sent(
    role, case_key, client_as, desk, desk_state
):
    client = client_as(role)
    before = desk_state()

    response = client.post(
        reverse("case_reply", args=[desk.cases[case_key].pk]),
        {"direction": "outbound", "body": "Sneaky reply"},
    )

    assert response.status_code == 404
    assert desk_state() == before
    assert flashed(response) == []


# --- Inline header edits -----------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    value: str
    read: Callable[[Case], object]
    expected: object


@pytest.fixture
def field_changes(desk, team):
    return {
        "status": FieldChange("solved", lambda c: c.status, "solved"),
        "priority": FieldChange("urgent", lambda c: c.priority, "urgent"),
        "kind": FieldChange("complaint", lambda c: c.kind, "complaint"),
        "subject": FieldChange("Boiler replaced", lambda c: c.subject, "Boiler replaced"),
        "tags": FieldChange(
            "vip, warranty",
            lambda c: sorted(c.tags.values_list("name", flat=True)),
            ["vip", "warranty"],
        ),
        "assignee": FieldChange(
            str(desk.people["agent"].pk), lambda c: c.assignee_id, desk.people["agent"].pk
        ),
        "team": FieldChange(str(team.pk), lambda c: c.team_id, team.pk),
    }


@pytest.mark.parametrize("role", MANAGERS)
@pytest.mark.parametrize("case_key", ["technician_case", "subcontractor_case", "unassigned_case"])
@pytest.mark.parametrize("field", HEADER_FIELDS)
def test_manager_changes_every_header_field(role, case_key, field, client_as, desk, field_changes):
    case = desk.cases[case_key]
    change = field_changes[field]

    response = client_as(role).post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": change.value, "version": case.version},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert change.read(Case.objects.get(pk=case.pk)) == change.expected
    assert flashed(response) == []


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
def test_worker_moves_the_status_of_their_case(role, case_key, client_as, desk):
    case = desk.cases[case_key]

    response = client_as(role).post(
        reverse("case_update_field", args=[case.pk, "status"]),
        {"value": "solved", "version": case.version},
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "solved"
    assert case.events.filter(kind="status", actor=desk.people[role]).exists()


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
@pytest.mark.parametrize("field", MANAGER_ONLY_FIELDS)
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["form", "htmx"])
def test_worker_cannot_change_manager_fields_on_their_case(
    role, case_key, field, headers, client_as, desk, field_changes, desk_state
):
    case = desk.cases[case_key]
    client = client_as(role)
    before = desk_state()

    response = client.post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": field_changes[field].value, "version": case.version},
        headers=headers,
    )

    assert response.status_code == 403
    assert desk_state() == before
    assert flashed(response) == []


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CASES)
@pytest.mark.parametrize("field", HEADER_FIELDS)
def test_worker_cannot_change_any_field_on_someone_elses_case(
    role, case_key, field, client_as, desk, field_changes, desk_state
):
    case = desk.cases[case_key]
    client = client_as(role)
    before = desk_state()

    response = client.post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": field_changes[field].value, "version": case.version},
    )

    assert response.status_code == 404
    assert desk_state() == before
    assert flashed(response) == []


@pytest.mark.parametrize(("role", "case_key"), VISIBLE_CASES)
@pytest.mark.parametrize("name", ["case_detail", "case_reply", "case_update_field"])
def test_case_routes_refuse_the_wrong_http_method(role, case_key, name, client_as, desk):
    case = desk.cases[case_key]
    args = {"case_detail": [case.pk], "case_reply": [case.pk], "case_update_field": [case.pk, "status"]}  # fmt: skip
    wrong_method = {"case_detail": "post", "case_reply": "get", "case_update_field": "get"}

    response = getattr(client_as(role), wrong_method[name])(reverse(name, args=args[name]))

    assert response.status_code == 405


# --- Subcontractor colleagues ----------------------------------------------------


def test_subcontractor_colleague_sees_a_case_handed_to_their_company(client, desk):
    colleague = SubcontractorFactory(partner=desk.people["subcontractor"].partner)
    handed = desk.cases["unassigned_case"]
    actions.hand_to_partner(handed, actor=None, partner=colleague.partner)
    client.force_login(colleague)

    assert client.get(reverse("case_detail", args=[handed.pk])).status_code == 200
    assert client.get(reverse("case_detail", args=[desk.cases["subcontractor_case"].pk])).status_code == 200  # fmt: skip
    assert client.get(reverse("case_detail", args=[desk.cases["technician_case"].pk])).status_code == 404  # fmt: skip


def test_subcontractor_loses_the_case_when_it_is_taken_back(client_as, desk):
    case = desk.cases["subcontractor_case"]
    casework.assign_case(case, actor=None, assignee=desk.people["agent"])

    response = client_as("subcontractor").get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 404


# --- What the inbox and search show ---------------------------------------------

SUBJECTS = {
    "technician_case": "Boiler leaking in the cellar",
    "subcontractor_case": "Gate motor jammed",
    "unassigned_case": "Invoice charged twice",
}


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
@pytest.mark.parametrize("view", ["open", "all", "mine", "unassigned", "overdue", "waiting-us"])
def test_worker_inbox_lists_only_their_cases(role, case_key, view, client_as, desk):
    hidden = [subject for key, subject in SUBJECTS.items() if key != case_key]

    html = client_as(role).get(reverse("inbox"), {"view": view}).content.decode()

    assert listed_case_ids(html) <= {desk.cases[case_key].pk}
    assert [subject for subject in hidden if subject in html] == []


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
def test_worker_inbox_shows_their_own_case(role, case_key, client_as, desk):
    html = client_as(role).get(reverse("inbox"), {"view": "all"}).content.decode()

    assert listed_case_ids(html) == {desk.cases[case_key].pk}
    assert SUBJECTS[case_key] in html


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CASES)
@pytest.mark.parametrize(
    "query",
    [
        lambda case: case.subject,
        lambda case: case.subject.split()[0],
        lambda case: case.reference,
        lambda case: str(case.pk),
        lambda case: "Photo attached",
    ],
    ids=["subject", "first-word", "reference", "number", "message-text"],
)
def test_search_does_not_leak_someone_elses_case(role, case_key, query, client_as, desk):
    case = desk.cases[case_key]

    html = client_as(role).get(reverse("inbox"), {"q": query(case)}).content.decode()

    assert case.pk not in listed_case_ids(html)


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
def test_search_finds_the_workers_own_case(role, case_key, client_as, desk):
    case = desk.cases[case_key]

    by_words = client_as(role).get(reverse("inbox"), {"q": case.subject}).content.decode()
    by_reference = client_as(role).get(reverse("inbox"), {"q": case.reference}).content.decode()

    assert listed_case_ids(by_words) == {case.pk}
    assert listed_case_ids(by_reference) == {case.pk}


@pytest.mark.parametrize(("role", "case_key"), OWN_CASES)
def test_worker_filtering_by_someone_elses_assignee_shows_nothing_extra(
    role, case_key, client_as, desk
):
    html = (
        client_as(role)
        .get(reverse("inbox"), {"view": "all", "assignee": desk.people["agent"].pk})
        .content.decode()
    )

    assert listed_case_ids(html) == set()


@pytest.mark.parametrize("role", WORKERS)
def test_worker_inbox_counts_only_their_cases(role, client_as, desk):
    make_case(subject="Another unassigned case")

    html = client_as(role).get(reverse("inbox_counts"), {"view": "open"}).content.decode()

    assert 'data-view-count="open">1<' in html
    assert 'data-view-count="unassigned">0<' in html


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_inbox_counts_every_case(role, client_as):
    html = client_as(role).get(reverse("inbox_counts"), {"view": "open"}).content.decode()

    assert 'data-view-count="open">3<' in html
    assert 'data-view-count="unassigned">1<' in html


@pytest.mark.parametrize("role", WORKERS)
def test_worker_inbox_offers_no_team_or_assignee_filters(role, client_as):
    html = client_as(role).get(reverse("inbox")).content.decode()

    assert 'name="team"' not in html
    assert 'name="assignee"' not in html


# --- Customers ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "case_key"), OWN_CUSTOMERS)
def test_worker_customer_list_shows_only_customers_of_their_cases(role, case_key, client_as, desk):
    html = client_as(role).get(reverse("customer_list")).content.decode()

    assert [c.name for key, c in desk.customers.items() if c.name in html] == [
        desk.customers[case_key].name
    ]
    assert "+ New customer" not in html


@pytest.mark.parametrize(("role", "case_key"), OWN_CUSTOMERS)
def test_worker_customer_list_counts_only_their_open_cases(role, case_key, client_as, desk):
    make_case(subject="Second case, not theirs", customer=desk.customers[case_key])

    html = client_as(role).get(reverse("customer_list")).content.decode()

    assert "<td>1</td>" in html
    assert "<td>2</td>" not in html


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CUSTOMERS)
def test_worker_customer_search_does_not_leak_other_customers(role, case_key, client_as, desk):
    customer = desk.customers[case_key]

    html = client_as(role).get(reverse("customer_list"), {"q": customer.name}).content.decode()

    assert reverse("customer_detail", args=[customer.pk]) not in html
    assert "No customer matches" in html


@pytest.mark.parametrize(("role", "case_key"), VISIBLE_CUSTOMERS)
def test_customer_page_opens_for_who_may_see_the_customer(role, case_key, client_as, desk):
    customer = desk.customers[case_key]

    response = client_as(role).get(reverse("customer_detail", args=[customer.pk]))

    assert response.status_code == 200
    assert customer.name in response.content.decode()


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CUSTOMERS)
def test_customer_page_of_someone_elses_customer_is_not_found(role, case_key, client_as, desk):
    customer = desk.customers[case_key]

    response = client_as(role).get(reverse("customer_detail", args=[customer.pk]))

    assert response.status_code == 404
    assert customer.name not in response.content.decode()


@pytest.mark.parametrize(("role", "case_key"), OWN_CUSTOMERS)
def test_worker_customer_page_is_read_only_and_lists_only_their_cases(
    role, case_key, client_as, desk
):
    customer = desk.customers[case_key]
    make_case(subject="Second case, not theirs", customer=customer)
    add_customer_note(customer, author=desk.people["agent"], text="Pays late, chase invoices")

    html = client_as(role).get(reverse("customer_detail", args=[customer.pk])).content.decode()

    assert SUBJECTS[case_key] in html
    assert "Second case, not theirs" not in html
    assert "Pays late" not in html
    assert reverse("customer_edit", args=[customer.pk]) not in html
    assert reverse("contact_add", args=[customer.pk]) not in html


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_opens_the_new_customer_form(role, client_as):
    assert client_as(role).get(reverse("customer_new")).status_code == 200


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_adds_a_customer(role, client_as):
    response = client_as(role).post(reverse("customer_new"), CUSTOMER_FORM)

    customer = Customer.objects.get(name="Renamed Ltd")
    assert response.status_code == 302
    assert response["Location"] == reverse("customer_detail", args=[customer.pk])


@pytest.mark.parametrize("role", WORKERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_worker_cannot_add_customers(role, method, client_as, desk_state):
    client = client_as(role)
    before = desk_state()

    response = getattr(client, method)(reverse("customer_new"), CUSTOMER_FORM)

    assert response.status_code == 403
    assert desk_state() == before
    assert flashed(response) == []


@pytest.mark.parametrize("role", MANAGERS)
@pytest.mark.parametrize("case_key", ["technician_case", "subcontractor_case", "unassigned_case"])
def test_manager_opens_the_customer_edit_form(role, case_key, client_as, desk):
    response = client_as(role).get(reverse("customer_edit", args=[desk.customers[case_key].pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_edits_a_customer(role, client_as, desk):
    customer = desk.customers["technician_case"]

    response = client_as(role).post(reverse("customer_edit", args=[customer.pk]), CUSTOMER_FORM)

    customer.refresh_from_db()
    assert response.status_code == 302
    assert (customer.name, customer.kind, customer.address) == (
        "Renamed Ltd",
        "organisation",
        "1 Quay Street",
    )


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_adds_a_contact_and_a_note(role, client_as, desk):
    customer = desk.customers["unassigned_case"]
    client = client_as(role)

    contact = client.post(reverse("contact_add", args=[customer.pk]), CONTACT_FORM)
    note = client.post(reverse("customer_note_add", args=[customer.pk]), NOTE_FORM)

    assert (contact.status_code, note.status_code) == (302, 302)
    assert customer.contacts.filter(email="ann@example.com").exists()
    assert customer.notes.get().author == desk.people[role]


CUSTOMER_WRITES = [
    ("get", "customer_edit", {}),
    ("post", "customer_edit", CUSTOMER_FORM),
    ("post", "contact_add", CONTACT_FORM),
    ("post", "customer_note_add", NOTE_FORM),
]


@pytest.mark.parametrize(("role", "case_key"), OWN_CUSTOMERS)
@pytest.mark.parametrize(("method", "name", "data"), CUSTOMER_WRITES)
def test_worker_cannot_change_the_customer_of_their_case(
    role, case_key, method, name, data, client_as, desk, desk_state
):
    client = client_as(role)
    before = desk_state()

    response = getattr(client, method)(reverse(name, args=[desk.customers[case_key].pk]), data)

    assert response.status_code == 403
    assert desk_state() == before
    assert flashed(response) == []


@pytest.mark.parametrize(("role", "case_key"), HIDDEN_CUSTOMERS)
@pytest.mark.parametrize(("method", "name", "data"), CUSTOMER_WRITES)
def test_worker_changing_someone_elses_customer_is_not_found(
    role, case_key, method, name, data, client_as, desk, desk_state
):
    client = client_as(role)
    before = desk_state()

    response = getattr(client, method)(reverse(name, args=[desk.customers[case_key].pk]), data)

    assert response.status_code == 404
    assert desk_state() == before
    assert flashed(response) == []


# --- API tokens -------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_everyone_creates_their_own_api_token(role, client_as, desk):
    response = client_as(role).post(reverse("token_create"), {"name": "Script"})

    assert response.status_code == 302
    assert response["Location"] == reverse("token_list")
    assert desk.people[role].api_tokens.filter(name="Script").exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_token_list_shows_only_ones_own_tokens(role, client_as):
    html = client_as(role).get(reverse("token_list")).content.decode()

    assert html.count("Laptop of ") == 1
    assert f"Laptop of {role}" in html


@pytest.mark.parametrize("role", SIGNED_IN)
def test_everyone_revokes_their_own_api_token(role, client_as, desk):
    token = desk.tokens[role]

    response = client_as(role).post(reverse("token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("role", "victim"),
    [
        ("agent", "owner"),
        ("technician", "agent"),
        ("subcontractor", "technician"),
        ("owner", "agent"),
    ],
)
def test_nobody_revokes_someone_elses_token(role, victim, client_as, desk, desk_state):
    client = client_as(role)
    before = desk_state()

    response = client.post(reverse("token_revoke", args=[desk.tokens[victim].pk]))

    assert response.status_code == 302
    assert desk_state() == before
    assert flashed(response) == ["No such active token."]
