"""Changing many cases at once (issue #16, "inbox work at speed"): `desk.bulk` through
the inbox's bulk bar, `POST /api/cases/bulk` and the `bulk_update` command."""

import html

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.cases.models import CaseEvent, Priority, Status
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import casework
from rightthere.desk.bulk import BulkAction, BulkChange, bulk_update, undo_bulk
from rightthere.merging.models import CaseMerge
from tests.desk.parity import api, last_event, outcome
from tests.factories import TeamFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


def _cases(count, **kwargs):
    return [make_case(subject=f"Leaking tap {n}", **kwargs) for n in range(count)]


def _close(case, actor):
    return casework.change_status(case, actor=actor, status=Status.CLOSED)


def _bulk_form(client, cases, **fields):
    return client.post(
        reverse("inbox_bulk"), {"case": [c.pk for c in cases], "back": "view=all", **fields}
    )


# The use case


def test_agent_assigns_three_cases_and_the_closed_one_is_skipped_with_its_reason(agent, anna):
    cases = _cases(4)
    _close(cases[3], agent)

    result = bulk_update(agent, [c.pk for c in cases], BulkChange(BulkAction.ASSIGN, str(anna.pk)))

    assert result.message == (
        f"Assigned 3 cases to Anna Berg; 1 skipped: {cases[3].reference} is closed"
    )
    assignees = [c.assignee_id for c in (c.__class__.objects.get(pk=c.pk) for c in cases)]
    assert assignees == [anna.pk, anna.pk, anna.pk, None]
    assert CaseEvent.objects.filter(kind="assignee", actor=agent).count() == 3


def test_owner_may_change_cases_in_bulk(owner):
    cases = _cases(2)

    result = bulk_update(owner, [c.pk for c in cases], BulkChange(BulkAction.PRIORITY, "urgent"))

    assert result.message == "Set 2 cases to priority Urgent"
    assert {c.__class__.objects.get(pk=c.pk).priority for c in cases} == {Priority.URGENT}


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_technicians_and_subcontractors_may_not_change_cases_in_bulk(request, role, agent):
    person = request.getfixturevalue(role)
    case = make_case(assignee=person if role == "technician" else None)

    with pytest.raises(NotAllowed, match="Only owners and agents can change cases in bulk"):
        bulk_update(person, [case.pk], BulkChange(BulkAction.STATUS, "solved"))

    case.refresh_from_db()
    assert case.status != Status.SOLVED


def test_unknown_cases_are_skipped_and_the_others_go_ahead(agent):
    case = make_case()

    result = bulk_update(agent, [case.pk, 999999], BulkChange(BulkAction.STATUS, "solved"))

    assert result.message == "Set 1 case to Solved; 1 skipped: RT-999999 does not exist"


def test_a_case_the_use_case_refuses_is_skipped_with_the_use_cases_words(agent):
    complaint = make_case(kind="complaint")  # its recovery steps are not done
    plain = make_case()

    result = bulk_update(agent, [complaint.pk, plain.pk], BulkChange(BulkAction.STATUS, "closed"))

    assert [c.pk for c in result.done] == [plain.pk]
    assert result.skipped[0].reason.startswith(f"{complaint.reference}: ")
    complaint.refresh_from_db()
    assert complaint.status != Status.CLOSED


def test_a_case_that_already_has_the_value_is_reported_not_changed(agent, anna):
    case = make_case(assignee=anna)

    result = bulk_update(agent, [case.pk], BulkChange(BulkAction.ASSIGN, str(anna.pk)))

    assert result.message == f"Nothing changed; 1 skipped: {case.reference} is already assigned to Anna Berg"  # fmt: skip
    assert result.undo == []


