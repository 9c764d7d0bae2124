from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, CaseEvent
from tests.api.conftest import send
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    SubcontractorFactory,
    TeamFactory,
    make_case,
)


def test_agent_opens_a_case_with_a_first_message(api_as, agent):
    customer = CustomerFactory(name="Hill Farm")

    response = send(api_as(agent), "post", "/api/cases", {
        "subject": "  Tractor will not start ",
        "customer_id": customer.pk,
        "priority": "high",
        "tags": ["Farm Visit", "farm visit"],
        "body_text": "Since the frost it just clicks.",
    })  # fmt: skip

    assert response.status_code == 201, response.content
    case = response.json()
    assert case["subject"] == "Tractor will not start"
    assert case["channel"] == "api"
    assert case["priority"] == "high"
    assert case["customer"] == {"id": customer.pk, "name": "Hill Farm"}
    assert case["tags"] == ["farm-visit"]
    assert case["reference"] == f"RT-{case['id']:06d}"
    stored = Case.objects.get(pk=case["id"])
    assert stored.messages.get().body_text == "Since the frost it just clicks."
    assert set(stored.events.values_list("kind", flat=True)) == {
        "created",
        "tags",
        "message",
        "promise",
    }


def test_case_opened_for_a_contact_belongs_to_the_contacts_customer(api_as, agent):
    contact = ContactFactory()

    response = send(api_as(agent), "post", "/api/cases", {
        "subject": "Invoice query", "contact_id": contact.pk,
    })  # fmt: skip

    assert response.status_code == 201
    assert response.json()["customer"]["id"] == contact.customer_id
    assert response.json()["contact"]["id"] == contact.pk


def test_an_unknown_contact_is_not_found_and_opens_nothing(api_as, agent):
    """The contact lookup is compiled once (rightthere.core.compiled); a missing id
    still answers 404 and writes nothing."""
    ContactFactory()  # the statement has been run for a contact that exists
    send(api_as(agent), "post", "/api/cases", {"subject": "Warm-up",
         "contact_id": ContactFactory().pk})  # fmt: skip
    cases_before = Case.objects.count()

    response = send(api_as(agent), "post", "/api/cases", {
        "subject": "Nobody", "contact_id": 987654321,
    })  # fmt: skip

    assert response.status_code == 404
    assert Case.objects.count() == cases_before


def test_case_without_customer_or_contact_is_refused(api_as, agent):
    response = send(api_as(agent), "post", "/api/cases", {"subject": "Who is this for?"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Give a customer_id or a contact_id: a case needs a customer.",
        "code": "invalid",
    }


def test_contact_of_another_customer_is_refused(api_as, agent):
    response = send(api_as(agent), "post", "/api/cases", {
        "subject": "Mixed up", "customer_id": CustomerFactory().pk,
        "contact_id": ContactFactory().pk,
    })  # fmt: skip

    assert response.status_code == 400
    assert "different customer" in response.json()["detail"]


def test_technician_lists_only_the_cases_assigned_to_them(api_as, technician):
    mine = make_case(subject="Mine", assignee=technician)
    make_case(subject="Not mine")

    response = api_as(technician).get("/api/cases")

    assert [case["id"] for case in response.json()["items"]] == [mine.pk]


@pytest.fixture
def assorted_cases(agent, technician):
    team = TeamFactory(name="Plumbing")
    internal = CustomerFactory(internal=True)
    return {
        "urgent": make_case(subject="Urgent", priority="urgent"),
        "complaint": make_case(subject="Complaint", kind="complaint"),
        "teamed": make_case(subject="Teamed", team=team),
        "tom's": make_case(subject="Tom's", assignee=technician),
        "internal": make_case(subject="Internal", customer=internal),
        "team": team,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("priority=urgent", {"Urgent"}),
        ("kind=complaint", {"Complaint"}),
        ("audience=internal", {"Internal"}),
        ("view=unassigned&kind=repair&audience=external", {"Urgent", "Teamed"}),
    ],
)
def test_agent_filters_the_case_list(api_as, agent, assorted_cases, query, expected):
    response = api_as(agent).get(f"/api/cases?{query}")

    assert response.status_code == 200
    assert {case["subject"] for case in response.json()["items"]} == expected


def test_agent_filters_by_team_and_assignee(api_as, agent, technician, assorted_cases):
    client = api_as(agent)

    by_team = client.get(f"/api/cases?team={assorted_cases['team'].pk}").json()["items"]
    by_assignee = client.get(f"/api/cases?assignee={technician.pk}").json()["items"]

    assert [case["subject"] for case in by_team] == ["Teamed"]
    assert [case["subject"] for case in by_assignee] == ["Tom's"]


def test_mine_view_lists_my_open_cases(api_as, technician):
    mine = make_case(subject="Mine", assignee=technician)
    solved = make_case(subject="Solved", assignee=technician)
    send(api_as(technician), "patch", f"/api/cases/{solved.pk}", {"status": "solved"})

    response = api_as(technician).get("/api/cases?view=mine")

    assert [case["id"] for case in response.json()["items"]] == [mine.pk]


def test_search_finds_cases_by_words_in_their_messages(api_as, agent):
    boiler = make_case(subject="Heating", body="The boiler pressure keeps dropping.")
    make_case(subject="Window", body="A pane is cracked.")

    response = api_as(agent).get("/api/cases?q=pressure")

    assert [case["id"] for case in response.json()["items"]] == [boiler.pk]


def test_search_stays_within_the_cases_a_technician_can_see(api_as, technician):
    mine = make_case(subject="Boiler at the school", assignee=technician)
    make_case(subject="Boiler at the church")

    response = api_as(technician).get("/api/cases?q=boiler")

    assert [case["id"] for case in response.json()["items"]] == [mine.pk]


