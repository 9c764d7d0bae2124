"""A caller gives their name, e-mail or number: the inbox's search (and the API's) finds
their cases, lists the customer it found, and shows only what the searcher may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rightthere.cases import actions
from rightthere.cases.finding import search_cases
from rightthere.customers.search import phone_patterns
from tests.desk.parity import api
from tests.factories import ContactFactory, CustomerFactory, SubcontractorFactory, make_case

pytestmark = pytest.mark.django_db


def search_page(client, text: str) -> str:
    return client.get(reverse("inbox"), {"q": text}).content.decode()


@pytest.fixture
def aisha(db):
    customer = CustomerFactory(name="Aisha Rahman")
    contact = ContactFactory(
        customer=customer, name="Aisha Rahman", email="aisha.r@example.com", phone="+447700900106"
    )
    return contact


@pytest.fixture
def kestrel(db):
    customer = CustomerFactory(name="Kestrel Lettings", kind="organisation")
    return ContactFactory(
        customer=customer,
        name="Robert Ellison",
        email="robert.ellison@example.com",
        phone="+442079460321",
    )


def test_agent_finds_a_callers_cases_by_their_name(agent, as_user, aisha):
    make_case(subject="Radiator cold", contact=aisha)
    make_case(subject="Invoice twice", contact=aisha)
    make_case(subject="Someone else's gate")

    page = search_page(as_user(agent), "aisha rahman")

    assert "Radiator cold" in page
    assert "Invoice twice" in page
    assert "Someone else" not in page
    assert "Customer:" in page
    assert reverse("customer_detail", args=[aisha.customer_id]) in page
    assert "2 cases" in page


def test_part_of_an_organisations_name_finds_its_cases(agent, as_user, kestrel):
    make_case(subject="Flat 3 boiler", contact=kestrel)

    page = search_page(as_user(agent), "Kestrel")

    assert "Flat 3 boiler" in page
    assert "No case matches" not in page


def test_a_contacts_email_finds_the_customers_cases_and_says_who_matched(agent, as_user, kestrel):
    make_case(subject="Flat 3 boiler", contact=kestrel)

    page = search_page(as_user(agent), "robert.ellison@example.com")

    assert "Flat 3 boiler" in page
    assert "Kestrel Lettings" in page
    assert "(robert.ellison@example.com)" in page


@pytest.mark.parametrize(
    "typed", ["900106", "900 106", "07700 900106", "+44 7700 900106", "0044 7700900106"]
)
def test_part_of_a_phone_number_finds_the_callers_cases(agent, as_user, aisha, typed):
    make_case(subject="Radiator cold", contact=aisha)
    make_case(subject="Someone else's gate", contact=ContactFactory(phone="+447700900555"))

    page = search_page(as_user(agent), typed)

    assert "Radiator cold" in page
    assert "Someone else" not in page


def test_a_number_imported_as_it_was_written_is_found_too(agent, as_user):
    imported = ContactFactory(name="Old Import", phone="07700 900 777")  # kept as it came
    make_case(subject="Imported boiler", contact=imported)

    for typed in ("900777", "+44 7700 900777", "07700900777"):
        assert "Imported boiler" in search_page(as_user(agent), typed), typed


def test_phone_patterns_are_only_made_from_numbers():
    assert phone_patterns("Aisha") == []
    assert phone_patterns("RT-12") == []
    assert phone_patterns("106") == []  # too short to mean a number
    assert phone_patterns("900106") == [("contains", "900106")]


def test_a_customer_without_cases_is_shown_to_an_agent(agent, as_user):
    CustomerFactory(name="Priya Natarajan")

    page = search_page(as_user(agent), "Natarajan")

    assert "Priya Natarajan" in page
    assert "0 cases" in page
    assert "No case matches" in page


def test_a_case_found_by_its_words_and_its_customer_is_listed_once(agent, aisha):
    case = make_case(subject="Aisha Rahman's radiator", contact=aisha)

    found = search_cases(agent, "Aisha Rahman")

    assert found.case_ids == [case.pk]
    assert [(c.name, c.cases) for c in found.customers] == [("Aisha Rahman", 1)]


def test_a_reference_still_comes_first(agent, aisha):
    older = make_case(subject="Radiator cold", contact=aisha)
    make_case(subject="Boiler", contact=aisha)

    assert search_cases(agent, older.reference).case_ids[0] == older.pk


def test_technician_finds_only_their_own_cases_of_a_customer(technician, as_user, aisha):
    make_case(subject="Visit for Aisha", contact=aisha, assignee=technician)
    make_case(subject="Office handles this one", contact=aisha)
    stranger = ContactFactory(name="Aisha Stranger")
    make_case(subject="Not theirs at all", contact=stranger)

    page = search_page(as_user(technician), "Aisha")

    assert "Visit for Aisha" in page
    assert "Office handles this one" not in page
    assert "Not theirs at all" not in page
    assert "Aisha Stranger" not in page  # a customer of none of their cases
    assert "1 case" in page


def test_technician_with_no_case_of_the_customer_finds_nothing(technician, as_user, aisha):
    make_case(subject="Office handles this one", contact=aisha)

    page = search_page(as_user(technician), "Aisha Rahman")

    assert "Office handles this one" not in page
    assert "Customer:" not in page
    assert "No case matches" in page


def test_subcontractor_finds_only_cases_handed_to_their_company(
    owner, subcontractor, as_user, aisha
):
    handed = make_case(subject="Handed over", contact=aisha)
    actions.hand_to_partner(handed, actor=owner, partner=subcontractor.partner)
    make_case(subject="Kept in house", contact=aisha)

    page = search_page(as_user(subcontractor), "900106")

    assert "Handed over" in page
    assert "Kept in house" not in page


def test_nobody_signed_out_or_without_a_company_finds_a_customer(client, aisha):
    make_case(subject="Radiator cold", contact=aisha)
    partnerless = SubcontractorFactory(partner=None)

    found = search_cases(partnerless, "Aisha Rahman")
    signed_out = client.get(reverse("inbox"), {"q": "Aisha Rahman"})

    assert (found.case_ids, found.customers) == ([], [])
    assert signed_out.status_code == 302


def test_the_searchs_statements_do_not_grow_with_the_customers_and_cases_found(agent):
    def add_customers(names: range) -> None:
        for n in names:
            customer = CustomerFactory(name=f"Hollis {n}")
            for _ in range(2):
                make_case(subject="Gutter", contact=ContactFactory(customer=customer))

    def statements() -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as queries:
            found = search_cases(agent, "Hollis")
        return len(queries), len(found.customers), len(found.case_ids)

    add_customers(range(1))
    one = statements()
    add_customers(range(1, 6))
    six = statements()

    assert (one[1:], six[1:]) == ((1, 2), (6, 12))
    assert six[0] == one[0]


def test_postgres_looks_customers_up_through_the_trigram_indexes(agent):
    """The migration's index expressions are the ones the lookups write (customers.search):
    with sequential scans off, each lookup's plan names its index."""
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    from rightthere.customers.models import Contact, Customer
    from rightthere.customers.search import _phone_matches, phone_digits

    lookups = {
        "customer_name_trgm": Customer.objects.filter(name__icontains="Rahman"),
        "contact_name_trgm": Contact.objects.filter(name__icontains="Ellison"),
        "contact_email_trgm": Contact.objects.filter(email__icontains="ellison@"),
        "contact_phone_digits_trgm": Contact.objects.alias(phone_digits=phone_digits()).filter(
            _phone_matches(phone_patterns("900106"))
        ),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plans = {index: lookup.explain() for index, lookup in lookups.items()}

    assert {index: index in plan for index, plan in plans.items()} == dict.fromkeys(lookups, True)


def test_api_search_results_name_the_customer_and_their_email(agent, kestrel):
    make_case(subject="Flat 3 boiler", contact=kestrel)
    no_email = ContactFactory(customer=kestrel.customer, name="Front desk", email="")
    make_case(subject="Flat 4 leak", contact=no_email)

    response = api(agent).get("/api/cases", {"q": "Kestrel"})

    assert response.status_code == 200, response.content
    customers = {item["subject"]: item["customer"] for item in response.json()["items"]}
    expected = {"id": kestrel.customer_id, "name": "Kestrel Lettings",
                "email": "robert.ellison@example.com"}  # fmt: skip
    # A case whose contact has no e-mail shows the customer's first contact's.
    assert customers == {"Flat 3 boiler": expected, "Flat 4 leak": expected}


def test_api_search_result_of_a_customer_without_any_email_says_so(agent):
    nobody = ContactFactory(customer=CustomerFactory(name="Hollis Phone-Only"), email="")
    make_case(subject="Gutter", contact=nobody)

    items = api(agent).get("/api/cases", {"q": "Hollis"}).json()["items"]

    assert [item["customer"]["email"] for item in items] == [""]


@pytest.mark.parametrize("role", ["owner", "agent", "technician"])
def test_api_search_shows_the_email_to_whoever_sees_the_case(role, request, aisha):
    user = request.getfixturevalue(role)
    make_case(subject="Radiator cold", contact=aisha, assignee=user)

    items = api(user).get("/api/cases", {"q": "07700 900106"}).json()["items"]

    assert [(i["customer"]["name"], i["customer"]["email"]) for i in items] == [
        ("Aisha Rahman", "aisha.r@example.com")
    ]


def test_api_search_signed_out_is_refused(client, aisha):
    make_case(subject="Radiator cold", contact=aisha)

    assert client.get("/api/cases", {"q": "Aisha"}).status_code == 401


def test_api_search_statements_are_the_same_for_1_and_20_results(agent):
    client = api(agent)
    client.get("/api/cases")  # the token's "last used" is stamped once a minute, not counted

    def statements() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/cases", {"q": "Hollis"})
        items = response.json()["items"]
        assert all(item["customer"]["email"] for item in items)
        return len(queries), len(items)

    def add_cases(n: int) -> None:
        customer = CustomerFactory(name="Hollis Gutters")
        ContactFactory(customer=customer)
        for _ in range(n):
            # The case's contact has no e-mail: the customer's other contact's is shown.
            make_case(subject="Gutter", contact=ContactFactory(customer=customer, email=""))

    add_cases(1)
    one = statements()
    add_cases(19)
    twenty = statements()

    assert (one[1], twenty[1]) == (1, 20)
    assert twenty[0] == one[0]