@pytest.mark.parametrize(
    ("case_ids", "change", "error"),
    [
        ([], BulkChange(BulkAction.STATUS, "solved"), "Select at least one case."),
        (None, BulkChange(BulkAction.STATUS, "done"), "Unknown status 'done'"),
        (None, BulkChange(BulkAction.PRIORITY, "asap"), "Unknown priority 'asap'"),
        (None, BulkChange("delete"), "Unknown bulk action 'delete'"),
        (None, BulkChange(BulkAction.ASSIGN, "424242"), "No active person with id 424242"),
        (None, BulkChange(BulkAction.ASSIGN, "anna"), "'anna' is not a person's id"),
        (None, BulkChange(BulkAction.TEAM, "424242"), "No team with id 424242"),
        (None, BulkChange(BulkAction.TAG, "  "), "Type the tag to add."),
        (None, BulkChange(BulkAction.MERGE, "RT-999999"), "No case 'RT-999999' to merge into"),
        (None, BulkChange(BulkAction.STATUS, "waiting_customer"), "Say what we need"),
    ],
)
def test_a_bad_change_is_refused_before_any_case_is_touched(agent, case_ids, change, error):
    case = make_case()
    before = case.version

    with pytest.raises(InvalidInput, match=error):
        bulk_update(agent, [case.pk] if case_ids is None else case_ids, change)

    case.refresh_from_db()
    assert case.version == before


def test_a_waiting_status_with_its_reason_goes_through(agent):
    case = make_case()

    change = BulkChange(BulkAction.STATUS, "waiting_customer", waiting_reason="information")
    bulk_update(agent, [case.pk], change)

    case.refresh_from_db()
    assert (case.status, case.waiting_reason) == ("waiting_customer", "information")


def test_a_team_and_a_tag_are_given_through_the_header_edits(agent):
    team = TeamFactory(name="Plumbing")
    case = make_case()
    casework.set_tags(case, actor=agent, tags=["boiler"])

    moved = bulk_update(agent, [case.pk], BulkChange(BulkAction.TEAM, str(team.pk)))
    tagged = bulk_update(agent, [case.pk], BulkChange(BulkAction.TAG, "VIP customer"))

    assert moved.message == "Moved 1 case to team Plumbing"
    assert tagged.message == "Tagged 1 case “vip-customer”"
    case.refresh_from_db()
    assert case.team == team
    assert sorted(case.tags.values_list("name", flat=True)) == ["boiler", "vip-customer"]


def test_undo_puts_each_case_back_as_it_was_through_the_same_use_case(agent, anna):
    bob = UserFactory(first_name="Bob", last_name="Stone")
    first, second, third = make_case(assignee=bob), make_case(), make_case(assignee=anna)
    ids = [first.pk, second.pk, third.pk]
    result = bulk_update(agent, ids, BulkChange(BulkAction.ASSIGN, str(anna.pk)))

    undone = undo_bulk(agent, result.action, result.undo)

    assert undone.message == "Put back 2 cases as they were"
    for case in (first, second, third):
        case.refresh_from_db()
    assert (first.assignee, second.assignee, third.assignee) == (bob, None, anna)
    assert list(first.events.filter(kind="assignee").values_list("before", "after"))[-2:] == [
        ("Bob Stone", "Anna Berg"),
        ("Anna Berg", "Bob Stone"),
    ]


def test_undo_leaves_a_case_someone_changed_since(agent, anna):
    case, other = make_case(), make_case()
    result = bulk_update(agent, [case.pk, other.pk], BulkChange(BulkAction.STATUS, "solved"))
    casework.change_priority(case, actor=agent, priority="high")

    undone = undo_bulk(agent, result.action, result.undo)

    assert [c.pk for c in undone.done] == [other.pk]
    assert "Someone else changed this case" in undone.skipped[0].reason
    case.refresh_from_db()
    other.refresh_from_db()
    assert (case.status, other.status) == (Status.SOLVED, Status.NEW)


def test_a_tag_or_a_merge_cannot_be_undone_in_bulk(agent):
    case = make_case()
    result = bulk_update(agent, [case.pk], BulkChange(BulkAction.TAG, "vip"))

    assert result.undo == []
    with pytest.raises(InvalidInput, match="Only an assignment"):
        undo_bulk(agent, result.action, [])


