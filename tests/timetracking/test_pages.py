"""The timer widget on the case page and on a visit, the /time/ report and its CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.timetracking.actions import add_entry, start_timer
from rightthere.timetracking.models import TimeEntry
from rightthere.timetracking.views.report import ROWS_PER_PAGE
from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_case
from tests.timetracking.conftest import local

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

# role -> the case of the desk that role works on
OWN_CASE = {
    "owner": "office_case",
    "agent": "partner_case",
    "technician": "technician_case",
    "subcontractor": "partner_case",
}


def text(response) -> str:
    return response.content.decode()


def an_hour_ago() -> str:
    return timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


# --- The case page and its widget ----------------------------------------------------


def test_the_case_page_loads_the_timer_after_the_page(desk, as_user, agent):
    case = desk.partner_case

    page = text(as_user(agent).get(reverse("case_detail", args=[case.pk])))

    assert f'hx-get="{reverse("time_case_widget", args=[case.pk])}"' in page
    assert 'hx-trigger="load"' in page


@pytest.mark.parametrize("role", list(OWN_CASE))
def test_each_role_opens_the_timer_of_the_cases_it_sees(role, request, desk, as_user):
    case = getattr(desk, OWN_CASE[role])

    shown = as_user(request.getfixturevalue(role)).get(
        reverse("time_case_widget", args=[case.pk]), headers=HTMX
    )

    assert shown.status_code == 200
    assert "Start timer" in text(shown)
    assert "No time recorded yet." in text(shown)


@pytest.mark.parametrize(
    ("role", "case"), [("technician", "partner_case"), ("subcontractor", "technician_case")]
)
def test_nobody_opens_the_timer_of_a_case_they_cannot_see(role, case, request, desk, as_user):
    client = as_user(request.getfixturevalue(role))
    pk = getattr(desk, case).pk

    shown = client.get(reverse("time_case_widget", args=[pk]), headers=HTMX)
    started = client.post(reverse("time_start", args=[pk]), headers=HTMX)

    assert (shown.status_code, started.status_code) == (404, 404)
    assert not TimeEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(desk, client):
    response = client.get(reverse("time_case_widget", args=[desk.technician_case.pk]))

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_start_then_stop_the_timer_in_the_widget(desk, as_user, technician):
    client = as_user(technician)
    case = desk.technician_case

    started = client.post(reverse("time_start", args=[case.pk]), headers=HTMX)
    running = TimeEntry.objects.get(person=technician)
    stopped = client.post(reverse("time_stop", args=[case.pk]), headers=HTMX)

    assert started.status_code == 200 and "Timer started." in text(started)
    assert "Stop timer" in text(started) and "data-running-since" in text(started)
    assert running.running
    assert "Timer stopped: 1 min recorded." in text(stopped)
    assert "Start timer" in text(stopped)
    assert stopped["HX-Trigger"] == "time-changed"


def test_the_widget_says_a_timer_runs_elsewhere_and_that_starting_stops_it(desk, as_user, agent):
    start_timer(agent, desk.office_case, now=timezone.now() - timedelta(minutes=19, seconds=30))
    client = as_user(agent)

    shown = text(client.get(reverse("time_case_widget", args=[desk.partner_case.pk]), headers=HTMX))
    started = text(client.post(reverse("time_start", args=[desk.partner_case.pk]), headers=HTMX))

    assert "Your timer is running on" in shown and desk.office_case.reference in shown
    assert "Starting it here stops that one." in shown
    assert f"Stopped your timer on {desk.office_case.reference} (20 min) and started it here." in (
        started
    )


def test_a_timer_running_on_a_visit_is_linked_to_the_visit_not_the_case(desk, as_user, technician):
    start_timer(technician, desk.office_case, visit=desk.technician_visit)

    widget = text(
        as_user(technician).get(
            reverse("time_case_widget", args=[desk.technician_case.pk]), headers=HTMX
        )
    )

    assert f'href="{reverse("field_visit", args=[desk.technician_visit.pk])}"' in widget
    assert reverse("case_detail", args=[desk.office_case.pk]) not in widget


def test_without_javascript_the_forms_redirect_back_to_the_case(desk, as_user, technician):
    client = as_user(technician)
    case = desk.technician_case

    response = client.post(reverse("time_start", args=[case.pk]), follow=True)

    assert response.redirect_chain[-1][0] == (
        reverse("case_detail", args=[case.pk]) + f"#time-case-{case.pk}"
    )
    assert "Timer started." in text(response)


def test_stopping_with_no_running_timer_says_so(desk, as_user, agent):
    response = as_user(agent).post(reverse("time_stop", args=[desk.office_case.pk]), headers=HTMX)

    assert response.status_code == 200
    assert "You have no running timer to stop." in text(response)


def test_adding_time_by_hand_updates_the_totals(desk, as_user, technician):
    client = as_user(technician)
    path = reverse("time_add", args=[desk.technician_case.pk])

    response = client.post(path, {"started": an_hour_ago(), "minutes": "1:30",
                                  "note": "Fitted the valve", "billable": "1"},
                           headers=HTMX)  # fmt: skip

    page = text(response)
    assert "Added 90 min." in page
    assert "<dd data-time-billable>1:30</dd>" in page
    assert "<dd data-time-non-billable>0:00</dd>" in page
    assert "Fitted the valve" in page
    entry = TimeEntry.objects.get()
    assert (entry.minutes, entry.billable, entry.source) == (90, True, "manual")


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("-10", "Give the time spent in minutes (45) or as hours:minutes (1:30)."),
        ("0", "Give the time as a whole number of minutes, at least 1."),
        ("1500", "One entry can be at most 24 hours (1440 minutes)"),
        ("soon", "Give the time spent in minutes (45) or as hours:minutes (1:30)."),
    ],
)
def test_bad_manual_time_is_shown_in_the_widget(minutes, message, desk, as_user, agent):
    path = reverse("time_add", args=[desk.office_case.pk])

    response = as_user(agent).post(path, {"started": an_hour_ago(), "minutes": minutes},
                                   headers=HTMX)  # fmt: skip

    assert response.status_code == 200
    assert f'<p class="error" role="alert">{message}' in text(response)
    assert not TimeEntry.objects.exists()


def test_a_bad_start_time_is_shown_in_the_widget(desk, as_user, agent):
    path = reverse("time_add", args=[desk.office_case.pk])

    response = as_user(agent).post(path, {"started": "tuesday", "minutes": "10"}, headers=HTMX)

    assert "Give the start as a date and time" in text(response)


def test_an_agent_adds_time_for_a_technician(desk, as_user, agent, technician):
    client = as_user(agent)
    widget = text(client.get(reverse("time_case_widget", args=[desk.technician_case.pk]),
                             headers=HTMX))  # fmt: skip

    client.post(reverse("time_add", args=[desk.technician_case.pk]),
                {"started": an_hour_ago(), "minutes": "25", "person": str(technician.pk)},
                headers=HTMX)  # fmt: skip

    assert 'name="person"' in widget
    assert TimeEntry.objects.get().person == technician


def test_a_technician_cannot_pick_someone_else(desk, as_user, technician, agent):
    client = as_user(technician)
    widget = text(client.get(reverse("time_case_widget", args=[desk.technician_case.pk]),
                             headers=HTMX))  # fmt: skip

    response = client.post(reverse("time_add", args=[desk.technician_case.pk]),
                           {"started": an_hour_ago(), "minutes": "25", "person": str(agent.pk)},
                           headers=HTMX)  # fmt: skip

    assert 'name="person"' not in widget
    assert response.status_code == 403
    assert not TimeEntry.objects.exists()


def test_changing_and_deleting_an_entry_in_the_widget(desk, as_user, technician):
    entry = add_entry(technician, desk.technician_case, started_at=local(2026, 11, 2, 9),
                      minutes=30)  # fmt: skip
    client = as_user(technician)
    case = desk.technician_case

    edited = client.post(reverse("time_edit", args=[case.pk, entry.pk]),
                         {"started": "2026-11-02T10:00", "minutes": "45", "note": "Two valves"},
                         headers=HTMX)  # fmt: skip
    entry.refresh_from_db()
    deleted = client.post(reverse("time_delete", args=[case.pk, entry.pk]), headers=HTMX)

    assert "Time entry saved." in text(edited)
    assert (entry.minutes, entry.note, entry.billable) == (45, "Two valves", False)
    assert entry.started_at == local(2026, 11, 2, 10)
    assert "Time entry deleted." in text(deleted)
    assert not TimeEntry.objects.exists()


def test_nobody_edits_an_entry_through_another_case(desk, as_user, agent):
    entry = add_entry(agent, desk.office_case, started_at=local(2026, 11, 2, 9), minutes=30)

    response = as_user(agent).post(
        reverse("time_delete", args=[desk.partner_case.pk, entry.pk]), headers=HTMX
    )

    assert response.status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_a_technician_never_sees_or_edits_an_agents_entry(desk, as_user, technician, agent):
    entry = add_entry(agent, desk.technician_case, started_at=local(2026, 11, 2, 9), minutes=30,
                      note="Agent's call")  # fmt: skip
    client = as_user(technician)

    widget = text(client.get(reverse("time_case_widget", args=[desk.technician_case.pk]),
                             headers=HTMX))  # fmt: skip
    edited = client.post(reverse("time_edit", args=[desk.technician_case.pk, entry.pk]),
                         {"started": "2026-11-02T09:00", "minutes": "1"}, headers=HTMX)  # fmt: skip

    assert "Agent's call" not in widget and "Your own time only." in widget
    assert edited.status_code == 404


def test_managers_see_everyones_entries_with_their_names(desk, as_user, agent, technician):
    add_entry(technician, desk.technician_case, started_at=local(2026, 11, 2, 9), minutes=30)
    add_entry(agent, desk.technician_case, started_at=local(2026, 11, 2, 11), minutes=15)

    widget = text(as_user(agent).get(reverse("time_case_widget", args=[desk.technician_case.pk]),
                                     headers=HTMX))  # fmt: skip

    assert technician.display_name in widget and agent.display_name in widget
    assert "<strong>0:45</strong>" in widget


def test_the_widget_shows_the_latest_ten_entries(desk, as_user, agent):
    for day in range(1, 13):
        add_entry(agent, desk.office_case, started_at=local(2026, 10, day, 9), minutes=5)

    widget = text(as_user(agent).get(reverse("time_case_widget", args=[desk.office_case.pk]),
                                     headers=HTMX))  # fmt: skip

    assert widget.count('class="time-entry"') == 10
    assert "The latest 10 entries are shown." in widget
    assert "<strong>1:00</strong>" in widget  # the total counts all twelve


def test_without_javascript_the_widget_is_a_page_of_its_own(desk, as_user, agent):
    response = as_user(agent).get(reverse("time_case_widget", args=[desk.office_case.pk]))

    assert "<html" in text(response) and "Start timer" in text(response)


# --- On a visit --------------------------------------------------------------------


def test_the_visit_page_loads_the_visit_timer(desk, as_user, technician):
    page = text(as_user(technician).get(reverse("field_visit", args=[desk.technician_visit.pk])))

    assert f'hx-get="{reverse("time_visit_widget", args=[desk.technician_visit.pk])}"' in page


def test_a_technician_times_their_visit_on_a_case_assigned_to_someone_else(
    desk, as_user, technician
):
    client = as_user(technician)
    visit = desk.technician_visit
    scope = {"visit": str(visit.pk)}

    widget = client.get(reverse("time_visit_widget", args=[visit.pk]), headers=HTMX)
    started = client.post(reverse("time_start", args=[visit.case_id]), scope, headers=HTMX)
    entry = TimeEntry.objects.get()
    stopped = client.post(reverse("time_stop", args=[visit.case_id]), scope, follow=True)

    assert "Time on this visit" in text(widget)
    assert "Timer started." in text(started) and f'id="time-visit-{visit.pk}"' in text(started)
    assert (entry.case_id, entry.visit_id) == (visit.case_id, visit.pk)
    assert stopped.redirect_chain[-1][0] == (
        reverse("field_visit", args=[visit.pk]) + f"#time-visit-{visit.pk}"
    )
    # The case itself stays out of reach.
    assert client.get(reverse("time_case_widget", args=[visit.case_id])).status_code == 404


def test_a_subcontractor_cannot_open_the_visit_of_another_company(desk, as_user, subcontractor):
    response = as_user(subcontractor).get(reverse("time_visit_widget",
                                                  args=[desk.technician_visit.pk]))  # fmt: skip

    assert response.status_code == 404


def test_a_visit_of_another_case_cannot_be_timed_through_this_case(desk, as_user, owner):
    response = as_user(owner).post(reverse("time_start", args=[desk.technician_case.pk]),
                                   {"visit": str(desk.partner_visit.pk)}, headers=HTMX)  # fmt: skip

    assert response.status_code == 404
    assert not TimeEntry.objects.exists()


# --- The running-timer hint --------------------------------------------------------


def test_the_running_hint_links_to_the_case_of_the_running_timer(desk, as_user, agent):
    client = as_user(agent)
    nothing = text(client.get(reverse("time_running_hint")))
    start_timer(agent, desk.office_case)

    hint = text(client.get(reverse("time_running_hint")))

    assert nothing.strip() == ""
    assert reverse("case_detail", args=[desk.office_case.pk]) in hint
    assert desk.office_case.reference in hint


# --- The report --------------------------------------------------------------------


@pytest.fixture
def november(desk, owner, agent, technician, subcontractor):
    """Time in the week of Monday 2 November 2026."""
    add_entry(technician, desk.technician_case, started_at=local(2026, 11, 2, 9), minutes=60)
    add_entry(technician, desk.technician_case, started_at=local(2026, 11, 3, 9), minutes=15,
              billable=False)  # fmt: skip
    add_entry(agent, desk.office_case, started_at=local(2026, 11, 4, 9), minutes=45)
    add_entry(subcontractor, desk.partner_case, started_at=local(2026, 11, 5, 9), minutes=120)
    return {"period": "custom", "from": "2026-11-02", "to": "2026-11-08"}


def table_rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>")[0] for row in body.split("<tr>")[1:]]


def test_managers_see_everyones_time_in_the_report(november, as_user, owner, technician, agent,
                                                   subcontractor):  # fmt: skip
    response = as_user(owner).get(reverse("time_report"), {**november, "by": "person"})

    page = text(response)
    rows = table_rows(page)
    assert response.status_code == 200
    assert len(rows) == 3
    assert subcontractor.display_name in rows[0] and "<strong>2:00</strong>" in rows[0]
    assert "Everyone's recorded time" in page
    assert '<td class="num">3:00</td>' in page.split("<tfoot>")[1]  # billable
    assert '<td class="num">1:00</td>' in page.split("<tfoot>")[1]  # not billable


def test_technicians_see_only_their_own_time_in_the_report(november, as_user, technician):
    page = text(as_user(technician).get(reverse("time_report"), {**november, "by": "customer"}))

    rows = table_rows(page)
    assert len(rows) == 1 and "Hill Farm" in rows[0]
    assert '<td class="num">1:00</td><td class="num">0:15</td>' in rows[0]
    assert "Your recorded time" in page


def test_the_report_groups_by_case_with_links(november, as_user, agent, desk):
    page = text(as_user(agent).get(reverse("time_report"), {**november, "by": "case"}))

    assert f'href="{reverse("case_detail", args=[desk.partner_case.pk])}"' in page


def test_the_report_shows_this_week_by_default_with_an_empty_state(as_user, agent):
    response = as_user(agent).get(reverse("time_report"))

    page = text(response)
    assert response.status_code == 200
    assert "No time recorded in this period." in page
    assert 'value="this_week" checked' in page
    assert "Download CSV" not in page


def test_a_period_ending_before_it_starts_is_explained(as_user, agent):
    response = as_user(agent).get(reverse("time_report"),
                                  {"period": "custom", "from": "2026-11-10", "to": "2026-11-01"})  # fmt: skip

    assert response.status_code == 400
    assert "The period ends before it starts" in text(response)
    assert "Showing this week instead." in text(response)


def test_a_period_in_year_9999_is_explained_not_a_server_error(as_user, agent):
    response = as_user(agent).get(reverse("time_report"),
                                  {"period": "custom", "from": "9999-12-31", "to": "9999-12-31"})  # fmt: skip

    assert response.status_code == 400
    assert "Choose dates between 1 January 1970 and 31 December 2999." in text(response)


@pytest.mark.parametrize("period", ["this_week", "last_week", "this_month", "last_month"])
def test_each_named_period_shows(period, as_user, agent):
    response = as_user(agent).get(reverse("time_report"), {"period": period})

    assert response.status_code == 200
    assert f'value="{period}" checked' in text(response)


def test_this_week_counts_time_of_this_week(desk, as_user, agent):
    # 40 minutes ago, but never before today's midnight: at 00:10 on a Monday "40 minutes
    # ago" is last week.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    started = max(timezone.now() - timedelta(minutes=40), midnight)
    add_entry(agent, desk.office_case, started_at=started, minutes=20)

    page = text(as_user(agent).get(reverse("time_report"), {"period": "this_week"}))

    assert '<td class="num"><strong>0:20</strong></td>' in page


def test_a_long_report_is_paged(as_user, owner):
    worked = local(2026, 11, 3, 9)
    for i in range(ROWS_PER_PAGE + 5):
        case = make_case(subject=f"Job {i}", contact=ContactFactory(customer=CustomerFactory()))
        add_entry(owner, case, started_at=worked, minutes=i + 1)
    query = {"period": "custom", "from": "2026-11-02", "to": "2026-11-08", "by": "case"}
    client = as_user(owner)

    first = text(client.get(reverse("time_report"), query))
    second = text(client.get(reverse("time_report"), {**query, "page": 2}))

    assert len(table_rows(first)) == ROWS_PER_PAGE and len(table_rows(second)) == 5
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Job 54" in table_rows(first)[0] and "Job 0" in table_rows(second)[-1]


def test_the_csv_is_the_table_shown(november, as_user, owner, technician, agent, subcontractor):
    response = as_user(owner).get(reverse("time_report_csv"), {**november, "by": "customer"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["customer", "id", "billable_minutes", "non_billable_minutes", "total_minutes"],
        ["Mill House", str(_customer_id("Mill House")), "120", "0", "120"],
        ["Hill Farm", str(_customer_id("Hill Farm")), "60", "15", "75"],
        ["Accounts dept", str(_customer_id("Accounts dept")), "0", "45", "45"],
    ]  # fmt: skip


def _customer_id(name: str) -> int:
    from rightthere.customers.models import Customer

    return Customer.objects.get(name=name).pk


def test_a_technicians_csv_holds_only_their_time(november, as_user, technician):
    response = as_user(technician).get(reverse("time_report_csv"), {**november, "by": "person"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [{"person": technician.display_name, "id": str(technician.pk),
                     "billable_minutes": "60", "non_billable_minutes": "15",
                     "total_minutes": "75"}]  # fmt: skip


def test_a_customer_name_that_looks_like_a_formula_is_defused_in_the_csv(desk, as_user, agent):
    case = make_case(contact=ContactFactory(customer=CustomerFactory(name="=HYPERLINK(1)")))
    add_entry(agent, case, started_at=local(2026, 11, 3, 9), minutes=10)

    response = as_user(agent).get(reverse("time_report_csv"), {"period": "custom",
                                  "from": "2026-11-02", "to": "2026-11-08", "by": "customer"})  # fmt: skip

    assert list(csv.reader(io.StringIO(response.content.decode())))[1][0] == "'=HYPERLINK(1)"


def test_a_bad_csv_request_is_a_400_with_the_reason(as_user, agent):
    response = as_user(agent).get(reverse("time_report_csv"), {"period": "fortnight"})

    assert response.status_code == 400
    assert "Unknown period 'fortnight'" in text(response)


def test_an_inactive_persons_time_still_counts(desk, as_user, owner):
    gone = UserFactory(role="technician")
    add_entry(owner, desk.technician_case, person=gone, started_at=local(2026, 11, 3, 9),
              minutes=30)  # fmt: skip
    gone.is_active = False
    gone.save()

    page = text(as_user(owner).get(reverse("time_report"), {"period": "custom",
                "from": "2026-11-02", "to": "2026-11-08"}))  # fmt: skip

    assert gone.display_name in page


def test_owners_find_time_entries_in_the_set_up_pages(desk, as_user, owner, technician):
    entry = add_entry(
        technician, desk.technician_case, started_at=local(2026, 11, 3, 9), minutes=30
    )
    client = as_user(owner)

    listing = client.get(reverse("admin:timetracking_timeentry_changelist"))
    detail = client.get(reverse("admin:timetracking_timeentry_change", args=[entry.pk]))

    assert listing.status_code == 200 and technician.display_name in text(listing)
    assert detail.status_code == 200
    assert client.get(reverse("admin:timetracking_timeentry_add")).status_code == 403


def test_managers_narrow_the_report_and_its_csv_to_one_person(november, as_user, owner,
                                                              technician):  # fmt: skip
    query = {**november, "by": "customer", "person": technician.pk}

    page = text(as_user(owner).get(reverse("time_report"), query))
    exported = as_user(owner).get(reverse("time_report_csv"), query).content.decode()

    rows = table_rows(page)
    assert len(rows) == 1 and "Hill Farm" in rows[0]
    assert f'<option value="{technician.pk}" selected>{technician.display_name}</option>' in page
    assert "Time recorded by the person chosen below" in page
    assert f"person={technician.pk}" in page  # the CSV link keeps the choice
    assert [row[0::2] for row in csv.reader(io.StringIO(exported))][1:] == [
        ["Hill Farm", "60", "75"]
    ]


def test_a_person_filter_never_shows_more_than_the_user_may_see(november, as_user, technician,
                                                               agent):  # fmt: skip
    page = text(as_user(technician).get(reverse("time_report"),
                                        {**november, "by": "person", "person": agent.pk}))  # fmt: skip

    assert "No time recorded in this period." in page
    assert 'id="time-person"' not in page  # no list of people to choose from


def test_a_person_that_is_not_a_number_is_explained(as_user, agent):
    response = as_user(agent).get(reverse("time_report"), {"person": "jo"})

    assert response.status_code == 400
    assert "Choose a person from the list." in text(response)
