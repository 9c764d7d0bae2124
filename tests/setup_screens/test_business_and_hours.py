"""The Business profile and Hours screens: saved through the same actions as the API,
bad input shown next to its field, every change in the settings change log."""

import html
import re

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.accounts.profile import business_name, business_profile
from rightthere.cases.models import BusinessHours, Holiday, PriorityTarget

pytestmark = pytest.mark.django_db

BUSINESS = {"name": "Brightside Home Repairs", "phone": "0117 496 0000", "address": "",
            "signature": "{agent_name}\n{business_name}", "status_page_intro": "",
            "brand_colour": "#0f6e5c", "time_zone": "Europe/London", "language": "en-gb"}  # fmt: skip
WEEK = {"action": "hours", **{f"day{d}": "09:00-17:00" for d in range(5)}}


def error_next_to(page: str, field: str) -> str:
    """The error shown in the field's own block (the `_field.html` include)."""
    block = re.search(rf'<div class="formfield has-error">\s*<label for="id_{field}".*?</div>',
                      page, re.S)  # fmt: skip
    assert block, f"no error next to {field}"
    return html.unescape(re.sub(r"<[^>]+>", " ", block.group(0)))


def test_owner_names_the_business_and_customers_see_it(as_user, owner):
    response = as_user(owner).post(reverse("settings_business"), BUSINESS)

    assert response.status_code == 302
    assert business_name() == "Brightside Home Repairs"
    change = SettingsChange.objects.get(screen="business")
    assert change.actor == owner
    assert "business name" in change.summary and "Brightside" in change.summary


def test_bad_colour_and_unknown_placeholder_are_shown_next_to_their_fields(as_user, owner):
    client = as_user(owner)
    page = client.post(reverse("settings_business"), {**BUSINESS, "brand_colour": "green"})
    assert "Write the colour as #rrggbb" in error_next_to(page.content.decode(), "brand_colour")

    page = client.post(reverse("settings_business"), {**BUSINESS, "signature": "{boss}"})
    assert "{boss} is not something the desk can fill in" in error_next_to(
        page.content.decode(), "signature"
    )
    assert not SettingsChange.objects.exists()
    assert not business_profile().name_is_set


def test_empty_business_name_is_refused_next_to_the_field(as_user, owner):
    page = as_user(owner).post(reverse("settings_business"), {**BUSINESS, "name": ""})
    assert "Give your business a name" in error_next_to(page.content.decode(), "name")


def test_a_logo_that_is_not_a_picture_is_refused(as_user, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    page = as_user(owner).post(reverse("settings_business"), {**BUSINESS, "logo": fake})
    assert "must be a PNG, JPEG or WebP" in page.content.decode()
    assert not business_profile().has_logo


def test_logo_is_served_to_customer_pages(as_user, owner, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    as_user(owner).post(reverse("settings_business"),
                        {**BUSINESS, "logo": SimpleUploadedFile("l.png", png)})  # fmt: skip
    client.logout()
    response = client.get(reverse("business_logo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == png


def test_owner_sets_hours_and_the_preview_shows_the_desks_due_time(as_user, owner):
    client = as_user(owner)
    assert client.post(reverse("settings_hours"), WEEK).status_code == 302
    PriorityTarget.objects.update_or_create(
        priority="high", defaults={"first_response_minutes": 120, "resolution_minutes": 960}
    )

    page = client.get(reverse("settings_hours"),
                      {"priority": "high", "at": "2026-12-11T16:30"}).content.decode()  # fmt: skip

    assert BusinessHours.objects.count() == 5
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "A high-priority mail at Friday 16:30 is due for its first answer Monday 10:30" in text
    change = SettingsChange.objects.get(screen="hours")
    assert change.summary.startswith("Set the business hours: Mon 09:00-17:00")
    assert change.actor_name == owner.display_name


def test_hours_written_wrongly_are_shown_next_to_the_day_rewritten_from_what_was_typed(
    as_user, owner
):
    page = as_user(owner).post(reverse("settings_hours"), {**WEEK, "day0": "9 to 5"})
    assert "Write '9 to 5' as 09:00-17:00." in error_next_to(page.content.decode(), "day0")
    assert not BusinessHours.objects.exists()


def test_hours_on_a_twelve_hour_clock_get_the_24_hour_form_of_the_same_numbers(as_user, owner):
    page = as_user(owner).post(reverse("settings_hours"), {**WEEK, "day5": "9-5"})
    assert "Write '9-5' as 09:00-17:00." in error_next_to(page.content.decode(), "day5")
    assert not BusinessHours.objects.exists()


def test_hours_without_numbers_get_an_example(as_user, owner):
    page = as_user(owner).post(reverse("settings_hours"), {**WEEK, "day5": "mornings"})
    assert "Write 'mornings' as opening and closing time, e.g. 09:00-17:30." in error_next_to(
        page.content.decode(), "day5"
    )


@pytest.mark.parametrize(
    "saturday", ["9-13", "9:00-13:00", "09.00 - 13.00", "9am-1pm", "9 AM-1 PM"]
)
def test_owner_types_saturday_morning_in_any_usual_way(as_user, owner, saturday):
    response = as_user(owner).post(reverse("settings_hours"), {**WEEK, "day5": saturday})

    assert response.status_code == 302
    saturday_hours = BusinessHours.objects.get(weekday=5)
    assert (f"{saturday_hours.opens:%H:%M}", f"{saturday_hours.closes:%H:%M}") == ("09:00", "13:00")


def test_closing_before_opening_is_shown_next_to_the_form(as_user, owner):
    page = as_user(owner).post(reverse("settings_hours"), {**WEEK, "day2": "17:00-09:00"})
    assert "must close after it opens" in page.content.decode()
    assert not SettingsChange.objects.exists()


def test_owner_adds_and_removes_a_holiday(as_user, owner):
    client = as_user(owner)
    client.post(reverse("settings_hours"),
                {"action": "holiday", "date": "2099-12-25", "name": "Christmas Day"})  # fmt: skip
    holiday = Holiday.objects.get()
    client.post(reverse("settings_holiday_remove", args=[holiday.pk]))

    assert not Holiday.objects.exists()
    assert [c.summary for c in SettingsChange.objects.order_by("pk")] == [
        "Added the holiday Christmas Day on Fri 25 Dec 2099",
        "Removed the holiday Christmas Day on Fri 25 Dec 2099",
    ]


def test_owner_sets_a_target_and_a_bad_one_is_refused(as_user, owner):
    client = as_user(owner)
    data = {"action": "targets"}
    for priority, (first, solved) in {"urgent": (1, 8), "high": (2, 16), "normal": (4, 24),
                                      "low": (8, 40)}.items():  # fmt: skip
        data |= {f"{priority}-priority": priority, f"{priority}-first_response_hours": first,
                 f"{priority}-resolution_hours": solved}  # fmt: skip
    assert client.post(reverse("settings_hours"), {**data, "urgent-first_response_hours": "0.5"}
                       ).status_code == 302  # fmt: skip
    assert PriorityTarget.objects.get(priority="urgent").first_response_minutes == 30
    assert "Urgent priority: first answer within 30 min" in SettingsChange.objects.get().summary

    page = client.post(reverse("settings_hours"), {**data, "low-resolution_hours": "1"})
    assert "cannot be due before its first answer" in error_next_to(
        page.content.decode(), "low-resolution_hours"
    )