def test_cases_are_merged_into_the_target_and_the_target_itself_is_skipped(agent):
    target = make_case(subject="No heating")
    duplicates = [make_case(subject="No heating again", customer=target.customer)
                  for _ in range(2)]  # fmt: skip
    ids = [target.pk, *(d.pk for d in duplicates)]

    result = bulk_update(agent, ids, BulkChange(BulkAction.MERGE, target.reference))

    assert result.message == (
        f"Merged 2 cases into {target.reference}; 1 skipped: {target.reference}: "
        f"{target.reference} is the case the others are merged into."
    )
    assert set(CaseMerge.objects.values_list("merged_id", flat=True)) == {d.pk for d in duplicates}


def test_a_case_of_another_customer_is_merged_only_when_confirmed(agent):
    target, stranger = make_case(), make_case()

    refused = bulk_update(agent, [stranger.pk], BulkChange(BulkAction.MERGE, target.reference))
    merged = bulk_update(
        agent,
        [stranger.pk],
        BulkChange(BulkAction.MERGE, target.reference, confirm_different_customers=True),
    )

    assert "confirm that you mean to merge cases of two different customers" in refused.message
    assert merged.message == f"Merged 1 case into {target.reference}"


# The inbox's bulk bar


def test_the_agents_inbox_has_the_bulk_bar_and_a_checkbox_per_case(as_user, agent):
    case = make_case()

    page = as_user(agent).get(reverse("inbox")).content.decode()

    assert 'aria-label="Change the selected cases"' in page
    assert f'aria-label="Select {case.reference}"' in page
    assert 'aria-label="Select all cases on this page"' in page


def test_a_technician_gets_no_bulk_bar_and_the_bulk_door_refuses_them(as_user, technician):
    case = make_case(assignee=technician)
    client = as_user(technician)

    page = client.get(reverse("inbox")).content.decode()
    response = _bulk_form(client, [case], action="status", status="solved")

    assert "Change the selected cases" not in page
    assert "Select " + case.reference not in page
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status != Status.SOLVED


def test_the_bulk_bar_says_what_it_did_and_undo_puts_it_back(as_user, agent, anna):
    cases = _cases(3)
    _close(cases[2], agent)
    client = as_user(agent)

    response = _bulk_form(client, cases, action="assign", assign=f"user:{anna.pk}")
    assert response.status_code == 302
    assert response.url == "/?view=all"
    page = client.get(response.url).content.decode()
    assert f"Assigned 2 cases to Anna Berg; 1 skipped: {cases[2].reference} is closed" in page
    assert ">Undo</button>" in page
    token = page.split('name="token" value="')[1].split('"')[0]

    client.post(reverse("inbox_bulk_undo"), {"token": token, "back": "view=all"})

    assert client.get("/?view=all").content.decode().count("Put back 2 cases as they were") == 1
    assert {c.__class__.objects.get(pk=c.pk).assignee_id for c in cases} == {None}


def test_an_undo_token_works_once(as_user, agent, anna):
    case = make_case()
    client = as_user(agent)
    _bulk_form(client, [case], action="assign", assign=f"user:{anna.pk}")
    token = client.get("/").content.decode().split('name="token" value="')[1].split('"')[0]
    client.post(reverse("inbox_bulk_undo"), {"token": token})

    client.post(reverse("inbox_bulk_undo"), {"token": token})

    assert "That change can no longer be undone from here." in client.get("/").content.decode()


def test_the_bulk_bar_assigns_to_a_team(as_user, agent):
    team = TeamFactory(name="Plumbing")
    case = make_case()

    _bulk_form(as_user(agent), [case], action="assign", assign=f"team:{team.pk}")

    case.refresh_from_db()
    assert case.team == team


def _select(page, select_id):
    return page.split(f'<select id="{select_id}"', 1)[1].split("</select>", 1)[0]


def test_the_bulk_bar_offers_the_case_pages_assignees_and_every_status(
    as_user, agent, anna, subcontractor
):
    subcontractor.first_name, subcontractor.last_name = "Sam", "Okafor"
    subcontractor.save()
    case = make_case()
    client = as_user(agent)

    inbox = client.get(reverse("inbox")).content.decode()
    people = _select(inbox, "bulk-assign")
    header = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert f'value="user:{anna.pk}"' in people and "Anna Berg" in people
    assert f'value="user:{subcontractor.pk}"' not in people and "Sam Okafor" not in people
    statuses = _select(inbox, "bulk-status")
    assert [v for v in Status.values if f'value="{v}"' in statuses] == Status.values
    assert "Waiting on customer" in statuses and "Waiting on us" in statuses
    assert all(f'value="{v}"' in _select(header, "field-status") for v in Status.values)


