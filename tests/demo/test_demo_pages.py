"""After `seed-demo`, every page in each role's navigation shows something real.

One demo is seeded at the real clock (the pages read "today" from it), then each of
olivia (owner), adam (agent), tom (technician) and sam (subcontractor) logs in and
opens every page of their navigation (as in tests/journeys/test_navigation.py): none
shows its empty state, and the pages the demo exists for show what it seeded.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Channel, Direction, Kind, Message
from rightthere.demo.seed import seed_demo
from rightthere.field.models import Outcome, PartnerProfile, PartOrder, TimeOff, Visit
from rightthere.field.quality import quality_report
from rightthere.insights.models import Absence, Relationship, RelationshipCall
from rightthere.notifications.models import Notification
from rightthere.promises.models import Promise, PromiseState
from rightthere.recovery.models import Improvement
from rightthere.reviews.models import Review
from rightthere.satisfaction.models import SatisfactionAnswer
from rightthere.saved_views.models import SavedView
from rightthere.timetracking.models import TimeEntry

pytestmark = pytest.mark.django_db

PASSWORD = "rightthere-demo"
A_WEDNESDAY_AFTERNOON = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
A_SUNDAY_MORNING = datetime(2026, 12, 6, 6, 15, tzinfo=UTC)

# Each navigation page (test_navigation.NAV, less "+ New case" and the failed-mail
# count), with the words it shows when it has nothing.
EMPTY = {
    "inbox": ("No cases",),
    "field_schedule": ("No technicians or partners are set up",),
    "outbox": ("No mail has been sent yet.",),
    "review_inbox": ("No reviews here.", "No reviews yet."),
    "improvement_list": ("No improvements yet.",),
    "field_quality": ("No part orders in this period.", "of 0 cases"),
    "insights_dashboard": ("No satisfaction answers in this period.",),
    "customer_list": ("No customers yet.",),
    "canned_list": ("No canned replies yet.",),
    "time_report": ("No time recorded in this period.",),
    # (My day's visits: tom's and sam's own tests below; a partner works on weekdays only,
    # so on a weekend Sam's day is rightly empty.)
    "field_my_day": (),
}
MANAGERS = [
    "inbox",
    "field_schedule",
    "outbox",
    "review_inbox",
    "improvement_list",
    "field_quality",
    "insights_dashboard",
    "customer_list",
    "canned_list",
    "time_report",
]
FIELD = ["inbox", "field_my_day", "customer_list", "canned_list", "time_report"]
NAV = {"olivia": MANAGERS, "adam": MANAGERS, "tom": FIELD, "sam": FIELD}


# The time report over the last month (its default, this week, is empty early on a Monday).
def _time_query() -> str:
    today = timezone.localdate()
    return f"?period=custom&from={today - timedelta(days=30):%Y-%m-%d}&to={today:%Y-%m-%d}"


def _page(client: Client, name: str, query: str = "") -> str:
    response = client.get(reverse(name) + query)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def _logged_in(username: str) -> Client:
    client = Client()
    user = User.objects.get(username=username)
    assert user.check_password(PASSWORD)
    client.force_login(user)  # (django-axes wants a request to log in with a password)
    return client


@pytest.fixture
def demo():
    return seed_demo(cases=120)


@pytest.mark.parametrize("username", list(NAV))
def test_every_page_of_each_role_has_content_after_seeding(demo, username):
    client = _logged_in(username)
    queries = {"time_report": _time_query()}

    empty = {
        name: [
            words for words in EMPTY[name] if words in _page(client, name, queries.get(name, ""))
        ]
        for name in NAV[username]
    }

    assert empty == dict.fromkeys(empty, [])


def test_the_managers_pages_show_what_the_demo_seeded(demo):
    client = _logged_in("olivia")
    improvement = Improvement.objects.exclude(changed_on=None).first()
    assert improvement is not None

    partner_visit = Visit.objects.filter(partner__isnull=False, starts_at__gt=timezone.now())
    partner_visit = partner_visit.select_related("case").first()
    assert partner_visit is not None
    day = timezone.localdate(partner_visit.starts_at)
    today = _page(client, "field_schedule")
    week = _page(client, "field_schedule", f"?view=week&start={day:%Y-%m-%d}")
    reviews = _page(client, "review_inbox")
    dashboard = _page(client, "insights_dashboard")
    detail = client.get(reverse("improvement_detail", args=[improvement.pk])).content.decode()

    assert len(set(re.findall(r"RT-\d{6}", today))) >= 3  # Tom's visits today
    assert len(set(re.findall(r"RT-\d{6}", week))) >= 4
    assert partner_visit.case.reference in week
    assert (
        "Helen Whitfield" in reviews and "Jo K." in reviews
    )  # (answered ones: a tab of their own)
    csat = dashboard.split('data-figure="csat"')[1].split("</article>")[0]
    assert "data-chart-empty" not in csat
    assert "in the 8 weeks before the change" in detail


def test_tom_has_visits_today_on_his_day(demo):
    page = _page(_logged_in("tom"), "field_my_day")

    today = Visit.objects.filter(
        technician__username="tom", starts_at__date=timezone.localdate()
    ).select_related("case")
    assert today.count() == 3
    assert all(visit.case.reference in page for visit in today)


def test_sam_sees_his_companys_next_visit_in_his_week(demo):
    page = _page(_logged_in("sam"), "field_my_day", "?when=week")

    visit = Visit.objects.filter(partner__isnull=False, starts_at__gt=timezone.now()).first()
    assert visit is not None
    assert visit.case.reference in page


@pytest.mark.parametrize("now", [A_WEDNESDAY_AFTERNOON, A_SUNDAY_MORNING], ids=["wed", "sun"])
def test_the_demo_week_has_visits_parts_reviews_and_answers(now):
    seed_demo(cases=120, now=now)
    today = timezone.localdate(now)
    tom = Visit.objects.filter(technician__username="tom")
    late_part = PartOrder.objects.filter(status="ordered", expected_arrival__lt=now)
    due_part = PartOrder.objects.filter(status="ordered", expected_arrival__gt=now)
    complaint = Review.objects.get(rating=1).case
    csat = SatisfactionAnswer.objects.filter(answered_at__gte=now - timedelta(weeks=6))
    report = quality_report(now - timedelta(days=30), now)

    # Tom's day today, tomorrow, and yesterday's visit that needs a return for a part.
    assert tom.filter(starts_at__date=today).count() == 3
    assert tom.filter(starts_at__date=today + timedelta(days=1), return_of=None).exists()
    assert tom.filter(starts_at__date__lt=today, outcome=Outcome.RETURN_NEEDED).exists()
    assert Visit.objects.filter(partner__name="Northside Plumbing Ltd", starts_at__gt=now).exists()
    assert due_part.count() == 1 and late_part.count() == 1
    assert late_part.get().wrong_part and report.vendors[0].bad_rate > 0
    assert (
        Visit.objects.filter(waits_for__in=[*due_part, *late_part], starts_at__gt=now).count() == 2
    )
    assert PartnerProfile.objects.get().fee() > 0
    assert TimeOff.objects.filter(technician__user__username="tara", starts_at__gt=now).exists()
    # Every booking told the customer, with a promise the visit keeps or will keep.
    assert not Promise.objects.filter(source="visit", state=PromiseState.OPEN, due_at__lt=now)
    assert (
        Message.objects.filter(
            direction=Direction.OUTBOUND, body_text__contains="Your visit is booked"
        ).count()
        >= 10
    )
    # Six imported reviews; the bad one opened Adam's complaint, and the customer answered him.
    assert Review.objects.count() == 6
    assert Review.objects.exclude(case=None).count() == 1
    assert complaint.channel == Channel.REVIEW and complaint.kind == Kind.COMPLAINT
    assert complaint.assignee.username == "adam"
    assert complaint.recovery.acknowledged_at is not None  # his apology counts as one
    assert complaint.messages.filter(direction=Direction.INBOUND).count() == 2
    assert csat.count() >= 20 and csat.filter(rating="bad").exists()
    assert report.cases >= 8 and report.first_time < report.cases
    assert report.extra_visits >= 1
    assert TimeEntry.objects.filter(visit__isnull=False, person__username="sam").exists()
    assert all(r.responded_at > r.posted_at for r in Review.objects.exclude(responded_at=None))


def test_the_desk_has_notifications_a_shared_view_calls_absences_and_relationships():
    seed_demo(cases=120, now=A_WEDNESDAY_AFTERNOON)
    unread = Notification.objects.filter(read_at=None)
    complaint = Review.objects.get(rating=1).case

    for username in ("olivia", "adam", "tom", "sam"):
        assert 1 <= unread.filter(recipient__username=username).count() <= 3, username
    assert unread.filter(recipient__username="adam", case=complaint, kind="customer_replied")
    assert SavedView.objects.get(name="Urgent first", shared=True).owner.username == "olivia"
    assert RelationshipCall.objects.filter(caller__username="olivia").count() == 3
    assert set(Absence.objects.values_list("user__username", "kind")) == {
        ("theo", "sick"),
        ("anna", "holiday"),
    }
    statuses = set(Relationship.objects.values_list("status", flat=True))
    assert {"good", "none"} <= statuses


def test_resetting_the_demo_imports_the_reviews_again():
    seed_demo(cases=30, now=A_WEDNESDAY_AFTERNOON)
    seed_demo(cases=30, now=A_WEDNESDAY_AFTERNOON, reset=True)

    assert Review.objects.count() == 6
    assert Review.objects.exclude(case=None).count() == 1