def test_walking_every_page_returns_each_case_once_newest_change_first(api_as, agent):
    same_moment = timezone.now() - timedelta(hours=1)
    cases = [make_case(opened_at=same_moment) for _ in range(4)]
    cases += [make_case(opened_at=same_moment + timedelta(minutes=n)) for n in range(1, 4)]
    expected = [case.pk for case in sorted(cases, key=lambda c: (c.updated_at, c.pk), reverse=True)]
    client = api_as(agent)

    seen, pages = [], 0
    url = "/api/cases?limit=3"
    while url:
        page = client.get(url).json()
        seen += [case["id"] for case in page["items"]]
        pages += 1
        url = page["next"] and f"/api/cases?limit=3&cursor={page['next']}"

    assert seen == expected
    assert pages == 3


def test_a_page_of_cases_takes_five_queries_however_much_each_case_shows(
    as_user, agent, technician, django_assert_num_queries
):
    team = TeamFactory()
    for _ in range(5):
        make_case(assignee=technician, team=team, tags=["boiler", "gas"])
    client = as_user(agent)

    # the session with its person (accounts.sessions), cases with their customer/contact/
    # assignee/team/partner, tags, which of them are unread for the caller
    # (presence.unread: their messages by author and direction, and when the caller last
    # opened them)
    with django_assert_num_queries(5):
        response = client.get("/api/cases")

    assert len(response.json()["items"]) == 5
    assert response.json()["items"][0]["tags"] == ["boiler", "gas"]


def test_agent_changes_several_fields_and_each_change_is_on_the_timeline(api_as, agent, technician):
    case = make_case()
    team = TeamFactory(name="Heating")

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {
        "subject": "Boiler bangs loudly", "kind": "complaint", "priority": "urgent",
        "team_id": team.pk, "assignee_id": technician.pk, "tags": ["gas"],
        "status": "waiting_us", "waiting_reason": "part",
    })  # fmt: skip

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "Boiler bangs loudly"
    assert (body["kind"], body["priority"], body["status"]) == ("complaint", "urgent", "waiting_us")
    assert body["team"] == {"id": team.pk, "name": "Heating"}
    assert body["assignee"] == {"id": technician.pk, "name": technician.display_name}
    assert body["tags"] == ["gas"]
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"subject", "kind", "priority", "team", "assignee", "tags", "status"} <= kinds


def test_agent_unassigns_a_case_and_takes_it_off_its_team(api_as, agent, technician):
    case = make_case(assignee=technician, team=TeamFactory())

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {
        "assignee_id": None, "team_id": None,
    })  # fmt: skip

    assert (response.json()["assignee"], response.json()["team"]) == (None, None)


def test_change_with_the_version_seen_is_applied_and_a_stale_one_gets_409(api_as, agent):
    case = make_case()
    client = api_as(agent)

    first = send(client, "patch", f"/api/cases/{case.pk}", {
        "priority": "high", "status": "open", "version": case.version,
    })  # fmt: skip
    second = send(client, "patch", f"/api/cases/{case.pk}", {
        "subject": "Overwritten?", "version": case.version,
    })  # fmt: skip

    assert first.status_code == 200
    assert first.json()["version"] == case.version + 2
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert "Someone else changed this case" in second.json()["detail"]
    case.refresh_from_db()
    assert case.subject != "Overwritten?"


def test_a_change_that_fails_halfway_changes_nothing(api_as, agent):
    case = make_case(subject="Before")
    partnerless = SubcontractorFactory(partner=None)

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {
        "subject": "After", "assignee_id": partnerless.pk,
    })  # fmt: skip

    assert response.status_code == 400
    assert "no partner company" in response.json()["detail"]
    case.refresh_from_db()
    assert (case.subject, case.version) == ("Before", 1)


def test_assigning_to_an_unknown_person_is_refused(api_as, agent):
    case = make_case()

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {"assignee_id": 987654})

    assert response.status_code == 400
    assert response.json()["detail"] == "There is no active user with id 987654."


def test_api_refuses_waiting_on_customer_for_our_own_blocker(api_as, agent):
    case = make_case()

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {
        "status": "waiting_customer", "waiting_reason": "vendor",
    })  # fmt: skip

    assert response.status_code == 400
    assert "ours to chase" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == "new"


def test_api_waiting_on_us_with_a_promise_date(api_as, agent):
    from datetime import timedelta

    from django.utils import timezone

    case = make_case()
    due = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    response = send(api_as(agent), "patch", f"/api/cases/{case.pk}", {
        "status": "waiting_us", "waiting_reason": "part", "promise_due": due.isoformat(),
    })  # fmt: skip

    assert response.status_code == 200, response.content
    assert response.json()["waiting_reason"] == "part"
    assert case.promises.get(source="waiting_on_us").due_at == due


def test_api_search_finds_cases_by_the_customers_phone_and_name(api_as, agent, technician):
    aisha = ContactFactory(name="Aisha Rahman", phone="+447700900106")
    mine = make_case(subject="Radiator cold", contact=aisha, assignee=technician)
    office = make_case(subject="Invoice twice", contact=aisha)

    by_agent = api_as(agent).get("/api/cases?q=07700%20900106").json()["items"]
    by_technician = api_as(technician).get("/api/cases?q=Aisha%20Rahman").json()["items"]

    assert {case["id"] for case in by_agent} == {mine.pk, office.pk}
    assert [case["id"] for case in by_technician] == [mine.pk]