def test_the_bulk_bar_sets_a_waiting_status_with_its_reason(as_user, agent):
    cases = _cases(2)
    client = as_user(agent)

    _bulk_form(client, cases[:1], action="status", status="waiting_us")
    assert "Name what we are waiting for" in client.get("/").content.decode()
    _bulk_form(client, cases, action="status", status="waiting_customer",
               waiting_reason="approval")  # fmt: skip

    for case in cases:
        case.refresh_from_db()
        assert (case.status, case.waiting_reason) == (Status.WAITING_CUSTOMER, "approval")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "status", "status": "solved", "case": []}, "Select at least one case."),
        ({"action": "status", "status": "bogus"}, "Unknown status &#x27;bogus&#x27;"),
        ({"action": "assign", "assign": ""}, "Choose whom to assign the cases to."),
    ],
)
def test_the_bulk_bar_explains_a_bad_request(as_user, agent, fields, message):
    case = make_case()
    client = as_user(agent)

    client.post(reverse("inbox_bulk"), {"case": [case.pk], **fields})

    assert message in client.get("/").content.decode()
    case.refresh_from_db()
    assert case.status == Status.NEW


def test_a_merge_from_the_bulk_bar_is_confirmed_first(as_user, agent):
    target = make_case(subject="No heating")
    duplicate = make_case(subject="Still no heating", customer=target.customer)
    client = as_user(agent)

    asked = _bulk_form(client, [duplicate], action="merge", merge_into=target.reference)

    assert asked.status_code == 200
    assert f"Merge 1 case into {target.reference}?" in asked.content.decode()
    assert not CaseMerge.objects.exists()

    done = _bulk_form(client, [duplicate], action="merge", merge_into=target.reference,
                      confirmed="1")  # fmt: skip

    assert done.status_code == 302
    assert CaseMerge.objects.get().merged_id == duplicate.pk
    assert f"Merged 1 case into {target.reference}" in client.get(done.url).content.decode()


def test_the_merge_confirmation_names_the_closed_case_it_will_skip(as_user, agent):
    target = make_case(subject="No heating")
    duplicate = make_case(subject="Still no heating", customer=target.customer)
    closed = make_case(subject="Heating again", customer=target.customer)
    _close(closed, agent)
    client = as_user(agent)

    asked = _bulk_form(client, [duplicate, closed], action="merge", merge_into=target.reference)

    page = html.unescape(asked.content.decode())
    assert f"Merge 1 case into {target.reference}?" in page
    assert "1 selected case will be skipped:" in page
    assert f"<li>{closed.reference} is closed</li>" in page
    assert ">Merge 1 case</button>" in page
    assert f'name="case" value="{closed.pk}"' not in page


def test_the_merge_confirmation_disables_the_button_when_nothing_can_be_merged(as_user, agent):
    target = make_case(subject="No heating")
    closed = make_case(subject="Heating again", customer=target.customer)
    _close(closed, agent)

    asked = _bulk_form(as_user(agent), [closed], action="merge", merge_into=target.reference)

    page = html.unescape(asked.content.decode())
    assert f"<li>{closed.reference} is closed</li>" in page
    assert '<button type="submit" disabled>Nothing to merge</button>' in page
    assert ">Merge 1 case</button>" not in page
    assert not CaseMerge.objects.exists()


def test_the_merge_confirmation_lists_the_target_among_the_skipped(as_user, agent):
    target = make_case(subject="No heating")
    duplicate = make_case(subject="Still no heating", customer=target.customer)

    asked = _bulk_form(as_user(agent), [duplicate, target], action="merge",
                       merge_into=target.reference)  # fmt: skip

    page = html.unescape(asked.content.decode())
    assert f"<li>{target.reference} is the case the others are merged into.</li>" in page
    assert ">Merge 1 case</button>" in page


