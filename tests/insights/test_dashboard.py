"""The dashboard page, its CSV and the API show the same figures; each role gets its answer."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from rightthere.cases.models import Case
from rightthere.insights.models import Absence, RoutingRule, StaffRecord
from rightthere.promises.models import Promise
from tests.factories import CustomerFactory, TeamFactory, make_case

# Data hours and a day from now stays in this week whatever day and hour the suite runs.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wednesday_eleven")]


@pytest.fixture
def desk():
    now = timezone.now()
    for hours in (1, 3):
        made = make_case(customer=CustomerFactory(), opened_at=now - timedelta(days=1))
        Case.objects.filter(pk=made.pk).update(
            first_responded_at=made.created_at + timedelta(hours=hours)
        )
    for _ in range(3):
        make_case(kind="complaint")


def test_dashboard_figures_equal_the_api(desk, agent, as_user, api_as):
    page = as_user(agent).get("/insights/?weeks=4&audience=external")
    answer = api_as(agent).get("/api/insights/dashboard?weeks=4&audience=external")
    assert answer.status_code == 200, answer.content
    api = answer.json()

    on_page = {f.key: f.value for f, _ in page.context["figures"]}
    in_api = {f["key"]: f["value"] for f in api["figures"]}
    assert on_page == in_api
    assert in_api["first_response"] == 2.0
    assert b'<svg class="chart"' in page.content


def test_a_promise_kept_late_shows_as_broken_on_the_page_and_in_the_api(agent, as_user, api_as):
    made = make_case(customer=CustomerFactory())
    Promise.objects.filter(case=made).delete()
    due = timezone.now() - timedelta(hours=2)
    for late in (False, True):
        Promise.objects.create(case=made, what="Call back", due_at=due, state="kept",
                               kept_at=due + timedelta(minutes=30 if late else -30),
                               source="manual", created_at=due - timedelta(days=1))  # fmt: skip

    page = as_user(agent).get("/insights/?weeks=4")
    api = api_as(agent).get("/api/insights/dashboard?weeks=4").json()

    on_page = {f.key: f.value for f, _ in page.context["figures"]}
    in_api = {f["key"]: f["value"] for f in api["figures"]}
    assert on_page["promises_kept"] == in_api["promises_kept"] == 50.0
    assert on_page["broken_promises"] == in_api["broken_promises"] == 1
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Promises kept on time" in text
    assert "kept late" in text


def test_csv_export_is_the_table_behind_the_chart(desk, agent, as_user):
    response = as_user(agent).get("/insights/export/first_response.csv?weeks=4")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith('attachment; filename="first_response-all-4w')
    assert rows[0] == ["week", "average hours", "cases"]
    assert len(rows) == 5
    assert rows[-1][1:] == ["2.0", "2"]


def test_rising_complaints_sign_turns_red_and_links_to_its_cases(desk, agent, as_user, api_as):
    signs = {s["key"]: s for s in api_as(agent).get("/api/insights/signs").json()}

    assert signs["complaints"]["level"] == "red"  # 3 this month against none before: +200 %
    page = as_user(agent).get(signs["complaints"]["link"])
    assert [c.subject for c in page.context["cases"]] == ["Boiler makes a banging noise"] * 3


def test_sick_leave_and_turnover_signs_count_absences_and_leavers(owner, agent, api_as):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    Absence.objects.create(user=agent, kind="sick", starts_on=monday - timedelta(days=7),
                           ends_on=monday - timedelta(days=3))  # Mon-Fri: 5 working days  # fmt: skip
    StaffRecord.objects.create(user=owner, started_on=today - timedelta(days=900))
    StaffRecord.objects.create(user=agent, started_on=today - timedelta(days=400), ended_on=today)

    signs = {s["key"]: s for s in api_as(owner).get("/api/insights/signs").json()}

    assert (signs["sick_leave"]["value"], signs["sick_leave"]["level"]) == (5.0, "amber")
    assert (signs["turnover"]["value"], signs["turnover"]["level"]) == (1.0, "amber")
    assert (signs["excuses"]["value"], signs["excuses"]["level"]) == (0.0, "ok")


def test_routing_rule_sends_new_cases_of_a_kind_to_the_team(owner, as_user):
    team = TeamFactory(name="Repairs desk")
    make_case(kind="repair", assignee=owner)

    response = as_user(owner).post("/insights/owner-time/", {"kind": "repair", "team": team.pk})

    assert response.status_code == 302
    assert RoutingRule.objects.get().team == team
    assert make_case(kind="repair").team == team
    assert make_case(kind="question").team is None


def test_one_click_call_is_logged_and_resets_the_call_list(agent, as_user):
    customer = CustomerFactory(name="Quiet Ltd")

    as_user(agent).post(f"/insights/customers/{customer.pk}/calls/", {"notes": "All well"})
    page = as_user(agent).get("/insights/calls/")

    row = next(r for r in page.context["due"] if r["customer_id"] == customer.pk)
    assert (row["days_since_contact"], row["overdue"]) == (0, False)
    assert [c.notes for c in page.context["log"]] == ["All well"]


PAGES = ["/insights/", "/insights/calls/", "/insights/signs/complaints/",
         "/insights/export/backlog.csv", "/insights/customers/{customer}/relationship/"]  # fmt: skip
OWNER_PAGES = ["/insights/owner-time/", "/insights/staff/", "/insights/signs/sick_leave/"]


@pytest.mark.parametrize("path", PAGES + OWNER_PAGES)
@pytest.mark.parametrize(
    ("role", "answer"),
    [
        ("owner", 200),
        ("agent", 200),
        ("technician", 403),
        ("subcontractor", 403),
        ("anonymous", 302),
    ],
)
def test_each_role_gets_its_answer_from_every_page(path, role, answer, request, client):
    customer = CustomerFactory()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    expected = 403 if role == "agent" and path in OWNER_PAGES else answer

    response = client.get(path.format(customer=customer.pk))

    assert response.status_code == expected


def test_average_hours_are_rounded_to_whole_hours_on_the_dashboard(agent, as_user):
    now = timezone.now()
    for hours in (15.0, 15.88):
        made = make_case(customer=CustomerFactory(), opened_at=now - timedelta(days=1))
        Case.objects.filter(pk=made.pk).update(
            first_responded_at=made.created_at + timedelta(hours=hours)
        )

    page = as_user(agent).get("/insights/?weeks=4&audience=external")

    headline = page.content.decode().split('data-figure="first_response"', 1)[1]
    headline = headline.split("data-value>", 1)[1].split("</p>", 1)[0]
    assert headline.startswith('15</span> <span class="unit">h</span>'), headline  # not 15.44 hours


def test_complaints_sign_says_down_or_up_in_whole_percent(desk, agent, as_user):
    page = as_user(agent).get("/insights/")
    card = page.content.decode().split('data-sign="complaints"', 1)[1]
    headline = card.split('<span class="value">', 1)[1].split("</p>", 1)[0]
    assert re.fullmatch(r"up \d+ %</span>", headline), headline  # 3 complaints now, none before

    sign = next(s for s, _ in page.context["signs"] if s.key == "complaints")
    shown = {}
    for value in (-57.1, 12.4, 0.3):
        sign.value = value
        shown[value] = (sign.value_text, sign.value_unit)
        with translation.override("de"):
            shown[value, "de"] = sign.value_text
    assert shown[-57.1] == ("down 57 %", "")
    assert shown[12.4] == ("up 12 %", "")
    assert shown[0.3] == ("no change", "")
    assert shown[-57.1, "de"] == "57 % weniger"