# The API and the command


def test_the_api_changes_cases_in_bulk_and_reports_each_case(agent, anna):
    cases = _cases(2)
    _close(cases[1], agent)

    response = api(agent).post(
        "/api/cases/bulk",
        {"case_ids": [c.pk for c in cases], "action": "assign", "value": str(anna.pk)},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == f"Assigned 1 case to Anna Berg; 1 skipped: {cases[1].reference} is closed"  # fmt: skip
    assert body["done"] == [{"id": cases[0].pk, "reference": cases[0].reference}]
    assert body["skipped"][0]["reason"] == f"{cases[1].reference} is closed"

    undo = api(agent).post(
        "/api/cases/bulk/undo",
        {"action": "assign", "restores": body["undo"]},
        content_type="application/json",
    )

    assert undo.json()["message"] == "Put back 1 case as they were"
    cases[0].refresh_from_db()
    assert cases[0].assignee is None


def test_the_api_refuses_a_technician(technician):
    case = make_case(assignee=technician)

    response = api(technician).post(
        "/api/cases/bulk",
        {"case_ids": [case.pk], "action": "status", "value": "solved"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("payload", "status", "detail"),
    [
        ({"case_ids": [], "action": "status", "value": "solved"}, 400, "Select at least one"),
        ({"case_ids": [1], "action": "status", "value": "done"}, 400, "Unknown status 'done'"),
        ({"case_ids": ["x"], "action": "status", "value": "solved"}, 422, "case_ids"),
        ({"case_ids": [1], "action": "status", "value": "solved", "extra": 1}, 422, "extra"),
    ],
)
def test_the_api_explains_a_bad_request(agent, payload, status, detail):
    make_case()

    response = api(agent).post("/api/cases/bulk", payload, content_type="application/json")

    assert response.status_code == status
    assert detail in response.json()["detail"]


def test_the_command_changes_cases_in_bulk(agent, anna, capsys):
    cases = _cases(2)

    call_command("bulk_update", *[c.reference for c in cases], "--as", agent.username,
                 "--assign", anna.username)  # fmt: skip

    assert capsys.readouterr().out.strip() == "Assigned 2 cases to Anna Berg"


def test_the_command_explains_a_bad_request(agent):
    case = make_case()

    with pytest.raises(CommandError, match="Unknown status 'done'"):
        call_command("bulk_update", case.reference, "--as", agent.username, "--status", "done")
    with pytest.raises(CommandError, match="Only owners and agents"):
        call_command("bulk_update", case.reference, "--as", UserFactory(role="technician").username,
                     "--status", "solved")  # fmt: skip


@pytest.mark.parametrize(
    ("web", "api_change", "command"),
    [
        ({"action": "assign", "assign": "user:{anna}"}, ("assign", "{anna}"), ["--assign", "anna"]),
        ({"action": "status", "status": "solved"}, ("status", "solved"), ["--status", "solved"]),
        ({"action": "priority", "priority": "high"}, ("priority", "high"), ["--priority", "high"]),
        ({"action": "tag", "tag": "vip"}, ("tag", "vip"), ["--tag", "vip"]),
    ],
)
def test_the_web_the_api_and_the_command_leave_the_same_events(
    as_user, agent, anna, web, api_change, command
):
    by_web, by_api, by_command = make_case(), make_case(), make_case()
    since = last_event(by_command)
    fill = {k: v.replace("{anna}", str(anna.pk)) for k, v in web.items()}

    _bulk_form(as_user(agent), [by_web], **fill)
    api(agent).post(
        "/api/cases/bulk",
        {"case_ids": [by_api.pk], "action": api_change[0],
         "value": api_change[1].replace("{anna}", str(anna.pk))},
        content_type="application/json",
    )  # fmt: skip
    call_command("bulk_update", by_command.reference, "--as", agent.username, *command)

    expected = outcome(by_command, since=since)
    assert expected["events"]
    assert outcome(by_web, since=since) == expected
    assert outcome(by_api, since=since) == expected
